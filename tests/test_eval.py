"""Scoring of findings against gold labels, and the ``auditor eval`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.eval.gold import GoldDocument, GoldEntry, GoldError, load_gold, locate
from auditor.eval.score import Counts, Floors, Hit, Observed, below_floors, parse_rule_floors, score

TEXT = "本项目全年预算20.00万元，实际支出20.00元，执行率100.00%。约300户受益。"
SLIP = "实际支出20.00元"


def hit(code: str, text: str, body: str = TEXT, occurrence: int = 1) -> Hit:
    span = locate(body, text, occurrence)
    assert span is not None
    return Hit(code, span[0], span[1], text)


def gold(name: str, *entries: GoldEntry) -> GoldDocument:
    return GoldDocument(name, Path(name), tuple(entries))


def defect(name: str, anchor: str, *codes: str) -> GoldEntry:
    return GoldEntry(name, "defect", codes, anchor)


def test_several_findings_on_one_anchor_are_one_true_positive() -> None:
    documents = [gold("a", defect("a", SLIP, "AU101", "AU102"))]
    findings = (hit("AU101", "20.00元"), hit("AU102", "100.00%"), hit("AU101", SLIP))
    result = score(documents, {"a": Observed("a", TEXT, findings)})
    assert result.overall == Counts(tp=1, fp=1, fn=0)
    assert result.rules["AU101"] == Counts(tp=1)
    # 100.00% does not overlap the anchor: it is a false alarm, listed as unlabelled.
    assert [(a.code, a.category) for a in result.false_alarms] == [("AU102", "unlabelled")]


def test_credit_goes_to_the_first_listed_code_found() -> None:
    documents = [gold("a", defect("a", SLIP, "AU106", "AU101"))]
    result = score(documents, {"a": Observed("a", TEXT, (hit("AU101", SLIP),))})
    assert result.rules == {"AU101": Counts(tp=1)}


def test_a_miss_counts_against_the_first_code() -> None:
    documents = [gold("a", defect("a", SLIP, "AU101", "AU106"))]
    result = score(documents, {"a": Observed("a", TEXT, (hit("AU502", SLIP),))})
    assert result.rules["AU101"] == Counts(fn=1)
    assert result.rules["AU502"] == Counts(fp=1)
    assert [m.anchor for m in result.misses] == [SLIP]


def test_every_finding_in_a_clean_document_is_a_false_alarm() -> None:
    documents = [gold("c", GoldEntry("c", "clean"), GoldEntry("c", "acceptable", (), "约300户"))]
    findings = (hit("AU105", "20.00万元"), hit("AU106", "约300户"))
    result = score(documents, {"c": Observed("c", TEXT, findings)})
    assert result.overall == Counts(fp=2)
    assert sorted(a.category for a in result.false_alarms) == ["acceptable", "clean"]


def test_acceptable_anchor_forbids_only_its_codes() -> None:
    documents = [gold("a", defect("a", SLIP, "AU101"),
                      GoldEntry("a", "acceptable", ("AU102",), "执行率100.00%"))]
    findings = (hit("AU101", SLIP), hit("AU102", "100.00%"), hit("AU502", "100.00%"))
    result = score(documents, {"a": Observed("a", TEXT, findings)})
    categories = {(a.code, a.category) for a in result.false_alarms}
    assert categories == {("AU102", "acceptable"), ("AU502", "unlabelled")}


def test_input_notes_are_not_scored() -> None:
    documents = [gold("c", GoldEntry("c", "clean"))]
    result = score(documents, {"c": Observed("c", TEXT, (Hit("AU004", 0, 1, "本"),))})
    assert result.overall == Counts()


def test_unreadable_document_misses_its_defects() -> None:
    documents = [gold("a", defect("a", SLIP, "AU101"))]
    result = score(documents, {"a": Observed("a", None, error="无法读取")})
    assert result.overall == Counts(fn=1) and result.errors == (("a", "无法读取"),)


def test_an_anchor_not_in_the_text_is_a_gold_error() -> None:
    documents = [gold("a", defect("a", "不存在的文字", "AU101"))]
    with pytest.raises(GoldError):
        score(documents, {"a": Observed("a", TEXT)})


def test_occurrence_counts_non_overlapping_matches() -> None:
    assert locate("aaaa", "aa", 2) == (2, 4)
    assert locate("aaaa", "aa", 3) is None


def test_families_and_floors() -> None:
    documents = [gold("a", defect("a", SLIP, "AU101"), defect("a", "约300户", "AU201"))]
    result = score(documents, {"a": Observed("a", TEXT, (hit("AU101", SLIP),))})
    assert result.families == {"AU1": Counts(tp=1), "AU2": Counts(fn=1)}
    assert below_floors(result, Floors(precision=1.0, recall=0.5)) == []
    assert len(below_floors(result, Floors(recall=0.6))) == 1
    floors = Floors(rule_recall=parse_rule_floors(["AU101=1", "AU2=0.1", "AU301=0.5"]))
    # AU2 is under its floor; AU301 has no labelled defect, which is also reported.
    assert len(below_floors(result, floors)) == 2
    with pytest.raises(ValueError):
        parse_rule_floors(["AU101:0.8"])


def test_load_gold_rejects_bad_lines(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    bad = tmp_path / "gold" / "bad.jsonl"
    bad.write_text('{"document": "x.txt", "kind": "weird"}\n', encoding="utf-8")
    with pytest.raises(GoldError):
        load_gold([bad])
    bad.write_text('{"document": "missing.txt", "kind": "clean"}\n', encoding="utf-8")
    with pytest.raises(GoldError):
        load_gold([bad])


def _corpus(tmp_path: Path, codes: list[str]) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TEXT, encoding="utf-8")
    line = {"document": "docs/a.txt", "kind": "defect", "codes": codes, "anchor": SLIP}
    path = tmp_path / "gold" / "docs.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_eval_command_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    # AU999 is a valid code no rule produces: recall is 0 whatever the pipeline does.
    path = _corpus(tmp_path, ["AU999"])
    ok = runner.invoke(app, ["eval", str(path)])
    assert ok.exit_code == 0, ok.output
    assert "AU999" in ok.output and "漏报（1）" in ok.output
    low = runner.invoke(app, ["eval", str(path), "--min-recall", "0.5"])
    assert low.exit_code == 1
    rule = runner.invoke(app, ["eval", str(path), "--min-rule-recall", "AU999=0.1"])
    assert rule.exit_code == 1
    bad = runner.invoke(app, ["eval", str(path), "--min-rule-recall", "oops"])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["eval", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2


def test_eval_command_json(tmp_path: Path) -> None:
    path = _corpus(tmp_path, ["AU999"])
    result = CliRunner().invoke(app, ["eval", str(path), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["schema"] == "eval-1"
    assert data["rules"]["AU999"]["fn"] == 1
    assert data["misses"][0]["anchor"] == SLIP

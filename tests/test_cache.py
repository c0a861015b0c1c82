"""The result cache: exact round trips, hits on rescans, and damaged or foreign entries never trusted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.config import Config, config_from_mapping
from auditor.executors import error_result
from auditor.executors.cache import ResultCache, context_key, file_digest
from auditor.executors.codec import CodecError, decode_result, encode_result
from auditor.job import AuditJob
from auditor.pipeline import audit_path
from auditor.scan import audit_files
from tests.report_samples import clean_result, hostile_result, seed_like_result

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted((ROOT / "corpora" / "reports").glob("*.txt"))[:8]
runner = CliRunner()


def _round_trip(result):
    return decode_result(json.loads(json.dumps(encode_result(result), ensure_ascii=False)))


@pytest.mark.parametrize("path", REPORTS[:4], ids=lambda p: p.name)
def test_codec_round_trip_is_exact_on_real_results(path):
    result = audit_path(path)
    assert result.findings or result.checks
    assert _round_trip(result) == result


@pytest.mark.parametrize("make", [seed_like_result, hostile_result, clean_result,
                                  lambda: error_result(Path("x.pdf"), "AU003", "没有文本层")])
def test_codec_round_trip_samples(make):
    result = make()
    assert _round_trip(result) == result


def test_codec_keeps_evidence_types():
    from decimal import Decimal

    result = seed_like_result()
    finding = result.findings[0]
    odd = {"d": Decimal("1.50"), "t": (1, "a"), "l": [Decimal("2"), None], "m": {"k": (True,)}}
    changed = type(result)(**{**result.__dict__, "findings": (type(finding)(**{**finding.__dict__, "evidence": odd}),)})
    assert _round_trip(changed).findings[0].evidence == odd
    assert type(_round_trip(changed).findings[0].evidence["t"]) is tuple


@pytest.mark.parametrize("data", [None, [], {"format": "x"}, {"format": "auditor-result", "version": 1},
                                  {**encode_result(clean_result()), "findings": [{"code": 1}]},
                                  {**encode_result(clean_result()), "source": {"text": 5}}])
def test_codec_rejects_what_it_did_not_write(data):
    with pytest.raises(CodecError):
        decode_result(data)


# ----------------------------------------------------------------------------- the cache


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "reports"
    target.mkdir()
    for path in REPORTS:
        shutil.copyfile(path, target / path.name)
    return target


def _scan(folder: Path, out: Path, cache: Path, *extra: str):
    result = runner.invoke(app, ["scan", str(folder), "--out", str(out), "--cache", str(cache),
                                 "--format", "json,csv,sarif", "--quiet", "--fail-on", "never", *extra])
    assert result.exit_code == 0, result.output
    return result


def _documents(out: Path) -> list[dict]:
    return json.loads((out / "findings.json").read_text(encoding="utf-8"))["documents"]


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json"))


def test_rescan_uses_the_cache_and_writes_the_same_reports(folder, tmp_path):
    cache = tmp_path / "cache"
    first = _scan(folder, tmp_path / "a", cache)
    assert "结果缓存" not in first.output
    assert len(_entries(cache)) == len(REPORTS)
    second = _scan(folder, tmp_path / "b", cache)
    assert f"结果缓存：{len(REPORTS)} 个文件未变" in second.output
    for name in ("findings.json", "findings.csv", "findings.sarif"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_changed_file_is_audited_again(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _scan(folder, tmp_path / "a", cache)
    changed = folder / REPORTS[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n另有补充说明。\n", encoding="utf-8")
    audited: list[str] = []
    original = AuditJob.audit
    monkeypatch.setattr(AuditJob, "audit", lambda self, path: audited.append(path.name) or original(self, path))
    second = _scan(folder, tmp_path / "b", cache, "--time-limit", "0")  # in this process
    assert audited == [REPORTS[0].name]
    assert f"结果缓存：{len(REPORTS) - 1} 个文件未变" in second.output


def test_moved_file_hits_and_reports_its_new_path(folder, tmp_path):
    cache = tmp_path / "cache"
    _scan(folder, tmp_path / "a", cache)
    moved = tmp_path / "moved"
    folder.rename(moved)
    _scan(moved, tmp_path / "b", cache)
    paths = [d["path"] for d in _documents(tmp_path / "b")]
    assert all(p.startswith(str(moved)) for p in paths)
    assert [d["findings"] for d in _documents(tmp_path / "a")] == [d["findings"] for d in _documents(tmp_path / "b")]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign-key", "wrong-types"])
def test_damaged_or_foreign_entries_are_ignored_and_rewritten(folder, tmp_path, damage):
    cache = tmp_path / "cache"
    _scan(folder, tmp_path / "a", cache)
    entry = _entries(cache)[0]
    data = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x00\xffnot json")
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "foreign-key":
        other = json.loads(data)
        other["key"] = "0" * 64
        entry.write_text(json.dumps(other), encoding="utf-8")
    else:
        other = json.loads(data)
        other["result"]["findings"] = [{"code": 101}]
        entry.write_text(json.dumps(other), encoding="utf-8")
    second = _scan(folder, tmp_path / "b", cache)
    assert "1 个缓存条目损坏或不匹配" in second.output
    assert (tmp_path / "a" / "findings.json").read_bytes() == (tmp_path / "b" / "findings.json").read_bytes()
    rewritten, original = json.loads(entry.read_bytes()), json.loads(data)  # from a fresh audit
    for entry_data in (rewritten, original):
        entry_data["result"].pop("seconds")
    assert rewritten == original


def test_configuration_changes_the_key_but_per_file_ignores_apply_to_hits(folder, tmp_path):
    cache = tmp_path / "cache"
    _scan(folder, tmp_path / "a", cache)
    codes = {f["code"] for d in _documents(tmp_path / "a") for f in d["findings"]}
    assert codes
    dropped = sorted(codes)[0]
    second = _scan(folder, tmp_path / "b", cache, "--ignore", dropped)
    assert "结果缓存" not in second.output  # another rule selection: another key
    config = tmp_path / "auditor.toml"
    config.write_text(f'[per-file-ignores]\n"*.txt" = ["{dropped}"]\n', encoding="utf-8")
    third = _scan(folder, tmp_path / "c", cache, "--config", str(config))
    assert f"结果缓存：{len(REPORTS)} 个文件未变" in third.output
    assert dropped not in {f["code"] for d in _documents(tmp_path / "c") for f in d["findings"]}


def test_no_cache_reads_and_writes_nothing(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "user-cache"))
    result = runner.invoke(app, ["scan", str(folder), "--out", str(tmp_path / "a"), "--no-cache",
                                 "--format", "json", "--quiet", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "user-cache" / "results").exists()
    result = runner.invoke(app, ["scan", str(folder), "--out", str(tmp_path / "a"), "--format", "json",
                                 "--quiet", "--fail-on", "never"])
    assert len(_entries(tmp_path / "user-cache" / "results")) == len(REPORTS)  # the default cache
    both = runner.invoke(app, ["scan", str(folder), "--cache", str(tmp_path), "--no-cache"])
    assert both.exit_code == 2 and "Traceback" not in both.output


def test_a_file_changed_after_it_was_hashed_is_not_stored(folder, tmp_path):
    path = folder / REPORTS[0].name

    class EditingExecutor:  # the file changes between the cache lookup and the audit
        def run(self, audit_one, files):
            for item in files:
                item.write_text("一、改过的内容\n预算100万元。", encoding="utf-8")
                yield audit_one(item)

    cache = ResultCache(tmp_path / "cache", context_key(Config()))
    results = list(audit_files([path], AuditJob(Config()), EditingExecutor(), cache))
    assert len(results) == 1 and results[0].status == "ok"
    assert cache.stats.stored == 0 and not _entries(tmp_path / "cache")
    assert file_digest(path) == results[0].sha256


def test_context_key_follows_configuration():
    base = context_key(Config())
    assert context_key(Config()) == base
    assert context_key(config_from_mapping({"grade-bands": {"优": 95, "良": 80, "中": 60, "差": 0}})) != base
    assert context_key(config_from_mapping({"lexicon": {"支出": ["列支"]}})) != base


@pytest.mark.parametrize("make", [seed_like_result, lambda: audit_path(REPORTS[0])])
def test_codec_without_facts_keeps_everything_else(make):
    from dataclasses import replace

    result = make()
    data = json.loads(json.dumps(encode_result(result)))
    lean = decode_result(data, facts=False)
    assert result.facts and lean.facts == ()
    assert lean.facts_total == result.facts_total
    assert replace(lean, facts=result.facts, fact_count=result.fact_count) == decode_result(data)

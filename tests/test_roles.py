"""Sentence-role classifier: the shipped model, the safe loader, training, the spaCy hook."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from auditor.nlp.role_model import (
    MODEL_FILE,
    ROLES,
    RoleModelError,
    load_model,
    model_to_json,
    prepare,
)
from auditor.nlp.roles import RoleClassifier
from auditor.packed import pack, unpack

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
CORPUS = ROOT / "corpora" / "roles" / "sentences.jsonl"


@pytest.fixture(scope="module")
def classifier() -> RoleClassifier:
    return RoleClassifier.load(MODELS)


# Phrasings written for this test, not copied from the corpus.
OBVIOUS = [
    ("存在问题：无。", "no_problem"),
    ("经自查，本单位在专项资金管理中未发现违规问题。", "no_problem"),
    ("二是部分项目实施进度偏慢，资金支付不够及时。", "problem"),
    ("下一步，我局将进一步加强绩效目标管理，细化量化绩效指标。", "measure"),
    ("针对存在的问题，我单位将加快项目验收进度。", "measure"),
    ("经综合评价，该项目自评得分93分，自评等级为优。", "rating"),
    ("本部门全面完成了年度绩效目标。", "all_met"),
    ("预算执行率未达到100%的原因是部分设备尚未验收付款。", "shortfall"),
    ("年初预算120.50万元，实际支出118.20万元，预算执行率98.09%。", "figure"),
    ("根据县财政局通知要求，我单位成立了绩效自评工作小组。", "other"),
]


@pytest.mark.parametrize(("sentence", "role"), OBVIOUS)
def test_obvious_sentences(classifier: RoleClassifier, sentence: str, role: str) -> None:
    assert classifier.predict([sentence])[0].role == role


def test_negated_all_met_is_not_all_met(classifier: RoleClassifier) -> None:
    prediction = classifier.predict(["本项目未能全面完成年度绩效目标。"])[0]
    assert prediction.role != "all_met"


def test_prediction_explains_itself(classifier: RoleClassifier) -> None:
    sentence = "下一步将加强预算执行管理，确保资金及时支付。"
    prediction = classifier.predict([sentence])[0]
    assert prediction.cues, "a prediction must name the cues that drove it"
    for cue in prediction.cues:
        assert cue in prepare(sentence)
    assert prediction.ranking[0] == (prediction.role, prediction.score)
    assert sum(p for _, p in prediction.ranking) == pytest.approx(1.0)
    assert prediction.probability(prediction.role) == prediction.score


def test_predict_keeps_order_and_handles_empty(classifier: RoleClassifier) -> None:
    assert classifier.predict([]) == []
    predictions = classifier.predict(["存在问题：无。", "自评等级为良。", ""])
    assert [p.role for p in predictions[:2]] == ["no_problem", "rating"]
    assert len(predictions) == 3
    assert set(classifier.roles) == set(ROLES)


def test_save_load_round_trip(tmp_path: Path) -> None:
    model = load_model(MODELS / MODEL_FILE)
    (tmp_path / MODEL_FILE).write_text(model_to_json(model), "utf-8")
    again = load_model(tmp_path / MODEL_FILE)
    assert again.roles == model.roles and again.vocabulary == model.vocabulary
    assert (again.coef == model.coef).all() and (again.idf == model.idf).all()


def _valid_document() -> dict:
    return json.loads((MODELS / MODEL_FILE).read_text("utf-8"))


def _write(tmp_path: Path, payload: bytes) -> Path:
    path = tmp_path / MODEL_FILE
    path.write_bytes(payload)
    return path


@pytest.mark.parametrize(
    "payload",
    [
        pickle.dumps({"format": "auditor-sentence-roles"}),
        b"\xff\xfe not utf-8",
        b"{not json",
        b"[1, 2, 3]",
        b"",
    ],
    ids=["pickle", "not-utf8", "broken-json", "array", "empty"],
)
def test_loader_refuses_non_json(tmp_path: Path, payload: bytes) -> None:
    with pytest.raises(RoleModelError):
        load_model(_write(tmp_path, payload))


def _mutations() -> list[tuple[str, object]]:
    def extra_key(d: dict) -> None:
        d["__reduce__"] = "os.system"

    def missing_key(d: dict) -> None:
        del d["idf"]

    def wrong_format(d: dict) -> None:
        d["format"] = "something-else"

    def unknown_role(d: dict) -> None:
        d["roles"][0] = "rm -rf"

    def short_idf(d: dict) -> None:
        d["idf"] = pack(unpack(d["idf"], "<f8")[:-1], "<f8")

    def truncated_bytes(d: dict) -> None:
        d["coef"]["data"] = d["coef"]["data"][:-12]

    # older files hold plain number lists, which are still read and checked
    def ragged_coef(d: dict) -> None:
        d["coef"] = unpack(d["coef"], "<f8").tolist()
        d["coef"][0] = d["coef"][0][:-1]

    def string_in_coef(d: dict) -> None:
        d["coef"] = unpack(d["coef"], "<f8").tolist()
        d["coef"][1][0] = "1.0"

    def bool_intercept(d: dict) -> None:
        d["intercept"] = unpack(d["intercept"], "<f8").tolist()
        d["intercept"][0] = True

    def infinite(d: dict) -> None:
        intercept = unpack(d["intercept"], "<f8")
        intercept[0] = float("inf")
        d["intercept"] = pack(intercept, "<f8")

    def other_features(d: dict) -> None:
        d["features"]["char_ngrams"] = [1, 5]

    def duplicate_vocab(d: dict) -> None:
        d["vocabulary"][1] = d["vocabulary"][0]

    return [
        (f.__name__, f)
        for f in (
            extra_key, missing_key, wrong_format, unknown_role, short_idf, truncated_bytes, ragged_coef,
            string_in_coef, bool_intercept, infinite, other_features, duplicate_vocab,
        )
    ]


@pytest.mark.parametrize(("name", "mutate"), _mutations(), ids=[n for n, _ in _mutations()])
def test_loader_refuses_unexpected_content(tmp_path: Path, name: str, mutate) -> None:
    document = _valid_document()
    mutate(document)
    with pytest.raises(RoleModelError):
        load_model(_write(tmp_path, json.dumps(document).encode("utf-8")))


def test_loader_reports_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RoleModelError, match="无法读取"):
        RoleClassifier.load(tmp_path)


def _small_corpus(path: Path) -> None:
    """Three template groups per role, four sentences each, from the shipped corpus."""
    chosen: dict[str, dict[str, list[dict]]] = {role: {} for role in ROLES}
    for line in CORPUS.read_text("utf-8").splitlines():
        record = json.loads(line)
        groups = chosen[record["role"]]
        if record["source"] != "template" or record["split"] != "train":
            continue
        if record["group"] in groups or len(groups) < 3:
            bucket = groups.setdefault(record["group"], [])
            if len(bucket) < 4:
                bucket.append(record)
    lines = []
    for groups in chosen.values():
        for number, bucket in enumerate(groups.values()):
            for record in bucket:
                record["split"] = "test" if number == 2 and record is bucket[0] else "train"
                lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", "utf-8")


def test_train_on_small_subset(tmp_path: Path) -> None:
    from auditor.train import format_report, train

    data = tmp_path / "small.jsonl"
    _small_corpus(data)
    out = tmp_path / "models"
    report = train(data, out, folds=2, echo=False)

    assert report.n_train > 0 and report.n_test == len(ROLES)
    assert {item.role for item in report.cross_validation.roles} == set(ROLES)
    assert 0.0 <= report.cross_validation.macro_f1 <= 1.0
    assert report.held_out is not None and report.held_out.size == len(ROLES)
    assert report.parity_max_diff < 1e-9, "numpy scoring must reproduce scikit-learn"
    assert "宏平均 F1" in format_report(report)
    trained = RoleClassifier.load(out)
    assert trained.predict(["存在问题：无。"])[0].role in ROLES


def test_train_main_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from auditor.train import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "role": "no-such-role"}) + "\n", "utf-8")
    assert main(["--data", str(bad), "--out", str(tmp_path)]) == 2
    assert "未知的句子角色" in capsys.readouterr().err


def test_spacy_component_sets_span_roles() -> None:
    import spacy

    import auditor.nlp.roles  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer", config={"punct_chars": ["。"]})
    nlp.add_pipe("sentence_roles", config={"models_dir": str(MODELS)})
    doc = nlp("存在问题：无。下一步将加强预算管理，提高资金使用效益。")
    roles = [(span.text, span._.role) for span in doc.sents]
    assert roles == [
        ("存在问题：无。", "no_problem"),
        ("下一步将加强预算管理，提高资金使用效益。", "measure"),
    ]
    first = next(iter(doc.sents))
    assert 0 < first._.role_score <= 1 and first._.role_cues


def test_spacy_component_uses_given_spans() -> None:
    import spacy

    import auditor.nlp.roles  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.add_pipe("sentence_roles", config={"models_dir": str(MODELS), "spans_key": "clauses"})
    doc = nlp.make_doc("自评得分95分，自评等级为优。")
    doc.spans["clauses"] = [doc.char_span(0, 6, alignment_mode="expand")]
    doc = nlp(doc)
    assert doc.spans["clauses"][0]._.role == "rating"


def test_train_reports_real_sentences_apart(tmp_path: Path) -> None:
    from auditor.train import format_report, train

    data = tmp_path / "small.jsonl"
    _small_corpus(data)
    real = tmp_path / "real.jsonl"
    lines = []
    for number, (text, role) in enumerate(OBVIOUS):
        # one document per half: the tune document trains, the check document is held out
        for split, doc in (("tune", "a.txt"), ("check", "b.txt")):
            lines.append(json.dumps({"id": f"r{number}{split}", "doc": doc, "genre": "budget",
                                     "split": split, "text": text, "role": role,
                                     "sampling": "random"}, ensure_ascii=False))
    real.write_text("\n".join(lines) + "\n", "utf-8")
    report = train([data, real], tmp_path / "models", folds=2, echo=False)

    assert report.n_real_train == len(OBVIOUS) and report.n_real_test == len(OBVIOUS)
    assert report.real_held_out is not None and report.real_held_out.size == len(OBVIOUS)
    assert report.held_out is not None and report.held_out.size == len(ROLES)
    assert "真实报告句" in format_report(report)

"""Line types: splitting, features, the JSON forest, contents and title matching."""

from __future__ import annotations

import json

import numpy as np
import pytest

from auditor.document import AnalysedDocument
from auditor.packed import pack, unpack
from auditor.text.contents import read_contents, titles_match
from auditor.text.line_features import FEATURES, LineInput, feature_matrix
from auditor.text.line_model import (
    LineModel,
    LineModelError,
    load_line_model,
    save_line_model,
    shipped_line_model,
)
from auditor.text.lines import LineType, split_lines
from auditor.text.titles import bare_title
from auditor.train_lines import CLASSES, _fit_stage, format_line_report, train_lines
from auditor.types import Source


def test_split_lines_keeps_indexes_offsets_and_page_places():
    text = "甲\n\n乙乙\n丙\n丁"
    source = Source("x.pdf", "pdf", text, page_starts=(0, text.index("丙")))
    lines = split_lines(source)
    assert [(line.index, line.text) for line in lines] == [(0, "甲"), (2, "乙乙"), (3, "丙"), (4, "丁")]
    assert all(text[line.start:line.end] == line.text for line in lines)
    assert [(line.page, line.page_line, line.page_lines) for line in lines] == [
        (1, 0, 2), (1, 1, 2), (2, 0, 2), (2, 1, 2)]


def test_features_of_joined_lines_match_the_lines_alone():
    """Features are computed over all lines at once; none may leak across a line end."""
    lines = [LineInput("一、部门概况", 0), LineInput("201 一般公共服务支出 264.87 62.63", 1),
             LineInput("本年支出合计307.82万元。", 2)]
    together = feature_matrix(lines)[:, :60]
    alone = np.vstack([feature_matrix([LineInput(line.text, line.index)])[:, :60] for line in lines])
    own = [i for i, name in enumerate(FEATURES[:60]) if not name.startswith(("blank_", "p", "n"))]
    assert np.allclose(together[:, own], alone[:, own])


def _labelled(tmp_path, rows):
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), "utf-8")
    return path


def _rows(doc, split, block):
    texts = [("目 录", "heading"), ("一、部门概况……1", "contents"), ("二、收支情况……3", "contents"),
             ("一、部门概况", "heading"), ("本部门负责全区社会工作，内设三个科室。", "prose"),
             ("单位：万元", "caption"), ("项目 决算数", "table_header"),
             ("201 一般公共服务支出 264.87", "table_row"), ("208 社会保障和就业支出 10.82", "table_row"),
             ("- 2 -", "furniture"), ("二、收支情况", "heading"),
             ("本年收入合计307.82万元，支出合计307.82万元。", "prose")]
    return [{"doc": doc, "split": split, "block": block, "index": i, "text": text, "label": label}
            for i, (text, label) in enumerate(texts)]


def test_training_reports_cross_validation_and_held_out_and_saves_a_loadable_model(tmp_path):
    rows = []
    for number in range(6):
        rows += _rows(f"doc{number}.txt", "check" if number == 5 else "tune", number)
    report = train_lines(_labelled(tmp_path, rows), tmp_path / "out", folds=2, echo=False)
    assert report.n_test == 12 and report.n_train == 60
    assert report.held_out is not None and 0.0 <= report.held_out.macro_f1 <= 1.0
    model = load_line_model(report.model_path)
    assert model.meta["cv_macro_f1"] == round(report.cross_validation.macro_f1, 4)


def test_training_scores_unseen_development_documents_apart_and_never_fits_on_them(tmp_path):
    rows = []
    for number in range(6):
        rows += _rows(f"doc{number}.txt", "check" if number == 5 else "tune", number)
    without = train_lines(_labelled(tmp_path, rows), tmp_path / "a", folds=2, echo=False)
    dev = _rows("fresh.txt", "dev", 99)
    dev[4]["label"] = "heading"  # the dev labels must not reach the fit: a wrong one changes nothing
    report = train_lines(_labelled(tmp_path, rows + dev), tmp_path / "b", folds=2, echo=False)
    assert report.n_dev == 12 and report.n_train == 60 and report.n_test == 12
    assert report.dev is not None and report.dev_ruled is not None
    assert report.cross_validation.macro_f1 == without.cross_validation.macro_f1
    assert report.held_out == without.held_out
    assert load_line_model(report.model_path).meta["dev_macro_f1"] == round(report.dev.macro_f1, 4)
    assert "dev_macro_f1" not in load_line_model(without.model_path).meta
    text = format_line_report(report)
    assert "未见过的开发文档" in text and f"{report.dev_ruled.macro_f1:.3f}" in text
    assert "未见过的开发文档" not in format_line_report(without)


def test_development_documents_join_the_fit_only_when_asked(tmp_path):
    rows = []
    for number in range(6):
        rows += _rows(f"doc{number}.txt", "check" if number == 5 else "tune", number)
    rows += _rows("fresh.txt", "dev", 99)
    report = train_lines(_labelled(tmp_path, rows), tmp_path / "out", folds=2, echo=False, fit_dev=True)
    assert report.n_train == 72 and report.n_test == 12 and report.n_dev == 0 and report.dev is None
    assert "dev_macro_f1" not in load_line_model(report.model_path).meta


def test_forest_scoring_matches_scikit_learn():
    from sklearn.ensemble import ExtraTreesClassifier

    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(300, 5))
    labels = np.array([CLASSES[i % 3].value for i in (matrix[:, 0] > 0) + 2 * (matrix[:, 1] > 0.5)])
    stage = _fit_stage(matrix, labels)
    forest = ExtraTreesClassifier(n_estimators=30, max_depth=12, min_samples_leaf=2,
                                  class_weight="balanced", random_state=0, n_jobs=1).fit(matrix, labels)
    ours = stage.probabilities(matrix)
    theirs = forest.predict_proba(matrix)
    for position, label in enumerate(forest.classes_):
        column = [kind.value for kind in CLASSES].index(label)
        assert np.allclose(ours[:, column], theirs[:, position], atol=1e-9)


@pytest.mark.parametrize("content", ["not json", json.dumps({"format": "other"}), json.dumps([1, 2])])
def test_a_foreign_model_file_is_refused(tmp_path, content):
    path = tmp_path / "lines.json"
    path.write_text(content, "utf-8")
    with pytest.raises(LineModelError):
        load_line_model(path)


def test_a_model_with_broken_tree_references_is_refused(tmp_path):
    model = shipped_line_model()
    data = model.to_json()
    left = unpack(data["first"]["left"], "<i4")
    left[0] = 10**9
    data["first"]["left"] = pack(left, "<i4")
    path = tmp_path / "lines.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(LineModelError):
        load_line_model(path)


def test_model_round_trips_through_json(tmp_path):
    model = shipped_line_model()
    path = save_line_model(LineModel(model.classes, model.first, model.second, {}), tmp_path)
    again = load_line_model(path)
    lines = [LineInput("一、部门概况", 0), LineInput("本部门负责全区工作。", 1)]
    assert again.predict(lines) == model.predict(lines)


def test_shipped_model_types_plain_lines():
    doc = AnalysedDocument(Source("x.txt", "txt", "\n".join([
        "2024年度某局部门决算",
        "一、部门概况",
        "本部门主要负责全区社会工作，内设办公室等三个科室，编制人数12人。",
        "二、收入支出决算总体情况说明",
        "本年收入合计307.82万元，其中：财政拨款收入307.82万元，占100.00%。",
    ])))
    types = [kind for _, kind in doc.lines]
    assert types[1] is LineType.HEADING and types[3] is LineType.HEADING
    assert types[2] is LineType.PROSE and types[4] is LineType.PROSE


@pytest.mark.parametrize(("line", "title"), [
    ("22 全市2025年社会保险基金预算支出执行情况表……………第…62…页……", "全市2025年社会保险基金预算支出执行情况表"),
    ("  表9：   2024年某区政府性基金预算收支决算总表", "2024年某区政府性基金预算收支决算总表"),
    ("一、 政府决算报告\t1", "政府决算报告"),
    ("2.18 2024年黑龙江省国有资本经营预算决算表", "2024年黑龙江省国有资本经营预算决算表"),
    ("12.2024年度福建省一般公共预算收入决算表", "2024年度福建省一般公共预算收入决算表"),
    ("第二部分 某某部 2024 年度部门决算表", "某某部2024年度部门决算表"),
])
def test_bare_title(line, title):
    assert bare_title(line) == title


@pytest.mark.parametrize(("entry", "body", "same"), [
    ("单位主要职能", "上海市某某局主要职能", True),
    ("其他重要事项说明", "其他重要事项的情况说明", True),
    ("财政决算报告", "某省人民政府关于2024年财政决算的报告", True),
    ("收入支出决算总表", "收入支出决算总表", True),
    ("财政拨款三公经费支出决算表", "一般公共预算财政拨款支出决算表", False),
    ("一般公共预算支出决算表", "政府性基金预算支出决算表", False),
    ("存在问题", "整改措施", False),
])
def test_titles_match(entry, body, same):
    assert titles_match(entry, body) is same


def test_contents_are_read_whatever_the_model_calls_the_entries():
    doc = AnalysedDocument(Source("x.txt", "txt", "\n".join([
        "目 录", "一、部门概况", "二、收入支出决算总表", "三、其他重要事项说明",
        "一、部门概况", "本部门负责社会工作。", "二、收入支出决算总表", "单位：万元",
    ])))
    contents = read_contents(doc.lines)
    assert contents is not None
    assert [entry.title for entry in contents.entries] == ["部门概况", "收入支出决算总表", "其他重要事项说明"]
    assert [entry.names_table for entry in contents.entries] == [False, True, False]


def test_character_counts_of_an_empty_last_line_are_zero():
    """A hand-built line list (a labelled corpus) may end in an empty line: np.add.reduceat
    raised there. Its counts are zero; the lines before it count as without it."""
    from auditor.text.line_counts import CHARACTER_CLASSES, LineCounter

    texts = ["一、部门概况", "201 一般公共服务支出 264.87"]
    with_empty, without = LineCounter([*texts, ""]), LineCounter(texts)
    for name in CHARACTER_CLASSES:
        assert with_empty.chars(name)[2] == 0
        assert np.array_equal(with_empty.chars(name)[:2], without.chars(name))
    assert with_empty.tokens().tolist() == [*without.tokens().tolist(), 0]
    assert feature_matrix([LineInput(text, index) for index, text in enumerate([*texts, ""])]).shape[0] == 3

"""Structure rules over the line types: table openings and bodies, notes, page numbers,
and the run features the model sees."""

from __future__ import annotations

import numpy as np

from auditor.text.line_rules import with_page_numbers, with_structure
from auditor.text.line_runs import RUN_FEATURES, run_matrix
from auditor.text.lines import Line, LineType, TypedLines
from auditor.text.table_blocks import with_table_bodies, with_table_openings

P, H, R, TH, C, F, CAP = (LineType.PROSE, LineType.HEADING, LineType.TABLE_ROW,
                          LineType.TABLE_HEADER, LineType.CONTENTS, LineType.FURNITURE,
                          LineType.CAPTION)


def _typed(pairs):
    lines = tuple(Line(i, 0, 0, text) for i, (text, _) in enumerate(pairs))
    return TypedLines(lines, tuple(kind for _, kind in pairs))


def _types(typed):
    return list(typed.types)


def test_a_title_repeated_at_a_page_top_and_its_header_are_caption_and_header():
    typed = _typed([("其他税收收入 40 1 1 100", R), ("市本级2025年一般公共预算支出执行情况表", R),
                    ("预算科目", CAP), ("2025年预算数 2025年", R), ("快报数", TH),
                    ("合计 122203 125823 130603", R)])
    assert _types(with_table_openings(typed)) == [R, CAP, TH, TH, TH, R]


def test_unit_line_and_qualifier_under_a_title_stay_captions():
    typed = _typed([("2024年本级一般公共预算支出决算表", CAP), ("（按功能分类）", CAP),
                    ("单位：万元", TH), ("项   目      2024年预算数        2024年决算数", R),
                    ("一、一般公共服务支出  19,105  14,952", R)])
    assert _types(with_table_openings(typed)) == [CAP, CAP, CAP, TH, R]


def test_no_opening_without_a_row_of_figures_below_or_across_prose():
    alone = _typed([("附件：项目支出绩效自评表", CAP), ("项目名称 农作物病虫害统防统治", R)])
    assert _types(with_table_openings(alone)) == [CAP, R]
    prose = _typed([("情况说明表", R), ("本表反映部门收入情况，具体如下", P), ("合计 1 2", R)])
    assert _types(with_table_openings(prose)) == [R, P, R]
    contents = _typed([("2024年一般公共预算收支决算总表", C), ("2 3", R)])
    assert _types(with_table_openings(contents)) == [C, R]


def test_names_wrapped_between_rows_are_rows_and_notes_run_to_their_end():
    typed = _typed([("合计 73,100.00 0.00", R), ("佛山产业转移工", TH), ("业园基础设", TH),
                    ("产业园区基础设施 11,000.00", R), ("其他国有资本经营预算收入", CAP),
                    ("1,100.00", R), ("备注：", CAP), ("本级无本项支出，", P),
                    ("本表为空表。", P), ("一、部门概况", H)])
    assert _types(with_table_bodies(typed)) == [R, R, R, R, R, R, CAP, CAP, CAP, H]


def test_header_under_a_title_is_kept_and_a_caption_without_figures_below_stays():
    typed = _typed([("决算表", CAP), ("项目 决算数", TH), ("合计 1 2", R),
                    ("全市2026年一般公共预算收入预算草案", CAP), ("预算科目", TH)])
    assert _types(with_table_bodies(typed)) == [CAP, TH, R, CAP, TH]


def test_page_numbers_are_furniture_but_a_bare_value_is_not():
    typed = _typed([("— 41 —", R), ("- 7 -", P), ("第 5 页", H), ("3/28", P), ("300", R),
                    ("1.", H)])
    assert _types(with_page_numbers(typed)) == [F, F, F, F, R, H]


def test_structure_applies_every_rule():
    typed = _typed([("— 69 —", R), ("表5", CAP), ("2024年省本级一般公共预算支出决算表", R),
                    ("单位：万元", CAP), ("项目名称", R), ("一般公共服务支出 123.4 110.2", R)])
    assert _types(with_structure(typed)) == [F, CAP, CAP, CAP, TH, R]


def test_run_features_measure_distances_and_fill():
    figures = np.array([False, True, True, False, False])
    captions = np.array([True, False, False, False, False])
    ends = np.array([False, False, False, False, True])
    lengths = np.array([5.0, 20.0, 20.0, 10.0, 20.0])
    matrix = run_matrix(figures, captions, captions, ends, lengths, np.zeros(5))
    assert matrix.shape == (5, len(RUN_FEATURES))
    column = {name: matrix[:, i] for i, name in enumerate(RUN_FEATURES)}
    assert column["since_figures"][3] < column["since_figures"][4] and column["fill"][1] == 1.0
    assert column["rows_since_title"][0] == 1.0 and column["rows_since_title"][1] == 0.0
    assert column["rows_since_title"][3] > 0.0


def test_a_name_wrapped_between_rows_typed_prose_is_a_row_but_a_sentence_is_not():
    typed = _typed([("22   2021-2023年广州白云国际机场三期扩建   1,140,700.00  良", R),
                    ("2022-2023年区域综合开发项目（横琴粤澳深度合作区、东莞水乡新城", P),
                    ("24                 475,200.00     良", R), ("本表数据为快报数。", P),
                    ("25                 441,500.00     良", R), ("其中：", P), ("一、部门概况", H)])
    assert _types(with_table_bodies(typed)) == [R, R, R, P, R, P, H]


def test_a_name_wrapped_over_caption_and_prose_lines_between_rows_is_rows():
    typed = _typed([("24            475,200.00     良", R), ("开发区）", CAP),
                    ("2023年中山市建设项目[翠亨新区双创示范基地基础设施建设、南沙至", P),
                    ("25            441,500.00     良", R)])
    assert _types(with_table_bodies(typed)) == [R, R, R, R]


def test_total_rows_and_the_note_under_a_table_are_row_and_caption():
    typed = _typed([("三、国有资本经营预算财政拨款收入 三、社会保障和就业支出 35.20", R),
                    ("本年收入合计 215.40 本年支出合计 215.40", P), ("总计 215.40 总计 215.40", P),
                    ("注：本表反映部门本年度的总收支和年末结转结余情况。", P),
                    ("本部门本年收入合计 225.40 万元，本年支出合计 215.40 万元。", P)])
    assert _types(with_table_bodies(typed)) == [R, R, R, CAP, P]


def test_a_contents_head_is_a_heading():
    typed = _typed([("目 录", R), ("一、部门概况……1", C), ("目次", P)])
    assert _types(with_structure(typed))[0] is H and _types(with_structure(typed))[2] is H



def test_a_wrapped_prose_line_with_figures_after_a_table_stays_prose():
    typed = _typed([("收入合计   61,375,887   118.8", R),
                    ("2024 年全省政府性基金预算收入决算数为 1939.02 亿元，比上年决算数减少", P),
                    ("131.65 亿元，下降 6.4%。", P)])
    assert _types(with_table_bodies(typed)) == [R, P, P]

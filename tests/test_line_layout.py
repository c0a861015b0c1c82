"""Layout facts the line-type model reads along a run of lines (own wording, no real text)."""

from __future__ import annotations

import numpy as np

from auditor.text.line_layout import LAYOUT_FEATURES, layout_matrix


def _column(texts: list[str], name: str) -> np.ndarray:
    return layout_matrix(texts, list(range(len(texts))))[:, LAYOUT_FEATURES.index(name)]


def test_adjacent_numbering_is_a_list_and_titles_with_text_between_are_not() -> None:
    texts = ["八、甲类收入 12.5", "九、乙类支出", "十、丙类支出", "十一、丁类支出",
             "一、概况", "本单位负责若干事务。", "二、收支情况", "本年收入合计若干。"]
    runs = _column(texts, "list_run")
    assert np.allclose(runs[:4], np.log1p(4))
    assert not runs[4:].any()


def test_a_break_in_the_numbering_ends_the_run() -> None:
    runs = _column(["1.甲项", "2.乙项", "4.丁项", "5.戊项", "6.己项"], "list_run")
    assert np.allclose(runs, [np.log1p(2)] * 2 + [np.log1p(3)] * 3)


def test_a_menu_of_short_bare_lines_is_one_run() -> None:
    texts = ["首页", "机构设置", "政务公开", "互动交流", "办事服务",
             "一、基本情况", "本年度收入增长较快，主要是补助增加。"]
    runs = _column(texts, "bare_run")
    assert np.allclose(runs[:5], np.log1p(5))
    assert not runs[5:].any()


def test_length_is_measured_against_the_neighbours() -> None:
    narrow = ["年度预算执行情况较好，收", "入增长的主要原因是经济", "回暖，消费市场提质扩容",
              "（二）支出", "全市一般公共预算支出为"]
    relative = _column(narrow, "relative_length")
    assert relative[3] < 0.6 < relative[0]


def test_figures_with_their_unit_are_counted() -> None:
    units = _column(["全年支出 4500 万元，比上年增加 12 亿元。", "项目 4500 12.5 30"], "unit_numbers")
    assert units[0] == np.log1p(2) and units[1] == 0


def test_a_unit_line_names_a_unit_of_money_not_a_body() -> None:
    units = _column(["单位：万元", "金额单位:亿元", "主办单位：某某市财政局", "（责任单位：某厅）"],
                    "unit_line")
    assert units.tolist() == [1.0, 1.0, 0.0, 0.0]


def test_a_title_ending_in_a_qualified_table_is_a_table_title() -> None:
    titles = _column(["某市本级一般公共预算支出决算表（按功能分类）", "（按经济分类）",
                      "部门整体支出情况"], "table_title")
    assert titles.tolist() == [1.0, 0.0, 0.0]
    assert _column(["某表", "（按经济分类）", "单位：万元"], "qualifier").tolist() == [0.0, 1.0, 0.0]


def test_cells_are_counted_between_column_gaps() -> None:
    texts = ["7    某某惠民工程项目              1,250.00     良", "收入合计   300   280",
             "全年执行数 44.15 万元，执行率 90.7%。"]
    assert np.allclose(_column(texts, "cells"), np.log1p([4, 3, 1]))
    assert np.allclose(_column(texts, "number_cells"), np.log1p([2, 2, 0]))
    assert _column(texts, "row_number").tolist() == [1.0, 0.0, 0.0]


def test_lines_of_a_wrapped_paragraph_end_in_the_same_column() -> None:
    texts = ["某某局本年度项目支出全年预算数若干万", "元，全年执行数若干万元，预算执行率较",
             "高。", "二、存在的问题"]
    raws = ["  " + texts[0], texts[1], texts[2], "  " + texts[3]]
    matrix = layout_matrix(texts, list(range(4)), None, raws)
    before = matrix[:, LAYOUT_FEATURES.index("width_prev")]
    after = matrix[:, LAYOUT_FEATURES.index("width_next")]
    assert before.tolist() == [0.0, 1.0, 0.0, 0.0]
    assert after.tolist() == [1.0, 0.0, 0.0, 0.0]


def test_a_numbered_line_closed_by_its_only_full_stop_reads_as_a_title() -> None:
    closed = _column(["（四）专项资金支出情况。", "（1）收入情况。全年收入若干万元，",
                      "1.甲项支出若干万元；乙项若干万元；", "本年度收入增长。"], "closed_title")
    assert closed.tolist() == [1.0, 0.0, 0.0, 0.0]

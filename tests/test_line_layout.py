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

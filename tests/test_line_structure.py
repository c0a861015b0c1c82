"""Structure rules over the model's line types: page marks, lists of titles, group rows."""

from __future__ import annotations

from auditor.text.contents import with_contents_zone, with_title_lists
from auditor.text.lines import (
    LineType,
    with_captions_continued,
    with_cell_rows,
    with_menus,
    with_page_marks,
    with_report_titles,
    with_rows_by_cells,
    with_rows_in_tables,
    with_sections_not_furniture,
    with_sentences_unbroken,
    with_titles_after_tables,
)
from tests.builders import typed_lines as typed

P, H, R, C, F, N = (LineType.PROSE, LineType.HEADING, LineType.TABLE_ROW, LineType.CAPTION,
                    LineType.FURNITURE, LineType.CONTENTS)


def test_page_marks_are_furniture_whatever_the_model_says():
    result = with_page_marks(typed([("— 17 —", R), ("- 3 -", H), ("第 5 页", P), ("300", R),
                                    ("一、概况", H)]))
    assert result.types == (F, F, F, R, H)


_LIST = [
    ("第二部分 报表", H),
    ("一、一般预算", H),
    ("1.2026年某县一般预算收入表", C),
    ("2.2026年某县一般预算支出表", H),
    ("（按功能分类）", LineType.TABLE_HEADER),
    ("关于2026年某县一般预算支出的说", P),
    ("明", LineType.TABLE_HEADER),
    ("二、基金预算", H),
    ("3.2026年某县基金预算收入表", H),
    ("4.2026年某县基金预算支出表", F),
    ("5.2026年某县债务余额情况", H),
    ("表", C),
]
_BODY = [
    ("单位：万元", C),
    ("2026年某县一般预算收入表", C),
    ("项目 预算数", LineType.TABLE_HEADER),
    ("税收收入 1,200.00", R),
    ("2026年某县一般预算支出表", C),
    ("一般公共服务支出 300.00", R),
    ("2026年某县基金预算收入表", C),
    ("土地出让收入 80.00", R),
]


def test_a_numbered_list_of_titles_the_body_repeats_is_contents():
    result = with_title_lists(typed(_LIST + _BODY))
    assert result.types[0] is H  # the part line above the list stays a heading
    assert set(result.types[1:len(_LIST)]) == {N}
    assert result.types[len(_LIST):] == tuple(kind for _, kind in _BODY)


def test_titles_the_body_does_not_repeat_are_left_alone():
    rows = [*_LIST, ("单位：万元", C), ("税收收入 1,200.00", R)]
    assert with_title_lists(typed(rows)).types == tuple(kind for _, kind in rows)


def test_headings_with_text_between_them_are_no_list():
    rows = []
    for number in range(1, 7):
        rows += [(f"{number}.第{number}项工作情况", H), ("本项工作按计划推进，完成年度目标。", P)]
    rows += [(f"第{number}项工作情况", H) for number in range(1, 7)]
    assert with_title_lists(typed(rows)).types == tuple(kind for _, kind in rows)


def test_a_numbered_group_row_between_rows_and_the_note_is_a_row():
    rows = [("利润收入 81 132", R), ("二、转移性收入", H), ("备注：", C), ("本表比值为空。", C)]
    assert with_rows_in_tables(typed(rows)).types == (R, R, C, C)


def test_a_heading_after_a_table_is_kept():
    rows = [("合计 81 132", R), ("二、支出情况", H), ("全年支出81万元。", P)]
    assert with_rows_in_tables(typed(rows)).types == (R, H, P)
    rows = [("合计 81 132", R), ("二、支出情况", H), ("表2 支出表", C)]
    assert with_rows_in_tables(typed(rows)).types == (R, H, C)


def test_rows_of_a_word_table_are_rows_where_the_model_saw_a_heading():
    rows = [("（二）项目情况", H), ("项目名称\t某经费\t主管部门\t某局", H), ("年度资金\t25.00\t20.00", P),
            ("（三）其他情况", H)]
    lines = typed(rows)
    cells = [lines.lines[1].start, lines.lines[1].start + 5, lines.lines[2].start,
             lines.lines[2].start + 5]
    assert with_cell_rows(lines, cells).types == (H, R, R, H)
    assert with_cell_rows(lines, [lines.lines[1].start]).types == (H, H, P, H)


def test_numbered_titles_after_a_table_that_running_text_follows_are_headings():
    rows = [("总分 100 95.00", R), ("五、存在的问题", R), ("（一）主要问题", R),
            ("前期谋划不足，衔接不够。", P)]
    assert with_titles_after_tables(typed(rows)).types == (R, H, H, P)
    rows = [("利润收入 81 132", R), ("二、转移性收入", R), ("调出资金 81 132", R)]
    assert with_titles_after_tables(typed(rows)).types == (R, R, R)
    rows = [("利润收入 81 132", R), ("二、转移性收入 5 6", R), ("全年收入增长。", P)]
    assert with_titles_after_tables(typed(rows)).types == (R, R, P)


def test_entries_with_leaders_in_the_contents_are_entries_whatever_the_model_says():
    rows = [("目 录", H), ("1 全市收入执行情况表……………………第…1页……", F),
            ("2 全市支出执行情况表………………………… 3", P), ("第二部分 基金预算", H),
            ("3 基金收入执行情况表…………………第…5页……", LineType.TABLE_ROW)]
    assert with_contents_zone(typed(rows)).types == (H, N, N, N, N)


def test_a_heading_cannot_cut_into_an_unfinished_sentence():
    result = with_sentences_unbroken(typed([
        ("本年度部门严格执行经审议批准的", P), ("年度预算安排，加强收支", H),
        ("管理，各项工作平稳有序。", P), ("（一）收入情况", H), ("全年收入若干万元。", P)]))
    assert result.types == (P, P, P, H, P)


def test_the_short_second_line_of_a_wrapped_title_stays_a_heading():
    rows = [("关于本年度行政单位公务接待经费", P), ("情况的说明", H), ("本年度严控各项支出。", P),
            ("收支情况如下：", P), ("二、支出情况", H), ("全年支出若干。", P)]
    assert with_sentences_unbroken(typed(rows)).types == tuple(kind for _, kind in rows)


def test_numbered_rows_under_a_table_header_are_no_list_of_titles():
    rows = [("收入支出决算总表", C), ("项目 决算数 项目 决算数", LineType.TABLE_HEADER),
            ("一、财政拨款收入 120.00 一、一般公共服务支出 100.00", R)]
    rows += [(f"{name}、{item}支出", R) for name, item in
             (("二", "外交"), ("三", "国防"), ("四", "公共安全"), ("五", "教育"), ("六", "科学技术"))]
    rows += [("本年收入合计 120.00 本年支出合计 120.00", R), ("注：本表反映总收支情况。", C),
             ("一、外交支出", H), ("本年无此项支出。", P), ("二、国防支出", H), ("三、公共安全支出", H),
             ("四、教育支出", H), ("五、科学技术支出", H)]
    assert with_title_lists(typed(rows)).types == tuple(kind for _, kind in rows)


def test_a_contents_page_headed_again_goes_on_with_the_same_entries():
    rows = [("目 录", H), ("1 甲表…………第…1…页……", N), ("2 乙表…………第…2…页……", N),
            ("3 丙表…………第…3…页……", N), ("目 录", H), ("4 丁表…………第…4…页……", N),
            ("5 戊表…………第…5…页……", N), ("6 己表…………第…6…页……", N),
            ("7 丁表…………第…7…页……", P)]
    assert with_contents_zone(typed(rows)).types[-1] is N


def test_a_note_under_a_table_and_a_title_qualifier_continue_the_caption():
    T = LineType.TABLE_HEADER
    rows = [("某某支出决算表", C), ("（按功能分类）", T), ("单位：万元", C), ("项目 决算数", T),
            ("合计 100", R), ("备注：", C), ("本级无此项支出，", P), ("故本表为空。", P),
            ("三、下一部分", H), ("全年收入若干万元。", P)]
    assert with_captions_continued(typed(rows)).types == (C, C, C, T, R, C, C, C, H, P)
    rows = [("合计 100", R), ("备注：", C), ("1.本表不含甲项。", P), ("2.乙项另列。", P)]
    assert with_captions_continued(typed(rows)).types == (R, C, P, P)
    rows = [("全年收入若干万元，", P), ("（按时序列示）", P)]
    assert with_captions_continued(typed(rows)).types == (P, P)


def test_a_report_title_opening_a_page_is_a_heading_and_a_running_header_is_not():
    rows = [("各项工作有序推进。", P), ("\f2024 年某某专项资金", F), ("  绩效评价报告", P),
            ("  为加强资金管理，开展本次评价。", P), ("  一、基本情况", H)]
    assert with_report_titles(typed(rows)).types == (P, H, H, P, H)
    rows = [("\f关于某市预算执行情况的报告", F), ("续上页的文字。", P),
            ("\f关于某市预算执行情况的报告", F), ("又一页的文字。", P)]
    assert with_report_titles(typed(rows)).types == (F, P, F, P)
    rows = [("现将有关情况", P), ("汇总报告", P), ("如下。", P)]
    assert with_report_titles(typed(rows)).types == (P, P, P)


def test_cells_between_column_gaps_make_a_row_and_a_clause_without_them_running_text():
    rows = [("7    某某惠民工程项目              1,250.00     良", P),
            ("二、    部门整体支出", H),
            ("一、  2025  年预算执行情况总体平稳", H),
            ("某局本年部门业务费预算数 2258.71 万元，执行数 1652.22 万元，执行率", R),
            ("办公费 1.2 0.8 主要是会议减少，", R),
            ("收入合计   300   280", R)]
    assert with_rows_by_cells(typed(rows)).types == (R, H, H, P, R, R)


def test_a_line_numbered_as_a_section_is_no_page_furniture():
    rows = [("（一）主要问题", H), ("（二）原因分析", F), ("2.某某情况说明.docx", F), ("— 3 —", F),
            ("三、全年收入增长较快，主要是补助增加。", F)]
    assert with_sections_not_furniture(typed(rows)).types == (H, H, F, F, P)


def test_headings_in_a_menu_of_bare_short_lines_are_furniture():
    rows = [("网站首页", F), ("机构设置", H), ("政务公开", H), ("会议要闻", H), ("图片新闻", F),
            ("关于某市预算执行情况的报告", H), ("一、总体情况", H), ("全年收入增长。", P)]
    assert with_menus(typed(rows)).types == (F, F, F, F, F, H, H, P)
    rows = [("一般公共服务", H), ("教育", H), ("科学技术", H), ("全年支出增长。", P)]
    assert with_menus(typed(rows)).types == (H, H, H, P)

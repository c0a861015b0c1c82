"""Structure rules over runs of lines: lists of dated links, section titles closed by a full stop."""

from __future__ import annotations

from auditor.text.line_runs import (
    with_closed_titles,
    with_headers_heading_rows,
    with_link_lists,
    with_paragraphs_unbroken,
    with_web_artefacts,
)
from auditor.text.lines import LineType
from tests.builders import typed_lines as typed

P, H, R, F, T = LineType.PROSE, LineType.HEADING, LineType.TABLE_ROW, LineType.FURNITURE, LineType.TABLE_HEADER


def test_a_run_of_dated_links_is_furniture():
    result = with_link_lists(typed([
        ("关于开展某项检查工作的通知 07-21", H),
        ("某县召开年度工作部署会议04-30", P),
        ("某局发布某某办法征求意见稿 2025-11-02", H),
        ("一、总体情况", H),
    ]))
    assert result.types == (F, F, F, H)


def test_one_dated_line_and_a_row_with_a_date_keep_their_types():
    lone = typed([("某某工作会议纪要 03-15", H), ("一、总体情况", H)])
    assert with_link_lists(lone) is lone
    rows = typed([("1  某某项目  120.50  2025-03-01", R), ("2  某某工程  80.00  2025-06-30", R)])
    assert with_link_lists(rows) is rows


def test_no_date_stamp_in_a_year_range_or_a_decimal():
    kept = typed([("“十四五”规划（2021-2025", P), ("增长12.05", P), ("某某时期 2021-2025", P)])
    assert with_link_lists(kept) is kept


_PARAGRAPH = ("某某工作取得新进展，" * 8).rstrip("，") + "。"


def test_a_short_numbered_sentence_among_long_paragraphs_is_a_title():
    result = with_closed_titles(typed([
        (_PARAGRAPH, P),
        ("（三）深化重点改革，增强发展动力。", P),
        (_PARAGRAPH, P),
        ("二、推进产业升级，壮大实体经济。", P),
        (_PARAGRAPH, P),
    ]))
    assert result.types == (P, H, P, H, P)


def test_a_numbered_line_as_long_as_its_neighbours_or_cut_from_a_sentence_stays_prose():
    narrow = typed([
        ("全县一般公共预算收入完成某某亿元。", P),
        ("（二）基金预算收支情况。", P),
        ("全县政府性基金预算收入完成某某。", P),
    ])
    assert with_closed_titles(narrow) is narrow
    unfinished = typed([(_PARAGRAPH[:-1] + "，", P), ("（三）深化重点改革。", P), (_PARAGRAPH, P)])
    assert with_closed_titles(unfinished) is unfinished
    two_sentences = typed([(_PARAGRAPH, P), ("（三）深化改革。加快转型。", P), (_PARAGRAPH, P)])
    assert with_closed_titles(two_sentences) is two_sentences
    arabic = typed([(_PARAGRAPH, P), ("3.深化重点改革。", P), (_PARAGRAPH, P)])
    assert with_closed_titles(arabic) is arabic


def test_furniture_inside_a_wrapped_paragraph_is_prose():
    result = with_paragraphs_unbroken(typed([
        ("  为加强专项资金管理，提高资金使用效益，根据", P),
        ("《某某省预算管理条例》《某某办法》及《某某", F),
        ("实施细则》等有关规定，现将某某专项资金使用", F),
        ("情况报告如下：", F),
        ("  一、基本情况", H),
        ("   某某局贯彻落实党中央关于某某工作的部署", F),
        ("和要求，在履行职责过程中坚持统一领导，主要", P),
    ]))
    assert result.types == (P, P, P, P, H, P, P)


def test_a_page_number_or_running_header_inside_a_paragraph_stays_furniture():
    kept = typed([
        ("  为加强专项资金管理，提高资金使用效益，根据", P),
        ("                    12", F),
        ("某某省财政厅", F),
        ("《某某省预算管理条例》等有关规定，现将某某", P),
    ])
    assert with_paragraphs_unbroken(kept) is kept
    finished = typed([("某某专项资金使用情况良好。", P), ("某某省财政厅文件汇编之二", F)])
    assert with_paragraphs_unbroken(finished) is finished


def test_a_header_that_a_section_title_follows_before_any_row_is_text():
    result = with_headers_heading_rows(typed([
        ("一、主要职能", H),
        ("某某局负责贯彻落实有关方针政策和决策部署，在", T),
        ("履行职责过程中坚持统一领导。主要职责是：统筹", P),
        ("指导某某工作，推进某某建设。", T),
        ("二、机构设置", H),
        ("某某局内设三个科室。", P),
    ]))
    assert result.types == (H, P, P, P, H, P)


def test_a_header_over_rows_or_over_a_numbered_group_row_stays():
    table = typed([("项目 预算数 决算数", T), ("税收收入 120.00 118.50", R), ("二、机构设置", H)])
    assert with_headers_heading_rows(table) is table
    grouped = typed([("序号  项目名称  评价金额", T), ("一、某类民生项目", H), ("1  某某工程  300.00", R)])
    assert with_headers_heading_rows(grouped) is grouped


def test_links_to_files_and_lines_of_script_are_furniture():
    result = with_web_artefacts(typed([
        ("附件：1.某县2026年预算表格.pdf", P),
        ("      2.某县预算公开说明.DOCX", H),
        ("$(function() {", H),
        ("    var title = $('#title').text();", P),
        ("    // 来源", P),
        ("});", P),
        ("各位代表：", P),
    ]))
    assert result.types == (F, F, F, F, F, F, P)


def test_report_text_with_ascii_marks_or_a_file_named_in_a_sentence_is_no_artefact():
    kept = typed([
        ("按照《某某管理办法(试行)》执行;", P),
        ("详见附件《某县预算表格.pdf》。", P),
        ("1  某某项目附件.pdf  120.00", R),
    ])
    assert with_web_artefacts(kept) is kept

"""The real-text planting benchmark's site finders, on text written for this test.

They decide by arithmetic and patterns of their own (``benchmarks/planting*.py``); these
tests pin what counts as a site, so the benchmark's recall means what it says.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from planting import Edit, enumerations, figure_sites
from planting_text import describes_problems, heading_sites, year_sites
from real_mutations import edited_source

from auditor.types import Source, TableCell

TEXT = (
    "收入预算调整为 120.68 亿元。"
    "全市一般公共预算收入完成 123.45 亿元，为调整预算的 102.3%，比上年增加 6.12 亿元，增长 5.2%。"
    "其中，税收收入 80.15 亿元，非税收入 43.30 亿元。"
)


def _kinds(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for edit in figure_sites(text, random.Random(1)):
        found.setdefault(edit.kind, []).append(text[edit.start:edit.end])
    return found


def test_rate_change_and_sum_sites_are_found_by_arithmetic() -> None:
    kinds = _kinds(TEXT)
    assert kinds["rate"] == ["102.3"]          # 123.45 / 120.68
    assert kinds["change_pct"] == ["5.2"]      # 6.12 / (123.45 − 6.12)
    assert kinds["part_total"] == ["80.15"] or kinds["part_total"] == ["43.30"]
    assert "亿元" in kinds["unit_slip"]
    assert kinds["comparison"] == ["增长"] or kinds["comparison"] == ["增加"]


def test_a_percentage_no_pair_explains_is_no_site() -> None:
    kinds = _kinds("全市一般公共预算收入完成 123.45 亿元，为预算的 97.3%，增长 5.2%。")
    assert "rate" not in kinds and "change_pct" not in kinds


def test_low_precision_pairs_explain_nothing() -> None:
    kinds = _kinds("收入总计 2.0 亿元；支出 1.0 亿元，完成年初预算的 97.4%，支出总计 1.0 亿元。")
    assert "rate" not in kinds


def test_heading_skip_needs_body_text_between_siblings() -> None:
    body = "本部分说明全年预算执行的总体情况，以及主要收支项目的变化原因。\n"
    text = f"一、收入情况\n{body}二、支出情况\n{body}三、结余情况\n{body}"
    sites = list(heading_sites(text))
    assert [text[s.start:s.end] + "→" + s.replacement for s in sites] == ["二→三", "三→四"]
    table_labels = "一、一般公共服务支出\n二、外交支出\n三、国防支出\n"
    assert list(heading_sites(table_labels)) == []


def test_year_sites_skip_comparisons_dates_and_spans() -> None:
    lead = "说明" * 160 + "\n"
    text = lead + ("2025年，全市财政收入保持增长，结构持续优化。与2025年相比有所提高，"
                   "2025年1月起执行新标准，2021-2025年累计投入较多。\n")
    sites = list(year_sites(text, "demo_2025_budget_report.txt"))
    assert [(text[s.start:s.end], s.replacement) for s in sites] == [("2025", "2024")]


def test_edited_source_moves_pages_and_cells_after_the_edit() -> None:
    source = Source("x.pdf", "pdf", "abcdef", page_starts=(0, 3), cells=(TableCell(0, 0, 0, 4, 6),))
    edited = edited_source(source, Edit("x", 1, 2, "XYZ", (), ""))
    assert edited.text == "aXYZcdef"
    assert edited.page_starts == (0, 5)
    assert edited.cells[0].start == 6 and edited.cells[0].end == 8


def test_a_problem_only_tackled_is_no_problem_described() -> None:
    assert describes_problems("项目实施中仍存在资金拨付不及时的问题。")
    assert not describes_problems("对存在风险早预警、早介入、早处置。")
    assert not describes_problems("有效破解一批突出问题，群众满意度提升。")


def test_a_problem_is_described_within_one_clause() -> None:
    assert describes_problems("非税收入占比偏高，收支矛盾依然突出。")
    # 突出 as a verb, a risk to ward off in the next clause: no problem described
    assert not describes_problems("突出抓好稳增长、稳就业工作，切实防范化解重大风险。")
    # a hard year, not a problem the report has
    assert not describes_problems("上一年是困难较多的一年，也是奋发有为的一年。")


def test_a_change_two_unrelated_amounts_fit_is_no_site() -> None:
    # 12500 / 2500000 = 0.5 %, but nothing says either is a base or a change amount
    kinds = _kinds("总收入 2500000 万元，调入资金 12500 万元；本级支出 650000 万元，增长 0.5%。")
    assert "change_pct" not in kinds and "comparison" not in kinds


def test_a_change_against_a_written_base_is_a_site() -> None:
    kinds = _kinds("本年支出 630.00 万元，上年为 600.00 万元，增长 5.0%。")
    assert kinds["change_pct"] == ["5.0"]
    kinds = _kinds("收支总额从年初预算的 412.50 亿元调整为 468.20 亿元，收支总额相应增加 55.70 亿元。")
    assert kinds["change_amount"] == ["55.70"]


def test_a_figure_restated_in_another_scope_is_no_site() -> None:
    filler = "本部分说明资金的来源、用途和管理情况。" * 12
    same = (f"全市城乡居民医疗保险基金支出 215,866 万元。{filler}"
            f"全市城乡居民医疗保险基金支出 215,866 万元。")
    other = (f"全市城乡居民医疗保险基金支出 215,866 万元。{filler}"
             f"市本级城乡居民医疗保险基金支出 215,866 万元。")
    assert "restated" in _kinds(same)
    assert "restated" not in _kinds(other)


def test_year_sites_keep_to_the_part_that_speaks_of_the_year() -> None:
    lead = "说明" * 160 + "\n"
    body = "，全市财政收入保持增长，结构持续优化。\n"
    text = (lead + "一、2025年预算执行情况\n2025年" + body
            + "2025年地方政府债务余额 1,234,567.00 2,345.60 1,234.50\n"
            + "2026年部门预算编制中继续压减一般性支出，结构持续优化。\n"
            + "三、2023年地方政府债务限额 1,234.50 2,345.60\n"
            + "二、2026年预算草案\n2026年" + body
            + "名词解释\n1.专项债券：2026年，发行的专项债券用于重大项目建设。\n")
    sites = list(year_sites(text, "demo_2025_budget_report.txt"))
    planted = [text[s.start:s.start + 8] for s in sites]
    # a table row (its commas are thousands separators) is no prose; 2026 in the part on
    # 2025 is the time of writing; a glossary has no period
    assert planted == ["2025年，全市", "2026年，全市"]


def test_a_closed_list_change_its_total_hides_is_no_site() -> None:
    # 1.6 + 1.7 + 1.7 = 5.0; a 6–20 % change of any part stays within 5 ± 0.5 亿元
    kinds = _kinds("社会保险基金收入 5 亿元，其中，保险费收入 1.6 亿元，财政补贴收入 1.7 亿元，利息收入 1.7 亿元。")
    assert "part_total" not in kinds
    kinds = _kinds("社会保险基金收入 5.00 亿元，其中，保险费收入 1.60 亿元，"
                   "财政补贴收入 1.70 亿元，利息收入 1.70 亿元。")
    assert "part_total" in kinds


def _parts(text: str) -> list[list[str]]:
    return [[text[p.start:p.end] for p in parts] for _, parts, _ in enumerations(text)]


def test_a_list_ends_at_its_bracket_and_changes_are_no_parts() -> None:
    bracket = ("基金收入 26,880 万元（其中：土地出让收入 21,300 万元），"
               "加上转移性收入 4,470 万元，收入总计 31,350 万元。")
    assert _parts(bracket) == [["21,300 万元"]]
    change = "总收入 172,617 万元。其中：地方收入 109,916 万元，比上年增加 2,155 万元，增长 2.0%。"
    assert _parts(change) == [["109,916 万元"]]


def test_a_rate_of_a_plan_needs_a_whole_named_as_a_plan() -> None:
    # 244.29 / 204.68 = 119.35 %: a pair that fits by chance, not the budget the rate names
    chance = "总收入 244.29 亿元。本级支出 204.68 亿元，增长 19.7%，完成年初预算的 119.3%。"
    assert "rate" not in _kinds(chance)
    named = "年初预算 171.57 亿元。本级支出 204.68 亿元，增长 19.7%，完成年初预算的 119.3%。"
    assert _kinds(named)["rate"] == ["119.3"]


def test_a_rate_named_as_growth_also_counts_when_the_change_rule_finds_it() -> None:
    text = ("全区教育经费 20.30 亿元，比上年的 19.70 亿元增加 0.60 亿元，增长率为 3.05%。"
            "执行率为 95.2%，年初预算 100.00 万元，实际支出 95.20 万元。")
    codes = {text[e.start:e.end]: e.codes for e in figure_sites(text, random.Random(1))
             if e.kind == "rate"}
    assert "AU103" in codes["3.05"]        # 0.60 / 19.70: a growth rate, named as one
    assert "AU103" not in codes["95.2"]    # 95.20 / 100.00: an execution rate

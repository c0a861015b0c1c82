"""Tables as data: 绩效自评表 layouts built with python-docx, read back and checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor.document import AnalysedDocument
from auditor.extract.relations.base import RelationKind
from auditor.extract.relations.table import table_relations as _table_relations
from auditor.extract.relations.table_cells import TableRelation
from auditor.extract.tables import (
    Role,
    build_tables,
    key_values,
    parse_figure,
    recognise_blocks,
    role_of,
)
from auditor.ingest import read_source
from auditor.rules.table_items import CHECK_KINDS, table_message
from auditor.types import QuantityKind
from tests.builders import SELF_EVALUATION_TABLE, make_docx

#: the rule each table relation kind is reported by
CODES = {RelationKind.TABLE_RATE: "AU102", RelationKind.TABLE_SCORE: "AU102",
         RelationKind.TABLE_COLUMN_SUM: "AU104", RelationKind.TABLE_DEVIATION: "AU203"}


def table_relations(doc: AnalysedDocument) -> list[TableRelation]:
    return _table_relations(doc, build_tables(doc.source))

BLANK = ""


def project_table(
    *,
    rate: str = "80%",
    budget_score: str = "8",
    total: str = "98",
    total_weight: str = "100",
    shortfall: tuple[str, str] = ("≥20场次", "20场次"),
    reason: str = "",
    other_funds: str = "0.00",
) -> list[list[str]]:
    """The 项目支出绩效自评表 of the finance ministry's template (9 grid columns)."""
    target, actual = shortfall
    return [
        ["项目支出绩效自评表", *[BLANK] * 8],
        ["项目名称", "妇联活动经费", BLANK, BLANK, BLANK, "主管部门", "县妇联", BLANK, BLANK],
        ["项目资金（万元）", BLANK, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", BLANK],
        [BLANK, "年度资金总额", "25.00", "25.00", "20.00", "10", rate, budget_score, BLANK],
        [BLANK, "其中：当年财政拨款", "25.00", "25.00", "20.00", "—", rate, "—", BLANK],
        [BLANK, "其他资金", other_funds, other_funds, "0.00", "—", "—", "—", BLANK],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        [BLANK, "产出指标", "数量指标", "举办培训场次", target, actual, "30", "30", reason],
        [BLANK, BLANK, "质量指标", "培训合格率", "≥95%", "96%", "30", "30", BLANK],
        [BLANK, "效益指标", "社会效益指标", "受益妇女人数", "≥500人", "520人", "20", "20", BLANK],
        [BLANK, "满意度指标", "服务对象满意度指标", "群众满意度", "好", "好", "10", "10", BLANK],
        ["总分", BLANK, BLANK, BLANK, BLANK, BLANK, total_weight, total, BLANK],
    ]


#: (table, top-left, bottom-right) merges of the template: title, key-value fields, the
#: vertical 项目资金 / 绩效指标 / 产出指标 labels and the 总分 label.
PROJECT_MERGES = [
    (0, (0, 0), (0, 8)),
    (0, (1, 1), (1, 4)),
    (0, (1, 6), (1, 8)),
    (0, (2, 0), (5, 0)),
    (0, (6, 0), (10, 0)),
    (0, (7, 1), (8, 1)),
    (0, (11, 0), (11, 5)),
]


def analysed(path: Path, tables, merges=(), paragraphs=("绩效自评表如下：",)) -> AnalysedDocument:
    return AnalysedDocument(read_source(make_docx(path, list(paragraphs), tables, merges)))


def failing(doc: AnalysedDocument):
    return [r for r in table_relations(doc) if not r.holds]


# --- recognising layouts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("年初预算数", Role.BUDGET_INITIAL),
        ("年初预算数（万元）", Role.BUDGET_INITIAL),
        ("全年预算数(A)", Role.BUDGET_FULL),
        ("调整后预算数", Role.BUDGET_FULL),
        ("2023年预算数", Role.BUDGET_FULL),
        ("全年执行数（B）", Role.SPENT),
        ("实际支出数", Role.SPENT),
        ("执行率（B/A）", Role.RATE),
        ("预算执行率", Role.RATE),
        ("分 值", Role.WEIGHT),
        ("权重", Role.WEIGHT),
        ("自评得分", Role.SCORE),
        ("三级指标", Role.LEVEL3),
        ("年度指标值", Role.TARGET),
        ("年度目标值", Role.TARGET),
        ("实际完成值（B）", Role.ACTUAL),
        ("偏差原因分析及改进措施", Role.REASON),
        ("项目名称", None),
        ("预期目标", None),
        ("绩效指标", None),
    ],
)
def test_header_synonyms(header, role):
    assert role_of(header) is role


@pytest.mark.parametrize(
    ("written", "mantissa", "unit", "kind", "operator"),
    [
        ("25.00", "25.00", "", QuantityKind.MEASURE, ""),
        ("80%", "80", "%", QuantityKind.PERCENT, ""),
        ("25万元", "25", "万元", QuantityKind.MONEY, ""),
        ("≥95%", "95", "%", QuantityKind.PERCENT, "≥"),
        ("不低于90%", "90", "%", QuantityKind.PERCENT, "≥"),
        ("95%以上", "95", "%", QuantityKind.PERCENT, "≥"),
        ("≤5天", "5", "天", QuantityKind.COUNT, "≤"),
        ("1,234.50", "1234.50", "", QuantityKind.MEASURE, ""),
        ("≥500人", "500", "人", QuantityKind.COUNT, "≥"),
        ("１００％", "100", "%", QuantityKind.PERCENT, ""),
    ],
)
def test_cell_figures(written, mantissa, unit, kind, operator):
    figure = parse_figure(written, 10)
    assert figure is not None
    assert figure.quantity.mantissa == Decimal(mantissa)
    assert figure.quantity.unit == unit
    assert figure.quantity.kind is kind
    assert figure.operator == operator
    assert figure.quantity.start >= 10


@pytest.mark.parametrize("written", ["好", "达标", "完成", "—", "", "2023年", "12月底前",
                                     "2023年预算数", "2 个 3 个"])
def test_cells_that_are_not_figures(written):
    assert parse_figure(written, 0) is None


def test_template_blocks_and_key_values(tmp_path):
    doc = analysed(tmp_path / "p.docx", [project_table()], PROJECT_MERGES)
    [table] = build_tables(doc.source)
    blocks = recognise_blocks(table)
    assert [(b.kind, b.header_row) for b in blocks] == [("budget", 2), ("indicator", 6)]
    assert blocks[0].column(Role.RATE) == 6
    assert blocks[1].column(Role.REASON) == 8
    assert key_values(table) == {"项目名称": "妇联活动经费", "主管部门": "县妇联"}
    assert table.at(1, 1) is not None and table.at(1, 2) is None  # covered by the merge


def test_unrecognised_table_gives_nothing(tmp_path):
    rows = [["序号", "单位", "金额"], ["1", "县妇联", "25.00"], ["合计", "", "30.00"]]
    doc = analysed(tmp_path / "u.docx", [rows])
    assert table_relations(doc) == []


def test_document_without_tables_gives_nothing(tmp_path):
    doc = analysed(tmp_path / "n.docx", [], paragraphs=["预算执行率80%。"])
    assert table_relations(doc) == []


# --- a consistent table ------------------------------------------------------------------


def test_consistent_template_has_only_holding_relations(tmp_path):
    doc = analysed(tmp_path / "ok.docx", [project_table()], PROJECT_MERGES)
    relations = table_relations(doc)
    assert failing(doc) == []
    kinds = {(CODES[r.kind], CHECK_KINDS[r.kind]) for r in relations}
    assert kinds == {("AU102", "rate"), ("AU102", "score"), ("AU104", "sum"),
                     ("AU203", "deviation")}
    by_cell = {(CHECK_KINDS[r.kind], r.span.cell): r for r in relations}
    rate = by_cell[("rate", (0, 3, 6))]
    assert rate.detail == "20.00/25.00 = 80.00%（表中 80%）✓"
    assert [s.cell for s in rate.related] == [(0, 3, 4), (0, 3, 3)]
    assert rate.scope == "妇联活动经费"
    total = by_cell[("sum", (0, 11, 7))]
    assert total.detail == "8 + 30 + 30 + 20 + 10 = 98（表中 98）✓"
    assert ("sum", (0, 11, 6)) in by_cell  # Σ分值 = 100
    assert ("sum", (0, 3, 2)) in by_cell  # 年度资金总额 = 当年财政拨款 + 其他资金
    # qualitative 好/好 is skipped, never compared
    deviations = sorted(r.span.cell for r in relations if CHECK_KINDS[r.kind] == "deviation")
    assert deviations == [(0, 7, 5), (0, 8, 5), (0, 9, 5)]


def test_every_relation_span_is_its_cell_text(tmp_path):
    doc = analysed(tmp_path / "ok.docx", [project_table(rate="60%")], PROJECT_MERGES)
    cells = {(c.table, c.row, c.column): c for c in doc.source.cells}
    for relation in table_relations(doc):
        for span in (relation.span, *relation.related):
            cell = cells[span.cell]
            assert (span.start, span.end) == (cell.start, cell.end)
            assert doc.text[span.start:span.end] == span.text


# --- defects -----------------------------------------------------------------------------


def test_wrong_rate_cell(tmp_path):
    doc = analysed(tmp_path / "rate.docx", [project_table(rate="85%", budget_score="8.5",
                                                          total="98.5")], PROJECT_MERGES)
    wrong = [r for r in failing(doc) if CHECK_KINDS[r.kind] == "rate"]
    assert [r.span.cell for r in wrong] == [(0, 3, 6), (0, 4, 6)]
    first = wrong[0]
    assert CODES[first.kind] == "AU102"
    assert first.span.text == "85%"
    assert first.detail == "20.00/25.00 = 80.00%（表中 85%）✗"
    assert table_message(first).startswith("表1第4行“执行率”列")
    assert "80.00%" in table_message(first)
    # the score follows the stated rate (85% × 10 = 8.5): only the rate is wrong
    assert [CHECK_KINDS[r.kind] for r in failing(doc)] == ["rate", "rate"]


def test_wrong_score_of_the_rate(tmp_path):
    doc = analysed(tmp_path / "score.docx", [project_table(budget_score="10", total="100")],
                   PROJECT_MERGES)
    [wrong] = failing(doc)
    assert (CODES[wrong.kind], CHECK_KINDS[wrong.kind], wrong.span.cell) == ("AU102", "score", (0, 3, 7))
    assert wrong.detail == "80% × 10 = 8.00（表中 10）✗"
    assert "表1第4行“得分”列" in table_message(wrong)


def test_wrong_total_score(tmp_path):
    doc = analysed(tmp_path / "total.docx", [project_table(total="95")], PROJECT_MERGES)
    [wrong] = failing(doc)
    assert (CODES[wrong.kind], CHECK_KINDS[wrong.kind], wrong.span.cell) == ("AU104", "sum", (0, 11, 7))
    assert wrong.span.text == "95"
    assert "98" in wrong.detail and "✗" in wrong.detail
    assert table_message(wrong).startswith("表1第12行“得分”列的总分 95")
    assert {s.cell for s in wrong.related} >= {(0, 3, 7), (0, 7, 7), (0, 10, 7)}


def test_wrong_funds_total(tmp_path):
    doc = analysed(tmp_path / "funds.docx", [project_table(other_funds="3.00")], PROJECT_MERGES)
    wrong = failing(doc)
    assert {(CODES[r.kind], CHECK_KINDS[r.kind], r.span.cell) for r in wrong} == {
        ("AU104", "sum", (0, 3, 2)), ("AU104", "sum", (0, 3, 3))}
    assert "年度资金总额" in table_message(wrong[0])


def test_shortfall_with_empty_reason(tmp_path):
    doc = analysed(tmp_path / "short.docx", [project_table(shortfall=("≥20场次", "16场次"))],
                   PROJECT_MERGES)
    [wrong] = failing(doc)
    assert (CODES[wrong.kind], CHECK_KINDS[wrong.kind], wrong.span.cell) == ("AU203", "deviation", (0, 7, 5))
    assert wrong.span.text == "16场次"
    assert [s.cell for s in wrong.related] == [(0, 7, 4), (0, 7, 8)]
    assert "举办培训场次" in table_message(wrong) and "偏差原因" in table_message(wrong)
    assert table_message(wrong).startswith("表1第8行“实际完成值”列")


def test_shortfall_with_a_reason_is_silent(tmp_path):
    table = project_table(shortfall=("≥20场次", "16场次"), reason="受疫情影响，4场培训改为线上")
    doc = analysed(tmp_path / "reason.docx", [table], PROJECT_MERGES)
    assert failing(doc) == []
    [row] = [r for r in table_relations(doc) if r.span.cell == (0, 7, 5)]
    assert row.holds and "已说明偏差原因" in row.detail


@pytest.mark.parametrize(
    ("target", "actual", "short"),
    [
        ("≤5天", "7天", True),
        ("≤5天", "4天", False),
        ("100%", "98%", True),
        ("=100%", "100%", False),
        (">90%", "90%", True),
        ("≥25万元", "200000元", True),
        ("≥25万元", "26", False),
        ("≥500人", "50%", None),  # different units: not compared
        ("按时完成", "完成", None),
    ],
)
def test_indicator_comparisons(tmp_path, target, actual, short):
    rows = [["一级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因"],
            ["产出指标", "指标甲", target, actual, ""]]
    doc = analysed(tmp_path / "c.docx", [rows])
    relations = table_relations(doc)
    if short is None:
        assert relations == []
    else:
        [relation] = relations
        assert relation.holds is (not short)


def test_cost_indicator_without_sign_is_not_guessed(tmp_path):
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因"],
            ["产出指标", "成本指标", "人均培训费用", "300元", "280元", ""]]
    assert table_relations(analysed(tmp_path / "cost.docx", [rows])) == []


# --- layouts -----------------------------------------------------------------------------


def test_header_on_the_second_row_and_total_at_the_bottom(tmp_path):
    rows = [
        ["部门预算执行情况（单位：万元）", BLANK, BLANK, BLANK, BLANK],
        ["支出项目", "年初预算数", "全年预算数", "全年执行数", "执行率"],
        ["基本支出", "50.00", "60.00", "57.00", "95.00%"],
        ["项目支出", "40.00", "40.00", "30.00", "70.00%"],
        ["合计", "90.00", "100.00", "87.00", "87.00%"],
    ]
    doc = analysed(tmp_path / "second.docx", [rows], [(0, (0, 0), (0, 4))])
    [block] = recognise_blocks(build_tables(doc.source)[0])
    assert block.header_row == 1
    [wrong] = failing(doc)
    assert (CODES[wrong.kind], wrong.span.cell, wrong.span.text) == ("AU102", (0, 3, 4), "70.00%")
    assert "30.00/40.00 = 75.00%" in wrong.detail
    sums = [r for r in table_relations(doc) if CHECK_KINDS[r.kind] == "sum"]
    assert sorted(r.span.cell for r in sums) == [(0, 4, 1), (0, 4, 2), (0, 4, 3)]
    assert all(r.holds for r in sums)


def test_builder_self_evaluation_table_is_consistent(tmp_path):
    doc = analysed(tmp_path / "builder.docx", [SELF_EVALUATION_TABLE])
    relations = table_relations(doc)
    assert relations and all(r.holds for r in relations)
    assert {r.span.cell for r in relations if CHECK_KINDS[r.kind] == "rate"} == {(0, 1, 5), (0, 2, 5)}


def test_rate_against_the_initial_budget_and_truncation(tmp_path):
    rows = [["项目", "年初预算数", "全年预算数", "全年执行数", "执行率"],
            ["甲", "100.00", "120.00", "90.00", "90.00%"],   # 90/100: the 年初 reading
            ["乙", "120.00", "120.00", "110.00", "91.6%"],   # 91.67 truncated
            ["丙", "120.00", "120.00", "110.00", "0.9167"]]  # written as a fraction
    doc = analysed(tmp_path / "lenient.docx", [rows])
    relations = {r.span.cell: r for r in table_relations(doc)}
    assert all(r.holds for r in relations.values())
    assert "年初预算数" in relations[(0, 1, 4)].detail
    assert relations[(0, 2, 4)].truncated
    assert not relations[(0, 3, 4)].truncated


def test_indicators_in_a_table_of_their_own_add_up_with_the_budget_score(tmp_path):
    budget = [["项目", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
              ["妇联活动经费", "25.00", "20.00", "10", "80%", "8"]]
    indicators = [["一级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                  ["产出指标", "培训场次", "≥20场次", "20场次", "90", "85"],
                  ["合计", BLANK, BLANK, BLANK, "100", "93"]]
    doc = analysed(tmp_path / "two.docx", [budget, indicators])
    sums = {r.span.cell: r for r in table_relations(doc) if CHECK_KINDS[r.kind] == "sum"}
    assert sums[(1, 2, 5)].holds and sums[(1, 2, 4)].holds
    assert sums[(1, 2, 5)].detail == "8 + 85 = 93（表中 93）✓"


# --- robustness --------------------------------------------------------------------------

WORDS = ["年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分", "一级指标", "三级指标",
         "年度指标值", "实际完成值", "偏差原因", "合计", "总分", "其中：财政拨款", "按功能分类", "好", "",
         "—", "0", "0.00", "-5", "25.00", "80%", "0.9167", "≥95%", "≤5天", "25万元", "100", "1,234.5",
         "≥", "%", "9" * 30, "2023年"]


def _source_from_grid(grid: list[list[str]]) -> AnalysedDocument:
    from auditor.types import Source, TableCell

    parts: list[str] = []
    cells = []
    offset = 0
    for r, row in enumerate(grid):
        if r:
            parts.append("\n")
            offset += 1
        for c, value in enumerate(row):
            if c:
                parts.append("\t")
                offset += 1
            if value == "<merged>":
                continue
            cells.append(TableCell(0, r, c, offset, offset + len(value)))
            parts.append(value)
            offset += len(value)
    return AnalysedDocument(Source("grid.docx", "docx", "".join(parts), cells=tuple(cells)))


def test_random_grids_never_crash_and_spans_are_cells():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    cell = st.one_of(st.sampled_from([*WORDS, "<merged>"]), st.text(max_size=6))
    grids = st.integers(1, 6).flatmap(
        lambda width: st.lists(st.lists(cell.filter(lambda s: "\n" not in s and "\t" not in s),
                                        min_size=width, max_size=width), min_size=1, max_size=7))

    @settings(max_examples=300, deadline=None)
    @given(grids)
    def check(grid):
        doc = _source_from_grid(grid)
        located = {(c.table, c.row, c.column): c for c in doc.source.cells}
        for relation in table_relations(doc):
            assert CODES[relation.kind] in {"AU102", "AU104", "AU203"}
            for span in (relation.span, *relation.related):
                cell = located[span.cell]
                assert (span.start, span.end) == (cell.start, cell.end)
            assert table_message(relation).startswith("表1第")

    check()

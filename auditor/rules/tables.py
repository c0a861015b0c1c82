"""Statement-table rules: totals, the code hierarchy, table ↔ text, table ↔ table, blank tables
(AU109–AU113).

The relations are built by the extract stage (:mod:`auditor.extract.relations.statement`,
:mod:`auditor.extract.relations.statement_text`); each rule asks for its kinds, records
every relation as a check and reports the failed ones in its own words.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from auditor.extract.relations.base import RelationKind
from auditor.extract.relations.statement import StatementRelation
from auditor.rules.base import Rule
from auditor.rules.readings_text import readings_tried
from auditor.types import Check, CheckStatus, Finding, Severity

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.extraction import Extraction

_CHECK_KINDS = {
    RelationKind.TABLE_ROW_SUM: "table-total",
    RelationKind.TABLE_COLUMN_SUM: "table-total",
    RelationKind.TABLE_HIERARCHY: "table-hierarchy",
    RelationKind.TABLE_TEXT: "table-text",
    RelationKind.TABLE_TABLE: "cross-table",
    RelationKind.TABLE_BLANK: "table-text",
}


class _StatementRule(Rule):
    """Checks and findings of the statement relations of ``kinds``."""

    kinds: ClassVar[tuple[RelationKind, ...]] = ()
    family = "tables"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for relation in extraction.statement_relations:
            if relation.kind not in self.kinds:
                continue
            status = CheckStatus.PASS if relation.holds else CheckStatus.FAIL
            yield Check(_CHECK_KINDS[relation.kind], status, relation.span, relation.detail,
                        relation.related)
            if not relation.holds:
                yield self.finding(relation.span, self.message(relation), related=relation.related,
                                   evidence={"kind": _CHECK_KINDS[relation.kind],
                                             "relation": relation.detail, "table_title": relation.table,
                                             "row": relation.row, "readings": readings_tried(relation)})

    def message(self, relation: StatementRelation) -> str:
        raise NotImplementedError


class TableTotalMismatch(_StatementRule):
    """表格的合计行或合计列不等于各项之和。

    检查内容
        从报告中的决算表、预算表（PDF 或文字稿中被拆成一行行文字的表格也会按行重建）读出
        各行各列：第一列为合计的表（本年支出合计、基本支出、项目支出……），每行的合计应等于
        其后各列之和；合计、总计、小计行应等于它所汇总的各项：有科目编码的表为各“类”
        之和，收支总表为其上各一级项目（一、二、三……）之和，“总计”为前一个合计加上其间的
        结转结余等各行。空白单元格按 0 计；数字按其小数位数允许四舍五入误差。

    为什么重要
        合计与分项对不上，说明表中有数字填错、漏填或改了分项没改合计，是决算表审核的
        首要校验（表内平衡）。

    示例
        “合计 307.82 105.58 212.24”：基本支出 105.58 + 项目支出 212.24 = 317.82，与合计
        307.82 不符 —— 报告在合计单元格上。

    依据
        财政部《部门决算报表编制说明》中的表内平衡公式（合计 = 基本支出 + 项目支出；
        本年收入合计 = 各项收入之和）。
    """

    code = "AU109"
    name = "table-total-mismatch"
    severity = Severity.ERROR
    kinds = (RelationKind.TABLE_ROW_SUM, RelationKind.TABLE_COLUMN_SUM)

    def message(self, relation: StatementRelation) -> str:
        if relation.kind is RelationKind.TABLE_ROW_SUM:
            return (f"表“{relation.table}”中“{relation.row}”一行：合计 {relation.stated} "
                    f"不等于其后各列之和 {relation.computed}。")
        return (f"表“{relation.table}”的“{relation.row}” {relation.stated} 不等于它汇总的"
                f"各项之和 {relation.computed}。")


class TableHierarchyMismatch(_StatementRule):
    """科目编码的上下级对不上：类不等于其下各款之和，款不等于其下各项之和。

    检查内容
        按科目编码的层级（如 201 一般公共服务支出 → 20139 社会工作事务 → 2013901 行政运行），
        上级科目的金额应等于其全部下级科目金额之和。第一列为合计的表只比较合计列；各行
        数字个数相同（各列都已填写）时逐列比较。

    为什么重要
        上下级不平说明某一科目金额填错或漏列了下级科目；决算表中按功能分类的类、款、项
        必须逐级相加。

    示例
        “208 社会保障和就业支出 10.82”之下“20805 行政事业单位养老支出 10.82”，其下
        “2080505 … 6.18”“2080506 … 4.46”：6.18 + 4.46 = 10.64 ≠ 10.82。

    依据
        《政府收支分类科目》的类、款、项层级；部门决算报表的表内平衡公式。
    """

    code = "AU110"
    name = "table-hierarchy-mismatch"
    severity = Severity.ERROR
    kinds = (RelationKind.TABLE_HIERARCHY,)

    def message(self, relation: StatementRelation) -> str:
        return (f"表“{relation.table}”中“{relation.row}” {relation.stated} 不等于其下级科目"
                f"之和 {relation.computed}。")


class TableTextMismatch(_StatementRule):
    """正文所写金额与表格中同一项目的金额不符。

    检查内容
        正文在金额前直接写出表格中某一行的名称（“本年收入合计 307.82 万元”“一般公共服务
        支出（类）264.87 万元”“人员经费 95.36 万元”），该金额（换算到表格单位）应等于表中
        该行的金额。只比较该项的本期数：句中写增减、上年、预算数的金额不比较；同名的行在
        几张表中金额各不相同时不报（那是 AU112 的事）。

    为什么重要
        说明部分是对表格的文字解读，数字不一致时读者无从判断哪一个是对的；这是决算公开
        审核中最常见的错误之一。

    示例
        正文“本年支出合计 317.82 万元”，收入支出决算总表“本年支出合计 307.82” —— 报告在
        正文的金额上，并指向表中的单元格。

    依据
        财政部关于部门决算公开的要求：情况说明应与公开报表数据一致。
    """

    code = "AU111"
    name = "table-text-mismatch"
    severity = Severity.ERROR
    kinds = (RelationKind.TABLE_TEXT,)

    def message(self, relation: StatementRelation) -> str:
        return (f"正文所写“{relation.row}” {relation.stated} 与表“{relation.table}”中的 "
                f"{relation.computed} 不符。")


class CrossTableMismatch(_StatementRule):
    """同一项目在两张表中的金额不一致。

    检查内容
        两张口径相同的表（同为收入或同为支出，资金范围相同，如收入支出决算总表的支出部分与
        支出决算表）中名称相同的一级项目，以及两张表的收入合计、支出合计，金额应相同。
        口径不同的表（全部资金与财政拨款、收入与支出）不相互比较。

    为什么重要
        同一数字在两张表里不同，至少有一张表填错；部门决算的表间核对公式正是这样要求的。

    示例
        收入支出决算总表“一、一般公共服务支出 264.87”，支出决算表“201 一般公共服务支出
        246.87” —— 报告在后一张表的单元格上。

    依据
        财政部《部门决算报表编制说明》中的表间核对公式。
    """

    code = "AU112"
    name = "cross-table-mismatch"
    severity = Severity.ERROR
    kinds = (RelationKind.TABLE_TABLE,)

    def message(self, relation: StatementRelation) -> str:
        return (f"表“{relation.table}”中“{relation.row}” {relation.stated} 与 {relation.computed} "
                f"不一致。")


class BlankTableWithAmounts(_StatementRule):
    """表格留空，正文却写有该项的金额。

    检查内容
        一张表的单元格全部为空（或只有表头），或某一行的单元格为空，而正文写明了该表某一列
        或该行的非零金额（如“三公”经费表为空，正文却写“因公出国（境）费 2.50 万元”）。
        正文写“0 万元”或写“无此项支出”的，与空表一致，不报。

    为什么重要
        表格漏填数字而说明里写了金额，公开的报表就与说明矛盾；常见于复制上年模板后只改了
        文字。

    示例
        财政拨款“三公”经费支出决算表只有表头，正文“公务接待费 1.20 万元”。

    依据
        财政部关于部门决算公开的要求：无数据的表应注明“本表无数据”，有数据的不得空表公开。
    """

    code = "AU113"
    name = "blank-table-with-amounts"
    severity = Severity.WARNING
    kinds = (RelationKind.TABLE_BLANK,)

    def message(self, relation: StatementRelation) -> str:
        return (f"表“{relation.table}”中“{relation.row}”为空，但正文写明了 {relation.computed}。")

"""The budget figures of a 绩效自评表's total row as facts, for comparing the table with
what the prose says about the same project."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from auditor.extract.relations.table_cells import CellPlace, TableContext, table_rows
from auditor.extract.tables import Role, Table, recognise_blocks
from auditor.lexicon import alternation
from auditor.types import Quantity, Span

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument


#: Budget columns as fact attributes (the prose side binds 预算 / 支出 / 执行率 the same way).
TABLE_ATTRIBUTES = {
    Role.BUDGET_INITIAL: "budget",
    Role.BUDGET_FULL: "budget",
    Role.SPENT: "spent",
    Role.RATE: "exec_rate",
}
_TOTAL_ROW = regex.compile(rf"资金总额|{alternation('cues', 'total_row', 'subtotal_row')}|总额|^项目资金$")


@dataclass(frozen=True)
class TableFact:
    """A figure of a 绩效自评表's budget block: the project's (scope's) total row."""

    scope: str
    attribute: str
    role: Role
    quantity: Quantity
    span: Span
    place: CellPlace


def table_facts(doc: AnalysedDocument, tables: Sequence[Table]) -> list[TableFact]:
    """The budget figures of each table's total row (年度资金总额 …), with the 项目名称 as
    scope, for comparing the table with what the prose says about the same project."""
    facts: list[TableFact] = []
    for table in tables:
        context = TableContext(doc, table)
        if not context.scope:
            continue
        for block in recognise_blocks(table):
            if block.kind != "budget":
                continue
            for row in table_rows(context, block):
                if not _TOTAL_ROW.search(row.label):
                    continue
                for role, figure in row.figures.items():
                    attribute = TABLE_ATTRIBUTES.get(role)
                    if attribute is None or figure.operator:
                        continue
                    cell = row.cells[role]
                    facts.append(TableFact(context.scope, attribute, role, figure.quantity,
                                           context.span(cell), context.place(block, row.row, role)))
    return facts

"""Table relations as checks and findings: which rule reports which kind, in what words.

The extract stage evaluates what a table states (:mod:`auditor.extract.relations.table`)
and tags each relation with its kind only; a rule asks for the kinds it owns, and the
message naming the table, row and column is written here, in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.extract.relations.base import RelationKind
from auditor.extract.relations.table_cells import TableRelation
from auditor.extract.tables import Role
from auditor.rules.readings_text import readings_tried
from auditor.types import Check, CheckStatus, Finding

if TYPE_CHECKING:
    from auditor.extract.extraction import Extraction
    from auditor.rules.base import Rule

#: the check kind recorded in ``checks`` for each table relation kind
CHECK_KINDS = {
    RelationKind.TABLE_RATE: "rate",
    RelationKind.TABLE_SCORE: "score",
    RelationKind.TABLE_COLUMN_SUM: "sum",
    RelationKind.TABLE_DEVIATION: "deviation",
}
_SUM_OF = {Role.SCORE: "各项得分", Role.WEIGHT: "各项分值"}


def table_message(relation: TableRelation) -> str:
    """The Chinese explanation of a table relation, naming table, row and column."""
    where = relation.place.shown()
    ops = {operand.role: operand for operand in relation.operands}

    def shown(role: str) -> str:
        return " ".join(ops[role].quantity.text.split())

    if relation.kind is RelationKind.TABLE_RATE:
        verdict = "与本行数字相符" if relation.holds else "与本行数字不符"
        return (f"{where}所填执行率 {shown('rate')} {verdict}：{ops['part'].label} {shown('part')} ÷ "
                f"{ops['whole'].label} {shown('whole')} = {relation.computed}。")
    if relation.kind is RelationKind.TABLE_SCORE:
        verdict = "相符" if relation.holds else "不符"
        return (f"{where}所填得分 {shown('score')} 与“得分 = 执行率 × 分值（不超过分值）”{verdict}："
                f"{shown('rate')} × {shown('weight')} = {relation.computed}。")
    if relation.kind is RelationKind.TABLE_COLUMN_SUM:
        verdict = "等于" if relation.holds else "不等于"
        what = _SUM_OF.get(relation.column, "各分项") if relation.column else "各分项"
        return (f"{where}的{ops['total'].label} {shown('total')} {verdict}{what}之和 "
                f"{relation.computed}。")
    if relation.kind is RelationKind.TABLE_DEVIATION:
        return (f"{where}：指标“{ops['actual'].label}”实际完成值 {shown('actual')} 未达到年度指标值 "
                f"{relation.computed}，但“偏差原因”列为空。")
    return f"{where}：{relation.detail}"


def table_items(rule: Rule, extraction: Extraction, *kinds: RelationKind) -> Iterator[Finding | Check]:
    """Checks (and findings for failures) of the table relations of ``kinds``.

    The cell goes into the evidence so two wrong cells with the same text keep distinct
    fingerprints.
    """
    wanted = set(kinds)
    for relation in extraction.table_relations:
        if relation.kind not in wanted:
            continue
        status = CheckStatus.PASS if relation.holds else CheckStatus.FAIL
        yield Check(CHECK_KINDS.get(relation.kind, "table"), status, relation.span, relation.detail,
                    relation.related)
        if not relation.holds:
            yield rule.finding(relation.span, table_message(relation), related=relation.related,
                               evidence={"kind": CHECK_KINDS.get(relation.kind, relation.kind.value),
                                         "scope": relation.scope, "relation": relation.detail,
                                         "cell": f"{relation.span.cell}",
                                         "readings": readings_tried(relation)})

"""Restatements: the same figure stated twice in one document, compared.

Two money facts are the same figure when they share scope and attribute, their labels
(the words before the figure in its clause, without the attribute word and without
generic words such as 本部门/年度/实际/资金) are equal and specific (two characters at
least), their sentences have the same subject (first clause) and do not name different
years, and — for department-level figures — they sit in the same section. Precision
over recall: a figure whose label says nothing of its own is not compared.

A second kind: statements of "项目 N 个 … 金额 X" — the amount of the same N projects
must agree wherever it is stated.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import interval_of
from auditor.extract.facts import DEPARTMENT_SCOPE, MONEY_ATTRIBUTES, FactTable, PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    single_reading,
)
from auditor.extract.relations.context import LABEL_REACH
from auditor.extract.relations.named import named_figures
from auditor.extract.relations.rate import RateRelation, operand
from auditor.extract.relations.repeated import place_test, repeated_figures
from auditor.extract.relations.table_facts import TableFact
from auditor.extract.relations.titled import titled_figures
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from auditor.document import AnalysedDocument
    from auditor.extract.period import Period
    from auditor.extract.relations.context import FigureContext

_RE_CLAUSE_MARK = regex.compile(r"[,，;；:：。]")

_GENERIC = regex.compile(
    r"本部门|我部门|本单位|我单位|部门整体|整体|本年度|年度|全年|实际|资金|总|金额|合计|数|为|的|共|累计|达到?|"
    r"[\s,，、:：;；()（）]|\d{4}\s*年|其中"
)
_FIGURE = regex.compile(r"[\d.]+\s*(?:万|亿)?(?:元|%|个|人|项)?")
_SELF = regex.compile(r"本部门|我部门|本单位|我单位")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年)")
_PROJECT_COUNT = regex.compile(r"项目\s*$|项目[^,，。;；]{0,6}$")
_AMOUNT_CUE = regex.compile(r"金额|资金|预算")


#: why two statements were taken for one figure, by the basis that paired them
_BASIS_ASSUMPTION = {"same-wording": Assumption.SAME_PASSAGE, "same-name": Assumption.SAME_NAME}


@dataclass(frozen=True)
class Restatement:
    """Two statements of what should be one figure."""

    first: PlacedFact
    second: PlacedFact
    holds: bool
    basis: str  # "same-label" | "project-amount"

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.RESTATEMENT`."""
        return RelationKind.RESTATEMENT

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The first statement, then the later one."""
        return operand("first", self.first), operand("second", self.second)

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The reading the relation was decided under: what made the two one figure."""
        basis = _BASIS_ASSUMPTION.get(self.basis, Assumption.ATTRIBUTE_WORDS)
        return single_reading(self.operands, self.holds, self.detail, basis)


    @property
    def detail(self) -> str:
        """``97.43 万元 = 97.43万元 ✓`` or with ✗."""
        left = " ".join(self.first.fact.quantity.text.split())
        right = " ".join(self.second.fact.quantity.text.split())
        return f"{left} {'=' if self.holds else '≠'} {right}{' ✓' if self.holds else ' ✗'}"


def label_key(placed: PlacedFact) -> str:
    """The label with the attribute cue and generic words removed."""
    label = placed.label.replace(placed.fact.cue, "") if placed.fact.cue else placed.label
    return _GENERIC.sub("", label)


def _subject(doc: AnalysedDocument, facts: FactTable, placed: PlacedFact) -> str:
    """What the figure is about: the first clauses of its paragraph and of its sentence,
    without figures and generic words (``临港高新区……。政府性基金收入安排…``)."""
    segment = facts.segments[placed.segment]
    sentence = doc.sentences[segment.sentence]
    paragraph = doc.paragraphs[sentence.paragraph].text
    # the first clause, at most LABEL_REACH characters of it (a paragraph without punctuation
    # is one clause, and this runs for every figure)
    clauses = [_RE_CLAUSE_MARK.split(text[:LABEL_REACH], maxsplit=1)[0]
               for text in (paragraph, sentence.text)]
    return "|".join(_GENERIC.sub("", _FIGURE.sub("", clause)) for clause in clauses)


def _section_of(starts: list[int], placed: PlacedFact) -> int:
    """The nearest heading before a department-level figure (-1 for a named project).

    Budget reports state 全市 and 市级 figures with the same words under different headings,
    so department-level figures are compared only within one section; a named project is
    the same project anywhere in the report.
    """
    if placed.fact.scope != DEPARTMENT_SCOPE:
        return -1
    index = bisect.bisect_right(starts, placed.flow_start) - 1
    return starts[index] if index >= 0 else -1


def _sentence_text(doc: AnalysedDocument, facts: FactTable, placed: PlacedFact) -> str:
    return doc.sentences[facts.segments[placed.segment].sentence].text


def _sentence_years(doc: AnalysedDocument, facts: FactTable, placed: PlacedFact) -> frozenset[str]:
    segment = facts.segments[placed.segment]
    return _years_in(doc.sentences[segment.sentence].text)


@lru_cache(maxsize=1024)
def _years_in(text: str) -> frozenset[str]:
    """The years a sentence names (asked for every figure of it: found once)."""
    return frozenset(_YEAR.findall(text))


def _same_context(ctx: FigureContext, a: PlacedFact, b: PlacedFact) -> bool:
    """Same scope (全市 / 市直 …) and no different years in the sentences around them
    (``2022 年，…；省级部门预算安排 X`` — the year is a clause before)."""
    if ctx.scope_near(a.flow_start) != ctx.scope_near(b.flow_start):
        return False
    years_a, years_b = _years_near(ctx, a), _years_near(ctx, b)
    return not (years_a and years_b and years_a != years_b)


def _years_near(ctx: FigureContext, placed: PlacedFact) -> frozenset[str]:
    return ctx.years_near(placed.flow_start)


def _agree(a: PlacedFact, b: PlacedFact) -> bool:
    """Whether two statements of one figure agree. Two bounds with the same qualifier
    (``限额 43.70 亿元以内`` / ``47.30 亿元以内``) state one limit: their numbers must agree."""
    qa, qb = a.fact.quantity, b.fact.quantity
    if qa.qualifier and qa.qualifier == qb.qualifier:
        qa, qb = replace(qa, qualifier=""), replace(qb, qualifier="")
    return interval_of(qa).meets(interval_of(qb))


def _exact_money(placed: PlacedFact) -> bool:
    quantity = placed.fact.quantity
    return quantity.kind is QuantityKind.MONEY and quantity.is_exact


def restatements(doc: AnalysedDocument, facts: FactTable, ctx: FigureContext | None = None,
                 period: Period | None = None) -> list[Restatement]:
    """Pairs of statements of the same figure (each later statement against the first):
    same attribute and label within a scope, the same project count, and (with ``ctx``)
    any money figure stated twice in the same specific words."""
    groups: dict[tuple[str, str, str, str, int], list[PlacedFact]] = defaultdict(list)
    starts = [h.start for h in doc.headings]
    for placed in facts.facts:
        if placed.fact.attribute not in MONEY_ATTRIBUTES or not _exact_money(placed):
            continue
        key = label_key(placed)
        if len(key) >= 2:
            groups[(placed.fact.scope, placed.fact.attribute, key, _subject(doc, facts, placed),
                    _section_of(starts, placed))].append(placed)
        elif placed.fact.scope == DEPARTMENT_SCOPE and _SELF.search(_sentence_text(doc, facts, placed)):
            # "本部门……预算资金 X，实际支出 Y": the department's own totals, comparable anywhere.
            groups[(placed.fact.scope, placed.fact.attribute, "部门合计", "", -1)].append(placed)
        # Otherwise the label has no words of its own and cannot tell which figure this is.
    found: list[Restatement] = []
    for members in groups.values():
        first = members[0]
        for other in members[1:]:
            if other.segment == first.segment:
                continue
            years_a = _sentence_years(doc, facts, first)
            years_b = _sentence_years(doc, facts, other)
            if years_a and years_b and years_a != years_b:
                continue
            if ctx is not None and not _same_context(ctx, first, other):
                continue
            found.append(Restatement(first, other, _agree(first, other), "same-label"))
    found.extend(_project_amounts(facts))
    if ctx is not None:
        compared = frozenset(p.flow_start for pair in found for p in (pair.first, pair.second))
        for first, other in repeated_figures(ctx, period, compared):
            if first.fact.quantity.kind in (QuantityKind.MONEY, QuantityKind.PERCENT, QuantityKind.COUNT):
                found.append(Restatement(first, other, _agree(first, other), "same-wording"))
        compared = frozenset(p.flow_start for pair in found for p in (pair.first, pair.second))
        for first, other in named_figures(ctx, place_test(ctx, period), compared):
            found.append(Restatement(first, other, _agree(first, other), "same-name"))
        compared = frozenset(p.flow_start for pair in found for p in (pair.first, pair.second))
        for first, other in titled_figures(ctx, compared):
            found.append(Restatement(first, other, _agree(first, other), "same-name"))
    return found


def _project_amounts(table: FactTable) -> list[Restatement]:
    """``项目 N 个 … 金额 X`` statements with the same N compared with each other."""
    by_count: dict[str, list[PlacedFact]] = defaultdict(list)
    for segment in table.segments:
        facts = table.in_segment(segment.index)
        for index, placed in enumerate(facts):
            quantity = placed.fact.quantity
            if quantity.kind is not QuantityKind.COUNT or quantity.unit != "个":
                continue
            if not _PROJECT_COUNT.search(placed.label):
                continue
            amount = next((f for f in facts[index + 1:] if _exact_money(f)
                           and _AMOUNT_CUE.search(f.label)), None)
            if amount is not None:
                by_count[f"{quantity.mantissa}"].append(amount)
            break
    found = []
    for amounts in by_count.values():
        first = amounts[0]
        for other in amounts[1:]:
            found.append(Restatement(first, other, _agree(first, other), "project-amount"))
    return found


@dataclass(frozen=True)
class TableTextRelation:
    """A 绩效自评表 total (预算/执行数/执行率) against what the prose says of the same project."""

    table: TableFact
    prose: tuple[PlacedFact, ...]
    holds: bool

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.TABLE_TEXT`."""
        return RelationKind.TABLE_TEXT

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The table cell's figure, then each prose statement of it."""
        return (Operand("cell", self.table.quantity, -1, self.table.place.shown()),
                *(operand("prose", p) for p in self.prose))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The reading the relation was decided under."""
        return single_reading(self.operands, self.holds, self.detail, Assumption.CELL,
                              Assumption.ATTRIBUTE_WORDS)

    @property
    def detail(self) -> str:
        """``表1第4行“执行率”列 85% ≠ 正文 80% ✗``."""
        stated = "、".join(" ".join(p.fact.quantity.text.split()) for p in self.prose)
        mark = "=" if self.holds else "≠"
        verdict = " ✓" if self.holds else " ✗"
        return f"{self.table.place.shown()} {self.table.quantity.text} {mark} 正文 {stated}{verdict}"


def table_text_relations(doc: AnalysedDocument, facts: FactTable, table_side: Sequence[TableFact],
                         rates: Sequence[RateRelation], slipped: frozenset[int]
                         ) -> list[TableTextRelation]:
    """Each table total compared with the prose figures of the same project and attribute.

    The prose agrees when one of its statements meets the table figure (a prose 预算 may be
    the table's 年初 or 全年 预算数). In a 项目支出 report the report's own figures (scope
    部门整体) are the project's.
    """
    from auditor.text.sections import PROJECT_REPORT, detect_report_type

    if not table_side:
        return []
    project_report = detect_report_type(doc) == PROJECT_REPORT
    # A prose figure already reported — a unit slip (AU101) or a rate that contradicts its
    # own figures (AU102) — is not compared again: one defect, one finding.
    reported = slipped | {r.rate.fact.quantity.start for r in rates if not r.holds}
    relations: list[TableTextRelation] = []
    by_attribute: dict[tuple[str, str], list[TableFact]] = defaultdict(list)
    for fact in table_side:
        by_attribute[(fact.scope, fact.attribute)].append(fact)
    for (scope, attribute), cells in by_attribute.items():
        prose = tuple(
            p for p in facts.facts
            if p.fact.attribute == attribute and p.fact.quantity.is_exact
            and p.fact.quantity.start not in reported
            and p.fact.quantity.kind is cells[0].quantity.kind
            and (p.fact.scope == scope or (project_report and p.fact.scope == DEPARTMENT_SCOPE))
        )
        if not prose:
            continue
        agreeing = [t for t in cells
                    if all(_meets(t.quantity, p.fact.quantity) for p in prose)]
        shown = agreeing[0] if agreeing else cells[-1]
        relations.append(TableTextRelation(shown, prose, bool(agreeing)))
    return relations


def _meets(table: Quantity, prose: Quantity) -> bool:
    return interval_of(table).meets(interval_of(prose))

"""Comparison wording a report states: 决算数小于预算数, 实际完成值超过目标值, 持平.

A comparison names two *sides* (决算数 / 全年预算数 / 实际完成值 / 目标值 …) and a
comparator (大于 / 小于 / 超过 / 低于 / 等于 / 持平 …). Each side's figure is the nearest
earlier ``side-term [为] figure`` in the same sentence or the sentences before it, never
crossing a heading (an item ``3、…`` of a 决算 说明 has its own figures) and never more
than three sentences back. A side written with a qualifier (全年预算数) binds only a figure
with the same qualifier; a bare 预算数 prefers the adjusted budget (全年/调整后), which is
what 决算 reports compare against; when budgets with other qualifiers would give another
verdict the binding is marked uncertain.

Strict comparisons are judged with interval tolerance. ``决算数大于预算数`` with two
figures equal as written is not a certain contradiction (the unrounded values may differ)
but it is not what the reader sees either: it fails as uncertain. When no budget figure
is written, ``收入8.81亿元，完成预算的93.23%`` decides how 执行数 compares with 预算数.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import HUNDRED, Interval, interval_of
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    single_reading,
)
from auditor.extract.relations.change import shown
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures

#: side term → (role, qualifier); qualifier "" is a bare term
SIDE_TERMS: dict[str, tuple[str, str]] = {
    "调整后预算数": ("budget", "adjusted"), "调整后预算": ("budget", "adjusted"),
    "调整预算数": ("budget", "adjusted"), "调整预算": ("budget", "adjusted"),
    "全年预算数": ("budget", "adjusted"), "全年预算": ("budget", "adjusted"),
    "年初预算数": ("budget", "initial"), "年初预算": ("budget", "initial"),
    "预算数": ("budget", ""), "预算": ("budget", ""),
    "支出决算数": ("spent", ""), "支出决算": ("spent", ""), "决算支出": ("spent", ""),
    "决算数": ("spent", ""), "实际支出数": ("spent", ""), "实际支出": ("spent", ""),
    "支出数": ("spent", ""), "执行数": ("spent", ""),
    "年度目标值": ("target", ""), "目标值": ("target", ""), "指标值": ("target", ""),
    "计划值": ("target", ""),
    "实际完成值": ("actual", ""), "实际完成数": ("actual", ""), "完成值": ("actual", ""),
    "实际值": ("actual", ""),
}
GREATER = ("大于", "高于", "超过", "超出", "多于")
LESS = ("小于", "低于", "少于", "不足")
EQUAL = ("等于", "持平", "相等", "相同", "一致")

_TERMS = "|".join(sorted(SIDE_TERMS, key=len, reverse=True))
_NO_SPECIFIC_PREFIX = r"(?:(?<=^|[^\p{Han}])|(?<=引起|导致|造成|使得|致使|由于|因此|原因[是为:：]?|即))"
_SIDE_END = r"(?![\p{Han}])|(?=的|是|主要|而|,|，)"
_COMPARISON = regex.compile(
    rf"{_NO_SPECIFIC_PREFIX}(?P<a>{_TERMS})[ \t]*"
    rf"(?:(?P<op>{'|'.join(GREATER + LESS + ('等于',))})[ \t]*(?P<b>{_TERMS})(?:{_SIDE_END})"
    rf"|(?:与|和|同)[ \t]*(?P<b2>{_TERMS})[ \t]*(?:相比|相较)?[ \t]*(?P<eq>{'|'.join(EQUAL)}))"
)
_BASIC = regex.compile(r"(?:基本|大致|总体|大体|略)[ \t]*$")
#: ``收入8.81亿元，完成预算的93.23%``: the executed amount and how much of the budget it is
_COMPLETION = regex.compile(
    r"^[ \t]*[,，]?[ \t]*完成(?P<q>年初|全年|调整后|调整)?预算(?:数)?的[ \t]*$"
)
_QUALIFIER_WORDS = {"年初": "initial", "全年": "adjusted", "调整后": "adjusted", "调整": "adjusted"}
_LINK = regex.compile(rf"(?P<term>{_TERMS})[ \t]*(?:为|是|达到|达|共计|:|：)?[ \t]*$")
#: 100 % exactly (the budget itself), for 完成预算的P% against it
_HUNDRED_PERCENT = Quantity(0, 0, "100%", HUNDRED, 12, "%", Decimal(1), QuantityKind.PERCENT)


@dataclass(frozen=True)
class SideValue:
    """A figure bound to a comparison side."""

    term: str
    role: str
    qualifier: str
    quantity: Quantity
    flow_start: int


@dataclass(frozen=True)
class ComparisonRelation:
    """One comparison statement with the two figures it was checked against."""

    start: int
    end: int
    text: str
    operator: str
    left: SideValue
    right: SideValue
    holds: bool
    certain: bool
    #: True when the right side is ``完成预算的P%`` (the budget is C ÷ P): the comparison
    #: is P against 100%
    by_rate: bool = False
    #: the other bindings a bare side term allows (预算数: 年初 or 全年), each checked
    alternatives: tuple[Reading, ...] = ()

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.COMPARISON`."""
        return RelationKind.COMPARISON

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The left side's figure, then the right side's."""
        return (Operand("left", self.left.quantity, self.left.flow_start, self.left.term),
                Operand("right", self.right.quantity, self.right.flow_start, self.right.term))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The reading the relation was decided under, then the other bindings tried."""
        return single_reading(self.operands, self.holds, self.detail, Assumption.ATTRIBUTE_WORDS,
                              score=1.0 if self.certain else 0.5) + self.alternatives

    @property
    def detail(self) -> str:
        """The comparison with the verdict, e.g. ``51.32万元 < 52.00万元（所述“决算数小于全年预算数”）✓``."""
        symbol = {"greater": ">", "less": "<", "equal": "="}[self.operator]
        left, right = self.left.quantity, self.right.quantity
        verdict = "✓" if self.holds else "✗"
        if self.by_rate:
            return (f"{self.left.term} {shown(left)}，{self.right.term}{shown(right)}，"
                    f"即{self.left.term} {symbol} 预算数（所述“{self.text}”）{verdict}")
        note = ""
        if self.operator != "equal" and self.equal_as_written():
            note = "（按所写数字两数相等）"
        return (f"{self.left.term} {shown(left)} {symbol} {self.right.term} {shown(right)}"
                f"（所述“{self.text}”）{note}{verdict}")

    def equal_as_written(self) -> bool:
        """True when the two compared figures are equal as written."""
        left, right = self._compared()
        return interval_of(left).meets(interval_of(right))

    def _compared(self) -> tuple[Quantity, Quantity]:
        if self.by_rate:
            return self.right.quantity, _HUNDRED_PERCENT
        return self.left.quantity, self.right.quantity


def operator_of(word: str) -> str:
    """greater / less / equal for a comparator word."""
    if word in GREATER:
        return "greater"
    if word in LESS:
        return "less"
    return "equal"


def _holds(operator: str, left: Interval, right: Interval) -> bool:
    """The comparison holds for some values the two written figures can stand for.

    大于/小于 between two figures that are equal as written is not a contradiction here:
    it is judged separately (``_equal_as_written``) and reported as uncertain.
    """
    if operator == "equal":
        return left.meets(right)
    if operator == "greater":
        return left.high is None or right.low is None or left.high > right.low
    return left.low is None or right.high is None or left.low < right.high


def _judge(operator: str, left: Quantity, right: Quantity) -> tuple[bool, bool]:
    """(holds, certain): a strict comparison of figures equal as written (``决算数大于预算数``
    with 500.00 and 500.00, or 完成预算的100.00%) contradicts what the reader sees, but
    the unrounded values may differ, so it is reported as uncertain."""
    a, b = interval_of(left), interval_of(right)
    if not _holds(operator, a, b):
        return False, True
    if operator != "equal" and left.mantissa * left.multiplier == right.mantissa * right.multiplier:
        return False, False
    return True, True


def _window_start(doc: AnalysedDocument, sentence_index: int, position: int) -> int:
    first = doc.sentences[max(0, sentence_index - 3)].start
    heading_starts = [h.start for h in doc.headings]
    index = bisect.bisect_right(heading_starts, position) - 1
    if index >= 0:
        first = max(first, heading_starts[index])
    return first


def side_values(doc: AnalysedDocument, figures: Figures, start: int, end: int) -> list[SideValue]:
    """Every ``side-term [为] figure`` in the flow range, in order."""
    text = doc.flow.text
    values = []
    for placed in figures.quantities_in(start, end):
        before = text[max(start, placed.flow_start - 12):placed.flow_start]
        match = _LINK.search(before)
        if match is None:
            continue
        term = match.group("term")
        role, qualifier = SIDE_TERMS[term]
        values.append(SideValue(term, role, qualifier, placed.quantity, placed.flow_start))
    return values


def _choose(term: str, values: list[SideValue]) -> tuple[SideValue | None, list[SideValue]]:
    """The value for a side term, plus other candidates a bare term could also mean."""
    role, qualifier = SIDE_TERMS[term]
    same_role = [v for v in values if v.role == role]
    if qualifier:
        exact = [v for v in same_role if v.qualifier == qualifier]
        return (exact[-1] if exact else None), []
    if not same_role:
        return None, []
    preferred = [v for v in same_role if v.qualifier == "adjusted"] or \
        [v for v in same_role if v.qualifier == ""] or same_role
    chosen = preferred[-1]
    alternatives = [v for v in same_role if v.qualifier != chosen.qualifier]
    return chosen, alternatives


def _comparable(a: Quantity, b: Quantity) -> bool:
    if a.kind is not b.kind:
        return False
    return a.kind is QuantityKind.MONEY or a.unit == b.unit


def comparison_relations(doc: AnalysedDocument, figures: Figures) -> list[ComparisonRelation]:
    """Every comparison statement whose two figures can be bound, evaluated."""
    relations: list[ComparisonRelation] = []
    text = doc.flow.text
    for index, sentence in enumerate(doc.sentences):
        for match in _COMPARISON.finditer(text, sentence.start, sentence.end):
            word = match.group("op") or match.group("eq")
            if match.group("eq") and _BASIC.search(text, sentence.start, match.start("eq")):
                continue
            left_term = match.group("a")
            right_term = match.group("b") or match.group("b2")
            if SIDE_TERMS[left_term][0] == SIDE_TERMS[right_term][0]:
                continue
            window_start = _window_start(doc, index, match.start())
            values = side_values(doc, figures, window_start, match.start())
            left, left_alternatives = _choose(left_term, values)
            right, right_alternatives = _choose(right_term, values)
            operator = operator_of(word)
            if left is None or right is None or not _comparable(left.quantity, right.quantity):
                relation = _by_completion_rate(doc, figures, window_start, match, left_term,
                                               right_term, operator)
                if relation is not None:
                    relations.append(relation)
                continue
            if not (left.quantity.is_exact and right.quantity.is_exact):
                continue
            holds, certain = _judge(operator, left.quantity, right.quantity)
            others = [(a, b) for a in [left, *left_alternatives] for b in [right, *right_alternatives]
                      if (a, b) != (left, right) and _comparable(a.quantity, b.quantity)]
            verdicts = {holds} | {_judge(operator, a.quantity, b.quantity)[0] for a, b in others}
            alternatives = tuple(_alternative(match.group(0), operator, a, b) for a, b in others)
            relations.append(ComparisonRelation(
                match.start(), match.end(), match.group(0), operator, left, right, holds,
                certain=certain and len(verdicts) == 1, alternatives=alternatives,
            ))
    return relations


def _alternative(text: str, operator: str, left: SideValue, right: SideValue) -> Reading:
    """Another binding of the two sides (a budget with another qualifier), checked."""
    relation = ComparisonRelation(0, 0, text, operator, left, right,
                                  _judge(operator, left.quantity, right.quantity)[0], False)
    return relation.readings[0]


def _by_completion_rate(doc: AnalysedDocument, figures: Figures, window_start: int,
                        match: regex.Match[str],
                        left_term: str, right_term: str, operator: str
                        ) -> ComparisonRelation | None:
    """``收入8.81亿元，完成预算的93.23%。执行数大于预算数``: no budget figure is written,
    but the completion rate says how the executed amount compares with it."""
    left_role, _ = SIDE_TERMS[left_term]
    right_role, right_qualifier = SIDE_TERMS[right_term]
    if {left_role, right_role} != {"spent", "budget"}:
        return None
    text = doc.flow.text
    placed = [p for p in figures.quantities_in(window_start, match.start())
              if p.flow_end <= match.start()]
    for amount, rate in reversed(list(itertools.pairwise(placed))):
        completion = _COMPLETION.match(text[amount.flow_end:rate.flow_start])
        if completion is None or rate.quantity.kind is not QuantityKind.PERCENT \
                or amount.quantity.kind is not QuantityKind.MONEY:
            continue
        if not (rate.quantity.is_exact and amount.quantity.is_exact):
            return None
        qualifier = _QUALIFIER_WORDS.get(completion.group("q") or "", "")
        budget_qualifier = right_qualifier if right_role == "budget" else SIDE_TERMS[left_term][1]
        if budget_qualifier and qualifier and budget_qualifier != qualifier:
            return None
        spent = SideValue(left_term if left_role == "spent" else right_term, "spent", "",
                          amount.quantity, amount.flow_start)
        budget = SideValue("完成预算的", "budget", qualifier, rate.quantity, rate.flow_start)
        if left_role != "spent":
            operator = {"greater": "less", "less": "greater"}.get(operator, operator)
        holds, certain = _judge(operator, rate.quantity, _HUNDRED_PERCENT)
        return ComparisonRelation(
            match.start(), match.end(), match.group(0), operator, spent, budget, holds,
            certain=certain and budget_qualifier == qualifier, by_rate=True,
        )
    return None

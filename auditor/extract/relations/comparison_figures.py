"""Comparisons written between two figures: ``实际支出 238.60 万元，少于年初预算 255.00 万元``,
``增长 6.2%，高于全省 5.8% 的平均水平`` — the comparator stands right after one figure (a
comma and an adverb at most between) and before the next figure of its clause (a few words
naming it between). The two figures must be of one kind (money, or the same unit: a
difference in 个百分点 is not a rate, and a 个百分点 figure after the comparator says by how
much, not the other side), so the wording can be checked against them whatever
the figures are called; see :mod:`.comparison` for comparisons between named sides.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import regex

from auditor.extract.relations.change import POINTS_UNIT
from auditor.extract.relations.comparison import (
    GREATER,
    LESS,
    ComparisonRelation,
    SideValue,
    _comparable,
    _judge,
    operator_of,
)
from auditor.types import Quantity

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures, PlacedQuantity

_PACE = {"快于": "高于", "慢于": "低于"}
_WORD = regex.compile("|".join(sorted((*GREATER, *LESS, *_PACE), key=len, reverse=True)))
#: between the first figure and the comparator: a comma, an adverb
_LEFT_GAP = regex.compile(r"^[ \t]*[,，]?[ \t]*(?:均|都|仍然?|也|明显|略|远)?[ \t]*$")
#: between the comparator and the second figure: a few words naming it, no clause mark
_RIGHT_GAP = regex.compile(r"^[^,，;；。:：!?！？0-9%]{0,12}$")
_LABEL = regex.compile(r"[^,，;；。:：]{0,10}$")


def _label(text: str, start: int, placed: PlacedQuantity) -> str:
    match = _LABEL.search(text, max(start, placed.flow_start - 10), placed.flow_start)
    return "".join(match.group(0).split()) if match else ""


def _as_written(quantity: Quantity, word: str) -> Quantity:
    """The figure without the comparator its qualifier took (高于95% → 95%)."""
    if quantity.qualifier == word or quantity.text.lstrip().startswith(word):
        return replace(quantity, qualifier="", low=None, high=None)
    return quantity


def figure_comparisons(doc: AnalysedDocument, figures: Figures) -> list[ComparisonRelation]:
    """Every comparator written between two figures of one kind, judged."""
    text = doc.flow.text
    relations: list[ComparisonRelation] = []
    for sentence in doc.sentences:
        placed = figures.quantities_in(sentence.start, sentence.end)
        if len(placed) < 2:
            continue
        for match in _WORD.finditer(text, sentence.start, sentence.end):
            before = [p for p in placed if p.flow_end <= match.start()]
            after = [p for p in placed if p.flow_end > match.end()]
            if not before or not after:
                continue
            left, right = before[-1], after[0]
            if _LEFT_GAP.match(text[left.flow_end:match.start()]) is None:
                continue
            if right.flow_start > match.start() and \
                    _RIGHT_GAP.match(text[match.end():right.flow_start]) is None:
                continue
            word = match.group(0)
            if right.quantity.unit == POINTS_UNIT:
                continue  # 高于…2.5个百分点 is by how much, not the other side
            a, b = left.quantity, _as_written(right.quantity, word)
            if not (a.is_exact and b.is_exact and _comparable(a, b)):
                continue
            operator = operator_of(_PACE.get(word, word))
            holds, certain = _judge(operator, a, b)
            relations.append(ComparisonRelation(
                match.start(), match.end(), word, operator,
                SideValue(_label(text, sentence.start, left), "", "", a, left.flow_start),
                SideValue(_label(text, match.end(), right), "", "", b, right.flow_start),
                holds, certain))
    return relations

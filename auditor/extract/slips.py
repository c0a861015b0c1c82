"""Unit slips: an amount written at the wrong scale (``20.00 元`` for 20.00 万元).

Three kinds of evidence show one: a stated rate that holds only with the amount read at
the others' scale (:mod:`auditor.extract.rates`), a sum that does
(:mod:`auditor.extract.sums`), and the same digits written beside their 万元 twin in one
sentence (:func:`same_figure_slips`). AU101 reports them; other rules use
:func:`slipped_quantities` so that one slip yields one finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from auditor.extract.facts import MONEY_ATTRIBUTES, PlacedFact
from auditor.extract.rates import rate_relations
from auditor.extract.sums import share_relations, unit_slips
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument

_PER_UNIT = regex.compile(r"每|/|标准|单价|人均|户均|亩均")


def same_figure_slips(doc: AnalysedDocument) -> list[tuple[PlacedFact, PlacedFact]]:
    """``全年预算234.21万元，实际支出234.21元``: the same digits in one segment, one of them
    at a smaller scale than every other amount of the segment (per-unit amounts excluded)."""
    found = []
    for segment in doc.facts.segments:
        money = [f for f in doc.facts.in_segment(segment.index)
                 if f.fact.quantity.kind is QuantityKind.MONEY and f.fact.attribute in MONEY_ATTRIBUTES
                 and f.fact.quantity.is_exact and not _PER_UNIT.search(f.label)]
        scales = {f.fact.quantity.multiplier for f in money}
        if len(scales) != 2:
            continue
        small = min(scales)
        smaller = [f for f in money if f.fact.quantity.multiplier == small]
        if len(smaller) != 1 or len(money) < 2:
            continue
        slipped = smaller[0]
        twin = next((f for f in money if f is not slipped
                     and f.fact.quantity.mantissa == slipped.fact.quantity.mantissa
                     and f.fact.attribute != slipped.fact.attribute), None)
        if twin is not None:
            found.append((slipped, twin))
    return found


def slipped_quantities(doc: AnalysedDocument) -> frozenset[int]:
    """``id()`` of every quantity some evidence shows to be a unit slip."""
    rates = doc.memo("rate_relations", rate_relations) + doc.memo("share_relations", share_relations)
    found = {id(r.slipped.fact.quantity) for r in rates if r.slipped is not None}
    found |= {id(r.slipped.fact.quantity) for r in doc.memo("unit_slips", unit_slips)
              if r.slipped is not None}
    found |= {id(slipped.fact.quantity) for slipped, _ in doc.memo("same_figure_slips", same_figure_slips)}
    return frozenset(found)

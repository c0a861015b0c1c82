"""The changes of a closed list: when a total and every listed part state how much each
changed (``收入 10.93 亿元，同比减少 7.75 亿元，其中：税收收入 3.61 亿元，比上年减少 1 亿元；
非税收入 7.32 亿元，比上年减少 6.75 亿元``), the parts' changes add up to the total's as
their levels add up to the total (−1 − 6.75 = −7.75).

The list must be closed (see :mod:`.enumeration`), and the total and each top-level part
must state exactly one money change, measured against the same kind of base (the previous
period, or a plan) as all the others; a decrease counts negative. Anything else is left
alone: an open list's changes may point either way.
"""

from __future__ import annotations

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.context import LABEL_REACH, FigureContext
from auditor.extract.relations.enumeration import Enumeration
from auditor.extract.relations.enumeration_items import SumPart, compatible
from auditor.lexicon import alternation

_DOWN_BEFORE = regex.compile(
    rf"(?:{alternation('changes', 'down', spaced=True)})(?:到|至|为)?了?[ \t]*$")
_PLAN_BASE = regex.compile(alternation("cues", "plan"))
#: how far before a change figure its change word and base are read
_REACH = 24
SIGNAL_SUFFIX = "，各项增减额相加应等于合计的增减额"


def _change_in(ctx: FigureContext, start: int, end: int, like: PlacedFact) -> PlacedFact | None:
    """The one money change figure in ``[start, end)`` (None when none or several)."""
    found = [f for f in ctx.facts_in(start, end)
             if ctx.is_change(f) and compatible(f.fact.quantity, like.fact.quantity)]
    return found[0] if len(found) == 1 else None


def _sign_and_base(ctx: FigureContext, placed: PlacedFact) -> tuple[int, bool]:
    """(−1 for a decrease, +1 for an increase; whether it is measured against a plan)."""
    start = max(ctx.clause_start(placed.flow_start) - 1, placed.flow_start - _REACH, 0)
    before = ctx.text[start:placed.flow_start]
    sign = -1 if _DOWN_BEFORE.search(before) else 1
    return sign, _PLAN_BASE.search(before) is not None


def change_lists(ctx: FigureContext, lists: list[Enumeration]) -> list[Enumeration]:
    """The change of each closed list's total against the changes of its parts."""
    found = []
    for enumeration in lists:
        top = [p for p in enumeration.parts if p.depth == 0]
        if not enumeration.signal or len(top) < 2 or enumeration.nested:
            continue
        total = enumeration.total
        total_change = _change_in(ctx, total.flow_end, top[0].amount.flow_start, total)
        if total_change is None:
            continue
        sign, plan = _sign_and_base(ctx, total_change)
        bounds = [p.amount.flow_end for p in top[1:]]
        last = top[-1].amount
        sentence_end = min(ctx.sentence(last.flow_start).end, last.flow_end + LABEL_REACH)
        parts: list[SumPart] = []
        for part, end in zip(top, [p.amount.flow_start for p in top[1:]] + [sentence_end], strict=True):
            change = _change_in(ctx, part.amount.flow_end, end, total)
            if change is None:
                break
            part_sign, part_plan = _sign_and_base(ctx, change)
            if part_plan != plan:
                break
            parts.append(SumPart(change, part.label, None, 0, part.separator, part_sign * sign))
        if len(parts) != len(top) or not bounds:
            continue
        found.append(Enumeration(total_change, tuple(parts), enumeration.signal + SIGNAL_SUFFIX, False))
    return found

"""Parallel rate lists: ``货物、工程、服务采购规模分别为 A₁、A₂ 和 A₃，占全国采购规模的 P₁、P₂ 和
P₃`` states three shares at once, the i-th rate of the i-th amount (see :mod:`.rate`).

Read one by one, only P₁ has words before it, and its nearest amount is A₃; the others have
none. Read by position, Pᵢ = Aᵢ ÷ W for one whole W. W is not taken from the words: it is
the figure near the lists that most of the rates hold with. A rate is then decided only
when at least two others hold with that W (an odd one out among three or more is a finding;
two rates that disagree say nothing of which is wrong). A list of rates of plans (分别为调整
预算的 P₁、P₂), each item of its own plan, finds no common whole and stays silent.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption, Operand, Reading
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.rate_check import PairCheck, Part, Stated
from auditor.extract.relations.rate_cue import NOUN_RATES, Base, RateCue, rate_cue
from auditor.extract.relations.rate_whole import Whole, usable, whole_of
from auditor.extract.relations.readings import CONFIDENT
from auditor.types import QuantityKind

#: between two items of a list: ``、`` / ``和`` / ``及``
_JOIN = regex.compile(r"[ \t\n]*(?:、|和|及|与)[ \t\n]*")
#: the words before the first rate name a share or a rate of one figure (占…的 / 比例为 / 分别为…的)
_CUE = regex.compile(r"(?:占|比重|比例|的)[^,，;；。:：0-9%]{0,4}$")
#: a whole at least this many other rates hold with decides an odd one out
_AGREEING = 2
#: builds a rate relation (:class:`~.rate.RateRelation`, which imports this module)
Make = Callable[..., Any]


def parallel_relations(ctx: FigureContext, make: Make) -> list[Any]:
    """Relations for the rates of parallel lists, which replace any read one by one;
    ``make(rate, cue, part, whole, holds, readings, decided)`` builds one."""
    found = []
    percents = [f for f in ctx.facts if f.fact.quantity.kind is QuantityKind.PERCENT]
    index = 0
    while index < len(percents):
        run = _run(ctx, percents, index)
        index += len(run)
        if len(run) < 1 + _AGREEING or not (
                _CUE.search(ctx.text[max(0, run[0].flow_start - 30):run[0].flow_start])
                or run[0].fact.attribute in NOUN_RATES):
            continue
        amounts = _amounts_before(ctx, run[0], len(run))
        if amounts is None:
            continue
        found += _decide(ctx, run, amounts, make)
    return found


def _run(ctx: FigureContext, percents: Sequence[PlacedFact], index: int) -> list[PlacedFact]:
    """The percentages from ``index`` joined by list marks (P₁、P₂ 和 P₃)."""
    run = [percents[index]]
    for following in percents[index + 1:]:
        if not _JOIN.fullmatch(ctx.text, run[-1].flow_end, following.flow_start):
            break
        run.append(following)
    return run


def _amounts_before(ctx: FigureContext, first: PlacedFact, count: int) -> list[PlacedFact] | None:
    """The list of exactly ``count`` amounts nearest before ``first`` in its sentence or the
    one before, joined by list marks; None when there is none."""
    windows = ctx.windows(first.flow_start, 1, section=False)
    start = windows[-1].start if len(windows) > 1 else ctx.sentence(first.flow_start).start
    amounts = ctx.last_facts(start, first.flow_start, lambda f: usable(ctx, f), count + 1)
    if len(amounts) < count:
        return None
    listed = amounts[-count:]
    if any(not _JOIN.fullmatch(ctx.text, a.flow_end, b.flow_start) for a, b in itertools.pairwise(listed)):
        return None
    if len(amounts) > count and _JOIN.fullmatch(ctx.text, amounts[-count - 1].flow_end, listed[0].flow_start):
        return None  # a longer list: the positions do not line up
    kinds = {(a.fact.quantity.kind, a.fact.quantity.unit) for a in listed}
    return listed if len(kinds) == 1 else None


def _decide(ctx: FigureContext, run: list[PlacedFact], amounts: list[PlacedFact], make: Make
            ) -> list[Any]:
    stated = [Stated.of(rate.fact.quantity) for rate in run]
    parts = [Part.of(amount) for amount in amounts]
    best = None
    common = _common_wholes(ctx, run, amounts)
    # the third list first: one of its figures as everyone's whole holds no more often by chance
    for wholes in _own_wholes(ctx, amounts) + common:
        checks = [PairCheck(s, p, w)({}) for s, p, w in zip(stated, parts, wholes, strict=True)]
        count = sum(holds for holds, _, _ in checks)
        if best is None or count > best[0]:
            # a whole inferred for all needs two rates to agree on it; a third list, stated, is
            # the wholes as written, and one rate holding shows its positions line up
            best = (count, wholes, checks, _AGREEING if any(wholes is c for c in common) else 1)
    if best is None:
        return []
    count, wholes, checks, needed = best
    found = []
    cue = rate_cue(ctx, run[0]) or RateCue(Base.UNNAMED, "", "", "", True)
    for rate, part, whole, (holds, _, detail) in zip(run, amounts, wholes, checks, strict=True):
        others = count - (1 if holds else 0)
        if others < needed or whole.placed is None:
            continue
        operands = (Operand("rate", rate.fact.quantity, rate.flow_start, rate.label),
                    Operand("part", part.fact.quantity, part.flow_start, part.label),
                    Operand("whole", whole.placed.fact.quantity, whole.placed.flow_start, whole.text))
        reading = Reading(operands, (Assumption.SIBLING_RATE,), whole.score, holds,
                          detail if isinstance(detail, str) else detail())
        found.append(make(rate, cue, part, whole.placed, holds, (reading,), reading))
    return found


def _common_wholes(ctx: FigureContext, run: list[PlacedFact], amounts: list[PlacedFact]) -> list[list[Whole]]:
    """Each figure near the lists larger than every amount, as the one whole of every rate."""
    largest = max(a.fact.quantity.value for a in amounts)
    windows = ctx.windows(run[0].flow_start, 1, section=False)
    start = windows[-1].start if len(windows) > 1 else ctx.sentence(run[0].flow_start).start
    listed = {a.flow_start for a in amounts}
    candidates = ctx.last_facts(start, amounts[0].flow_start,
                                lambda f: f.flow_start not in listed and usable(ctx, f, amounts[0])
                                and f.fact.quantity.value > largest, 8)
    return [[whole_of(ctx, placed, CONFIDENT + 0.5, Assumption.SIBLING_RATE)] * len(amounts)
            for placed in candidates]


def _own_wholes(ctx: FigureContext, amounts: list[PlacedFact]) -> list[list[Whole]]:
    """A third list: as many figures of the amounts' kind right before them, in their sentence
    or the one before (其中：2023 年 B₁，2024 年 B₂，2025 年 B₃。…分别 A₁、A₂ 和 A₃，…分别为 P₁、P₂、
    P₃), the i-th the whole of the i-th rate; the rates then decide it as for one whole."""
    windows = ctx.windows(amounts[0].flow_start, 1, section=False)
    start = windows[-1].start if len(windows) > 1 else ctx.sentence(amounts[0].flow_start).start
    before = ctx.last_facts(start, amounts[0].flow_start, lambda f: usable(ctx, f, amounts[0]), len(amounts))
    if len(before) < len(amounts):
        return []
    return [[whole_of(ctx, placed, CONFIDENT + 0.5, Assumption.SIBLING_RATE) for placed in before]]

"""Sentences a report states twice: a summary and its chapter, a passage repeated in an
appended report (``国家重大水利工程建设基金收入决算数为 51693 万元，比上年决算数增加 …`` in
both the 决算 explanation and its notes).

Two sentences are one statement when their text is the same once every figure is masked
(a leading heading number aside), and all their figures but one at most are the same (a
one-figure sentence must be long enough to be distinctive, :data:`DISTINCT`). Parallel
sentences about other funds, scopes or years differ in those words, or in more than one
figure, and are not paired. The figures of a paired sentence are compared position by
position. Passages repeated inside sentences that differ around them are
:mod:`aligned` runs.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import interval_of
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.aligned import aligned_figures
from auditor.extract.relations.context import FigureContext
from auditor.lexicon import alternation
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from collections.abc import Callable

    from auditor.extract.period import Period

#: a one-figure sentence this long (masked, in characters) is distinctive on its own
DISTINCT = 30
#: a template repeated more often is boilerplate (一、…支出决算数为 X 万元 in every chapter)
MAX_REPEATS = 3

LEADING_MARK = regex.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]{1,2}[.、．]"
    r"|[①-⑳]|第[一二三四五六七八九十]+[章节部分])")
_SPACE = regex.compile(r"\s+")
#: a copula right before a figure: 总量为 X and 总量 X are the same words
_COPULA = regex.compile(rf"(?:{alternation('cues', 'copula')})[ \t]*$")


def _template(ctx: FigureContext, start: int, end: int, figures: list[PlacedFact]) -> str:
    pieces = []
    position = start
    for placed in figures:
        pieces.append(_COPULA.sub("", ctx.text[position:placed.flow_start]))
        pieces.append("#")
        position = placed.flow_end
    pieces.append(ctx.text[position:end])
    return _SPACE.sub("", LEADING_MARK.sub("", "".join(pieces)))


def _same(a: PlacedFact, b: PlacedFact) -> bool:
    return interval_of(a.fact.quantity).meets(interval_of(b.fact.quantity)) \
        and a.fact.quantity.unit == b.fact.quantity.unit


def _period_of(period: Period | None, placed: PlacedFact) -> tuple[object, ...]:
    stretch = period.at(placed.flow_start) if period is not None else None
    if stretch is None or not stretch.known:
        return ()
    # a heading that says its year is the execution (二、2025年财政工作回顾) speaks of the
    # same period as the execution section itself
    return (stretch.first, stretch.last, stretch.says or stretch.role)


def repeated_figures(ctx: FigureContext, period: Period | None = None,
                     exclude: frozenset[int] = frozenset()) -> list[tuple[PlacedFact, PlacedFact]]:
    """(first statement, repeated statement) pairs of the figures of repeated sentences.

    ``exclude`` are flow starts already compared by another restatement reading.
    """
    by_template: dict[str, list[list[PlacedFact]]] = defaultdict(list)
    for sentence in ctx.sentences:
        figures = ctx.facts_in(sentence.start, sentence.end)
        if not figures or "\t" in sentence.text:
            continue
        by_template[_template(ctx, sentence.start, sentence.end, figures)].append(figures)
    pairs = []
    for template, occurrences in by_template.items():
        if len(occurrences) < 2 or len(occurrences) > MAX_REPEATS:
            continue
        first = occurrences[0]
        for other in occurrences[1:]:
            equal = [a for a, b in zip(first, other, strict=True) if _same(a, b)]
            if len(first) >= 2 and (len(equal) < len(first) - 1
                                    or not any(f.fact.quantity.kind is QuantityKind.MONEY for f in equal)):
                continue  # more than one figure differs: a parallel sentence about another year
            if len(first) == 1 and len(template) < DISTINCT:
                continue
            if ctx.scope_near(first[0].flow_start) != ctx.scope_near(other[0].flow_start):
                continue  # 全市 and 市直 lists of the same funds
            if _period_of(period, first[0]) != _period_of(period, other[0]):
                continue
            for a, b in zip(first, other, strict=True):
                if a.flow_start not in exclude and b.flow_start not in exclude:
                    pairs.append((a, b))
    paired = exclude | {p.flow_start for pair in pairs for p in pair}
    return pairs + aligned_figures(ctx, place_test(ctx, period), paired)


def place_test(ctx: FigureContext, period: Period | None) -> Callable[[PlacedFact, PlacedFact], bool]:
    """Whether two figures are in one scope (全市 / 市本级 …) and period."""

    def same_place(a: PlacedFact, b: PlacedFact) -> bool:
        # a part whose period is only the document's says nothing against another's
        periods = {_period_of(period, a), _period_of(period, b)}
        own = {p for p in periods if p and p[-1] != "document"}
        return ctx.scope_near(a.flow_start) == ctx.scope_near(b.flow_start) and len(own) <= 1

    return same_place

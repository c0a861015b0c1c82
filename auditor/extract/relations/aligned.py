"""Runs of figures a report states twice in the same words, one of them changed.

A summary and its chapter, or the 全省 and 省级 lists of a fund that only the province
runs, repeat a passage: ``工伤保险基金收入预算数为 X，决算数为 Y，比上年决算数增加 Z，增长 P``.
The sentences around the passage may differ (``以…核算，`` / ``据…统计，截至…，``), so the
passage is found by its own words, not its sentence: a figure's *name* (the last Han
characters of its clause) and the words *between* consecutive figures. Two runs align when
the first figures have the same name and every gap between consecutive figures has the same
words, or the same words with a short name inserted (the restatement names its scope again:
``严格控制在合作区政府债务限额``). An aligned run is one statement said twice when all its figures but one are equal
as written and the equal ones vouch for the differing one: within one scope and period an
equal distinctive figure (money of three significant digits or more, a percentage of two
or more that is not 0 or 100) or an equal rate computed from it (``X，增长 0.8%``); across
scopes only a distinctive rate computed from it (全市 and 市本级 may both grow 3%). Two or
more figures that differ mean the runs speak of different things (全市 and 市直 lists of
the same funds): not paired.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from auditor.extract.facts import PlacedFact
from auditor.lexicon import alternation
from auditor.quick_init import quick_init
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from collections.abc import Callable

    from auditor.extract.relations.context import FigureContext
    from auditor.text.sentences import TextRange

#: a name shorter than this (in Han characters) does not say which figure it is
NAME_CHARS = 6
#: a passage said more often than this is a template (一、…决算数为 X 万元 in every chapter)
MAX_REPEATS = 3
#: a sentence with more figures than this is a table row run together, not a passage
MAX_FIGURES = 16
#: how far back from a figure its name is read
NAME_REACH = 40
#: Han characters a restated passage may insert between two figures (a scope named again)
INSERTED = 4

_SPACE = regex.compile(r"\s+")
_CLAUSE = regex.compile(r"[,，、;；:：。!！?？]")
_BRACKETED = regex.compile(r"[(（][^()（）]*[)）]")
_NOT_HAN = regex.compile(r"[^\p{Han}]+")
#: a gap that introduces a figure computed from the one before it
_DERIVED = regex.compile(
    rf"(?:{alternation('changes', 'up', 'down')}|率|的)(?:为|是|达到?|了)?$")
#: what a gap may not hold: a sentence end (the passage stops there)
_STOP = regex.compile(r"[。!！?？]")
#: clause marks written in either width are the same words
_WIDTHS = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}
_WIDE = regex.compile(r"[,;:()]")
#: a sentence that opens with a change of the figure before it names its base first
_OWN_BASE = regex.compile(alternation("changes", "own_base", "anchor_alone"))
#: the longest opening (before its first figure) of a sentence that goes on with a change
_OPENING = 12
#: what may follow a sentence's last figure when the next sentence goes on with its change
_UNITS_LEFT = frozenset({"", "元", "万元", "亿元", "千元"})


@quick_init
@dataclass(frozen=True)
class _Figure:
    placed: PlacedFact
    name: str  # the last NAME_CHARS Han characters of its clause ("" when shorter)
    gap: str  # the words up to the next figure of the sentence (None-like "\0" at the end)


def _name(ctx: FigureContext, start: int, placed: PlacedFact) -> str:
    before = _SPACE.sub("", ctx.text[max(start, placed.flow_start - NAME_REACH):placed.flow_start])
    clause = _CLAUSE.split(_BRACKETED.sub("", before))[-1]
    han = _NOT_HAN.sub("", clause)
    return han[-NAME_CHARS:] if len(han) >= NAME_CHARS else ""


def _figures(ctx: FigureContext, start: int, end: int, join: int = -1) -> list[_Figure]:
    """The figures of ``start``–``end`` with their names and gaps; ``join`` is where a
    sentence end inside it joins the sentence that goes on with a change of its last figure."""
    placed = ctx.facts_in(start, end)
    if len(placed) < 2 or len(placed) > MAX_FIGURES:
        return []
    figures = []
    for index, fact in enumerate(placed):
        if index + 1 < len(placed):
            raw = ctx.text[fact.flow_end:placed[index + 1].flow_start]
            if fact.flow_end <= join < placed[index + 1].flow_start:
                raw = _STOP.sub("，", raw)
            gap = _SPACE.sub("", raw)
            gap = "\0" if _STOP.search(gap) else _WIDE.sub(lambda m: _WIDTHS[m.group()], gap)
        else:
            gap = "\0"
        figures.append(_Figure(fact, _name(ctx, start, fact), gap))
    return figures


def _passages(ctx: FigureContext) -> list[list[_Figure]]:
    """The figures of each sentence; a sentence that ends with a figure and a next one (same
    paragraph) that opens with a change of it (``…支出 X 万元。与上年相比，增加 D 万元，增长
    P``) are one passage: a restatement writes the same words in one sentence or in two."""
    sentences = [s for s in ctx.sentences if "\t" not in s.text]
    passages: list[list[_Figure]] = []
    index = 0
    while index < len(sentences):
        sentence = sentences[index]
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        if following is not None and following.paragraph == sentence.paragraph \
                and _goes_on(ctx, sentence, following):
            passages.append(_figures(ctx, sentence.start, following.end, sentence.end - 1))
            index += 2
            continue
        passages.append(_figures(ctx, sentence.start, sentence.end))
        index += 1
    return passages


def _goes_on(ctx: FigureContext, sentence: TextRange, following: TextRange) -> bool:
    """Whether ``sentence`` ends with a figure and ``following`` opens with a change of it:
    only comparison words before its first figure (与上年相比，增加 / 比上年减少)."""
    last = ctx.last_facts(sentence.start, sentence.end, lambda f: True, 1)
    if not last or _NOT_HAN.sub("", ctx.text[last[0].flow_end:sentence.end]) not in _UNITS_LEFT:
        return False
    first = ctx.first_facts(following.start, following.end, lambda f: True, 1)
    if not first:
        return False
    opening = _SPACE.sub("", ctx.text[following.start:first[0].flow_start])
    return len(opening) <= _OPENING and _OWN_BASE.search(opening) is not None \
        and _DERIVED.search(opening) is not None


def _equal(a: PlacedFact, b: PlacedFact) -> bool:
    """The same figure as written: a loose figure (33 亿元, 2.5%以上) is not evidence that
    a passage was repeated (33 亿元 meets 32.86 亿元)."""
    qa, qb = a.fact.quantity, b.fact.quantity
    return qa.is_exact and qb.is_exact and qa.unit == qb.unit and qa.mantissa == qb.mantissa \
        and qa.multiplier == qb.multiplier


def _distinctive(placed: PlacedFact) -> bool:
    quantity = placed.fact.quantity
    digits = len(format(abs(quantity.mantissa), "f").replace(".", "").lstrip("0"))
    if quantity.kind is QuantityKind.MONEY:
        return digits >= 3
    if quantity.kind is QuantityKind.PERCENT:
        return digits >= 2 and quantity.mantissa not in (0, 100)
    return False


def _vouched(figures: list[_Figure], run: list[tuple[PlacedFact, PlacedFact]],
             differing: tuple[PlacedFact, PlacedFact], equal: list[PlacedFact], same_place: bool) -> bool:
    """Whether the run's equal figures say the differing one should be equal too: within one
    scope and period an equal distinctive figure, or an equal rate computed from it; across
    scopes only a distinctive rate computed from it (``增长 3%`` of 全市 and of 市本级 is a
    coincidence, ``增长 19.7%`` is not)."""
    tie = _tied(figures, run, differing)
    if same_place:
        return tie is not None or any(_distinctive(a) for a in equal)
    return tie is not None and _distinctive(tie)


def _tied(figures: list[_Figure], run: list[tuple[PlacedFact, PlacedFact]],
          differing: tuple[PlacedFact, PlacedFact]) -> PlacedFact | None:
    """The figure right after the differing one when it is computed from it (``X，增长 P`` /
    ``X，执行率为 P``) and equal in both runs: then X cannot differ."""
    position = run.index(differing)
    if position + 1 >= len(run) or not _equal(*run[position + 1]):
        return None
    gap = next(f.gap for f in figures if f.placed is differing[0])
    return run[position + 1][0] if _DERIVED.search(gap) else None


def _same_gap(a: str, b: str) -> bool:
    """The same words between two figures, or the same words with one short name inserted
    (``严格控制在政府债务限额`` / ``严格控制在合作区政府债务限额``: the scope named again)."""
    if "\0" in (a, b):
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    extra = len(long) - len(short)
    if extra > INSERTED:
        return False
    prefix = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    inserted = long[prefix:prefix + extra]
    return long[prefix + extra:] == short[prefix:] and _NOT_HAN.search(inserted) is None


def _run(first: list[_Figure], i: int, other: list[_Figure], j: int) -> list[tuple[PlacedFact, PlacedFact]]:
    """The aligned run through figures ``i`` / ``j``: back and on while the gaps have the
    same words (:func:`_same_gap`)."""
    while i and j and _same_gap(first[i - 1].gap, other[j - 1].gap):
        i, j = i - 1, j - 1
    run = [(first[i].placed, other[j].placed)]
    while i + 1 < len(first) and j + 1 < len(other) and _same_gap(first[i].gap, other[j].gap):
        i, j = i + 1, j + 1
        run.append((first[i].placed, other[j].placed))
    return run


def aligned_figures(ctx: FigureContext, same_place: Callable[[PlacedFact, PlacedFact], bool],
                    exclude: frozenset[int] = frozenset()) -> list[tuple[PlacedFact, PlacedFact]]:
    """(first statement, repeated statement) pairs of the figures of aligned runs.

    ``same_place(a, b)``: the two figures are in one scope and period (asked only when the
    run's equal figures are weak). ``exclude``: flow starts other readings compared already.
    """
    sentences = _passages(ctx)
    starts: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for number, figures in enumerate(sentences):
        for index, figure in enumerate(figures):
            if figure.name and figure.gap != "\0":
                starts[(figure.name, figure.gap)].append((number, index))
    pairs: list[tuple[PlacedFact, PlacedFact]] = []
    seen: set[tuple[int, int]] = set()
    for occurrences in starts.values():
        if len(occurrences) < 2 or len(occurrences) > MAX_REPEATS:
            continue
        first_sentence, i = occurrences[0]
        for other_sentence, j in occurrences[1:]:
            if other_sentence == first_sentence:
                continue
            run = _run(sentences[first_sentence], i, sentences[other_sentence], j)
            if (run[0][0].flow_start, run[0][1].flow_start) in seen:
                continue
            differing = [(a, b) for a, b in run if not _equal(a, b)]
            equal = [a for a, b in run if _equal(a, b)]
            if len(run) < 2 or len(differing) > 1 or not equal:
                continue
            if differing and differing[0][0].fact.quantity.kind is not QuantityKind.MONEY:
                continue  # a count or rate of another year (目标值 4200 人，实际完成值 …)
            if differing and not _vouched(sentences[first_sentence], run, differing[0], equal,
                                          same_place(*run[0])):
                continue
            for a, b in run:
                key = (a.flow_start, b.flow_start)
                if key not in seen and a.flow_start not in exclude and b.flow_start not in exclude:
                    seen.add(key)
                    pairs.append((a, b))
    return pairs

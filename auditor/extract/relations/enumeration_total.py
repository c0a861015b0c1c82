"""Which figure a listed enumeration belongs to: its total (see :mod:`.enumeration`)."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Operand
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.enumeration_items import (
    COMPARED,
    TOTAL_WORD,
    SumPart,
    clean_label,
    compatible,
    share_base,
    summable,
)
from auditor.extract.relations.rate_cue import rate_cue
from auditor.extract.relations.sum_check import checker, slip_candidates
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.text.sentences import TextRange


def total_before(ctx: FigureContext, position: int, parts: list[SumPart], *, inline: bool = True,
                 named: bool = False) -> PlacedFact | None:
    """The amount the list belongs to: the last compatible figure before it in its sentence,
    or in the sentence before when its own holds none.

    When that figure is a change (比上年增加 D，其中 …) the list may break down the change or
    the level it changed: the level is the reading when the list opens a sentence of its own,
    when its parts carry changes of their own (each part a level with its 比上年), or when the
    parts add up to the level and not to the change; otherwise the list is left alone. A list
    on the lines after its introducer (具体情况如下：then numbered paragraphs, each with lists
    of its own) is read only under a level stated last, unless 其中 introduces it (其中：⏎
    1.税收返还⏎… : the numbered items are that level's parts)."""
    like = parts[0].amount.fact.quantity
    sentence = ctx.sentence(position)
    candidates = [f for f in ctx.facts_in(sentence.start, position)
                  if compatible(f.fact.quantity, like) and not ctx.in_brackets(f)]
    # a 其中 list (``named``) whose own sentence states no figure before it but counts (收入
    # 来源分为 5 类，其中：…) belongs to the sentence before, as one that opens with 其中 does;
    # a number left unread there (利息 465.59⏎亿元，其中) may be its total: then no guess
    opening = not ctx.text[sentence.start:position].strip(" :,") or (
        named and not candidates and not _unread_number(ctx, sentence.start, position))
    if opening:
        before = _sentence_before(ctx, sentence)
        if before is not None:
            candidates = [f for f in ctx.facts_in(before.start, before.end)
                          if compatible(f.fact.quantity, like) and not ctx.in_brackets(f)]
    # 完成年初预算数 B 的 P%: B is the rate's base, written in passing, not what the
    # sentence is about
    candidates = [f for f in candidates if not _rate_base(ctx, f) and not _compared_with(ctx, f)]
    if not candidates or ctx.is_per_unit(candidates[-1]):
        return None
    last = candidates[-1]
    if not ctx.is_change(last):
        return last
    if not inline:
        return None
    levels = [f for f in candidates if not ctx.is_change(f) and not ctx.is_per_unit(f)]
    if not levels:
        return None
    level = levels[-1]
    if opening or _parts_change(ctx, parts) or (_adds_up(level, parts) and not _adds_up(last, parts)):
        return level
    return None


def end_at_exact_sum(total: PlacedFact, parts: list[SumPart], rank: dict[str, int]) -> list[SumPart]:
    """The list ends where its parts, joined by one separator, add up to the total exactly and
    a clause after a stronger separator follows (本金 T，其中：A、B，按时偿还利息 C: C is what
    the sentence goes on to, not a third part)."""
    top = [index for index, part in enumerate(parts) if part.depth == 0]
    for count in range(2, len(top)):
        joined = {parts[i].separator for i in top[1:count]}
        following = parts[top[count]].separator
        if len(joined) == 1 and rank.get(following, 2) > rank.get(next(iter(joined)), 2) \
                and _fits(total, [parts[i] for i in top[:count]]):
            return parts[:top[count]]
    return parts


def _fits(total: PlacedFact, parts: list[SumPart]) -> bool:
    """The parts add up to the total as written, or with one of them read at another scale
    (a unit slip inside the list does not make the next clause a part)."""
    if _adds_up(total, parts):
        return True
    check = checker(total, parts, True, "")
    operands = [Operand("", total.fact.quantity), *(Operand("", p.amount.fact.quantity) for p in parts)]
    return any(check({index: scale})[0] for index, scale in slip_candidates(operands) if index)


def composition_total(ctx: FigureContext, position: int) -> PlacedFact | None:
    """The figure a ``X中：`` list breaks down (…总产值 126.39 亿元。…总产值中：农业 …): the
    last amount before it, in its sentence or the one before, that the text calls X."""
    sentence = ctx.sentence(position)
    name = clean_label(ctx.text[ctx.clause_start(position, sentence.start):position])
    if len(name) < 2:
        return None
    start = ctx.windows(position, section=False)[-1].start
    for placed in reversed(ctx.facts_in(start, position)):
        if summable(placed.fact.quantity) and not ctx.is_change(placed) and not ctx.in_brackets(placed) \
                and clean_label(ctx.label(placed)).endswith(name):
            return placed
    return None


_DIGIT = regex.compile(r"[0-9]")


def _unread_number(ctx: FigureContext, start: int, end: int) -> bool:
    """Digits in ``[start, end)`` outside every figure read there."""
    covered = start
    for placed in ctx.facts_in(start, end):
        if _DIGIT.search(ctx.text, covered, placed.flow_start):
            return True
        covered = placed.flow_end
    return _DIGIT.search(ctx.text, covered, end) is not None


def next_total_owns(ctx: FigureContext, total: PlacedFact, parts: list[SumPart]) -> bool:
    """The list ended at a total its parts add up to and exceed ``total``: they are that
    total's terms (其中：A 加 B、C、D，总计 T), not parts of the figure before the list."""
    top = [p for p in parts if p.depth == 0]
    last = top[-1].amount
    following = ctx.first_facts(last.flow_end, ctx.sentence(last.flow_start).end,
                                lambda f: compatible(f.fact.quantity, last.fact.quantity), 1)
    if not following or TOTAL_WORD.search(ctx.label(following[0])) is None:
        return False
    return _adds_up(following[0], top) and not _adds_up(total, top)


def _sentence_before(ctx: FigureContext, sentence: TextRange) -> TextRange | None:
    """The sentence a list that opens its own sentence refers back to: the one before it in
    its paragraph or, since 其中 never opens a topic, the last one of the paragraph before
    when only a line break parts them (a PDF line that ends with 。) and no heading does."""
    index = ctx.sentence_index(sentence.start)
    if index == 0:
        return None
    before = ctx.sentences[index - 1]
    if before.paragraph == sentence.paragraph:
        return before
    if ctx.text[before.end:sentence.start].strip() or before.start < ctx.section_start(sentence.start):
        return None
    return before


def _parts_change(ctx: FigureContext, parts: list[SumPart]) -> bool:
    """The parts state changes of their own (税收收入 3.61 亿元，比上年减少 1 亿元): levels."""
    first, last = parts[0].amount, parts[-1].amount
    marks = ctx.clause_marks
    index = bisect.bisect_right(marks, last.flow_end)
    clause_end = marks[index] if index < len(marks) else len(ctx.text)
    return any(ctx.is_change(f) for f in ctx.facts_in(first.flow_start, clause_end)
               if summable(f.fact.quantity))


def _adds_up(total: PlacedFact, parts: list[SumPart]) -> bool:
    """The top-level parts add up to ``total`` (read at the parts' scale when they share one)."""
    from auditor.extract.relations.sum import add_intervals, exact_interval

    top = [p.amount.fact.quantity for p in parts if p.depth == 0]
    summed = add_intervals([exact_interval(q) for q in top])
    quantity = total.fact.quantity
    scales = {q.multiplier for q in top}
    multipliers = {quantity.multiplier, *scales} if len(scales) == 1 else {quantity.multiplier}
    return any(summed.meets(exact_interval(quantity, m)) for m in multipliers)


def _compared_with(ctx: FigureContext, placed: PlacedFact) -> bool:
    """``placed`` is the base a comparison names (本级收入 C，比报告数 B 增加 D): what the
    sentence is about is C, not B."""
    if ctx.is_change(placed):
        return False  # 比上年增加 D: the change itself (its level or it may own the list)
    start = ctx.clause_start(placed.flow_start, ctx.sentence(placed.flow_start).start)
    return COMPARED.fullmatch(ctx.text, start, placed.flow_start) is not None


def _rate_base(ctx: FigureContext, placed: PlacedFact) -> bool:
    """``placed`` is the whole a rate's cue writes (完成年初预算数 B 的 P%)."""
    sentence = ctx.sentence(placed.flow_start)
    following = ctx.first_facts(placed.flow_end, sentence.end, lambda f: True, 1)
    if not following or following[0].fact.quantity.kind is not QuantityKind.PERCENT:
        return False
    cue = rate_cue(ctx, following[0])
    return cue is not None and 0 <= cue.whole_at <= placed.flow_start


def sibling_share(ctx: FigureContext, total: PlacedFact, parts: list[SumPart]) -> bool:
    """``total`` is a share of the very whole its parts are shares of (项目支出 B，占支出总
    预算的 4%。其中：甲 A1，占支出总预算 70%…): a sibling of the parts, not their total."""
    own = _share_named(ctx, total)
    return bool(own) and any(_share_named(ctx, p.amount) == own for p in parts if p.depth == 0)


def _share_named(ctx: FigureContext, amount: PlacedFact) -> str:
    """The whole the share right after ``amount`` in its sentence names, or ""."""
    following = ctx.first_facts(amount.flow_end, ctx.sentence(amount.flow_start).end, lambda f: True, 1)
    if not following or following[0].fact.quantity.kind is not QuantityKind.PERCENT:
        return ""
    return share_base(ctx, amount, following[0])

"""Wholes of a stated rate beyond its own sentences: one stated in the lead of the section
one level up or in the section just before its own, a total named by the cue stated once
earlier, and the whole other shares of the paragraph imply; see :mod:`.rate_operands`."""

from __future__ import annotations

import bisect

from auditor.extract.arithmetic import HUNDRED, Interval, plain
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption
from auditor.extract.relations.context import MAX_CANDIDATES, FigureContext
from auditor.extract.relations.labels import scope_of
from auditor.extract.relations.rate_cue import FILLER, Base, RateCue, rate_cue
from auditor.extract.relations.rate_whole import Whole, names_base, other_account, usable, whole_of, whole_score
from auditor.extract.relations.readings import exact_interval, shown
from auditor.types import QuantityKind


def parent_lead_wholes(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact
                        ) -> list[Whole]:
    """Wholes the cue describes in the lead of the section one level up (``（一）一般公共预算⏎
    批准收入预算 B，支出预算 B′。⏎1.收入执行情况。…完成 A，为预算的 P%``), of the part's side
    of the account; a little less sure than the rate's own section."""
    lead = ctx.parent_lead(rate.flow_start)
    if lead is None:
        return []
    return _described(ctx, lead.start, lead.end, rate, cue, part, 0.25, Assumption.SECTION_SCOPE)


def sibling_wholes(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact) -> list[Whole]:
    """Wholes the cue describes in the section just before the rate's, under the same parent
    (``（1）资金到位情况 ⏎ 到位资金 B ⏎（2）资金执行情况 ⏎ 支出 A，执行率 P``): what one item
    reports, the next item's rate is of, when the part is the first amount of its section;
    less sure than the parent's lead."""
    index = bisect.bisect_right(ctx.heading_starts, rate.flow_start) - 1
    if index < 1:
        return []
    headings = ctx.doc.headings
    own = headings[index]
    sibling = next((back for back in range(index - 1, -1, -1)
                    if headings[back].style <= own.style), None)
    if sibling is None or headings[sibling].style != own.style or headings[sibling].parent != own.parent \
            or headings[sibling].number != own.number - 1:
        return []
    if any(f.fact.quantity.kind is QuantityKind.MONEY for f in ctx.facts_in(own.start, part.flow_start)):
        return []  # a part after others is an item of the section (增值税 A₁ … 企业所得税 A₂): its plan is its own
    return _described(ctx, headings[sibling].start, own.start, rate, cue, part, 0.4,
                      Assumption.PREVIOUS_SECTION)


def _described(ctx: FigureContext, start: int, end: int, rate: PlacedFact, cue: RateCue, part: PlacedFact,
               penalty: float, assumption: Assumption) -> list[Whole]:
    """The figures of ``[start, end)`` the cue describes (a plan, the named figure), of the
    part's side of the account and scope, ``penalty`` less sure than in the rate's section."""
    part_label = ctx.label(part)
    found = []
    for placed in ctx.last_facts(start, end, lambda f: f is not part and usable(ctx, f, part), MAX_CANDIDATES):
        score = whole_score(ctx, placed, cue, rate, part)
        label = ctx.label(placed)
        if score is None or score < 1.5 or other_account(label, part_label):
            continue
        if scope_of(part_label) and scope_of(label) and scope_of(label) != scope_of(part_label):
            continue
        found.append(whole_of(ctx, placed, score - penalty, assumption))
    return found


def in_lead(ctx: FigureContext, position: int, rate: int) -> bool:
    """``position`` is in the lead of the numbered items the rate's section belongs to: after
    the heading before the first of those items and before it (…收入 92.51 亿元。主要项目
    如下：⏎ 一、税收收入 … ⏎ 二、…)."""
    headings = ctx.doc.headings
    index = bisect.bisect_right(ctx.heading_starts, rate) - 1
    if index < 0:
        return False
    own = headings[index]
    first = index
    for back in range(index - 1, -1, -1):
        if headings[first].number == 1:
            break
        before = headings[back]
        if before.style > own.style:
            continue  # inside an earlier item
        if before.style != own.style or before.parent != own.parent:
            break
        first = back
    if headings[first].number != 1:
        return False
    lead_start = headings[first - 1].start if first > 0 else 0
    return lead_start <= position < headings[first].start


def implied_wholes(ctx: FigureContext, rate: PlacedFact, part: PlacedFact) -> list[Whole]:
    """Wholes other shares of the paragraph imply (part ÷ share): ``安排48亿元，占比67.7%。其中，
    人员经费45.7亿元，占比64.5%`` — both are shares of one unstated whole."""
    sentence = ctx.sentence(rate.flow_start)
    paragraph = ctx.doc.paragraphs[sentence.paragraph]
    siblings = ctx.nearest_facts(
        paragraph.start, paragraph.end, rate.flow_start,
        lambda f: (f is not rate and f.fact.quantity.kind is QuantityKind.PERCENT
                   and f.fact.quantity.is_exact and f.fact.quantity.value > 0),
        MAX_CANDIDATES)
    found = []
    for sibling in siblings:
        cue = rate_cue(ctx, sibling)
        if cue is None or not cue.share or cue.base is not Base.UNNAMED:
            continue  # only shares that leave their whole unsaid can share one
        start = ctx.sentence(sibling.flow_start).start
        before = ctx.last_facts(start, sibling.flow_start, lambda f: usable(ctx, f, part), 1)
        if not before or before[-1] is part:
            continue
        quantity = before[-1].fact.quantity
        share = exact_interval(sibling.fact.quantity)
        amount = exact_interval(quantity)
        if share.low is None or share.high is None or share.low <= 0 or amount.low is None \
                or amount.high is None:
            continue
        interval = Interval(amount.low / share.high * HUNDRED, amount.high / share.low * HUNDRED)
        value = quantity.value / sibling.fact.quantity.value * HUNDRED
        text = f"{shown(quantity)}÷{shown(sibling.fact.quantity)}"
        found.append(Whole(None, interval, value, text, 1.0, Assumption.IMPLIED_WHOLE))
    # Two siblings or more implying one whole make it the list's whole: a share that misses
    # it is wrong, not a share of something else.
    agreeing = [w for w in found if sum(w.interval.meets(o.interval) for o in found) >= 2]
    if len(agreeing) >= 2:
        low = max(w.interval.low for w in agreeing if w.interval.low is not None)
        high = min(w.interval.high for w in agreeing if w.interval.high is not None)
        if low <= high:
            value = (low + high) / 2
            unit = part.fact.quantity
            text = f"{plain(value / unit.multiplier, unit.decimals)}{unit.unit}（由同段其他占比推算）"
            found.append(Whole(None, Interval(low, high), value, text, 1.5, Assumption.IMPLIED_WHOLE))
    return found


def named_earlier(ctx: FigureContext, cue: RateCue, part: PlacedFact) -> PlacedFact | None:
    """The nearest earlier figure labelled with the cue's base name (a total stated once)."""
    index = bisect.bisect_left(ctx.fact_starts, part.flow_start)
    part_scope = scope_of(ctx.label(part))
    for placed in reversed(ctx.facts[max(0, index - 200):index]):
        label = ctx.label(placed)
        if usable(ctx, placed, part) and names_base(cue, FILLER.sub("", label)):
            scope = scope_of(label)
            if not (part_scope and scope and scope != part_scope):
                return placed
    return None

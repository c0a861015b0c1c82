"""The operands a stated rate may have, each scored: the part (the figure right before
the cue, or the one its subject names) and the whole (a figure the cue describes in the
sentence, the sentences before or the section's scope; a list's total or subtotal; the
whole that sibling shares imply); see :mod:`.rate`."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import HUNDRED, Interval, plain
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption
from auditor.extract.relations.context import (
    MAX_CANDIDATES,
    SECTION,
    FigureContext,
    comparable,
)
from auditor.extract.relations.labels import (
    actual,
    adjusted_to,
    fund_named,
    names_plan,
    qualifier,
    scope_of,
)
from auditor.extract.relations.rate_cue import FILLER, PERIOD, Base, RateCue, names, rate_cue
from auditor.extract.relations.readings import exact_interval, shown
from auditor.lexicon import alternation, compile_terms
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.extract.relations.sum import SumRelation

_RECEIVED = regex.compile(r"到位|拨付|下达")
_PREVIOUS = compile_terms("changes", "previous")
#: how many paragraphs before a rate a whole named by the rate's cue still speaks for it
_NEAR_PARAGRAPHS = 2
_SPENDING = compile_terms("cues", "spending_word")
_FUNDING = compile_terms("cues", "funding")
_ITEM = regex.compile(rf"^(?:{alternation('cues', 'item')}|[①-⑳]|[(（][一二三四五六七八九十0-9]+[)）]"
                      r"|[一二三四五六七八九十]+是|[0-9]{1,2}[.、])")
#: the attributes a rate noun's part carries
_NOUN_PARTS = {"exec_rate": ("spent",), "received_rate": ("received",),
               "completion_rate": ("spent", "amount", "received")}


def usable(ctx: FigureContext, placed: PlacedFact, like: PlacedFact | None = None) -> bool:
    quantity = placed.fact.quantity
    if quantity.kind in (QuantityKind.PERCENT, QuantityKind.SCORE):
        return False
    if like is not None and not comparable(quantity, like.fact.quantity):
        return False
    return not (ctx.in_brackets(placed) or ctx.is_change(placed) or ctx.is_per_unit(placed))


def parts(ctx: FigureContext, rate: PlacedFact, cue: RateCue) -> list[tuple[PlacedFact, float]]:
    """The part: the figure right before the cue, or one its subject or attribute names.

    When the rate's own clause names a subject and holds no figure (``税收收入占一般公共预算
    收入比重 70.4%``), only a figure labelled with that subject can be the part.
    """
    sentence = ctx.sentence(rate.flow_start)
    bracketed = ctx.in_brackets(rate)

    def fits(placed: PlacedFact) -> bool:
        if 0 <= cue.whole_at <= placed.flow_start:
            return False  # the whole the cue writes
        if cue.money and placed.fact.quantity.kind is not QuantityKind.MONEY:
            return False
        if bracketed and ctx.in_brackets(placed):
            return placed.fact.quantity.kind not in (QuantityKind.PERCENT, QuantityKind.SCORE) \
                and not ctx.is_change(placed)
        return usable(ctx, placed)

    # the nearest few, walked back (filtering a whole sentence for every rate was quadratic)
    before = ctx.last_facts(sentence.start, rate.flow_start, fits, MAX_CANDIDATES)
    if not before:
        windows = ctx.windows(rate.flow_start, 1, section=False)
        if len(windows) > 1:
            before = ctx.last_facts(windows[1].start, windows[1].end, fits, MAX_CANDIDATES)
    clause_start = ctx.clause_start(rate.flow_start, sentence.start)
    named_only = len(cue.subject) >= 2 and not any(f.flow_start >= clause_start for f in before)
    named = [ctx.label(f) for f in before if names(cue.subject, ctx.label(f))]
    # 实际清算额度仅为预算额度的 P%: when the subject names no figure, the part of a plan's
    # rate is still a figure the text says happened (实际…), less surely
    # (a subject that is a period, 2023 年执行率, names another year's figures: no part here)
    happened = (named_only and not named and cue.base is Base.PLAN
                and len(PERIOD.sub("", cue.subject)) >= 2)
    if named_only and cue.base is Base.PLAN and named and all(names_plan(label) for label in named):
        # 项目预算 B，到位资金 A，项目资金到位率 P: the plan the subject names is the whole,
        # never the part; the part is then found as for an unnamed subject
        named_only = False
    found: list[tuple[PlacedFact, float]] = []
    wanted = _NOUN_PARTS.get(rate.fact.attribute, ())
    for rank, placed in enumerate(reversed(before)):
        # the nearest figure is the part; a name or attribute only breaks ties, so a reading's
        # score stays a measure of how sure its *whole* is
        score = (1.0, 0.6)[min(rank, 1)] if rank < 2 else 0.3
        label = ctx.label(placed)
        if len(cue.subject) >= 2 and names(cue.subject, label):
            score = max(score, 0.95) + 0.05
        elif happened and actual(label):
            score -= 0.3
        elif named_only:
            continue
        if placed.fact.attribute in wanted:
            score += 0.03
        if cue.base is Base.PLAN and names_plan(label):
            score -= 0.5
        found.append((placed, min(score, 1.0)))
    return found


@dataclass(frozen=True)
class Whole:
    """A whole candidate: a figure, or a value derived from several (a subtotal, an implied whole)."""

    placed: PlacedFact | None
    interval: Interval
    value: Decimal
    text: str
    score: float
    assumption: Assumption

    @classmethod
    def of(cls, placed: PlacedFact, score: float, assumption: Assumption) -> Whole:
        quantity = placed.fact.quantity
        return cls(placed, exact_interval(quantity), quantity.value, shown(quantity), score, assumption)


def wholes(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact,
            lists: dict[int, SumRelation]) -> list[Whole]:
    """Whole candidates with their scores and what each assumes."""
    found: list[Whole] = []
    if cue.whole_at >= 0:
        written = ctx.first_facts(cue.whole_at, rate.flow_start, lambda f: usable(ctx, f, part), 1)
        if written:
            return [Whole.of(written[0], 2.0, Assumption.SAME_CLAUSE)]
    if cue.base is Base.UNNAMED:
        owner = lists.get(part.flow_start)
        if owner is not None:
            found.append(Whole.of(owner.total, 1.5, Assumption.CLOSED_LIST))
            if owner.complete and len(owner.parts) > 1:
                unit = owner.parts[0].amount.fact.quantity
                value = owner.written_sum()
                found.append(Whole(None, owner.parts_sum, value,
                                    f"{plain(value / unit.multiplier, unit.decimals)}{unit.unit}",
                                    1.0, Assumption.SUBTOTAL))
    sentence = ctx.sentence(rate.flow_start)
    # a listed item (①…, 其中…, 一是…) has a scope of its own: its whole is in its sentence
    item = cue.base is Base.PLAN and _ITEM.match(sentence.text) is not None
    bracketed = ctx.in_brackets(rate) and len(cue.subject) >= 2
    for window in ctx.windows(rate.flow_start, 0 if item else 2, section=not item):
        end = min(window.end, rate.flow_start) if window.distance == 0 else window.end
        if bracketed:
            # 为预算的104.2%（其中：开发区为预算的129.2%）: the bracket's own figures
            def keep(f: PlacedFact) -> bool:
                return (f is not part and ctx.in_brackets(f) and names(cue.subject, ctx.label(f))
                        and comparable(f.fact.quantity, part.fact.quantity))
        else:
            def keep(f: PlacedFact) -> bool:
                return f is not part and usable(ctx, f, part)
        # only the last MAX_CANDIDATES are tried: found from the end (a section window may
        # hold every figure of a document)
        candidates = ctx.last_facts(window.start, end, keep, MAX_CANDIDATES)
        if window.distance == 0:
            candidates += ctx.first_facts(rate.flow_end, window.end,
                                          lambda f: usable(ctx, f, part), 2)
        part_scope = scope_of(ctx.label(part))
        for placed in reversed(candidates[-MAX_CANDIDATES:]):
            score = _whole_score(ctx, placed, cue, rate, part)
            if score is None:
                continue
            whole_scope = scope_of(ctx.label(placed))
            if part_scope and whole_scope and whole_scope != part_scope:
                continue  # 全市 spending is not a share of 市本级 spending
            # nearness counts only for a whole the cue describes; an unnamed figure stays a guess
            bonus = {0: 0.5, 1: 0.25}.get(window.distance, 0.0) if score >= 1.0 else 0.0
            if placed.flow_start > rate.flow_start:
                bonus -= 0.25
            assumption = (Assumption.SAME_SENTENCE if window.distance == 0 else
                          Assumption.SECTION_SCOPE if window.distance == SECTION
                          else Assumption.PREVIOUS_SENTENCE)
            found.append(Whole.of(placed, score + bonus, assumption))
    if cue.base is not Base.UNNAMED and not any(w.score >= 1.5 for w in found):
        found += _parent_lead_wholes(ctx, rate, cue, part)
    if cue.base is Base.NAMED and not any(w.score >= 1.5 for w in found):
        named = _named_earlier(ctx, cue, part)
        if named is not None:
            # stated far away, perhaps of another scope or period, it may explain, not accuse;
            # stated by its very name at the top of the rate's section or a paragraph or two
            # before it (…收入 92.51 亿元。主要项目如下：一、税收收入 …，占一般公共预算收入的
            # X%), it is the whole the text speaks of
            near = (ctx.section_start(named.flow_start) == ctx.section_start(rate.flow_start)
                    or ctx.sentence(rate.flow_start).paragraph
                    - ctx.sentence(named.flow_start).paragraph <= _NEAR_PARAGRAPHS
                    or _in_lead(ctx, named.flow_start, rate.flow_start))
            own = near and _PREVIOUS.search(ctx.label(named)) is None
            found.append(Whole.of(named, 1.5 if own else 0.8, Assumption.SECTION_SCOPE))
    if cue.share and cue.base is Base.UNNAMED:
        found += _implied_wholes(ctx, rate, part)
    return [w for w in found if w.value != 0]


_INCOME = compile_terms("cues", "income_word")


def _other_account(label: str, part_label: str) -> bool:
    """Income against spending or the reverse: a plan of the other side of the account."""
    return any(side.search(part_label) and not other.search(part_label)
               and other.search(label) and not side.search(label)
               for side, other in ((_INCOME, _SPENDING), (_SPENDING, _INCOME)))


def _parent_lead_wholes(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact
                        ) -> list[Whole]:
    """Wholes the cue describes in the lead of the section one level up (``（一）一般公共预算⏎
    批准收入预算 B，支出预算 B′。⏎1.收入执行情况。…完成 A，为预算的 P%``), of the part's side
    of the account; a little less sure than the rate's own section."""
    lead = ctx.parent_lead(rate.flow_start)
    if lead is None:
        return []
    part_label = ctx.label(part)
    found = []
    for placed in ctx.last_facts(lead.start, lead.end, lambda f: f is not part and usable(ctx, f, part),
                                 MAX_CANDIDATES):
        score = _whole_score(ctx, placed, cue, rate, part)
        label = ctx.label(placed)
        if score is None or score < 1.5 or _other_account(label, part_label):
            continue
        if scope_of(part_label) and scope_of(label) and scope_of(label) != scope_of(part_label):
            continue
        found.append(Whole.of(placed, score - 0.25, Assumption.SECTION_SCOPE))
    return found


def _in_lead(ctx: FigureContext, position: int, rate: int) -> bool:
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


def _implied_wholes(ctx: FigureContext, rate: PlacedFact, part: PlacedFact) -> list[Whole]:
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


def _whole_score(ctx: FigureContext, placed: PlacedFact, cue: RateCue, rate: PlacedFact,
                 part: PlacedFact) -> float | None:
    label = ctx.label(placed)
    if cue.base is Base.PLAN:
        if names_plan(label) or adjusted_to(label) or (placed.fact.attribute == "budget"
                                                        and not fund_named(label)):
            which = qualifier(label)
            score = 1.5
            if cue.qualifier and which:
                score += 0.5 if which == cue.qualifier else -0.75
            return score
        if rate.fact.attribute == "exec_rate" and _RECEIVED.search(label):
            return 1.5
        if not cue.name and placed.flow_start < part.flow_start and _total_of(label, ctx.label(part)):
            return 1.2  # 项目总投资 B … 累计完成投资 A，完成率 P: the total of what the part counts
        # money received (到位 15.61 亿元) is the part of a 到位率, never its whole
        received = rate.fact.attribute == "received_rate" and _RECEIVED.search(label)
        # 专项资金 30.54 亿元 … 执行率 (money spent is a part, never the whole); so too when the
        # part is money the text says happened (预拨资金 B，实际清算 A，为预算额度的 P%)
        if (cue.money or _allotted_before(ctx, placed, part)) \
                and _FUNDING.search(label) and not actual(label) and not received \
                and not _SPENDING.search(label) and placed.fact.attribute != "spent":
            return 1.2
        return 0.3
    if cue.base is Base.NAMED:
        return 1.5 if _names_base(cue, FILLER.sub("", label)) else 0.3
    if placed.flow_start >= rate.flow_start or _has_own_share(ctx, placed, part):
        return None
    # 一般公共预算收入 T。税收收入 A，占比 P: a larger figure of the same kind (…收入 / …支出)
    # is the likelier whole of an unnamed share
    if placed.fact.quantity.value > part.fact.quantity.value and _same_head(label, ctx.label(part)):
        return 1.0
    return 0.6


_TOTAL_OF = regex.compile(r"总(\p{Han}{2})")


_CHAIN_TOTAL = compile_terms("cues", "chain_total")


def _total_of(label: str, part_label: str) -> bool:
    """Whether ``label`` names the total (总 X) of what the part's label counts (…X); an
    account's closing total (总收入 / 总支出, what a chain adds up to) is no plan."""
    match = _TOTAL_OF.search(label)
    return (match is not None and match.group(1) in part_label and "总" not in part_label
            and _CHAIN_TOTAL.search(label) is None)


_HEAD_NOISE = regex.compile(
    rf"(?:{alternation('cues', 'total')}|{alternation('cues', 'actual')}|为|是|达到?|共|计|约|[^\p{{Han}}])+$")


def _same_head(label: str, part_label: str) -> bool:
    """Whether two labels end in the same two-character noun (收入, 支出 …), totals and
    filler words aside, and the part's label names no other side of the account (在土地出让
    收入中安排…支出 A，占比 P is a share of that income)."""
    head = _HEAD_NOISE.sub("", label)[-2:]
    if len(head) != 2 or _HEAD_NOISE.sub("", part_label)[-2:] != head:
        return False
    return not (_INCOME.search(part_label) and _SPENDING.search(part_label))


_MEASURE = regex.compile(rf"(?:{alternation('cues', 'base_measure')})$")


def _names_base(cue: RateCue, core: str) -> bool:
    """Whether a figure's label (filler removed) is the whole the cue names: the name itself,
    or its stem when the name ends in a noun that only says "the amount of" (安排数 names the
    figure called 安排专项经费)."""
    name = cue.name
    if not name:
        return False
    if name in core or (len(core) >= 2 and core.endswith(name)):
        return True
    stem = _MEASURE.sub("", name)
    return stem != name and len(stem) >= 2 and stem in core


def _allotted_before(ctx: FigureContext, placed: PlacedFact, part: PlacedFact) -> bool:
    """``预拨资金 B，…实际清算 A，为预算额度的 P%``: the part is money the text says happened and
    the candidate whole comes before it in the same sentence."""
    return (part.fact.quantity.kind is QuantityKind.MONEY and actual(ctx.label(part))
            and placed.flow_start < part.flow_start
            and ctx.sentence(placed.flow_start).start == ctx.sentence(part.flow_start).start)


def _named_earlier(ctx: FigureContext, cue: RateCue, part: PlacedFact) -> PlacedFact | None:
    """The nearest earlier figure labelled with the cue's base name (a total stated once)."""
    index = bisect.bisect_left(ctx.fact_starts, part.flow_start)
    part_scope = scope_of(ctx.label(part))
    for placed in reversed(ctx.facts[max(0, index - 200):index]):
        label = ctx.label(placed)
        if usable(ctx, placed, part) and _names_base(cue, FILLER.sub("", label)):
            scope = scope_of(label)
            if not (part_scope and scope and scope != part_scope):
                return placed
    return None


def _has_own_share(ctx: FigureContext, placed: PlacedFact, part: PlacedFact) -> bool:
    """Whether the next figure after ``placed`` (before the part) is a share: in a run
    of items each with its share (甲 A，占比 P；乙 B，占比 Q) an earlier item is a sibling of
    the part, not its whole; the total they share (总支出 T。甲 A，占比 P) is followed by a part."""
    between = ctx.facts_in(placed.flow_end, part.flow_start)
    if not between or between[0].fact.quantity.kind is not QuantityKind.PERCENT:
        return False
    cue = rate_cue(ctx, between[0], inherit=False)
    return cue is not None and cue.share

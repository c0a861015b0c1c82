"""A candidate whole of a stated rate: what counts as one (:func:`usable`), and how sure its
label makes it (:func:`whole_score`: a plan for a rate of a plan, the named figure for a
named base, a larger figure of the same kind for an unnamed share); see :mod:`.rate_operands`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import regex

from auditor.extract.arithmetic import Interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption
from auditor.extract.relations.context import FigureContext, comparable
from auditor.extract.relations.labels import actual, adjusted_to, fund_named, names_plan, qualifier
from auditor.extract.relations.rate_cue import FILLER, Base, RateCue, generic_whole, rate_cue, subject_of
from auditor.extract.relations.readings import exact_interval, shown
from auditor.lexicon import alternation, compile_terms
from auditor.quick_init import quick_init
from auditor.types import QuantityKind

_RECEIVED = regex.compile(r"到位|拨付|下达")
_SPENDING = compile_terms("cues", "spending_word")
_FUNDING = compile_terms("cues", "funding")
_INCOME = compile_terms("cues", "income_word")



def usable(ctx: FigureContext, placed: PlacedFact, like: PlacedFact | None = None) -> bool:
    quantity = placed.fact.quantity
    if quantity.kind in (QuantityKind.PERCENT, QuantityKind.SCORE):
        return False
    if like is not None and not comparable(quantity, like.fact.quantity):
        return False
    # what the text says around the figure depends on its position only: asked once
    found = ctx.plain_figures.get(placed.flow_start)
    if found is None:
        found = ctx.plain_figures[placed.flow_start] = not (
            ctx.in_brackets(placed) or ctx.is_change(placed) or ctx.is_per_unit(placed))
    return found


@quick_init
@dataclass(frozen=True)
class Whole:
    """A whole candidate: a figure, or a value derived from several (a subtotal, an implied whole)."""

    placed: PlacedFact | None
    interval: Interval
    value: Decimal
    text: str
    score: float
    assumption: Assumption
    #: ``interval`` in floats (None: not worked out, or open)
    bounds: tuple[float, float] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, placed: PlacedFact, score: float, assumption: Assumption) -> Whole:
        quantity = placed.fact.quantity
        interval = exact_interval(quantity)
        return cls(placed, interval, quantity.value, shown(quantity), score, assumption, float_bounds(interval))

    def scored(self, score: float) -> Whole:
        """The same whole with another score."""
        return Whole(self.placed, self.interval, self.value, self.text, score, self.assumption, self.bounds)


#: how many figures :func:`whole_of` keeps worked out at a time
_WHOLES_KEPT = 2048


def whole_of(ctx: FigureContext, placed: PlacedFact, score: float, assumption: Assumption) -> Whole:
    """:meth:`Whole.of`, the figure's interval, text and float bounds worked out once per
    document: a figure is a candidate whole of every rate within reach after it."""
    known = ctx.wholes.get(id(placed))
    if known is None or known.placed is not placed:
        if len(ctx.wholes) >= _WHOLES_KEPT:
            ctx.wholes.clear()  # the rates nearby ask again, not the whole document: memory stays flat
        known = ctx.wholes[id(placed)] = Whole.of(placed, score, assumption)
        return known
    return Whole(placed, known.interval, known.value, known.text, score, assumption, known.bounds)


def cached_whole(ctx: FigureContext, placed: PlacedFact) -> Whole:
    """The figure as :func:`whole_of` keeps it, its score and assumption whatever it was
    first asked with: for what depends on the figure only (its value and bounds)."""
    known = ctx.wholes.get(id(placed))
    if known is None or known.placed is not placed:
        return whole_of(ctx, placed, 0.0, Assumption.SECTION_SCOPE)
    return known


def float_bounds(interval: Interval) -> tuple[float, float] | None:
    """A closed interval's bounds as floats (None when a bound is open)."""
    if interval.low is None or interval.high is None:
        return None
    return float(interval.low), float(interval.high)



def whole_score(ctx: FigureContext, placed: PlacedFact, cue: RateCue, rate: PlacedFact,
                 part: PlacedFact) -> float | None:
    label = ctx.label(placed)
    if cue.base is Base.PLAN:
        if other_account(label, ctx.label(part)):
            return 0.3  # 收入 B … 支出 A，完成支出预算的 P%: the other side's plan is a guess
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
        if names_base(cue, FILLER.sub("", label)):
            return 1.5
        # 税收收入 A，占财政收入的比重 P: a generic name (财政收入) names a larger figure whose
        # label ends in its head (一般公共预算收入), less surely than its own name would
        if placed.fact.quantity.value > part.fact.quantity.value and generic_whole(cue.name, subject_of(label)) \
                and not _shares_same_whole(ctx, placed, part, cue):
            return 1.2
        return 0.3
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
    return not all(_sides(part_label))


_MEASURE = regex.compile(rf"(?:{alternation('cues', 'base_measure')})$")


def names_base(cue: RateCue, core: str) -> bool:
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


def _has_own_share(ctx: FigureContext, placed: PlacedFact, part: PlacedFact) -> bool:
    """Whether the next figure after ``placed`` (before the part) is a share: in a run
    of items each with its share (甲 A，占比 P；乙 B，占比 Q) an earlier item is a sibling of
    the part, not its whole; the total they share (总支出 T。甲 A，占比 P) is followed by a part."""
    between = ctx.facts_in(placed.flow_end, part.flow_start)
    if not between or between[0].fact.quantity.kind is not QuantityKind.PERCENT:
        return False
    cue = rate_cue(ctx, between[0], inherit=False)
    return cue is not None and cue.share


def _shares_same_whole(ctx: FigureContext, placed: PlacedFact, part: PlacedFact, cue: RateCue) -> bool:
    """Whether a share of the same named whole stands between ``placed`` and the part (税收收入 A₁，
    占财政总收入的比重为 P₁；非税收入 A₂，占财政总收入比重为 P₂): A₁ is a sibling of A₂, not its whole."""
    for between in ctx.facts_in(placed.flow_end, part.flow_start):
        if between.fact.quantity.kind is QuantityKind.PERCENT:
            other = rate_cue(ctx, between, inherit=False)
            if other is not None and other.share and other.name == cue.name:
                return True
    return False


def other_account(label: str, part_label: str) -> bool:
    """Income against spending or the reverse: a plan of the other side of the account."""
    income, spending = _sides(label)
    part_income, part_spending = _sides(part_label)
    return (part_income and not part_spending and spending and not income) \
        or (part_spending and not part_income and income and not spending)


@lru_cache(maxsize=8192)  # asked of every candidate whole of every part: the same labels again and again
def _sides(label: str) -> tuple[bool, bool]:
    """Whether a label names income, and whether it names spending."""
    return _INCOME.search(label) is not None, _SPENDING.search(label) is not None

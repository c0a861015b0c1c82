"""The arithmetic of one stated rate against one part ÷ whole pair, as written and with a
unit slip; see :mod:`.rate`.

A rate tries a dozen pairs or more, and almost all of them are far off: a float test of
the ratio (:meth:`PairCheck.hopeless`) rules out a pair and its four slip hypotheses at
once, and only a pair it cannot rule out is checked in Decimal interval arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditor.extract.arithmetic import HUNDRED, Interval, plain, ratio_percent, truncation_interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.rate_whole import Whole, float_bounds
from auditor.extract.relations.readings import Detail, exact_interval, meets_stated, scale_name, shown
from auditor.quick_init import quick_init
from auditor.types import Quantity

#: a slip reads one amount ×10⁴ or ÷10⁴, which moves part ÷ whole by that much
_SLIP_FACTORS = (1.0, 1e4, 1e-4)


@dataclass(frozen=True)
class Stated:
    """The stated rate as every hypothesis about it needs it (computed once per rate)."""

    quantity: Quantity
    text: str
    exact: Interval
    accepted: tuple[float, float] | None  # see _accepted

    @classmethod
    def of(cls, quantity: Quantity) -> Stated:
        exact = exact_interval(quantity)
        return cls(quantity, shown(quantity), exact, _accepted(quantity, exact))


@quick_init
@dataclass(frozen=True)
class Part:
    """A part as every pair it is in needs it (computed once per part, not per whole)."""

    placed: PlacedFact
    text: str
    exact: Interval
    bounds: tuple[float, float] | None  # ``exact`` in floats (None: open)

    @classmethod
    def of(cls, placed: PlacedFact) -> Part:
        quantity = placed.fact.quantity
        exact = exact_interval(quantity)
        return cls(placed, shown(quantity), exact, float_bounds(exact))


class PairCheck:
    """part ÷ whole against the stated rate, the :data:`~.readings.Check` of one pair: called
    with overrides that rescale operand 1 (part) or 2 (whole)."""

    def __init__(self, stated: Stated, part: Part, whole: Whole) -> None:
        self.stated, self.part, self.whole = stated, part, whole
        self.bounds = None if stated.accepted is None else _float_bounds(part, whole)

    def hopeless(self) -> bool:
        """Whether no hypothesis can hold, as written or with either operand ×10⁴ or ÷10⁴:
        one float ratio instead of five checks in Decimal. Never says yes to a pair the exact
        arithmetic would accept (see :func:`_may_meet`)."""
        return _hopeless(self.stated.accepted, self.bounds, self.whole.value)

    @staticmethod
    def hopeless_pair(stated: Stated, part: Part, whole: Whole) -> bool:
        """``PairCheck(stated, part, whole).hopeless()`` without building the check: most of
        the figures a failing rate is tried against are far off."""
        accepted = stated.accepted
        return accepted is not None and _hopeless(accepted, _float_bounds(part, whole), whole.value)

    def failed_detail(self) -> str:
        """The arithmetic of the as-written reading of a pair :meth:`hopeless` rules out."""
        part_q = self.part.placed.fact.quantity
        midpoint = part_q.mantissa * part_q.multiplier / self.whole.value * HUNDRED
        return f"{self.part.text}/{self.whole.text} = {plain(midpoint)}%（所述 {self.stated.text}）✗"

    def __call__(self, overrides: dict[int, Decimal]) -> tuple[bool, bool, Detail]:
        stated, part, whole = self.stated, self.part, self.whole
        part_q = part.placed.fact.quantity
        if overrides and stated.accepted is not None:
            (index, multiplier), = overrides.items()
            own = part.placed.fact.quantity.multiplier if index == 1 else \
                None if index != 2 or whole.placed is None else whole.placed.fact.quantity.multiplier
            if own and not _may_meet(self.bounds, index, float(multiplier) / float(own), stated.accepted):
                return False, False, ""  # a slip that fails: read() drops it, text and all
        part_interval = exact_interval(part_q, overrides[1]) if 1 in overrides else part.exact
        whole_interval, whole_value = whole.interval, whole.value
        if 2 in overrides and whole.placed is not None:
            whole_q = whole.placed.fact.quantity
            whole_interval = exact_interval(whole_q, overrides[2])
            whole_value = whole_q.mantissa * overrides[2]
        computed = ratio_percent(part_interval, whole_interval)
        part_value = part_q.mantissa * overrides.get(1, part_q.multiplier)
        if computed is None or not whole_value:
            return False, False, f"{part.text}/{whole.text}（无法计算）"
        holds, truncated = meets_stated(computed, stated.quantity, stated.exact)

        def detail() -> str:
            note = ""
            if 1 in overrides:
                note = f"（将“{part.text}”按{scale_name(overrides[1])}计）"
            elif 2 in overrides:
                note = f"（将“{whole.text}”按{scale_name(overrides[2])}计）"
            midpoint = part_value / whole_value * HUNDRED
            mark = "✓" if holds else "✗"
            return f"{part.text}/{whole.text} = {plain(midpoint)}%（所述 {stated.text}）{note}{mark}"
        return holds, truncated, detail


def _hopeless(accepted: tuple[float, float] | None, bounds: tuple[float, float, float, float] | None,
              whole_value: Decimal) -> bool:
    if accepted is None or bounds is None or not whole_value:
        return False
    p_low, p_high, w_low, w_high = bounds
    if w_low <= 0 or w_high <= 0:
        return False
    low, high = max(p_low / w_high * 100, 0.0), p_high / w_low * 100
    # the part ×10⁴ and the whole ÷10⁴ move the ratio alike, and the other way round
    # (written out: a generator per pair cost more than the three tests)
    up, down = _SLIP_FACTORS[1], _SLIP_FACTORS[2]
    return not (_within(low, high, accepted) or _within(low * up, high * up, accepted)
                or _within(low * down, high * down, accepted))


def _accepted(stated: Quantity, exact: Interval) -> tuple[float, float] | None:
    """Float bounds of every value :func:`meets_stated` accepts for ``stated``, widened by
    far more than a float's error; None when a bound is open."""
    bounds = [exact]
    if stated.is_exact and stated.mantissa != 0:
        bounds.append(truncation_interval(stated))
    if any(b.low is None or b.high is None for b in bounds):
        return None
    low = float(min(b.low for b in bounds))  # type: ignore[type-var]
    high = float(max(b.high for b in bounds))  # type: ignore[type-var]
    return low - abs(low) * 1e-9 - 1e-12, high + abs(high) * 1e-9 + 1e-12


def _float_bounds(part: Part, whole: Whole) -> tuple[float, float, float, float] | None:
    whole_bounds = whole.bounds if whole.bounds is not None else float_bounds(whole.interval)
    if part.bounds is None or whole_bounds is None:
        return None
    return (*part.bounds, *whole_bounds)


def _within(low: float, high: float, accepted: tuple[float, float]) -> bool:
    """Whether the float ratio ``[low, high]`` may meet the accepted bounds."""
    return not (low > accepted[1] * (1 + 1e-9) or high < accepted[0] * (1 - 1e-9) - 1e-12)


def _may_meet(bounds: tuple[float, float, float, float] | None, index: int, factor: float,
              accepted: tuple[float, float]) -> bool:
    """Whether part ÷ whole, operand ``index`` scaled by ``factor``, can meet the stated rate:
    a float test that never says no to a hypothesis the exact arithmetic would accept (a
    slip moves the ratio ten thousand times, so almost every one is far off), and says yes
    whenever a bound is open or the whole may be zero."""
    if bounds is None:
        return True
    p_low, p_high, w_low, w_high = bounds
    if index == 1:
        p_low, p_high = p_low * factor, p_high * factor
    else:
        w_low, w_high = w_low * factor, w_high * factor
    if w_low <= 0 or w_high <= 0:
        return True
    return _within(max(p_low / w_high * 100, 0.0), p_high / w_low * 100, accepted)


#: a ratio wider than this share of the stated rate fits rates a reader would tell apart
_LOOSE_SHARE = Decimal("0.03")


def loose(stated: Stated, part: PlacedFact, whole: Whole) -> bool:
    """Whether the whole is too coarse to tell the stated rate from one a few points off
    (15.61 ÷ 20 亿元 is anything from 76 % to 80 %) while the part is not: a coarse part
    (0.4 亿元) leaves every reading as coarse, and none is singled out."""
    half = Decimal(5) * Decimal(10) ** (-stated.quantity.decimals - 1)
    limit = max(4 * half, abs(stated.quantity.value) * _LOOSE_SHARE)
    part_interval = exact_interval(part.fact.quantity)
    point = part.fact.quantity.value
    by_whole = ratio_percent(Interval(point, point), whole.interval)
    by_part = ratio_percent(part_interval, Interval(whole.value, whole.value))
    if by_whole is None or by_part is None or None in (by_whole.low, by_whole.high, by_part.low, by_part.high):
        return False
    return (by_whole.high - by_whole.low > limit  # type: ignore[operator]
            and by_part.high - by_part.low <= limit)  # type: ignore[operator]


def pins(stated: Stated, part: PlacedFact, whole: Whole) -> bool:
    """Whether part ÷ whole, at the precision both are written with, is no wider than the
    stated rate's own last digit either way: a figure nothing names may explain a rate only
    then (37.6 ÷ 36.3 亿元 is anything from 103.3 % to 103.9 %, and among the figures of a
    section one such ratio meets a wrong 103.4 % by chance)."""
    half = Decimal(5) * Decimal(10) ** (-stated.quantity.decimals - 1)
    computed = ratio_percent(exact_interval(part.fact.quantity), whole.interval)
    if computed is None or computed.low is None or computed.high is None:
        return False
    return computed.high - computed.low <= 4 * half

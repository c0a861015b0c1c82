"""Decimal interval arithmetic with the tolerance of stated precision (XBRL Calc 1.1 idea).

A figure written with *d* decimals stands for the interval ±½·10⁻ᵈ around it; two
statements are inconsistent only when their intervals cannot meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from auditor.quick_init import quick_init
from auditor.types import Quantity

HUNDRED = Decimal(100)


@quick_init
@dataclass(frozen=True)
class Interval:
    """A closed interval; ``None`` bounds are open-ended."""

    low: Decimal | None
    high: Decimal | None

    def meets(self, other: Interval) -> bool:
        """True when the two intervals share at least one point."""
        if self.low is not None and other.high is not None and self.low > other.high:
            return False
        return not (self.high is not None and other.low is not None and self.high < other.low)

    def scaled(self, factor: Decimal) -> Interval:
        """The interval multiplied by a positive factor."""
        return Interval(
            None if self.low is None else self.low * factor,
            None if self.high is None else self.high * factor,
        )


@lru_cache(maxsize=64)
def half_unit(decimals: int) -> Decimal:
    """½·10⁻ᵈ: the rounding tolerance of a figure written with ``decimals`` decimals."""
    return Decimal(5) * Decimal(10) ** (-decimals - 1)


def interval_of(quantity: Quantity, multiplier: Decimal | None = None) -> Interval:
    """The values a written quantity can stand for, in base units.

    ``multiplier`` replaces the quantity's own unit scale (used to test a unit-slip
    hypothesis: "what if 20.00 元 were 20.00 万元").
    """
    scale = quantity.multiplier if multiplier is None else multiplier
    if quantity.qualifier and (quantity.low is not None or quantity.high is not None):
        ratio = scale / quantity.multiplier
        return Interval(
            None if quantity.low is None else quantity.low * ratio,
            None if quantity.high is None else quantity.high * ratio,
        )
    if quantity.qualifier:
        return Interval(None, None)
    tolerance = half_unit(quantity.decimals)
    return Interval((quantity.mantissa - tolerance) * scale, (quantity.mantissa + tolerance) * scale)


def ratio_percent(part: Interval, whole: Interval) -> Interval | None:
    """part / whole × 100 as an interval; None when the whole may be zero or is unbounded."""
    if whole.low is None or whole.low <= 0 or part.low is None:
        return None
    low = part.low / whole.high * HUNDRED if whole.high is not None else Decimal(0)
    high = None if part.high is None else part.high / whole.low * HUNDRED
    return Interval(max(low, Decimal(0)), high)


def truncation_interval(quantity: Quantity) -> Interval:
    """The lenient reading of a stated figure as truncated: [v, v + 10⁻ᵈ)."""
    step = Decimal(10) ** (-quantity.decimals)
    return Interval(quantity.mantissa * quantity.multiplier,
                    (quantity.mantissa + step) * quantity.multiplier)


def plain(value: Decimal, places: int = 2) -> str:
    """A Decimal rounded for a message (``94.09``)."""
    quantum = Decimal(10) ** -places
    return f"{value.quantize(quantum):f}"

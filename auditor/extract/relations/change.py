"""Change relations a report states: 比上年增加 D，增长 P%，上年为 B，与上年持平.

A *change group* is a run of change figures joined only by punctuation
(``增加2.55万元，增长1.40%``). The current value C is bound only when the sentence makes
the link plain:

* ``机关运行经费支出184.65万元，比2023年度增加2.55万元`` — C is the figure right before
  the comparison clause, with nothing but the anchor (比/较/与…相比/同比) between;
* ``与2023年度相比，收入支出总计增加307.82万元`` — the subject is restated, and C is the
  nearest earlier ``收入支出总计 307.82 万元`` in this or the three sentences before;
* ``由B增加到C`` / ``减少为0.00万元`` — the new value follows the change word.

A ``，完成预算的100.54%`` clause between C and a money change is skipped. A restated
subject not found word for word is tried by meaning, and such a binding is uncertain:
the same core with filler words only (``“三公”经费支出`` ← ``“三公”经费财政拨款支出决算
合计C``) and the report's own total for ``本项目支出``/``部门整体支出`` (← ``实际支出C``).
A C whose unit differs from D's and fails as written (``支出62.29元，比上年减少8.64万元``,
a unit slip that AU101 reports) is checked in D's unit.

The previous value B is bound from ``较…的B``, ``由B``, ``上年为B``/``上年决算B``. A
relation is checked only when three figures pin it down (C, D, P; or B with two others);
``增长X%`` alone, the usual case in provincial reports, is not checkable and stays silent.
Growth in real terms (生产总值, 增加值, 可比价) is not a ratio of the written figures and is
not checked. Percent-point changes (``提高2.1个百分点``) compare differences of rates.

This module holds the values and the interval arithmetic; :mod:`.change_sentence` finds the
figures, :mod:`.change_binding` their bindings, :mod:`.change_check` decides each stated
figure (:mod:`.change_flat` the 持平 statements).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from auditor.extract.arithmetic import HUNDRED, Interval, interval_of, plain, truncation_interval
from auditor.extract.figures import PlacedQuantity
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    single_reading,
)
from auditor.types import Quantity

POINTS_UNIT = "个百分点"


@dataclass(frozen=True)
class ChangeFigure:
    """A figure introduced by a change word."""

    placed: PlacedQuantity
    word: str
    word_start: int
    sign: int
    role: str  # "amount" | "rate" | "points" | "new"

class ChangeCheck(enum.Enum):
    """Which part of a change statement a relation verifies."""

    RATE = "rate"  # P against D/(C−D) or (C−B)/B
    AMOUNT = "amount"  # D against C−B
    POINTS = "points"  # 个百分点 against C−B
    DIRECTION = "direction"  # 增加/减少 against C and B
    OPPOSITE = "opposite"  # one change written both as 增加 and as 减少
    FLAT_CHANGE = "flat_change"  # 持平 beside a non-zero change figure
    FLAT_NEW = "flat_new"  # 持平 beside 减少为/增加到 a value
    FLAT_VALUES = "flat_values"  # 持平 against C and B
    ZERO_BASE = "zero_base"  # a growth rate from a zero (or negative) base
    #: an increase no larger than the current value; a failure is reported only as the unit
    #: slip that explains it (a balance may grow from below zero)
    BOUND = "bound"


@dataclass(frozen=True)
class ChangeRelation:
    """One verified change statement.

    ``check`` says what is verified; ``stated`` is the figure (or the 持平 wording) being
    verified; ``others`` the figures it was checked against (C then B, or C then D).
    ``certain`` is False when the binding is a restated subject found by meaning, not a
    figure in the same clause chain. ``word`` is the change word as written, ``computed``
    the value the other figures give (as text, for the rule's message), ``sign`` the
    direction the word states.
    """

    check: ChangeCheck
    stated_start: int
    stated_end: int
    stated_text: str
    others: tuple[Quantity, ...]
    holds: bool
    certain: bool
    arithmetic: str
    word: str = ""
    computed: str = ""
    truncated: bool = False
    sign: int = 1
    negative_base: bool = False  # the rate holds against the size of a negative base
    slipped: Quantity | None = None  # a figure read at another scale for the change to hold
    slip_multiplier: Decimal | None = None
    all_readings: tuple[Reading, ...] = ()
    #: flow ranges a finding points at besides the stated figure, when a figure alone does not
    #: show what conflicts (the other change word of an opposite pair: ``下降41.3%``)
    related_flow: tuple[tuple[int, int], ...] = ()

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.CHANGE`."""
        return RelationKind.CHANGE

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The figures checked against the stated one (C then B, or C then D)."""
        roles = ("current", "previous") if self.check in _WITH_PREVIOUS else ("current", "amount")
        return tuple(Operand(roles[min(i, 1)], q) for i, q in enumerate(self.others))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """Every binding of C and B tried, best first."""
        if self.all_readings:
            return self.all_readings
        return single_reading(self.operands, self.holds, self.detail, Assumption.CURRENT_BEFORE)

    @property
    def detail(self) -> str:
        """The arithmetic with the verdict, e.g. ``2.55/(184.65−2.55) = 1.40%（所述 1.40%）✓``."""
        note = "（按截断理解）" if self.truncated else ""
        return f"{self.arithmetic}{note}{'✓' if self.holds else '✗'}"


_WITH_PREVIOUS = frozenset({ChangeCheck.AMOUNT, ChangeCheck.POINTS, ChangeCheck.DIRECTION,
                            ChangeCheck.FLAT_VALUES})


def shown(quantity: Quantity) -> str:
    """A figure as written, inner whitespace collapsed."""
    return "".join(quantity.text.split())


def number(quantity: Quantity) -> str:
    """The written number in the unit of the figure (``184.65``)."""
    return f"{quantity.mantissa:f}"


def sub(a: Interval, b: Interval) -> Interval | None:
    """a − b; None when unbounded."""
    if None in (a.low, a.high, b.low, b.high):
        return None
    return Interval(a.low - b.high, a.high - b.low)  # type: ignore[operator]


def add(a: Interval, b: Interval) -> Interval | None:
    """a + b; None when unbounded."""
    if None in (a.low, a.high, b.low, b.high):
        return None
    return Interval(a.low + b.low, a.high + b.high)  # type: ignore[operator]


def percent_of(part: Interval, base: Interval) -> Interval | None:
    """part / base × 100 for a strictly positive bounded base; part may be any sign."""
    if None in (part.low, part.high, base.low, base.high) or base.low <= 0:  # type: ignore[operator]
        return None
    candidates = [p / b * HUNDRED for p in (part.low, part.high) for b in (base.low, base.high)]  # type: ignore[operator]
    return Interval(min(candidates), max(candidates))


def negated(interval: Interval) -> Interval:
    """−interval."""
    return Interval(None if interval.high is None else -interval.high,
                    None if interval.low is None else -interval.low)


def bounded(interval: Interval) -> bool:
    return interval.low is not None and interval.high is not None


def meets_stated(computed: Interval, stated: Quantity) -> tuple[bool, bool]:
    """(holds, holds only as truncation) of a computed interval against a stated figure."""
    if computed.meets(interval_of(stated)):
        return True, False
    if stated.is_exact and computed.meets(truncation_interval(stated)):
        return True, True
    return False, False


def in_unit(value: Decimal, *quantities: Quantity) -> str:
    """A base-unit value shown in the first figure's unit, with the figures' precision."""
    places = max(q.decimals for q in quantities)
    return plain(value / quantities[0].multiplier, places) + quantities[0].unit


def difference_text(current: Quantity, previous: Quantity) -> str:
    if current.multiplier != previous.multiplier:
        return f"{shown(current)}−{shown(previous)}"
    return f"{number(current)}−{number(previous)}"

"""The arithmetic of a sum (see :mod:`.sum`): a total against its parts as intervals, with
the written detail, and which one figure may have slipped to another scale."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from auditor.extract.arithmetic import HUNDRED, Interval, plain, truncation_interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption, Operand, Reading, Rescale
from auditor.extract.relations.enumeration_items import SumPart
from auditor.extract.relations.readings import CONFIDENT, exact_interval, scale_name
from auditor.extract.relations.readings import shown as _shown_spaced
from auditor.types import Quantity, QuantityKind

ZERO = Decimal(0)
Check = Callable[[dict[int, Decimal]], tuple[bool, bool, str]]


def shown(quantity: Quantity) -> str:
    """A figure as written, whitespace removed (``307.82万元``)."""
    return _shown_spaced(quantity, compact=True)

def hundred() -> Interval:
    """100 % exactly."""
    return Interval(HUNDRED, HUNDRED)


def add_intervals(intervals: list[Interval]) -> Interval:
    """The sum of intervals (an open bound stays open above)."""
    low = sum(((i.low if i.low is not None else ZERO) for i in intervals), ZERO)
    highs = [i.high for i in intervals]
    high = None if any(h is None for h in highs) else sum(highs, ZERO)  # type: ignore[arg-type]
    return Interval(low, high)


def above(value: Interval, bound: Interval) -> bool:
    """``value`` is certainly larger than ``bound``."""
    return value.low is not None and bound.high is not None and value.low > bound.high


def _signed(interval: Interval, sign: int) -> Interval:
    if sign > 0:
        return interval
    return Interval(None if interval.high is None else -interval.high,
                    None if interval.low is None else -interval.low)


def _truncated(quantity: Quantity) -> Interval:
    if quantity.mantissa == 0:
        return Interval(ZERO, ZERO)
    return truncation_interval(quantity)


def checker(total: PlacedFact, parts: list[SumPart], complete: bool, signal: str) -> Check:
    quantities = [total.fact.quantity, *(p.amount.fact.quantity for p in parts)]
    signs = [1, *(p.sign for p in parts)]

    def check(overrides: dict[int, Decimal]) -> tuple[bool, bool, str]:
        intervals = [_signed(exact_interval(q, overrides.get(i)), signs[i])
                     for i, q in enumerate(quantities)]
        total_interval, summed = intervals[0], add_intervals(intervals[1:])
        truncated = False
        if complete:
            holds = summed.meets(total_interval)
            if holds and not overrides and min(signs) > 0 and _odd_slip_centred(quantities):
                holds = False  # only the parts' rounding lets it meet; the odd figure read at
                # the others' scale makes it exact (63 亿元 = 35.6 + 25.2 + 0.6 万元 + 1.4 + 0.2)
            if not holds and not overrides and all(q.is_exact for q in quantities) and min(signs) > 0 \
                    and not _odd_slip_holds(quantities, intervals[0], signs):
                lenient = add_intervals([_truncated(q) for q in quantities[1:]])
                holds = truncated = _overlap(lenient, _truncated(quantities[0]))
        else:
            holds = not above(summed, total_interval)
            # a part below zero (冲减 -50 万元) lets another exceed the total
            negative = any(i.high is not None and i.high < 0 for i in intervals[1:])
            holds = holds and (negative or not any(above(i, total_interval) for i in intervals[1:]))
        return holds, truncated, _detail(quantities, overrides, complete, signal, holds, truncated,
                                         signs)
    return check


def _overlap(a: Interval, b: Interval) -> bool:
    """Truncated figures stand for half-open intervals [v, v + 10⁻ᵈ): two of them share a
    point only when each starts below the other's end (2.3 + [0, 0.2) never reaches 2.5)."""
    return (a.low is None or b.high is None or a.low < b.high) and \
        (b.low is None or a.high is None or b.low < a.high)


def _odd_slip_holds(quantities: list[Quantity], total: Interval, signs: list[int]) -> bool:
    """The one money figure written at a scale none of the others uses, read at theirs,
    makes the sum exact: that slip, not a lenient truncation, explains the list
    (``128.8 亿元 = 127.7 亿元 + 0.9 亿元 + 0.2 万元``)."""
    operands = [Operand("", q) for q in quantities]
    odd = odd_one(operands)
    if not odd:
        return False
    index = odd[0]
    common = next(q.multiplier for i, q in enumerate(quantities) if i != index)
    intervals = [_signed(exact_interval(q, common if i == index else None), signs[i])
                 for i, q in enumerate(quantities)]
    return add_intervals(intervals[1:]).meets(intervals[0])


def _odd_slip_centred(quantities: list[Quantity]) -> bool:
    """The written values add up outside the total's own precision, and do add up within it
    once the one money figure at a scale none of the others uses is read at theirs."""
    operands = [Operand("", q) for q in quantities]
    odd = odd_one(operands)
    if not odd or odd[0] == 0:
        return False
    common = next(q.multiplier for i, q in enumerate(quantities) if i != odd[0])
    return not _central_fit(operands, odd[0], quantities[odd[0]].multiplier) \
        and _central_fit(operands, odd[0], common)


def _detail(quantities: list[Quantity], overrides: dict[int, Decimal], complete: bool,
            signal: str, holds: bool, truncated: bool, signs: list[int]) -> str:
    total, parts = quantities[0], quantities[1:]
    values = [q.mantissa * overrides.get(i + 1, q.multiplier) * signs[i + 1]
              for i, q in enumerate(parts)]
    multiplier = overrides.get(0, total.multiplier) if len({q.multiplier for q in parts}) != 1 \
        else parts[0].multiplier
    unit = scale_name(multiplier).removesuffix("元")
    unit_text = f"{unit}元" if parts[0].kind is QuantityKind.MONEY else parts[0].unit
    decimals = max(q.decimals for q in parts)
    summed = plain(sum(values, ZERO) / multiplier, decimals)
    terms = "".join(f"{' − ' if sign < 0 else ' + ' if i else ''}{shown(q)}"
                    for i, (q, sign) in enumerate(zip(parts, signs[1:], strict=True)))
    if len(parts) > 1:
        terms = f"{terms} = {summed}{unit_text}"
    mark = "✓" if holds else "✗"
    note = "（按截断理解）" if truncated else ""
    for index, multiplier_override in overrides.items():
        written = quantities[index]
        note = f"（将“{shown(written)}”按{scale_name(multiplier_override)}计）"
    if complete:
        return f"{shown(total)} = {terms}（列举完整：{signal}）{note}{mark}"
    relation = "≤" if holds else ">"
    return f"{terms} {relation} {shown(total)}（未列全，只核对不超过合计）{note}{mark}"


def odd_one(operands: list[Operand]) -> tuple[int, ...]:
    """The index of the only money figure at its scale when all the others (two at least)
    share another one."""
    scales = [o.quantity.multiplier for o in operands if o.quantity.kind is QuantityKind.MONEY]
    if len(scales) != len(operands) or len(scales) < 3:
        return ()
    odd = [i for i, m in enumerate(scales) if scales.count(m) == 1]
    return tuple(odd) if len(odd) == 1 and len(set(scales)) == 2 else ()


#: an open list's parts that add up exactly once one figure is read at the others' scale
EXACT_WITH_SLIP = "分项按统一单位相加恰好等于合计"


def exact_with_slip(total: PlacedFact, listed: list[SumPart], operands: list[Operand],
                     list_kind: Assumption, assumption: Assumption) -> Reading | None:
    """``新增债券109.1亿元，其中安排45.6亿元…、25万元…、34.9亿元…``: an open list (其中) whose
    one figure at a scale none of the others uses, read at theirs, makes the parts add up
    exactly to the total. Σ ≤ total holds as written, but exact agreement at the common
    scale shows the list is complete and that figure slipped (a reading that outranks it).
    A list mixing two scales on purpose (保险费收入 0.5 亿元、财政补贴收入 0.9 万元、利息收入
    50 万元 …) is read so too when exactly one of its small figures, read ten thousand times
    larger, closes it: a coincidence that exact is the slip, not chance."""
    check = checker(total, listed, True, EXACT_WITH_SLIP)
    odd = bool(odd_one(operands))
    fits = [(index, scale) for index, scale in slip_candidates(operands)
            if check({index: scale})[0] and (odd or _central_fit(operands, index, scale))]
    if len(fits) != 1 or check({})[0]:
        return None
    index, scale = fits[0]
    _, _, detail = check({index: scale})
    return Reading(tuple(operands), (Assumption.CLOSED_LIST, assumption, Assumption.UNIT_RESCALED),
                   CONFIDENT + 0.5, True, detail, Rescale(operands[index], scale))


_SLIP = Decimal(10_000)


def _central_fit(operands: list[Operand], index: int, scale: Decimal) -> bool:
    """The parts' written values, one read at ``scale``, add up to within the total's own
    precision: with many rounded parts their intervals alone would close too many lists."""
    summed = sum((o.quantity.mantissa * (scale if i == index else o.quantity.multiplier)
                  for i, o in enumerate(operands) if i), ZERO)
    total = exact_interval(operands[0].quantity, scale if index == 0 else None)
    return total.meets(Interval(summed, summed))


def slip_candidates(operands: list[Operand]) -> list[tuple[int, Decimal]]:
    """Figures that may have slipped, each with the scale it would have: the odd one out read
    at the others' scale; else each money part written at a scale 10⁴ below one the total or
    another part uses; and the total, read ten thousand times larger (收入 54.3 万元，其中土地
    出让收入 538000 万元 …)."""
    odd = odd_one(operands)
    if odd:
        if odd[0] == 0:
            return []
        common = next(o.quantity.multiplier for i, o in enumerate(operands) if i != odd[0])
        return [(odd[0], common)]
    if any(o.quantity.kind is not QuantityKind.MONEY for o in operands):
        return []
    scales = {o.quantity.multiplier for o in operands}
    return [(i, o.quantity.multiplier * _SLIP) for i, o in enumerate(operands)
            if not i or o.quantity.multiplier * _SLIP in scales]

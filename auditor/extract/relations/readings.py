"""Readings: scored hypotheses about a stated figure's operands, checked with interval arithmetic.

A relation builder proposes *candidates* (which figure is the part, which the whole; what
the base of a change is) with a score from their linguistic evidence — attribute words are
a prior, relation cues, distance and scope add or subtract — and this module turns each
into a :class:`~auditor.extract.relations.base.Reading` by doing the arithmetic. A reading
that fails as written is tried once more with one money operand read at ×10⁴ or ÷10⁴ (a
unit slip). :func:`decide` then applies the rule every relation shares: a relation holds
when a plausible reading holds; it fails only when its confident reading fails and no
plausible reading holds; otherwise it is left unverified.

A relation keeps the readings that can decide it or be shown (:data:`KEPT`): a reading
known to fail before its arithmetic is written (:class:`Unwritten`) is written only when
it is one of those (:func:`decide_kept`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from auditor.extract.arithmetic import Interval, interval_of, truncation_interval
from auditor.extract.relations.base import Assumption, Operand, Reading, Rescale
from auditor.quick_init import quick_init
from auditor.types import Quantity, QuantityKind

#: a reading at least this plausible that holds makes the relation hold
PLAUSIBLE = 1.0
#: a failed relation is reported only when its best reading is at least this confident
CONFIDENT = 2.0
#: scores this close count as one binding (the slip tie-breakers move scores by less)
TIE = 0.1
#: unit-slip hypotheses: a money figure read ten thousand times larger or smaller
RESCALES = (Decimal(10000), Decimal(1) / Decimal(10000))
ZERO = Decimal(0)
#: how many of its best readings a relation shows (a finding lists them)
KEPT = 6


@dataclass(frozen=True)
class Outcome:
    """What a relation's readings decide."""

    readings: tuple[Reading, ...]  # every reading tried, best first
    decided: Reading | None  # the reading that decides (None: unverified, record nothing)
    holds: bool


def exact_interval(quantity: Quantity, multiplier: Decimal | None = None) -> Interval:
    """The quantity's interval; a written zero (``0 万元``) means nothing, exactly."""
    if quantity.is_exact and quantity.mantissa == 0:
        return Interval(ZERO, ZERO)
    return interval_of(quantity, multiplier)


def meets_stated(computed: Interval, stated: Quantity, interval: Interval | None = None
                 ) -> tuple[bool, bool]:
    """(holds, holds only when the stated figure is read as truncated); ``interval`` is the
    stated figure's :func:`exact_interval` when the caller has it already."""
    if computed.meets(interval if interval is not None else exact_interval(stated)):
        return True, False
    if stated.is_exact and stated.mantissa != 0 and computed.meets(truncation_interval(stated)):
        return True, True
    return False, False


def rescalable(quantity: Quantity) -> bool:
    """A figure whose unit may have slipped: an exact money amount."""
    return quantity.kind is QuantityKind.MONEY and quantity.is_exact


def rescaled_multiplier(quantity: Quantity, factor: Decimal) -> Decimal:
    """The unit scale a slipped figure would have been meant at."""
    return quantity.multiplier * factor


#: a check's arithmetic text, or a function that writes it: a slip hypothesis that fails is
#: dropped, and writing its text cost more than its arithmetic
Detail = str | Callable[[], str]
Check = Callable[[dict[int, Decimal]], tuple[bool, bool, Detail]]


def _text(detail: Detail) -> str:
    return detail if isinstance(detail, str) else detail()


def read(operands: Sequence[Operand], assumptions: Sequence[Assumption], score: float,
         check: Check, slippable: Sequence[int] = (),
         votes: Mapping[Decimal, int] | None = None) -> list[Reading]:
    """The reading as written and, when it fails, one per unit-slip hypothesis that holds.

    ``check`` receives ``{operand index: multiplier}`` overrides and returns (holds,
    truncated, arithmetic), the arithmetic as text or as a function that writes it.
    ``slippable`` are the operand indexes that may have slipped;
    ``votes`` counts the document's money figures per unit scale (a tie-breaker).
    """
    holds, truncated, detail = check({})
    extra = (Assumption.TRUNCATED,) if truncated else ()
    readings = [Reading(tuple(operands), (*assumptions, *extra), score, holds, _text(detail))]
    if holds:
        return readings
    for index in slippable:
        quantity = operands[index].quantity
        if not rescalable(quantity):
            continue
        for factor in RESCALES:
            multiplier = rescaled_multiplier(quantity, factor)
            ok, truncated, detail = check({index: multiplier})
            if ok:
                others = [o.quantity.multiplier for i, o in enumerate(operands)
                          if i != index and o.quantity.kind is QuantityKind.MONEY]
                extra = (Assumption.TRUNCATED,) if truncated else ()
                # When two slips explain the same figures, the likelier is the one that joins
                # the scale most other operands use, then a figure written too small (25 元
                # for a budget) rather than too large.
                bias = 0.02 * others.count(multiplier) - 0.02 * others.count(quantity.multiplier)
                if votes:
                    common, rare = votes.get(multiplier, 0), votes.get(quantity.multiplier, 0)
                    bias += 0.005 if common > rare else -0.005 if common < rare else 0.0
                bias -= 0.001 if factor < 1 else 0.0
                readings.append(Reading(tuple(operands), (*assumptions, Assumption.UNIT_RESCALED,
                                                          *extra),
                                        score + bias, True, _text(detail), Rescale(operands[index], multiplier)))
    return readings


def decide(readings: Sequence[Reading]) -> Outcome:
    """Apply the shared rule (see the module documentation) to a relation's readings.

    A reading that holds only with a unit slip decides when no plausible reading holds as
    written; a slip is a finding (AU101) on the slipped figure, not a passing check.
    """
    ordered = tuple(sorted(readings, key=lambda r: -r.score))
    if ordered and ordered[0].score >= PLAUSIBLE:
        # The most confident binding decides first: explained as written, or by a slip of
        # one of its own figures (a slip there outweighs a weaker binding that holds).
        top = [r for r in ordered if r.score >= ordered[0].score - TIE and r.holds
               and (r.rescale is None or r.score >= CONFIDENT)]
        if top:
            best = next((r for r in top if r.rescale is None), top[0])
            return Outcome(ordered, best, True)
    plausible = [r for r in ordered if r.score >= PLAUSIBLE]
    # a reading too coarse to tell one rate from another does not explain away a failure
    written = [r for r in plausible if r.holds and r.rescale is None
               and (Assumption.IMPRECISE not in r.assumptions or r is ordered[0])]
    if written:
        return Outcome(ordered, written[0], True)
    # a slip is a finding: only a confident binding can show one
    slipped = [r for r in ordered if r.holds and r.rescale is not None and r.score >= CONFIDENT]
    if slipped:
        return Outcome(ordered, slipped[0], True)
    concrete = [r for r in ordered if _concrete(r)]
    if concrete and concrete[0].score >= CONFIDENT:
        return Outcome(ordered, concrete[0], False)
    return Outcome(ordered, None, False)


@quick_init
@dataclass(frozen=True)
class Unwritten:
    """A reading known to fail (no hypothesis about its operands can hold) whose arithmetic
    is not written yet: ``write`` makes the :class:`Reading`, which fails."""

    score: float
    assumptions: tuple[Assumption, ...]
    write: Callable[[], Reading]


def decide_kept(entries: Sequence[Reading | Unwritten]) -> Outcome:
    """:func:`decide` over readings some of which are :class:`Unwritten`: those among the
    :data:`KEPT` best and the best concrete one are written; any other cannot change the
    outcome (a failing reading decides only as the best, or as the best concrete one) nor
    be shown, and is left out of it. Most operand pairs of a rate are far off: writing
    their arithmetic cost more than checking it."""
    order = sorted(range(len(entries)), key=lambda i: -entries[i].score)
    wanted = set(order[:KEPT])
    concrete = next((i for i in order if _concrete(entries[i])), None)
    if concrete is not None:
        wanted.add(concrete)
    return decide([entry if isinstance(entry, Reading) else entry.write()
                   for index, entry in enumerate(entries)
                   if isinstance(entry, Reading) or index in wanted])


def _concrete(reading: Reading | Unwritten) -> bool:
    """A reading whose operands are stated figures, or a whole implied firmly enough."""
    return (not _DERIVED.intersection(reading.assumptions)
            or (Assumption.IMPLIED_WHOLE in reading.assumptions and reading.score >= CONFIDENT + 0.4))


#: readings whose operand is derived (a subtotal, an implied whole) may explain a figure
#: but decide that it is wrong only when several stated figures agree on it (an implied
#: whole two sibling shares agree on, score ≥ CONFIDENT + 0.4)
_DERIVED = frozenset({Assumption.SUBTOTAL, Assumption.IMPLIED_WHOLE})


def shown(quantity: Quantity, *, compact: bool = False) -> str:
    """A figure as written, runs of whitespace made one space (or removed, ``compact``)."""
    return ("" if compact else " ").join(quantity.text.split())


_SCALE_NAMES = {Decimal(1): "元", Decimal(1000): "千元", Decimal(10000): "万元",
                Decimal(100000000): "亿元", Decimal(10) ** 12: "万亿元"}


def scale_name(multiplier: Decimal) -> str:
    """元 / 千元 / 万元 / 亿元 / 万亿元 for a unit scale (×N otherwise)."""
    normal = multiplier.normalize()
    return _SCALE_NAMES.get(normal, f"×{normal:f}")

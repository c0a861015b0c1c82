"""The rate relation's shortcuts give exactly what the full checks gave.

A pair of operands the float test rules out (:meth:`PairCheck.hopeless`) has no reading
that holds, as written or with a unit slip; and deciding over readings some of which are
left unwritten (:func:`decide_kept`) decides, and shows, what deciding over all of them did.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption, Operand, Reading, Rescale
from auditor.extract.relations.rate_check import PairCheck, Part, Stated
from auditor.extract.relations.rate_whole import Whole
from auditor.extract.relations.readings import KEPT, Unwritten, decide, decide_kept, read
from auditor.types import Fact, Quantity, QuantityKind

_SCALES = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000), "%": Decimal(1)}


def _quantity(mantissa: Decimal, unit: str) -> Quantity:
    decimals = max(0, -int(mantissa.as_tuple().exponent))
    kind = QuantityKind.PERCENT if unit == "%" else QuantityKind.MONEY
    return Quantity(0, 1, f"{mantissa}{unit}", mantissa, decimals, unit, _SCALES[unit], kind)


def _placed(quantity: Quantity, at: int) -> PlacedFact:
    return PlacedFact(Fact("", "", quantity), at, at + 1, 0)


def _readings(part: Quantity, whole: Quantity, rate: Quantity) -> tuple[PairCheck, list[Reading]]:
    check = PairCheck(Stated.of(rate), Part.of(_placed(part, 0)),
                      Whole.of(_placed(whole, 10), 1.5, Assumption.SAME_SENTENCE))
    operands = (Operand("rate", rate), Operand("part", part), Operand("whole", whole))
    return check, read(operands, (Assumption.SAME_SENTENCE,), 2.5, check, (1, 2))


_MANTISSAS = st.builds(lambda digits, places: Decimal(digits).scaleb(-places),
                       st.integers(0, 99_999_999), st.integers(0, 3))
_UNITS = st.sampled_from(("元", "万元", "亿元"))


@settings(max_examples=400, deadline=None)
@given(_MANTISSAS, _UNITS, _MANTISSAS, _UNITS, st.sampled_from((None, 1, 10000, Decimal("0.0001"))),
       st.integers(0, 3), _MANTISSAS)
def test_a_hopeless_pair_has_one_failing_reading(part_m, part_unit, whole_m, whole_unit, slip, places, other):
    part, whole = _quantity(part_m, part_unit), _quantity(whole_m, whole_unit)
    if slip is not None and whole.value:
        # a stated rate the pair meets, as written or with a slip, rounded as a report would
        computed = part.value / whole.value * 100 * Decimal(slip)
        stated = computed.quantize(Decimal(1).scaleb(-places)) if abs(computed) < 10**9 else other
    else:
        stated = other
    check, readings = _readings(part, whole, _quantity(Decimal(stated), "%"))
    if check.hopeless():
        assert len(readings) == 1
        assert not readings[0].holds and readings[0].rescale is None
        assert readings[0].assumptions == (Assumption.SAME_SENTENCE,)
        assert readings[0].detail == check.failed_detail()


def test_hopeless_only_when_far_off():
    part, whole = _quantity(Decimal("91.67"), "万元"), _quantity(Decimal("97.43"), "万元")
    assert not _readings(part, whole, _quantity(Decimal("94.09"), "%"))[0].hopeless()  # holds
    slipped = _quantity(Decimal("91.67"), "元")
    check, readings = _readings(slipped, whole, _quantity(Decimal("94.09"), "%"))
    assert not check.hopeless() and any(r.holds and r.rescale is not None for r in readings)
    assert _readings(part, whole, _quantity(Decimal("54.1"), "%"))[0].hopeless()


_SCORES = st.sampled_from((0.3, 0.6, 0.9, 0.95, 1.0, 1.05, 1.3, 1.5, 1.6, 1.9, 2.0, 2.1, 2.4, 2.5, 2.9))
_ASSUMPTIONS = st.sampled_from(((Assumption.SAME_SENTENCE,), (Assumption.SECTION_SCOPE,),
                                (Assumption.SUBTOTAL,), (Assumption.IMPLIED_WHOLE,),
                                (Assumption.SAME_SENTENCE, Assumption.IMPRECISE)))
_OPERAND = Operand("part", _quantity(Decimal(1), "元"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_SCORES, st.booleans(), st.booleans(), _ASSUMPTIONS, st.booleans()), max_size=20))
def test_deciding_over_unwritten_readings_decides_the_same(specs):
    written: list[Reading] = []
    entries: list[Reading | Unwritten] = []
    for index, (score, holds, slipped, assumptions, unwritten) in enumerate(specs):
        rescale = Rescale(_OPERAND, Decimal(10000)) if holds and slipped else None
        reading = Reading((), assumptions, score, holds, f"#{index}", rescale)
        written.append(reading)
        entries.append(Unwritten(score, assumptions, lambda r=reading: r) if unwritten and not holds else reading)
    full, kept = decide(written), decide_kept(entries)
    assert kept.decided is full.decided
    assert kept.holds == full.holds
    assert [id(r) for r in kept.readings[:KEPT]] == [id(r) for r in full.readings[:KEPT]]

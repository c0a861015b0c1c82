"""Property tests: no text crashes the quantity recognizer and its spans are well formed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract.quantity import find_quantities, find_years

# Characters the recognizer reacts to, so random text often forms near-quantities.
_ALPHABET = (
    "0123456789０１２３４５６７８９.．,，%％‰-－ \t\n"
    "〇零一二两三四五六七八九十百千万亿点第届“”[]〔〕"
    "元个人次户场名件份条项家所批期位分亩吨米公里平方约近余多超过以上下左右不足到逾"
    "年月日度之是大的和预算执行率"
)

_texts = st.text(alphabet=_ALPHABET, max_size=80) | st.text(max_size=80)


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_quantities_never_crash_and_spans_are_exact(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for quantity in found:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.start >= previous_end, "spans overlap or are out of order"
        previous_end = quantity.end
        if quantity.low is not None and quantity.high is not None:
            assert quantity.low <= quantity.high


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_exact_quantities_contain_their_value(text: str) -> None:
    for quantity in find_quantities(text):
        if quantity.is_exact:
            assert quantity.low is not None and quantity.high is not None
            assert quantity.low <= quantity.value <= quantity.high


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_years_never_crash_and_spans_are_exact(text: str) -> None:
    for mention in find_years(text):
        assert text[mention.start : mention.end] == mention.text
        assert 1000 <= mention.year <= 9999


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["元", "万元", "亿元", "%", "个", "人次", "万户"]),
    st.sampled_from(["", " ", "  "]),
)
def test_written_number_round_trips(number, unit, space) -> None:
    written = f"{number}"
    text = f"实际支出{written}{space}{unit}，"
    (quantity,) = find_quantities(text)
    assert quantity.text == f"{written}{space}{unit}"
    assert quantity.mantissa == number
    assert str(quantity.mantissa) == written

"""Chinese numerals (二十五, 一千二百, 九十五点二, 两) → ``Decimal``, on already-cut spans.

The recognizer cuts a numeral with a regex first and hands only that span here; ``cn2an``
is never run over free text (it would read 一是 or 二十大 as numbers). ``cn2an`` is imported
lazily because importing it costs about 0.2 s and most documents use Arabic digits.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

CN_DIGITS = "〇零一二两三四五六七八九"
CN_INTEGER_CHARS = CN_DIGITS + "十百千万亿"

_DIGIT_VALUE = {char: str(index) for index, char in enumerate("零一二三四五六七八九")}
_DIGIT_VALUE.update({"〇": "0", "两": "2"})

# A numeral must start with a digit or 十 (十五 = 15); 百/千/万 alone are not cut as numbers.
INTEGER_PATTERN = f"[{CN_DIGITS}十][{CN_INTEGER_CHARS}]*"
FRACTION_PATTERN = f"点[{CN_DIGITS}]+"


class NotANumeral(ValueError):
    """The cut span is not a well-formed Chinese numeral (七八, 十四五 …)."""


def split_scale_suffix(numeral: str) -> tuple[str, str]:
    """Split a trailing 万/亿/万亿 off an integer numeral: ``二十五万`` → (``二十五``, ``万``).

    Keeps the written scale as the unit prefix, like ``25万元`` with Arabic digits. A bare
    scale word (``万``) is left alone.
    """
    for suffix in ("万亿", "亿", "万"):
        if numeral.endswith(suffix) and len(numeral) > len(suffix):
            return numeral[: -len(suffix)], suffix
    return numeral, ""


@lru_cache(maxsize=4096)
def cn_integer(numeral: str) -> int:
    """The value of an integer Chinese numeral; raises :class:`NotANumeral`."""
    import cn2an

    if len(numeral) > 1 and not any(char in "十百千万亿" for char in numeral):
        # 七八个 / 三五天 mean "seven or eight", not 78; 二〇二三 is a year, not a count.
        raise NotANumeral(numeral)
    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError) as error:
        raise NotANumeral(numeral) from error
    if isinstance(value, float) and not value.is_integer():
        raise NotANumeral(numeral)
    return int(value)


def cn_decimal(integer: str, fraction: str = "") -> tuple[Decimal, int]:
    """``(mantissa, decimals)`` of a numeral cut as integer part and ``点…`` digits.

    ``cn_decimal("九十五", "二")`` → ``(Decimal("95.2"), 1)``. The fraction digits are read
    one by one (as written), never through floats.
    """
    whole = cn_integer(integer)
    if not fraction:
        return Decimal(whole), 0
    digits = "".join(_DIGIT_VALUE[char] for char in fraction)
    return Decimal(f"{whole}.{digits}"), len(digits)

"""The quantity recognizer: numbers with a unit (money, %, counts, scores, measures).

One compiled ``regex`` pattern finds *candidates* on the width-normalized text; a small
validator then converts and keeps or drops each one (presidio style: find, then validate).
What is deliberately **not** a quantity: years (``2023年``, ``2021-2030 年``), document
numbers (``乐财预[2024]2 号``), ordinals (``第三条``, ``一是``), names (``二十大``,
``十四五``), dates and times, heading numbers and any number without a unit.

Intervals (``Quantity.low``/``high``, in the same base unit as ``value``):

* exact figure: ``value ± ½·10⁻ᵈ·multiplier`` (``20.00 万元`` → [199 950, 200 050]);
* 余/多/以上/超过/超/逾/高于/多于: ``[value, None)`` — at least the figure, open above;
* 约/大约/约为/左右: ``value ± 10 %`` (never narrower than the exact interval);
* 近/将近/接近: ``[0.9·value, value]`` — a little below the figure;
* 不足/不到/以下/以内/低于/少于: ``[0, value]`` (``None`` below for a negative figure).

Several qualifiers on one figure intersect their intervals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from auditor.extract.cn_numerals import (
    CN_DIGITS,
    CN_INTEGER_CHARS,
    FRACTION_PATTERN,
    INTEGER_PATTERN,
    NotANumeral,
    cn_decimal,
    split_scale_suffix,
)
from auditor.extract.units import (
    BASE_UNITS,
    PREFIXES,
    base_unit,
    prefix_alternation,
    unit_alternation,
)
from auditor.text.normalize import WIDTH_TABLE, normalize_width
from auditor.types import Quantity, QuantityKind

__all__ = ["YearMention", "find_quantities", "find_years", "normalized_for_numbers"]

_HS = r"[ \t]*"
_ARABIC = r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
# No digit, letter, decimal point or closing bracket of a document number right before
# the number, no "digit + separator" (the tail of 1,234 / 2021-2030 / 17:28 / 2024/5),
# and no 第 (ordinals, also 第 三 次 with spaces). Private-use characters are excluded too:
# some PDF fonts extract the decimal point as one (１１７\U001001b0７亿元 is 117.7 亿元), and
# reading the tail "７亿元" would be a wrong value rather than a missing one.
_ARABIC_BEFORE = r"(?<![0-9A-Za-z_.\]〕】\p{Co}])(?<![0-9][,\-~—–/:.])(?<!第[ \t]*)"
# Also not after 届 (十二届八次全会 is a session) or an opening quote (“两个确立” is a slogan).
_CN_BEFORE = rf"(?<![{CN_INTEGER_CHARS}第数几每同唯统逐单届“])(?<!第[ \t]*)"

_PRE = (
    r"(?:约为|大约|(?<![节制签预契公条邀相集简缔违履特合誓守隐婉])约|将近|接近"
    r"|(?<![附最临就远亲靠贴逼])近|超过|(?<![赶高])超|逾|不足|不到|低于|高于|多于|少于)"
)
_MID = r"(?:余|多)"
_POST = r"(?:以上|以下|左右|以内|之多)"

_PREFIXABLE = "|".join(
    unit.pattern
    for unit in sorted(BASE_UNITS, key=lambda u: max(map(len, u.written)), reverse=True)
    if unit.prefixable
)

# A one-character look-ahead lets the engine skip most positions cheaply (~10× faster):
# every match starts with a digit, a minus sign, a qualifier, 百 (百分之) or a Chinese digit.
_FIRST_CHARS = "0-9\\-约大将接近超逾不低高多少百十" + CN_DIGITS

_QUANTITY = regex.compile(
    rf"""
    (?=[{_FIRST_CHARS}])
    (?:(?P<pre>{_PRE}){_HS})?
    (?:
        百分之{_HS}(?:(?P<pct_ar>{_ARABIC})|(?P<pct_cn>{INTEGER_PATTERN})(?P<pct_cnf>{FRACTION_PATTERN})?)
      |
        (?:{_ARABIC_BEFORE}(?P<ar>{_ARABIC})
          |{_CN_BEFORE}(?P<cn>{INTEGER_PATTERN})(?P<cnf>{FRACTION_PATTERN})?)
        {_HS}(?P<mid1>{_MID})?{_HS}
        (?:(?P<prefix>{prefix_alternation()}){_HS}(?P<mid2>{_MID})?{_HS}(?P<punit>{_PREFIXABLE})
          |(?P<unit>{unit_alternation()}))
    )
    (?:{_HS}(?P<post>{_POST}))?
    """,
    regex.VERBOSE,
)

_GROUP_NAMES = tuple(_QUANTITY.groupindex)
#: the groups by number: ``match.group(*names)`` costs the regex module 20 µs a figure
_GROUP_INDEXES = tuple(_QUANTITY.groupindex[name] for name in _GROUP_NAMES)

_OPEN_ABOVE = frozenset({"余", "多", "以上", "超过", "超", "逾", "高于", "多于", "之多"})
_APPROX = frozenset({"约", "大约", "约为", "左右"})
_NEAR = frozenset({"近", "将近", "接近"})
_BELOW = frozenset({"不足", "不到", "以下", "以内", "低于", "少于"})

_TEN_PERCENT = Decimal("0.1")

# Names that read like a Chinese numeral with a unit.
_CN_NAMES = ("八项规定", "三位一体", "铁人三项")
_SESSION_AFTER = regex.compile(r"\s*(?:全体会议|全会|会议)")

# Every character normalize_width maps, except the full-width comma.
_NEEDS_WIDTH = regex.compile(
    "[" + "".join(regex.escape(chr(code)) for code in WIDTH_TABLE if chr(code) != "，") + "]"
)


def is_ceiling(quantity: Quantity) -> bool:
    """Whether the figure is written as a limit (以内 / 以下 / 不足 …), not as an amount."""
    return any(word in quantity.qualifier for word in _BELOW)


def normalized_for_numbers(text: str) -> str:
    """The width-normalized text used for number matching, same length as ``text``.

    A full-width ``，`` is a clause separator in Chinese and must never join digits, but
    :func:`normalize_width` maps it to ``,``; it is mapped to ``、`` here instead, so only an
    ASCII comma of the original text can act as a thousands separator.
    """
    if _NEEDS_WIDTH.search(text) is None:
        return text  # nothing but "，" to map: skip the (slow, non-ASCII) translate
    return normalize_width(text.replace("，", "、"))



def find_quantities(text: str) -> list[Quantity]:
    """Every quantity with a unit in ``text``, in text order, located by offsets into ``text``.

    ``text`` may be full-width; spans include qualifier words (约/余/以上 …), the unit and any
    spaces between number and unit (``20.00 元``, ``10 万余元``). Spans never overlap.
    """
    normalized = normalized_for_numbers(text)
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(normalized):
        quantity = _convert(match, text, normalized)
        if quantity is not None:
            found.append(quantity)
    return found


def _convert(match: regex.Match[str], text: str, normalized: str) -> Quantity | None:
    groups = dict(zip(_GROUP_NAMES, match.group(*_GROUP_INDEXES), strict=True))
    prefix = groups["prefix"] or ""
    written_unit = groups["punit"] or groups["unit"]
    chinese = groups["cn"] or groups["pct_cn"]
    try:
        if groups["pct_ar"] or groups["pct_cn"]:
            written_unit = "%"
            if groups["pct_ar"]:
                mantissa, decimals = _arabic(groups["pct_ar"])
            else:
                mantissa, decimals = _chinese(groups["pct_cn"], groups["pct_cnf"])
        elif groups["ar"]:
            mantissa, decimals = _arabic(groups["ar"])
        else:
            integer = groups["cn"]
            if not prefix and not groups["cnf"] and base_unit(written_unit).prefixable:
                integer, prefix = split_scale_suffix(integer)
            mantissa, decimals = _chinese(integer, groups["cnf"])
    except NotANumeral:
        return None
    unit = base_unit(written_unit)
    if not _plausible(match, unit.kind, unit.chinese_ok, chinese, normalized):
        return None
    multiplier = PREFIXES.get(prefix, Decimal(1)) * unit.scale
    qualifiers = [q for q in (groups["pre"], groups["mid1"], groups["mid2"], groups["post"]) if q]
    low, high = _interval(mantissa * multiplier, decimals, multiplier, qualifiers)
    start, end = match.span()
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        mantissa=mantissa,
        decimals=decimals,
        unit=(prefix + unit.name) if prefix else unit.name,
        multiplier=multiplier,
        kind=unit.kind,
        qualifier="".join(qualifiers),
        low=low,
        high=high,
    )


def _arabic(written: str) -> tuple[Decimal, int]:
    digits = written.replace(",", "")
    _, _, fraction = digits.partition(".")
    return Decimal(digits), len(fraction)


def _chinese(integer: str, fraction: str | None) -> tuple[Decimal, int]:
    return cn_decimal(integer, (fraction or "")[1:])


def _plausible(
    match: regex.Match[str], unit_kind: QuantityKind, chinese_ok: bool, chinese: str | None,
    text: str,
) -> bool:
    """Drop candidates the pattern cannot rule out on its own."""
    if chinese:
        if not chinese_ok:
            return False
        # 一个部门牵头 / 一件事 / 一处 are idiom, not counts; 一万元 keeps its scale prefix.
        if chinese == "一" and match.group("unit") and unit_kind is QuantityKind.COUNT:
            return False
        if match.group("unit") == "次" and _SESSION_AFTER.match(text, match.end()):
            return False  # 人大四次会议 / 七次全会 name a session
        window = text[max(0, match.start() - 3) : match.end() + 3]
        if any(name in window for name in _CN_NAMES):
            return False
    if match.group("unit") == "分":
        start = match.start("ar")
        before = text[max(0, start - 8) : start].rstrip(" \t")[-1:]
        if before in ("时", "点"):  # 8时30分 is a time, not a score
            return False
    return True


def _interval(
    value: Decimal, decimals: int, multiplier: Decimal, qualifiers: list[str]
) -> tuple[Decimal | None, Decimal | None]:
    half = Decimal(5).scaleb(-(decimals + 1)) * multiplier
    if not qualifiers:
        return value - half, value + half
    low: Decimal | None = None
    high: Decimal | None = None
    for qualifier in qualifiers:
        q_low, q_high = _qualified(value, half, qualifier)
        low = q_low if low is None else (low if q_low is None else max(low, q_low))
        high = q_high if high is None else (high if q_high is None else min(high, q_high))
    if low is not None and high is not None and low > high:
        return None, None
    return low, high


def _qualified(
    value: Decimal, half: Decimal, qualifier: str
) -> tuple[Decimal | None, Decimal | None]:
    """The interval one qualifier alone allows (see the module docstring)."""
    spread = abs(value) * _TEN_PERCENT
    if qualifier in _OPEN_ABOVE:
        return value, None
    if qualifier in _APPROX:
        return min(value - spread, value - half), max(value + spread, value + half)
    if qualifier in _NEAR:
        return min(value - spread, value - half), value
    if qualifier in _BELOW:
        return (Decimal(0) if value >= 0 else None), value
    return None, None


@dataclass(frozen=True)
class YearMention:
    """A year written in the text and what kind of mention it is.

    ``kind``: ``"year"`` (2023年, 2023 年度, 二〇二三年), ``"range"`` (2021-2030 年; ``year`` is
    the first year, ``year_to`` the last), ``"docno"`` (乐财预[2024]2 号, 〔2024〕15号) or
    ``"date"`` (2024年12月31日, 2024年2月, 2026-02-05).
    """

    start: int
    end: int
    text: str
    year: int
    kind: str
    year_to: int | None = None


_YEAR = r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
_CN_YEAR = rf"(?<![{CN_DIGITS}])(?P<cy>[{CN_DIGITS}]{{4}})"
_YEARS = regex.compile(
    rf"""
      (?P<docno>[\[〔【(]{_HS}{_YEAR}{_HS}[\]〕】)])
    | (?P<date>{_YEAR}(?:{_HS}年{_HS}[0-9]{{1,2}}{_HS}月(?:{_HS}[0-9]{{1,2}}{_HS}[日号])?
                     |(?P<sep>[-/.])[0-9]{{1,2}}(?P=sep)[0-9]{{1,2}}(?![0-9])))
    | (?P<range>{_YEAR}{_HS}(?:年度?)?{_HS}[-—–~～－至到]+{_HS}
                (?<![0-9])(?P<y2>(?:19|20)[0-9]{{2}})(?![0-9])(?:{_HS}年度?)?)
    | (?P<year>{_YEAR}{_HS}年度?)
    | (?P<cndate>{_CN_YEAR}年[{CN_INTEGER_CHARS}]{{1,3}}月(?:[{CN_INTEGER_CHARS}]{{1,3}}日)?)
    | (?P<cnyear>{_CN_YEAR}年度?)
    """,
    regex.VERBOSE,
)

_CN_DIGIT = {char: str(index) for index, char in enumerate("零一二三四五六七八九")}
_CN_DIGIT.update({"〇": "0", "两": "2"})
_KINDS = {
    "docno": "docno",
    "date": "date",
    "range": "range",
    "year": "year",
    "cndate": "date",
    "cnyear": "year",
}


def find_years(text: str) -> list[YearMention]:
    """Every year mention in ``text`` (see :class:`YearMention`), in text order.

    These are the spans :func:`find_quantities` never reports as amounts; period rules use
    them to tell a report year from a plan period or a document number.
    """
    mentions: list[YearMention] = []
    for match in _YEARS.finditer(normalized_for_numbers(text)):
        start, end = match.span()
        kind = next(name for name in _KINDS if match.group(name))
        if match.group("y"):
            year = int(match.group("y"))
        else:
            year = int("".join(_CN_DIGIT[char] for char in match.group("cy")))
        kind = _KINDS[kind]
        year_to = int(match.group("y2")) if kind == "range" else None
        mentions.append(YearMention(start, end, text[start:end], year, kind, year_to))
    return mentions

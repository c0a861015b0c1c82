"""Figures as a report writes them, found without the auditor: amounts and percentages with
their stated precision, the sentence or table row around a figure, interval arithmetic, and
the ``Edit`` that plants a defect (see :mod:`planting`)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal

_WIDTH = {0xFF10 + i: chr(0x30 + i) for i in range(10)} | {
    ord("．"): ".", ord("％"): "%", ord("，"): ",", ord("\u3000"): " "}


def flat(text: str) -> str:
    """Full-width digits and marks as ASCII, one character for one."""
    return text.translate(_WIDTH)


# a PDF text layer sometimes writes a space after a thousands comma (1,099, 160 万元)
_NUM = r"(?<![\d.,])(?<!\d, )(\d{1,3}(?:, ?\d{3})+(?!\d)|\d+)(?:\.(\d+))?"
UNITS = {"万亿元": Decimal(10) ** 12, "亿元": Decimal(10) ** 8, "万元": Decimal(10) ** 4,
          "千元": Decimal(1000), "元": Decimal(1)}
AMOUNT = re.compile(_NUM + r"[ \t]*(万亿元|亿元|万元|千元|元)(?![/每])")
PERCENT = re.compile(_NUM + r"[ \t]*%")
SENTENCE_END = re.compile(r"[。！？；!?;]|\n\s*\n")


@dataclass(frozen=True)
class Figure:
    """A number as written: where, its value, and the half-width of its stated precision."""

    start: int
    end: int
    value: Decimal
    half: Decimal
    unit: str
    decimals: int
    digits_end: int  # where the number (without its unit) ends

    @property
    def low(self) -> Decimal:
        return self.value - self.half

    @property
    def high(self) -> Decimal:
        return self.value + self.half


def _figure(match: re.Match[str], unit: str, scale: Decimal) -> Figure:
    whole, fraction = match.group(1), match.group(2) or ""
    decimals = len(fraction)
    mantissa = Decimal(whole.replace(",", "").replace(" ", "") + ("." + fraction if fraction else ""))
    half = Decimal(5) * Decimal(10) ** (-decimals - 1)
    digits_end = match.end(2) if fraction else match.end(1)
    return Figure(match.start(), match.end(), mantissa * scale, half * scale, unit, decimals, digits_end)


def amounts(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Money amounts in ``text[start:end]`` (values in 元)."""
    return [_figure(m, m.group(3), UNITS[m.group(3)]) for m in AMOUNT.finditer(text, start, end or len(text))]


def percents(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Percentages in ``text[start:end]`` (values in percent)."""
    return [_figure(m, "%", Decimal(1)) for m in PERCENT.finditer(text, start, end or len(text))]


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence around ``position``: from after the previous end mark to the next one."""
    start = 0
    for match in SENTENCE_END.finditer(text, max(0, position - 600), position):
        start = match.end()
    found = SENTENCE_END.search(text, position)
    return start, (found.end() if found else len(text))


_NUMBERISH = re.compile(r"\d[\d,.]*")
CLAUSE_MARKS = re.compile(r"[，。；：,;]")


def table_line(text: str, position: int) -> tuple[int, int] | None:
    """The line around ``position`` when it reads as a table row: no clause marks, ≥ 3 numbers."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    end = len(text) if end < 0 else end
    line = text[start:end]
    if CLAUSE_MARKS.search(line) or len(_NUMBERISH.findall(line)) < 3:
        return None
    return start, end


def window(text: str, position: int) -> tuple[int, int, bool]:
    """Where the operands of a figure may stand: its table row, or its sentence and the one
    before (at most 400 characters back); and whether it is a table row."""
    row = table_line(text, position)
    if row is not None:
        return row[0], row[1], True
    start, end = sentence_bounds(text, position)
    if start > 0:
        start = sentence_bounds(text, start - 1)[0]
    return max(start, position - 400), end, False


def meets(low: Decimal, high: Decimal, figure: Figure) -> bool:
    """Whether [low, high] meets the figure's interval, and is narrow enough to say so: a
    ratio of two one-digit amounts (1.0 / 1.0 亿元) fits any percentage near 100 by chance."""
    if high - low > max(4 * figure.half, abs(figure.value) * Decimal("0.03")):
        return False
    return low <= figure.high and figure.low <= high


def ratio(a: Figure, b: Figure) -> tuple[Decimal, Decimal] | None:
    """The interval of a / b in percent."""
    if b.low <= 0 or a.low < 0:
        return None
    return a.low / b.high * 100, a.high / b.low * 100


def growth(current: Figure, base: Figure) -> tuple[Decimal, Decimal] | None:
    """The interval of (current − base) / base in percent."""
    if base.low <= 0:
        return None
    return (current.low - base.high) / base.high * 100, (current.high - base.low) / base.low * 100


def difference(a: Figure, b: Figure) -> tuple[Decimal, Decimal]:
    return a.low - b.high, a.high - b.low


def written(value: Decimal, decimals: int, thousands: bool = False) -> str:
    """``value`` with exactly ``decimals`` decimals (and thousands separators if asked)."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum)
    return f"{rounded:,}" if thousands else f"{rounded}"


def perturbed(figure: Figure, rng: random.Random, scale: Decimal = Decimal(1)) -> Decimal:
    """A clearly different value: 6–20 % away, and at least two units of the last digit."""
    step = figure.half * 2 / scale
    value = figure.value / scale
    delta = max(value * Decimal(str(round(rng.uniform(0.06, 0.20), 3))), 2 * step)
    return value + delta if rng.random() < 0.5 or value - delta <= 0 else value - delta


@dataclass(frozen=True)
class Edit:
    """One planted defect: replace ``text[start:end]`` by ``replacement``."""

    kind: str
    start: int
    end: int
    replacement: str
    codes: tuple[str, ...]
    note: str
    subkind: str = ""

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end:]

    @property
    def planted(self) -> tuple[int, int]:
        """Where the defect sits in the new text."""
        return self.start, self.start + len(self.replacement)


def replace_number(text: str, figure: Figure, value: Decimal) -> tuple[int, int, str]:
    """The edit that writes ``value`` (in the figure's unit) in place of the figure's digits."""
    original = text[figure.start:figure.digits_end]
    thousands = "," in original
    return figure.start, figure.digits_end, written(value, figure.decimals, thousands)

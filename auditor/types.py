"""Frozen value objects shared by every stage of the pipeline.

Offsets are code-point offsets into ``Source.text`` (the decoded document text, kept
exactly as read), so ``source.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditor.quick_init import quick_init


class Severity(enum.Enum):
    """How serious a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe (error=3, warning=2, info=1)."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class TableCell:
    """Where a table cell's text sits in ``Source.text`` (0-based table/row/column)."""

    table: int
    row: int
    column: int
    start: int
    end: int


@dataclass(frozen=True)
class TextBox:
    """Where a word of ``Source.text`` (``[start, end)``) is drawn: 1-based page and its box
    in PDF points, origin at the bottom left of the page."""

    start: int
    end: int
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Source:
    """A document as read from disk: its text plus where pages and table cells start.

    ``page_starts[i]`` is the offset where page ``i + 1`` begins (empty for formats without
    pages). ``cells`` locates table cells inside ``text``.
    """

    path: str
    format: str
    text: str
    encoding: str = "utf-8"
    sha256: str = ""
    page_starts: tuple[int, ...] = ()
    cells: tuple[TableCell, ...] = ()
    notes: tuple[str, ...] = ()
    #: PDF only: the box of every word, in text order
    boxes: tuple[TextBox, ...] = ()
    #: PDF only: 1-based numbers of the pages without a text layer
    empty_pages: tuple[int, ...] = ()


@quick_init
@dataclass(frozen=True)
class Span:
    """A located piece of the source text. ``line``/``column`` are 1-based."""

    start: int
    end: int
    text: str
    line: int
    column: int
    page: int | None = None
    cell: tuple[int, int, int] | None = None
    #: PDF only: ``(page, x0, y0, x1, y1)`` in PDF points, origin bottom left
    bbox: tuple[int, float, float, float, float] | None = None

    def to_json(self) -> dict[str, Any]:
        """The span as it appears in ``findings.json``."""
        data: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "line": self.line,
            "column": self.column,
            "page": self.page,
        }
        if self.cell is not None:
            data["cell"] = {"table": self.cell[0], "row": self.cell[1], "column": self.cell[2]}
        if self.bbox is not None:
            data["bbox"] = dict(zip(("page", "x0", "y0", "x1", "y1"), self.bbox, strict=True))
        return data


class QuantityKind(enum.Enum):
    """What a quantity measures."""

    MONEY = "money"
    PERCENT = "percent"
    COUNT = "count"
    SCORE = "score"
    MEASURE = "measure"


@quick_init
@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written, located by offsets into ``Source.text``.

    ``mantissa`` is the number exactly as written (``Decimal("20.00")``), ``decimals`` the
    number of stated decimals (2), ``multiplier`` the unit scale into the base unit
    (万元 → 10000, so ``value`` is in 元; % → 1, so ``value`` is in percent).
    ``low``/``high`` bound the true value: ±½·10⁻ᵈ of the stated precision, widened by
    qualifiers (余/多 → open above, 约/近 → widened, 不足 → below). ``None`` means unbounded.
    """

    start: int
    end: int
    text: str
    mantissa: Decimal
    decimals: int
    unit: str
    multiplier: Decimal
    kind: QuantityKind
    qualifier: str = ""
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def value(self) -> Decimal:
        """The value in the base unit (元 for money, percent points for %, items for counts)."""
        return self.mantissa * self.multiplier

    @property
    def is_exact(self) -> bool:
        """True when no qualifier (余/约/近/以上 …) makes the figure approximate."""
        return not self.qualifier


@quick_init
@dataclass(frozen=True)
class Fact:
    """A quantity bound to what it measures (attribute) and whose it is (scope)."""

    scope: str
    attribute: str
    quantity: Quantity
    cue: str = ""
    cue_start: int = -1


@dataclass(frozen=True)
class Finding:
    """One problem a rule reports, with the evidence that led to it."""

    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    related: tuple[Span, ...] = ()
    evidence: Mapping[str, Any] = field(default_factory=dict)
    fingerprint: str = ""


class CheckStatus(enum.Enum):
    """Outcome of verifying one relation."""

    PASS = "pass"
    FAIL = "fail"


@quick_init
@dataclass(frozen=True)
class Check:
    """A relation the auditor verified (pass or fail), with its arithmetic in ``detail``."""

    kind: str
    status: CheckStatus
    span: Span
    detail: str
    related: tuple[Span, ...] = ()

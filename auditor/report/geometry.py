"""Where a span sits on a PDF page: its box, whatever shape the ingest layer gives it."""

from __future__ import annotations

from auditor.types import Finding, Span


def bbox_of(span: Span) -> tuple[int, float, float, float, float] | None:
    """``(page, x0, y0, x1, y1)`` in PDF points (origin bottom left) when the span has one."""
    box = getattr(span, "bbox", None)
    if box is None:
        return None
    if isinstance(box, dict):
        values = [box.get(key) for key in ("page", "x0", "y0", "x1", "y1")]
    elif isinstance(box, (tuple, list)):
        values = list(box)
    else:
        values = [getattr(box, key, None) for key in ("page", "x0", "y0", "x1", "y1")]
    if len(values) != 5 or any(value is None for value in values):
        return None
    page, *coordinates = values
    return int(page), *(float(value) for value in coordinates)  # type: ignore[return-value]


def finding_page(finding: Finding) -> int | None:
    """The PDF page a finding sits on (from its box, else from its span)."""
    box = bbox_of(finding.span)
    return box[0] if box else finding.span.page

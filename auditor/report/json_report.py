"""findings.json in schema version "1" (DESIGN §3)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from auditor import __version__
from auditor.hidden_chars import has_hidden, hidden_pattern
from auditor.report.bounds import Listing, budget, clip_evidence, clip_related, clip_text, kept_items
from auditor.result import DocumentResult
from auditor.types import Check, Finding, Span

SCHEMA_VERSION = "1"


def span_to_json(span: Span) -> dict[str, Any]:
    """A span as written: its text cut to the item bound (see :mod:`auditor.report.bounds`)."""
    data = span.to_json()
    data["text"], cut = clip_text(span.text)
    if cut:
        data["text_truncated"] = True
    return data


def _related(spans: Sequence[Span], data: dict[str, Any]) -> dict[str, Any]:
    shown, left_out = clip_related(spans)
    data["related"] = [span_to_json(span) for span in shown]
    if left_out:
        data["related_omitted"] = left_out
    return data


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object."""
    data = {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "span": span_to_json(finding.span),
    }
    _related(finding.related, data)
    data["evidence"] = clip_evidence(_jsonable(dict(finding.evidence)))
    data["fingerprint"] = finding.fingerprint
    return data


#: The rule whose primary span is a figure read at another unit (a unit slip).
SLIP_CODE = "AU101"


def slip_spans(findings: Iterable[Finding]) -> frozenset[tuple[int, int]]:
    """Where the document's unit slips are (offsets of AU101's flagged figures)."""
    return frozenset((f.span.start, f.span.end) for f in findings if f.code == SLIP_CODE)


def check_status(check: Check, slips: frozenset[tuple[int, int]] = frozenset()) -> str:
    """``pass``, ``fail`` or ``corrected``: a relation that holds only because one of its
    figures was read at the corrected unit is not a plain pass (DESIGN §3)."""
    status = check.status.value
    if status == "pass" and slips:
        spans = (check.span, *check.related)
        if any((span.start, span.end) in slips for span in spans):
            return "corrected"
    return status


def check_to_json(check: Check, slips: frozenset[tuple[int, int]] = frozenset()) -> dict[str, Any]:
    """One verified relation as a JSON object."""
    data = {
        "kind": check.kind,
        "status": check_status(check, slips),
        "span": span_to_json(check.span),
        "detail": check.detail,
    }
    return _related(check.related, data)


def document_head(result: DocumentResult) -> dict[str, Any]:
    """A document entry without its findings and checks."""
    return {
        "path": result.path,
        "format": result.format,
        "sha256": result.sha256,
        "chars": result.chars,
        "status": result.status,
        "error": {"code": result.error[0], "message": result.error[1]} if result.error else None,
    }


#: no finding or check takes fewer bytes in JSON (its span alone has six keys)
_MIN_ITEM_BYTES = 100


def document_json_text(result: DocumentResult) -> tuple[str, Listing]:
    """One document entry as compact JSON text, within its size bound, and what it lists."""
    slips = slip_spans(result.findings)
    items = [finding_to_json(f) for f in result.findings] + [check_to_json(c, slips) for c in result.checks]
    split = len(result.findings)
    head = document_head(result)
    limit = budget(result, "json")
    # a document whose items cannot all fit is rendered item by item at once (encoding it
    # whole first, only to find it too large, cost a dense document a second encoding)
    if len(items) * _MIN_ITEM_BYTES <= limit:
        whole = dumps({**head, "findings": items[:split], "checks": items[split:]}, indent=None)
        if len(whole.encode("utf-8", "surrogatepass")) <= limit:
            return whole, Listing(tuple(result.findings), tuple(result.checks))  # one encoder call
    rendered = [dumps(item, indent=None) for item in items]
    kept, chosen = kept_items(result, rendered, "json")
    if chosen.omitted is not None:
        head["omitted"] = chosen.omitted
    findings = ", ".join(rendered[i] for i in kept if i < split)
    checks = ", ".join(rendered[i] for i in kept if i >= split)
    return dumps(head, indent=None)[:-1] + f', "findings": [{findings}], "checks": [{checks}]}}', chosen


def document_to_json(result: DocumentResult) -> dict[str, Any]:
    """One document entry of ``documents`` (as :func:`document_json_text`, parsed)."""
    return json.loads(document_json_text(result)[0])


def summary_of(documents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The ``summary`` block computed from document entries."""
    counts = {"error": 0, "warning": 0, "info": 0}
    total = errors = 0
    for document in documents:
        total += 1
        if document["status"] == "error":
            errors += 1
        for finding in document["findings"]:
            counts[finding["severity"]] += 1
        for severity, left_out in (document.get("omitted") or {}).get("findings", {}).items():
            counts[severity] += left_out
    return {"documents": total, "errors": errors, "findings": counts}


def batch_to_json(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole ``findings.json`` object from already-converted document entries."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": __version__},
        "documents": documents,
        "summary": summary_of(documents),
    }


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_invisible(text: str) -> str:
    """JSON text with hidden characters (bidi controls, U+2028/9, zero-width …) as ``\\uXXXX``.

    Only valid on serialised JSON, where such characters can only occur inside strings; the
    data is unchanged, but a viewer or a ``<script>`` that embeds the file sees escapes.
    """
    if not has_hidden(text):
        return text
    return hidden_pattern().sub(lambda match: _json_escape(match.group()), text)


def dumps(data: Any, indent: int | None = 2) -> str:
    """Serialise with Chinese kept readable and hidden characters escaped."""
    return escape_invisible(json.dumps(data, ensure_ascii=False, indent=indent))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)

"""A document's result as plain JSON and back, exactly: for the result cache and for Dask.

Everything a report writer reads survives the round trip (the source text and its
offsets, findings with their evidence, checks, facts with exact ``Decimal`` values), so a
result read back writes the same reports as the one computed. Decoding validates every
field and raises :class:`CodecError` on anything else: cached and transferred data is
never trusted, and nothing here can execute code (no pickle).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from auditor.result import DocumentResult
from auditor.types import (
    Check,
    CheckStatus,
    Fact,
    Finding,
    Quantity,
    QuantityKind,
    Severity,
    Source,
    Span,
    TableCell,
)

FORMAT = "auditor-result"
VERSION = 2


class CodecError(ValueError):
    """Data that is not a result this version wrote."""


# ----------------------------------------------------------------------------- encoding


def encode_result(result: DocumentResult) -> dict[str, Any]:
    """``result`` as JSON-ready data (see :func:`decode_result`)."""
    return {
        "format": FORMAT, "version": VERSION,
        "path": result.path, "doc_format": result.format, "sha256": result.sha256,
        "source": None if result.source is None else _source(result.source),
        "findings": [_finding(f) for f in result.findings],
        "checks": [_check(c) for c in result.checks],
        "facts": [_fact(f) for f in result.facts],
        "error": None if result.error is None else list(result.error),
        "seconds": result.seconds,
        "fact_count": result.fact_count,
    }


def _source(source: Source) -> dict[str, Any]:
    return {
        "path": source.path, "format": source.format, "text": source.text,
        "encoding": source.encoding, "sha256": source.sha256,
        "page_starts": list(source.page_starts),
        "cells": [[c.table, c.row, c.column, c.start, c.end] for c in source.cells],
        "notes": list(source.notes),
    }


def _span(span: Span) -> list[Any]:
    return [span.start, span.end, span.text, span.line, span.column, span.page,
            None if span.cell is None else list(span.cell)]


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code, "name": finding.name, "severity": finding.severity.value,
        "message": finding.message, "span": _span(finding.span),
        "related": [_span(s) for s in finding.related],
        "evidence": _value(dict(finding.evidence)), "fingerprint": finding.fingerprint,
    }


def _check(check: Check) -> dict[str, Any]:
    return {"kind": check.kind, "status": check.status.value, "span": _span(check.span),
            "detail": check.detail, "related": [_span(s) for s in check.related]}


def _fact(fact: Fact) -> dict[str, Any]:
    q = fact.quantity
    return {
        "scope": fact.scope, "attribute": fact.attribute, "cue": fact.cue,
        "cue_start": fact.cue_start,
        "quantity": [q.start, q.end, q.text, str(q.mantissa), q.decimals, q.unit,
                     str(q.multiplier), q.kind.value, q.qualifier,
                     None if q.low is None else str(q.low),
                     None if q.high is None else str(q.high)],
    }


def _value(value: Any) -> Any:
    """Evidence values with their Python types tagged where JSON would lose them."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, tuple):
        return {"$tuple": [_value(item) for item in value]}
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, Mapping):
        return {"$dict": [[_value(k), _value(v)] for k, v in value.items()]}
    # Writers show any other value as its str(); keep exactly that.
    return str(value)


# ----------------------------------------------------------------------------- decoding


def decode_result(data: Any, *, facts: bool = True) -> DocumentResult:
    """The result :func:`encode_result` wrote; :class:`CodecError` for anything else.

    ``facts=False`` leaves the facts out (``fact_count`` still says how many there are):
    only the HTML page shows them, and they are most of a cached entry's decoding.
    """
    try:
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
            raise CodecError("not a result of this version")
        error = data["error"]
        if error is not None:
            code, message = _list(error, 2)
            error = (_str(code), _str(message))
        return DocumentResult(
            path=_str(data["path"]), format=_str(data["doc_format"]), sha256=_str(data["sha256"]),
            source=None if data["source"] is None else _read_source(data["source"]),
            findings=tuple(_read_finding(f) for f in _list(data["findings"])),
            checks=tuple(_read_check(c) for c in _list(data["checks"])),
            facts=tuple(_read_fact(f) for f in _list(data["facts"])) if facts else (),
            error=error,
            seconds=_number(data["seconds"]),
            fact_count=_fact_count(data) if facts else max(_fact_count(data), len(_list(data["facts"]))),
        )
    except CodecError:
        raise
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise CodecError(f"malformed result: {type(exc).__name__}: {exc}") from exc


def _fact_count(data: Any) -> int:
    count = _int(data["fact_count"])
    if count < -1:
        raise CodecError("negative fact count")
    return count


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise CodecError("expected a string")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise CodecError("expected an integer")
    return value


def _optional(read: Callable[[Any], Any], value: Any) -> Any:
    return None if value is None else read(value)


def _number(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise CodecError("expected a number")
    return float(value)


def _list(value: Any, length: int | None = None) -> list[Any]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise CodecError("expected a list")
    return value


def _read_source(data: Any) -> Source:
    if not isinstance(data, dict):
        raise CodecError("expected a source")
    text = _str(data["text"])
    cells = []
    for item in _list(data["cells"]):
        table, row, column, start, end = (_int(v) for v in _list(item, 5))
        cells.append(TableCell(table, row, column, start, end))
    return Source(
        path=_str(data["path"]), format=_str(data["format"]), text=text,
        encoding=_str(data["encoding"]), sha256=_str(data["sha256"]),
        page_starts=tuple(_int(v) for v in _list(data["page_starts"])),
        cells=tuple(cells), notes=tuple(_str(v) for v in _list(data["notes"])),
    )


def _read_span(data: Any) -> Span:
    start, end, text, line, column, page, cell = _list(data, 7)
    return Span(
        _int(start), _int(end), _str(text), _int(line), _int(column), _optional(_int, page),
        None if cell is None else tuple(_int(v) for v in _list(cell, 3)),  # type: ignore[arg-type]
    )


def _read_finding(data: Any) -> Finding:
    evidence = _read_value(data["evidence"])
    if not isinstance(evidence, dict):
        raise CodecError("evidence must be a mapping")
    return Finding(
        code=_str(data["code"]), name=_str(data["name"]), severity=Severity(data["severity"]),
        message=_str(data["message"]), span=_read_span(data["span"]),
        related=tuple(_read_span(s) for s in _list(data["related"])),
        evidence=evidence, fingerprint=_str(data["fingerprint"]),
    )


def _read_check(data: Any) -> Check:
    return Check(
        kind=_str(data["kind"]), status=CheckStatus(data["status"]), span=_read_span(data["span"]),
        detail=_str(data["detail"]), related=tuple(_read_span(s) for s in _list(data["related"])),
    )


def _read_fact(data: Any) -> Fact:
    (start, end, text, mantissa, decimals, unit, multiplier, kind, qualifier, low, high) = _list(
        data["quantity"], 11)
    quantity = Quantity(
        start=_int(start), end=_int(end), text=_str(text), mantissa=Decimal(_str(mantissa)),
        decimals=_int(decimals), unit=_str(unit), multiplier=Decimal(_str(multiplier)),
        kind=QuantityKind(kind), qualifier=_str(qualifier),
        low=_optional(lambda v: Decimal(_str(v)), low), high=_optional(lambda v: Decimal(_str(v)), high),
    )
    return Fact(scope=_str(data["scope"]), attribute=_str(data["attribute"]), quantity=quantity,
                cue=_str(data["cue"]), cue_start=_int(data["cue_start"]))


def _read_value(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list):
        return [_read_value(item) for item in value]
    if isinstance(value, dict) and len(value) == 1:
        tag, content = next(iter(value.items()))
        if tag == "$decimal":
            return Decimal(_str(content))
        if tag == "$tuple":
            return tuple(_read_value(item) for item in _list(content))
        if tag == "$dict":
            pairs = [_list(pair, 2) for pair in _list(content)]
            return {_read_value(k): _read_value(v) for k, v in pairs}
    raise CodecError("unknown evidence value")

"""findings.json in schema version "1" (DESIGN §3)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from auditor import __version__
from auditor.result import DocumentResult
from auditor.types import Check, Finding

SCHEMA_VERSION = "1"


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object."""
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "span": finding.span.to_json(),
        "related": [span.to_json() for span in finding.related],
        "evidence": _jsonable(dict(finding.evidence)),
        "fingerprint": finding.fingerprint,
    }


def check_to_json(check: Check) -> dict[str, Any]:
    """One verified relation as a JSON object."""
    return {
        "kind": check.kind,
        "status": check.status.value,
        "span": check.span.to_json(),
        "detail": check.detail,
        "related": [span.to_json() for span in check.related],
    }


def document_to_json(result: DocumentResult) -> dict[str, Any]:
    """One document entry of ``documents``."""
    return {
        "path": result.path,
        "format": result.format,
        "sha256": result.sha256,
        "chars": result.chars,
        "status": result.status,
        "error": {"code": result.error[0], "message": result.error[1]} if result.error else None,
        "findings": [finding_to_json(finding) for finding in result.findings],
        "checks": [check_to_json(check) for check in result.checks],
    }


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
    return {"documents": total, "errors": errors, "findings": counts}


def batch_to_json(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole ``findings.json`` object from already-converted document entries."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": __version__},
        "documents": documents,
        "summary": summary_of(documents),
    }


def dumps(data: Any) -> str:
    """Serialise with Chinese kept readable."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)

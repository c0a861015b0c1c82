"""SARIF 2.1.0 output for code-scanning tools; rule help comes from the rules' docstrings."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from auditor import __version__
from auditor.errors import INPUT_CODES
from auditor.fsutil import write_atomic
from auditor.report.bounds import clip_related, clip_text, kept_items
from auditor.report.geometry import bbox_of
from auditor.result import DocumentResult
from auditor.types import Finding, Span

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


#: Relative document paths are relative to the folder the scan ran in, named by this id.
BASE_ID = "SRCROOT"


def _artifact(path: str) -> dict[str, Any]:
    """An artifactLocation: an absolute file URI, or a relative one with ``uriBaseId``."""
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return {"uri": "file://" + quote(posix)}
    return {"uri": quote(posix), "uriBaseId": BASE_ID}


def _region(span: Span) -> dict[str, Any]:
    lines = span.text.split("\n")
    end_line = span.line + len(lines) - 1
    end_column = (span.column if len(lines) == 1 else 1) + len(lines[-1])
    region: dict[str, Any] = {
        "startLine": max(1, span.line),
        "startColumn": max(1, span.column),
        "endLine": max(1, end_line),
        "endColumn": max(1, end_column),
        "charOffset": max(0, span.start),
        "charLength": max(0, span.end - span.start),
    }
    if span.text:
        region["snippet"] = {"text": clip_text(span.text)[0]}
    # A PDF's page (and box) and a table's cell, where a reader finds the span in the file.
    properties: dict[str, Any] = {}
    if span.page is not None:
        properties["page"] = span.page
    box = bbox_of(span)
    if box is not None:
        properties["bbox"] = dict(zip(("page", "x0", "y0", "x1", "y1"), box, strict=True))
    if span.cell is not None:
        properties["cell"] = {"table": span.cell[0], "row": span.cell[1], "column": span.cell[2]}
    if properties:
        region["properties"] = properties
    return region


def _location(path: str, span: Span, message: str | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": _artifact(path), "region": _region(span)}
    }
    if message:
        location["message"] = {"text": message}
    return location


def rule_descriptors(extra_codes: Iterable[tuple[str, str, str]] = ()) -> list[dict[str, Any]]:
    """``reportingDescriptor`` objects for every known rule, input codes and ``extra_codes``.

    ``extra_codes`` are ``(code, name, severity)`` of findings whose rule is not in the
    registry (so every result's ``ruleId`` has a descriptor).
    """
    from auditor.rules.registry import all_rules

    descriptors: dict[str, dict[str, Any]] = {}
    for code, (name, description) in INPUT_CODES.items():
        descriptors[code] = {
            "id": code, "name": name,
            "shortDescription": {"text": description},
            "help": {"text": description},
            "defaultConfiguration": {"level": "error"},
        }
    for rule in all_rules():
        documentation = rule.documentation()
        summary = rule.summary() or rule.name
        descriptors[rule.code] = {
            "id": rule.code, "name": rule.name,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": documentation or summary},
            "help": {"text": documentation or summary, "markdown": documentation or summary},
            "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
        }
    for code, name, severity in extra_codes:
        descriptors.setdefault(code, {
            "id": code, "name": name, "shortDescription": {"text": name},
            "help": {"text": name}, "defaultConfiguration": {"level": LEVELS[severity]},
        })
    return [descriptors[code] for code in sorted(descriptors)]


def _result(path: str, finding: Finding) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [_location(path, finding.span)],
    }
    if finding.related:
        shown, left_out = clip_related(finding.related)
        result["relatedLocations"] = [
            {"id": number, **_location(path, span, "相关位置")}
            for number, span in enumerate(shown, start=1)
        ]
        if left_out:
            result["properties"] = {"relatedOmitted": left_out}
    if finding.fingerprint:
        result["partialFingerprints"] = {"auditorFingerprint/v1": finding.fingerprint}
    return result


def document_items(document: DocumentResult) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One document's SARIF results (without ``ruleIndex``) and tool notifications."""
    if document.error:
        code, message = document.error
        location = {"physicalLocation": {"artifactLocation": _artifact(document.path)}}
        result = {"ruleId": code, "level": "error", "message": {"text": message},
                  "locations": [location]}
        notification = {"level": "error", "message": {"text": f"{document.path}：{message}"},
                        "descriptor": {"id": code}, "locations": [location]}
        return [result], [notification]
    results = [_result(document.path, finding) for finding in document.findings]
    rendered = [json.dumps(item, ensure_ascii=False) for item in results] + [""] * len(document.checks)
    kept, chosen = kept_items(document, rendered, "sarif")
    if chosen.omitted is None:
        return results, []
    left_out = sum(chosen.omitted_findings.values())
    location = {"physicalLocation": {"artifactLocation": _artifact(document.path)}}
    note = {"level": "note", "locations": [location],
            "message": {"text": f"{document.path}：另有 {left_out} 个问题超出输出大小上限，未在此列出"}}
    return [results[i] for i in kept if i < len(results)], [note]


def finding_codes(document: DocumentResult) -> Iterable[tuple[str, str, str]]:
    """``(code, name, severity)`` of the document's findings, for :func:`rule_descriptors`."""
    return ((f.code, f.name, f.severity.value) for f in document.findings)


def sarif_log(rules: list[dict[str, Any]], results: Any, notifications: list[dict[str, Any]]) -> dict[str, Any]:
    """The SARIF log object around ``results`` (a list, or a placeholder a writer fills in)."""
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "auditor", "version": __version__,
                                "semanticVersion": __version__, "rules": rules}},
            "invocations": [invocation],
            "originalUriBaseIds": {BASE_ID: {
                "uri": Path.cwd().as_uri() + "/",
                "description": {"text": "相对路径以运行审核时的当前目录为准"},
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def build_sarif(results: Iterable[DocumentResult]) -> dict[str, Any]:
    """The SARIF log object for a batch."""
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    seen: dict[str, tuple[str, str, str]] = {}
    for document in results:
        items, notes = document_items(document)
        sarif_results += items
        notifications += notes
        for code in finding_codes(document):
            seen.setdefault(code[0], code)
    rules = rule_descriptors(seen.values())
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    for item in sarif_results:
        item["ruleIndex"] = index[item["ruleId"]]
    return sarif_log(rules, sarif_results, notifications)


def write_sarif(results: Iterable[DocumentResult], path: Path) -> None:
    """Write the SARIF log atomically."""
    write_atomic(Path(path), json.dumps(build_sarif(results), ensure_ascii=False, indent=2))

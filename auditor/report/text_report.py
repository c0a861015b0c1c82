"""Terminal output in ruff's style: ``path:line:col: CODE message``, the line and a caret."""

from __future__ import annotations

import os
import unicodedata
from typing import TextIO

from auditor.hidden_chars import escape_hidden as shown
from auditor.result import DocumentResult
from auditor.types import Finding, Severity

#: Longest source excerpt shown, in terminal columns; longer lines are cut around the span.
MAX_WIDTH = 100
CONTEXT = 30

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def should_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color and text else text


def _excerpt(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut ``line`` around ``[start, end)`` when it is too wide; return (text, start, end)."""
    line = line.replace("\t", " ").replace("\r", "")
    if width(line) <= MAX_WIDTH:
        return line, start, end
    left = max(0, start - CONTEXT)
    right = min(len(line), max(end, start + 1) + CONTEXT)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    return prefix + line[left:right] + suffix, start - left + len(prefix), end - left + len(prefix)


def _finding_block(result: DocumentResult, finding: Finding, color: bool) -> list[str]:
    span = finding.span
    severity_style = _COLOURS[finding.severity]
    head = (
        f"{_paint(shown(result.path), _BOLD, color)}:{span.line}:{span.column}: "
        f"{_paint(finding.code, _BOLD + severity_style, color)} "
        f"[{_paint(_LABELS[finding.severity], severity_style, color)}] {shown(finding.message)}"
    )
    lines = [head]
    text = result.source.text if result.source else ""
    line_start = text.rfind("\n", 0, max(0, span.start)) + 1
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    raw = text[line_start:line_end]
    start = max(0, span.start - line_start)
    end = max(start, min(span.end, line_end) - line_start)
    excerpt, start, end = _excerpt(raw, start, end)
    # Hidden characters are written out (⟨RLO U+202E⟩) so the terminal shows what is there.
    before, marked = shown(excerpt[:start]), shown(excerpt[start:end])
    excerpt = before + marked + shown(excerpt[end:])
    gutter = str(span.line)
    pad = " " * len(gutter)
    caret = " " * width(before) + "^" * max(1, width(marked))
    lines.append(_paint(f"{pad} |", _DIM, color))
    lines.append(f"{_paint(f'{gutter} |', _DIM, color)} {excerpt}")
    marker = _paint(caret, _BOLD + severity_style, color)
    lines.append(f"{_paint(f'{pad} |', _DIM, color)} {marker}")
    for related in finding.related:
        where = f"第 {related.line} 行第 {related.column} 列"
        if related.page is not None:
            where += f"，第 {related.page} 页"
        lines.append(f"{pad} = 相关：「{shown(related.text)}」（{where}）")
    lines.append("")
    return lines


def render_text(result: DocumentResult, *, color: bool) -> str:
    """One document's findings for the terminal, followed by a one-line summary."""
    out: list[str] = []
    if result.error:
        code, message = result.error
        out.append(f"{_paint(shown(result.path), _BOLD, color)}:1:1: "
                   f"{_paint(code, _BOLD + _COLOURS[Severity.ERROR], color)} {shown(message)}")
        return "\n".join(out) + "\n"
    findings = sorted(result.findings, key=lambda f: (f.span.start, f.code))
    for finding in findings:
        out.extend(_finding_block(result, finding, color))
    counts = {severity: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity] += 1
    if findings:
        summary = (f"发现 {len(findings)} 个问题（错误 {counts[Severity.ERROR]}，"
                   f"警告 {counts[Severity.WARNING]}，提示 {counts[Severity.INFO]}）")
    else:
        summary = "未发现问题"
    out.append(_paint(summary, _BOLD, color))
    return "\n".join(out) + "\n"

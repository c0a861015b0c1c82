"""The flow view: normalized text with PDF/page-break line cuts rejoined.

Extracted reports break paragraphs where the PDF page or line ended
(``…制定本部门的评价`` / blank line / ``指标体系…``). The flow view removes such cuts so a
sentence reads as one string, and keeps, for every character, its offset in the source
text so anything found in the view maps back exactly.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass

import regex

from auditor.text.headings import is_heading_line
from auditor.text.normalize import normalize_width

# A line ending in one of these closes its sentence; anything else may continue below.
# A closing parenthesis is not among them: ``…通知》（云财绩〔2025〕9号）`` / ``要求，…``
# is one sentence wrapped after the document number.
_RE_COMMA_OR_ENUM = regex.compile(r"[,，、]")

_CLOSING = set("。！？!?；;：:…”’」』】》")
_SENTENCE_MARK = regex.compile(r"[。；;]")
_LIST_START = regex.compile(r"^\s*(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、]|[-•·●◆■]\s)")


@dataclass(frozen=True)
class FlowView:
    """Normalized text with line cuts removed; ``offsets[i]`` is the source offset of ``text[i]``.

    Paragraphs in the view are separated by a single ``\\n``.
    """

    text: str
    offsets: array

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a view range ``[start, end)`` to the source range it covers."""
        if end <= start:
            position = self.offsets[start] if start < len(self.offsets) else self._end()
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1

    def from_source(self, offset: int) -> int:
        """The view position of the first character at or after source ``offset``."""
        return bisect.bisect_left(self.offsets, offset)

    def _end(self) -> int:
        return self.offsets[-1] + 1 if len(self.offsets) else 0


def _is_cut(line: str, following: str) -> bool:
    """True when ``line`` was cut mid-sentence and ``following`` continues it."""
    stripped = line.rstrip()
    if not stripped or not following.strip():
        return False
    if stripped[-1] in _CLOSING:
        return False
    if "\t" in stripped or "\t" in following:
        return False  # rows of a table are lines of their own
    if is_heading_line(following):
        return False
    # A heading ends its line (even ``（一）强化思想引领，凝聚…合力``); a numbered paragraph with a
    # finished sentence in it
    # (``1.行政运行（项）。年初预算为…192.92万`` / ``元，…``) may be cut like any other line.
    if is_heading_line(stripped) and not _SENTENCE_MARK.search(stripped):
        return False
    if _LIST_START.match(following):
        return False
    # A short line without punctuation is a title, not a cut sentence.
    return not (len(stripped) < 16 and not _RE_COMMA_OR_ENUM.search(stripped))


def build_flow(source_text: str) -> FlowView:
    """Build the flow view of ``source_text`` (see :class:`FlowView`)."""
    normalized = normalize_width(source_text)
    content: list[tuple[int, str]] = []
    position = 0
    for raw in normalized.split("\n"):
        body = raw.rstrip("\r")
        stripped = body.strip()
        if stripped:
            content.append((position + len(body) - len(body.lstrip()), stripped))
        position += len(raw) + 1
    pieces: list[str] = []
    offsets = array("l")
    previous_was_cut = True
    for index, (start, segment) in enumerate(content):
        if not previous_was_cut:
            pieces.append("\n")
            offsets.append(start - 1)
        pieces.append(segment)
        offsets.extend(range(start, start + len(segment)))
        following = content[index + 1][1] if index + 1 < len(content) else ""
        previous_was_cut = _is_cut(segment, following)
    return FlowView("".join(pieces), offsets)

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

# A PDF may set every character apart (``关  于  2025年  预  算``, ``五 年 来 ，在 市 委``): a gap of
# one or two spaces beside a Han character is then spacing, not text; a wider gap or a tab
# still parts cells of a table.
_SPACED_GAP = regex.compile(r"(?<=[\p{Han}\p{P}])[ ]{1,2}(?=\S)|(?<=\S)[ ]{1,2}(?=[\p{Han}\p{P}])"
                            # a number set apart digit by digit (2 0 2 5 年)
                            r"|(?<=(?:^|[ ])[0-9])[ ](?=[0-9](?:[ ]|$|\p{Han}))")
_HAN = regex.compile(r"\p{Han}")
#: a line is set apart when most of its Han characters stand before such a gap
_SPACED_SHARE = 0.6
_SPACED_HAN = 4


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


def _spacing(segment: str) -> list[tuple[int, int]]:
    """The gaps of a line set apart character by character (none in an ordinary line)."""
    if segment.count(" ") < _SPACED_HAN * _SPACED_SHARE:
        return []  # most lines: no need to count their Han characters
    han = len(_HAN.findall(segment))
    if han < _SPACED_HAN:
        return []
    gaps = [(m.start(), m.end()) for m in _SPACED_GAP.finditer(segment)]
    beside_han = sum(1 for start, _ in gaps if _HAN.match(segment, start - 1))
    return gaps if beside_han >= _SPACED_SHARE * han else []


def _closed_up(start: int, segment: str) -> tuple[str, range | list[int]]:
    """``segment`` without its spacing, and the source offset of each character kept."""
    gaps = _spacing(segment)
    if not gaps:
        return segment, range(start, start + len(segment))
    kept: list[int] = []
    previous = 0
    for gap_start, gap_end in gaps:
        kept.extend(range(previous, gap_start))
        previous = gap_end
    kept.extend(range(previous, len(segment)))
    return "".join(segment[index] for index in kept), [start + index for index in kept]


def build_flow(source_text: str) -> FlowView:
    """Build the flow view of ``source_text`` (see :class:`FlowView`)."""
    normalized = normalize_width(source_text)
    content: list[tuple[str, range | list[int]]] = []
    position = 0
    for raw in normalized.split("\n"):
        body = raw.rstrip("\r")
        stripped = body.strip()
        if stripped:
            content.append(_closed_up(position + len(body) - len(body.lstrip()), stripped))
        position += len(raw) + 1
    pieces: list[str] = []
    offsets = array("l")
    previous_was_cut = True
    for index, (segment, kept) in enumerate(content):
        if not previous_was_cut:
            pieces.append("\n")
            offsets.append(kept[0] - 1)
        pieces.append(segment)
        offsets.extend(kept)
        following = content[index + 1][0] if index + 1 < len(content) else ""
        previous_was_cut = _is_cut(segment, following)
    return FlowView("".join(pieces), offsets)

"""Paragraphs, sentences and clauses of the flow view, as ranges into it."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from auditor.quick_init import quick_init


@quick_init
@dataclass(frozen=True)
class TextRange:
    """A range ``[start, end)`` of the flow view with its text and paragraph index."""

    start: int
    end: int
    text: str
    paragraph: int


_SENTENCE_END = regex.compile(r"[。!?！？;；]+[”’」』\"]?|\n")
_CLAUSE_END = regex.compile(r"[,，、:：。!?！？;；]")


def split_paragraphs(flow_text: str) -> list[TextRange]:
    """Paragraphs of the flow view (it separates them with a single newline)."""
    paragraphs: list[TextRange] = []
    position = 0
    for index, line in enumerate(flow_text.split("\n")):
        paragraphs.append(TextRange(position, position + len(line), line, index))
        position += len(line) + 1
    return paragraphs


def split_sentences(paragraph: TextRange) -> list[TextRange]:
    """Sentences of one paragraph, ending after 。！？； (closing quotes kept)."""
    sentences: list[TextRange] = []
    text = paragraph.text
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            sentences.append(_trimmed(paragraph, start, end))
        start = end
    if text[start:].strip():
        sentences.append(_trimmed(paragraph, start, len(text)))
    return sentences


def _trimmed(paragraph: TextRange, start: int, end: int) -> TextRange:
    chunk = paragraph.text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    return TextRange(
        paragraph.start + start + left,
        paragraph.start + start + right,
        chunk[left:right],
        paragraph.paragraph,
    )


def clause_bounds(text: str, position: int) -> tuple[int, int]:
    """The clause of ``text`` containing ``position`` (between punctuation marks)."""
    start = 0
    for match in _CLAUSE_END.finditer(text, 0, position):
        start = match.end()
    following = _CLAUSE_END.search(text, position)
    return start, following.start() if following else len(text)


class ClauseIndex:
    """:func:`clause_bounds` for many positions of one text: the marks are found once.

    Every clause mark is a single character, so the clause around ``position`` runs from
    just after the last mark before it to the first mark at or after it.
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.marks = [match.start() for match in _CLAUSE_END.finditer(text)]

    def bounds(self, position: int) -> tuple[int, int]:
        """The same answer as ``clause_bounds(text, position)``."""
        index = bisect.bisect_left(self.marks, position)
        start = self.marks[index - 1] + 1 if index else 0
        end = self.marks[index] if index < len(self.marks) else self.length
        return start, end

    def start(self, position: int) -> int:
        """Where the clause containing ``position`` starts (marks after it do not matter)."""
        index = bisect.bisect_left(self.marks, position)
        return self.marks[index - 1] + 1 if index else 0

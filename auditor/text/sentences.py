"""Paragraphs, sentences and clauses of the flow view, as ranges into it."""

from __future__ import annotations

from dataclasses import dataclass

import regex


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

"""Attribute words (预算, 实际支出, 执行率 …) found on jieba tokens, without loading spaCy.

The concept matcher of the spaCy pipeline (:mod:`auditor.nlp.concepts`) and this module
match the same patterns the same way: a lexicon term matches where jieba's tokens of the
text are exactly the tokens of the term, overlapping matches keep the longest (then the
earlier), as spaCy's ``PhraseMatcher`` with ``filter_spans`` does (a test compares them).
The audit uses this one: importing spaCy costs half a second of every start-up, and
building a spaCy ``Doc`` for every clause window a third of the concept step on dense
text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from auditor.extract.lexicon import load_attribute_lexicon
from auditor.quick_init import quick_init

#: Attribute names a configuration may use in Chinese, mapped to the lexicon's ids.
ATTRIBUTE_ALIASES = {
    "预算": "budget", "到位": "received", "支出": "spent", "执行率": "exec_rate",
    "到位率": "received_rate", "完成率": "completion_rate", "占比": "share", "得分": "score",
}

ExtraLexicon = tuple[tuple[str, tuple[str, ...]], ...]


@quick_init
@dataclass(frozen=True)
class Concept:
    """An attribute word found in the text: flow-view offsets, the word, its attribute."""

    start: int
    end: int
    term: str
    attribute: str


def lexicon_terms(extra: Mapping[str, Iterable[str]] | None = None) -> dict[str, str]:
    """The lexicon's term → attribute map with configured extra words added."""
    terms = dict(load_attribute_lexicon().terms)
    for attribute, words in (extra or {}).items():
        for word in words:
            terms[word] = ATTRIBUTE_ALIASES.get(attribute, attribute)
    return terms


def words_and_spaces(words: Iterable[str], text: str) -> tuple[list[str], list[bool]]:
    """spaCy's ``get_words_and_spaces`` (whitespace words dropped, gaps made tokens, one
    following space a flag), aligned in one pass instead of slicing the rest of the text
    for every word."""
    text_words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for word in words:
        if word.isspace():
            continue
        start = text.index(word, position)
        if start > position:
            text_words.append(text[position:start])
            spaces.append(False)
        text_words.append(word)
        spaces.append(False)
        position = start + len(word)
        if position < len(text) and text[position] == " ":
            spaces[-1] = True
            position += 1
    if position < len(text):
        text_words.append(text[position:])
        spaces.append(False)
    return text_words, spaces


def segment(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """``text`` as the spaCy tokenizer with jieba cuts it: words and trailing-space flags."""
    if len(text) <= _MEMO_CHARS:
        return _segment(text)
    return _segmented(text)


_MEMO_CHARS = 120  # the clause before a figure; longer pieces are rarely repeated


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    return _segmented(text)


def _segmented(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    from auditor.nlp.segmenter import ready_jieba

    cut = [word for word in ready_jieba().cut(text, cut_all=False) if word]
    words, spaces = words_and_spaces(cut, text)
    return tuple(words), tuple(spaces)


class TermMatcher:
    """The lexicon's terms as token sequences, matched on a sequence of words."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.patterns: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for term, attribute in terms.items():
            tokens = tuple(word for word, _ in zip(*_segmented(term), strict=True) if not word.isspace())
            if tokens:
                self.patterns.setdefault(tokens[0], []).append((tokens, attribute))

    def matches(self, words: Sequence[str]) -> list[tuple[str, int, int]]:
        """``(attribute, first word, end word)`` of every match, overlaps resolved."""
        found: list[tuple[str, int, int]] = []
        for start, word in enumerate(words):
            for tokens, attribute in self.patterns.get(word, ()):
                end = start + len(tokens)
                if tuple(words[start:end]) == tokens:
                    found.append((attribute, start, end))
        return longest_first(found)


def longest_first(matches: list[tuple[object, int, int]]) -> list:
    """spaCy's ``filter_spans`` on ``(label, start, end)`` matches, before any Span is built.

    Longest first (then the earlier), kept unless its first or last token is taken; in
    text order.
    """
    taken: set[int] = set()
    kept = []
    for match in sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True):
        _, start, end = match
        if start not in taken and end - 1 not in taken:
            kept.append(match)
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[1])


@lru_cache(maxsize=4)
def term_matcher(extra: ExtraLexicon = ()) -> TermMatcher:
    """The matcher of the lexicon plus ``extra`` (built once per process)."""
    from auditor.nlp.segmenter import load_user_dictionary
    from auditor.paths import models_dir

    load_user_dictionary(models_dir() / "user_dict.txt")  # the terms segment as in the text
    return TermMatcher(lexicon_terms({key: list(words) for key, words in extra}))


def concepts_in_pieces(pieces: Sequence[str], extra: ExtraLexicon = ()) -> list[Concept]:
    """The concepts of ``"\\n".join(pieces)`` (offsets into that text), each piece segmented
    once per process: jieba cuts at every line break, so a piece segments on its own exactly
    as inside the whole, and the clause before a figure is often 实际支出 or 比上年增长."""
    matcher = term_matcher(extra)
    words: list[str] = []
    starts: list[int] = []
    position = 0
    for index, piece in enumerate(pieces):
        if index:  # the line break between pieces: a word no term contains
            words.append("\n")
            starts.append(position)
            position += 1
        piece_words, piece_spaces = segment(piece)
        for word, space in zip(piece_words, piece_spaces, strict=True):
            words.append(word)
            starts.append(position)
            position += len(word) + space
    joined = "\n".join(pieces)
    found = []
    for attribute, first, end in matcher.matches(words):
        start = starts[first]
        stop = starts[end - 1] + len(words[end - 1])
        found.append(Concept(start, stop, joined[start:stop], attribute))
    return found

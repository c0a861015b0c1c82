"""The concept matcher: a spaCy component marking attribute words (预算, 实际支出, 执行率 …).

Patterns come from the attribute lexicon (``models/lexicon/attributes.tsv``) plus the
configuration's extra entries; they are matched on jieba tokens with a PhraseMatcher, and
overlapping matches keep the longest (``预算执行率`` over ``执行率``). The matches land in
``doc.spans["concepts"]`` labelled with the attribute.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from auditor.extract.lexicon import load_attribute_lexicon

SPANS_KEY = "concepts"

#: Attribute names a configuration may use in Chinese, mapped to the lexicon's ids.
ATTRIBUTE_ALIASES = {
    "预算": "budget", "到位": "received", "支出": "spent", "执行率": "exec_rate",
    "到位率": "received_rate", "完成率": "completion_rate", "占比": "share", "得分": "score",
}


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


class ConceptMatcher:
    """Marks lexicon terms in a Doc (see module docstring)."""

    def __init__(self, nlp: Language, terms: Mapping[str, str]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_attribute: dict[str, list[str]] = {}
        for term, attribute in terms.items():
            by_attribute.setdefault(attribute, []).append(term)
        tokens: set[str] = set()
        for attribute, words in by_attribute.items():
            patterns = [nlp.make_doc(word) for word in words]
            tokens.update(token.text for pattern in patterns for token in pattern)
            self.matcher.add(attribute, patterns)
        #: every word some pattern is made of: any other word can never be part of a match
        self.tokens = frozenset(tokens)

    def __call__(self, doc: Doc) -> Doc:
        matches = longest_first(self.matcher(doc))
        doc.spans[SPANS_KEY] = [Span(doc, start, end, label=match_id) for match_id, start, end in matches]
        return doc


def longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """spaCy's ``filter_spans`` on ``(id, start, end)`` matches, before any Span is built.

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


@Language.factory("attribute_concepts", default_config={"extra": {}})
def make_concept_matcher(nlp: Language, name: str, extra: dict[str, list[str]]) -> ConceptMatcher:
    """spaCy factory: ``nlp.add_pipe("attribute_concepts", config={"extra": {...}})``."""
    return ConceptMatcher(nlp, lexicon_terms(extra))


def concepts_of(doc: Doc) -> list[Concept]:
    """The concepts a processed Doc carries, in text order."""
    text = doc.text  # built anew on each access: once here, not per span
    return [Concept(span.start_char, span.end_char, text[span.start_char:span.end_char], span.label_)
            for span in doc.spans.get(SPANS_KEY, [])]

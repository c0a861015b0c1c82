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
from spacy.util import filter_spans

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
        for attribute, words in by_attribute.items():
            self.matcher.add(attribute, [nlp.make_doc(word) for word in words])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        doc.spans[SPANS_KEY] = filter_spans(spans)
        return doc


@Language.factory("attribute_concepts", default_config={"extra": {}})
def make_concept_matcher(nlp: Language, name: str, extra: dict[str, list[str]]) -> ConceptMatcher:
    """spaCy factory: ``nlp.add_pipe("attribute_concepts", config={"extra": {...}})``."""
    return ConceptMatcher(nlp, lexicon_terms(extra))


def concepts_of(doc: Doc) -> list[Concept]:
    """The concepts a processed Doc carries, in text order."""
    return [Concept(span.start_char, span.end_char, span.text, span.label_)
            for span in doc.spans.get(SPANS_KEY, [])]

"""The concept matcher as a spaCy component marking attribute words (预算, 实际支出, 执行率 …).

Patterns come from the attribute lexicon (``models/lexicon/attributes.tsv``) plus the
configuration's extra entries; they are matched on jieba tokens with a PhraseMatcher, and
overlapping matches keep the longest (``预算执行率`` over ``执行率``). The matches land in
``doc.spans["concepts"]`` labelled with the attribute. The audit itself finds the same
concepts without spaCy (:mod:`auditor.nlp.terms`).
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from auditor.nlp.terms import Concept, lexicon_terms, longest_first

__all__ = ["SPANS_KEY", "Concept", "ConceptMatcher", "concepts_of", "lexicon_terms", "longest_first"]

SPANS_KEY = "concepts"


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
        matches = longest_first(self.matcher(doc))
        doc.spans[SPANS_KEY] = [Span(doc, start, end, label=match_id) for match_id, start, end in matches]
        return doc


@Language.factory("attribute_concepts", default_config={"extra": {}})
def make_concept_matcher(nlp: Language, name: str, extra: dict[str, list[str]]) -> ConceptMatcher:
    """spaCy factory: ``nlp.add_pipe("attribute_concepts", config={"extra": {...}})``."""
    return ConceptMatcher(nlp, lexicon_terms(extra))


def concepts_of(doc: Doc) -> list[Concept]:
    """The concepts a processed Doc carries, in text order."""
    text = doc.text  # built anew on each access: once here, not per span
    return [Concept(span.start_char, span.end_char, text[span.start_char:span.end_char], span.label_)
            for span in doc.spans.get(SPANS_KEY, [])]

"""Sentence roles: what a sentence of a report *does* (asserts no problem, rates, …).

The spaCy component ``sentence_roles`` writes the predictions of
:class:`~auditor.nlp.role_classifier.RoleClassifier` onto sentence spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from auditor.nlp.role_classifier import RoleClassifier, RolePrediction
from auditor.nlp.role_model import DEFAULT_MODELS_DIR

__all__ = ["RoleClassifier", "RolePrediction", "SentenceRoles", "make_sentence_roles"]

for _name in ("role", "role_score", "role_cues"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class SentenceRoles:
    """spaCy component: sets ``Span._.role`` / ``role_score`` / ``role_cues``.

    It labels the spans of ``doc.spans[spans_key]`` when that group exists (the NLP stage
    can put its own sentence/clause spans there), otherwise ``doc.sents`` when the doc has
    sentence boundaries, otherwise the whole doc as one span.
    """

    def __init__(self, classifier: RoleClassifier, spans_key: str) -> None:
        self.classifier = classifier
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        spans = list(self._spans(doc))
        for span, prediction in zip(
            spans, self.classifier.predict([span.text for span in spans]), strict=True
        ):
            span._.role = prediction.role
            span._.role_score = prediction.score
            span._.role_cues = prediction.cues
        return doc

    def _spans(self, doc: Doc) -> Iterable[Span]:
        if self.spans_key in doc.spans:
            return doc.spans[self.spans_key]
        if doc.has_annotation("SENT_START"):
            return doc.sents
        return [doc[:]]


@Language.factory(
    "sentence_roles",
    default_config={"models_dir": None, "spans_key": "sentences"},
)
def make_sentence_roles(
    nlp: Language, name: str, models_dir: str | None, spans_key: str
) -> SentenceRoles:
    """Factory for ``nlp.add_pipe("sentence_roles")``."""
    directory = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
    return SentenceRoles(RoleClassifier.load(directory), spans_key)

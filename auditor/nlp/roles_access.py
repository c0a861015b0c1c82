"""Sentence roles for rules: the classifier loaded once per process, predictions per document.

The model is optional: when ``models/roles.json`` is missing or unreadable the rules fall
back to their explicit cues alone, so ``role_classifier()`` returns ``None`` instead of
raising. Predictions are kept per document (``doc.sentence_roles``) and per text, so several rules asking
about the same sentence pay for it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from auditor.paths import models_dir

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.nlp.role_classifier import RoleClassifier, RolePrediction

DEFAULT_MODELS_DIR = models_dir()


@lru_cache(maxsize=1)
def role_classifier() -> RoleClassifier | None:
    """The shipped classifier, or ``None`` when the model file is absent or invalid."""
    # Imported here: numpy is only needed once a sentence is classified (not by `explain`).
    from auditor.nlp.role_model import MODEL_FILE, RoleModelError

    if not (DEFAULT_MODELS_DIR / MODEL_FILE).is_file():
        return None
    from auditor.nlp.role_classifier import RoleClassifier

    try:
        return RoleClassifier.load(DEFAULT_MODELS_DIR)
    except (OSError, ValueError, RoleModelError):
        # A damaged model must not stop an audit: the rules still have their cues.
        return None


def predict_roles(doc: AnalysedDocument, texts: Sequence[str]) -> list[RolePrediction | None]:
    """The role of each text (``None`` for all when no model is available)."""
    classifier = role_classifier()
    if classifier is None:
        return [None] * len(texts)
    cache = doc.sentence_roles
    missing = sorted({text for text in texts if text not in cache})
    if missing:
        cache.update(zip(missing, classifier.predict(missing), strict=True))
    return [cache[text] for text in texts]


def role_of(doc: AnalysedDocument, text: str) -> RolePrediction | None:
    """The role of one text (``None`` when no model is available)."""
    return predict_roles(doc, [text])[0]

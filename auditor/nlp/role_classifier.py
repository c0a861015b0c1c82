"""The sentence-role classifier: what a sentence of a report *does* (asserts no problem, rates …).

``RoleClassifier`` wraps the JSON model of ``role_model.py`` (numpy only at prediction
time) and explains each prediction with the features that pushed it most. No spaCy here:
the rules ask for roles through :mod:`auditor.nlp.roles_access`, and a start-up should not
import spaCy for that; the spaCy component is :mod:`auditor.nlp.roles`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import regex

from auditor.nlp.role_model import (
    CHAR_PREFIX,
    DEFAULT_MODELS_DIR,
    MODEL_FILE,
    WORD_PREFIX,
    RoleModel,
    Tokenize,
    jieba_tokenizer,
    load_model,
    score,
)

MAX_CUES = 3
_MEANINGFUL = regex.compile(r"[\p{Han}A-Za-z]")
_EDGES = regex.compile(r"^[\p{P}\p{S}\s0]+|[\p{P}\p{S}\s0]+$")


@dataclass(frozen=True)
class RolePrediction:
    """The role of one sentence, its probability, and the cues that drove it.

    ``cues`` are the surface strings (character n-grams or jieba words) with the largest
    positive contribution to the chosen role, most important first. ``ranking`` holds every
    role with its probability, best first, for rules that need the runner-up.
    """

    role: str
    score: float
    cues: tuple[str, ...]
    ranking: tuple[tuple[str, float], ...]

    def probability(self, role: str) -> float:
        """Probability of ``role`` (0.0 for a role the model does not know)."""
        return dict(self.ranking).get(role, 0.0)


class RoleClassifier:
    """Predicts sentence roles from the model saved by ``auditor train``."""

    def __init__(self, model: RoleModel, tokenize: Tokenize) -> None:
        self.model = model
        self._tokenize = tokenize
        self._index = model.index()

    @classmethod
    def load(
        cls, models_dir: Path = DEFAULT_MODELS_DIR, tokenize: Tokenize | None = None
    ) -> RoleClassifier:
        """Load ``models_dir/roles.json``; ``tokenize`` defaults to jieba with the user dict."""
        model = load_model(models_dir / MODEL_FILE)
        return cls(model, tokenize or jieba_tokenizer(models_dir))

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles this model can predict, in model order."""
        return self.model.roles

    def predict(self, sentences: Sequence[str]) -> list[RolePrediction]:
        """One prediction per sentence, in order."""
        if not sentences:
            return []
        scored = score(self.model, self._index, sentences, self._tokenize)
        predictions = []
        for row, probabilities in enumerate(scored.probabilities):
            best = int(np.argmax(probabilities))
            order = np.argsort(-probabilities)
            ranking = tuple((self.model.roles[i], float(probabilities[i])) for i in order)
            cues = self._cues(best, scored.columns[row], scored.weights[row])
            predictions.append(
                RolePrediction(self.model.roles[best], float(probabilities[best]), cues, ranking)
            )
        return predictions

    def _cues(self, role: int, columns: np.ndarray, weights: np.ndarray) -> tuple[str, ...]:
        if not len(columns):
            return ()
        contributions = self.model.coef[role, columns] * weights
        ranked = [
            _EDGES.sub("", _surface(self.model.vocabulary[columns[position]]))
            for position in np.argsort(-contributions)
            if contributions[position] > 0
        ]
        ranked = [cue for cue in ranked if _MEANINGFUL.search(cue)]
        # Multi-character cues explain better than single characters; a bigram inside an
        # already chosen trigram says nothing new.
        cues: list[str] = []
        for candidates in ([cue for cue in ranked if len(cue) > 1], ranked):
            for cue in candidates:
                if len(cues) == MAX_CUES:
                    return tuple(cues)
                if not any(cue in chosen or chosen in cue for chosen in cues):
                    cues.append(cue)
        return tuple(cues)


def _surface(feature: str) -> str:
    for prefix in (CHAR_PREFIX, WORD_PREFIX):
        if feature.startswith(prefix):
            return feature[len(prefix) :]
    return feature

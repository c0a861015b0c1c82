"""The spaCy pipeline: blank ``zh`` with the jieba segmenter and the domain dictionary.

Loaded once per process (:func:`get_nlp`). Rules never call jieba or spaCy themselves;
they read the analysed document's concepts (attribute words found on jieba tokens).
Numbers are never found on tokens (both segmenters split ``1,234.56``); tokens are
context only.
"""

from __future__ import annotations

import enum
from functools import lru_cache
from typing import TYPE_CHECKING

from auditor.paths import models_dir

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class Segmenter(enum.Enum):
    """Word segmenters the pipeline can use."""

    JIEBA = "jieba"
    CHAR = "char"


ExtraLexicon = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=4)
def get_nlp(segmenter: Segmenter = Segmenter.JIEBA, extra: ExtraLexicon = ()) -> Language:
    """The shared ``zh`` pipeline (built on first use, then cached for the process).

    ``extra`` adds configured lexicon entries (attribute → words) to the concept matcher.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise RuntimeError("需要 spaCy：pip install spacy") from exc
    from auditor.nlp.segmenter import load_user_dictionary

    if segmenter is Segmenter.JIEBA:  # before spaCy's tokenizer touches jieba
        load_user_dictionary(models_dir() / "user_dict.txt")
    config = {"nlp": {"tokenizer": {"segmenter": segmenter.value}}}
    nlp = spacy.blank("zh", config=config)
    nlp.max_length = 50_000_000
    from auditor.nlp import concepts  # noqa: F401  (registers the factory)

    nlp.add_pipe("attribute_concepts", config={"extra": {key: list(words) for key, words in extra}})
    return nlp


def analyse(text: str, extra: ExtraLexicon = ()) -> Doc:
    """Run the shared pipeline (segmentation + concept matcher) over ``text``."""
    return get_nlp(Segmenter.JIEBA, extra)(text)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Tokens of ``text`` as ``(start, end, text)``, aligned exactly to its characters."""
    doc = get_nlp().make_doc(text)
    return [(token.idx, token.idx + len(token.text), token.text) for token in doc]

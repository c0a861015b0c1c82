"""The spaCy pipeline: blank ``zh`` with the jieba segmenter and the domain dictionary.

Loaded once per process (:func:`get_nlp`). Rules never call jieba or spaCy themselves;
they read the analysed document's concepts (attribute words found on jieba tokens).
Numbers are never found on tokens (both segmenters split ``1,234.56``); tokens are
context only.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
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


def analyse_pieces(pieces: Sequence[str], extra: ExtraLexicon = ()) -> Doc:
    """The pipeline over ``"\\n".join(pieces)``, each piece segmented once per process.

    The same concepts as ``analyse("\\n".join(pieces))`` (jieba cuts at every line break, so
    each piece segments on its own exactly as inside the whole), but a piece
    seen before — the clause before a figure is often 实际支出 or 比上年增长 — costs a
    dictionary look-up instead of a segmentation, and no alignment of words to a long text
    (spaCy's is quadratic in the length of one Doc) is needed.
    """
    from spacy.tokens import Doc

    nlp = get_nlp(Segmenter.JIEBA, extra)
    matched = nlp.get_pipe("attribute_concepts").tokens
    words: list[str] = []
    spaces: list[bool] = []
    for index, piece in enumerate(pieces):
        if index:
            words.append("\n")
            spaces.append(False)
        piece_words, piece_spaces = _segment(piece) if len(piece) <= _MEMO_PIECE else _words_and_spaces(piece)
        # A word no pattern contains is written as filler of its length: offsets stay, and
        # the vocabulary does not grow with every number and name of a long batch.
        words.extend(word if word in matched else _filler(len(word)) for word in piece_words)
        spaces.extend(piece_spaces)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


_MEMO_PIECE = 120  # characters; longer pieces are rarely repeated


@lru_cache(maxsize=64)
def _filler(length: int) -> str:
    return "\ue000" * length


def _words_and_spaces(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """What spaCy's jieba tokenizer makes of ``text``: words and trailing-space flags."""
    from spacy.util import get_words_and_spaces

    from auditor.nlp.segmenter import ready_jieba

    cut = [word for word in ready_jieba().cut(text, cut_all=False) if word]
    words, spaces = get_words_and_spaces(cut, text)
    return tuple(words), tuple(spaces)


@lru_cache(maxsize=1 << 14)
def _segment(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    return _words_and_spaces(text)

"""A value's transition stated before a change of it: ``总收支从年初预算的 B 调整为 C，
主要是……，总收支相应增加 D``.

The change clause names no base of its own (no 比/较), but the text has just said what the
figure was and what it became: B and C are the previous and current values of the change.
The reading is confident when the change restates the subject of the transition (总收支 …
总收支相应增加), and only plausible otherwise (it may explain the change, never fail it).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from auditor.lexicon import alternation
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.extract.figures import PlacedQuantity
    from auditor.extract.relations.change_sentence import ChangeSentence

_WORDS = alternation("changes", "up", "down", spaced=True)
#: between B and C: ``调整为`` / ``增加到`` / ``降至`` / ``变更为``
_VERB = regex.compile(rf"^[ \t]*(?:{_WORDS}|{alternation('changes', 'transition_verb')})?[ \t]*(?:为|到|至)[ \t]*$")
#: before B: ``从年初预算的`` / ``由`` (a few words may name what B was)
_FROM = regex.compile(r"(?:由|从)[^,，;；。:：0-9]{0,12}$")
#: the change clause measures against something else: 比上年 / 较年初 / 与……相比 / 同比
_OWN_BASE = regex.compile(alternation("changes", "own_base", "anchor_alone", "previous"))
_CLAUSE = regex.compile(r"[,，;；。:：]")


def moves(before: str, between: str) -> bool:
    """Whether two figures are what one figure was and what it became: ``before`` (the text
    right before the first) says from (由 / 从年初预算的), ``between`` says to (调整为 / 增加到)."""
    return _FROM.search(before) is not None and _VERB.match(between) is not None
_NOT_HAN = regex.compile(r"[^\p{Han}]+")
#: adverbs between a restated subject and its change word
_ADVERB = regex.compile(rf"(?:{alternation('changes', 'linking_adverb')})+$")
#: a subject shorter than this (Han characters) does not say which figure it is
SUBJECT_CHARS = 2
#: how far before a figure its subject (or 由/从) is read
_REACH = 30
#: how many figures before a change word are tried as B and C
_CANDIDATES = 12
#: the most characters between B and C (``亿元调整为``)
_GAP = 16


@dataclass(frozen=True)
class Transition:
    """``由 B 调整为 C`` found before a change word."""

    previous: Quantity
    current: Quantity
    same_subject: bool  # the change restates the subject the transition is about


def _clause_before(text: str, start: int, end: int) -> str:
    """The Han characters of the clause that ends at ``end`` (searched from ``start``)."""
    window = text[max(start, end - _REACH):end]
    return _NOT_HAN.sub("", _CLAUSE.split(window)[-1])


def transition_before(sentence: ChangeSentence, word_start: int) -> Transition | None:
    """The nearest ``由 B … 为 C`` in this sentence or the one before (same paragraph) ahead
    of the change word at ``word_start``, when the change clause names no base of its own."""
    text = sentence.text
    own = _clause_before(text, sentence.range.start, word_start)
    if _OWN_BASE.search(_CLAUSE.split(text[max(sentence.range.start, word_start - _REACH):word_start])[-1]):
        return None
    first = sentence.range.start
    if sentence.index > 0:
        previous = sentence.sentences[sentence.index - 1]
        if previous.paragraph == sentence.range.paragraph:
            first = previous.start
    # only the last few figures are read: walked to by bisection, not copied from the
    # sentence start (a sentence with hundreds of changes would make this quadratic)
    starts = sentence.figures.quantity_starts
    high = bisect.bisect_left(starts, word_start)
    low = max(bisect.bisect_left(starts, first, 0, high), high - _CANDIDATES)
    placed = [p for p in sentence.figures.quantities[low:high] if p.flow_end <= word_start]
    for b, c in reversed(list(itertools.pairwise(placed))):
        if not _pair(text, first, b, c):
            continue
        subject = _clause_before(text, first, b.flow_start - len(_FROM.search(
            text[max(first, b.flow_start - 14):b.flow_start]).group(0)))
        core = _ADVERB.sub("", own)
        same = len(core) >= SUBJECT_CHARS and subject.endswith(core)
        return Transition(b.quantity, c.quantity, same)
    return None


def _pair(text: str, first: int, b: PlacedQuantity, c: PlacedQuantity) -> bool:
    """Whether ``b`` and ``c`` are written as ``由 B 调整为 C``, two amounts of one kind."""
    qb, qc = b.quantity, c.quantity
    if c.flow_start - b.flow_end > _GAP:
        return False
    if qb.kind is not QuantityKind.MONEY or qc.kind is not QuantityKind.MONEY:
        return False
    if not (qb.is_exact and qc.is_exact):
        return False
    return _VERB.match(text[b.flow_end:c.flow_start]) is not None \
        and _FROM.search(text[max(first, b.flow_start - 14):b.flow_start]) is not None

"""What the claim rules share: units of text, table rows, role gating and located checks.

Every claim rule separates *candidates* (explicit regex cues over the flow view) from their
*validation* by the sentence-role classifier (:mod:`auditor.nlp.roles_access`): a claim
counts only when the model, if present, does not read the sentence as something else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import regex

from auditor.document import AnalysedDocument
from auditor.nlp import roles_access
from auditor.text.sentences import TextRange
from auditor.types import Check, CheckStatus, Span

T = TypeVar("T")

#: probability the expected role must reach when it is not the model's first choice
ROLE_FLOOR = 0.3
#: a heading number at the start of a text: 一、 / （一） / 1.
HEADING_NUMBER = (
    r"(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\)|\d{1,2}\s*[、.](?!\d))"
)


def units(doc: AnalysedDocument) -> list[TextRange]:
    """Sentences of the flow view and the cells of table rows, in text order."""
    return doc.text_units


def table_rows(doc: AnalysedDocument) -> list[list[tuple[int, TextRange]]]:
    """Rows of tab-separated tables: ``(column index, cell)`` for each non-empty cell."""
    return doc.tab_rows


def unit_matches(
    ranges: Iterable[TextRange], pattern: regex.Pattern[str]
) -> Iterator[tuple[TextRange, regex.Match[str]]]:
    """Every match of ``pattern`` in each range, with the range it was found in."""
    for unit in ranges:
        for match in pattern.finditer(unit.text):
            yield unit, match


def sentence_at(doc: AnalysedDocument, position: int) -> TextRange:
    """The unit (sentence or table cell) holding ``position``; an empty range if none does."""
    for unit in units(doc):
        if unit.start <= position < unit.end:
            return unit
    return TextRange(position, position, "", -1)


def inside(position: int, ranges: Iterable[TextRange]) -> bool:
    """Whether ``position`` falls within one of ``ranges``."""
    return any(r.start <= position < r.end for r in ranges)


def clause_start(text: str, position: int, marks: str) -> int:
    """Where the clause holding ``position`` starts: just after the last of ``marks`` before it."""
    return max(text.rfind(mark, 0, position) for mark in marks) + 1


def agrees(doc: AnalysedDocument, text: str, expected: Iterable[str]) -> bool:
    """Whether the role model accepts ``text`` as one of the ``expected`` roles.

    Its first choice, or a runner-up of at least :data:`ROLE_FLOOR`. Without a model every
    candidate is accepted: the explicit cues then decide alone.
    """
    prediction = roles_access.role_of(doc, text)
    if prediction is None:
        return True
    wanted = set(expected)
    if prediction.role in wanted:
        return True
    return sum(prediction.probability(role) for role in wanted) >= ROLE_FLOOR


def role_gated(
    doc: AnalysedDocument, candidates: Iterable[T], expected: Sequence[str],
    text: Callable[[T], str],
) -> Iterator[T]:
    """The candidates whose ``text`` the role model accepts as one of the ``expected`` roles."""
    return (candidate for candidate in candidates if agrees(doc, text(candidate), expected))


def role_evidence(doc: AnalysedDocument, ranges: Iterable[TextRange]) -> dict[str, str]:
    """``{sentence as written: role}`` for a finding's evidence (empty without a model)."""
    ranges = [r for r in ranges if r.text]
    predictions = roles_access.predict_roles(doc, [r.text for r in ranges])
    return {
        doc.flow_span(r.start, r.end).text: p.role
        for r, p in zip(ranges, predictions, strict=True) if p is not None
    }


def relation_check(
    kind: str, holds: bool, span: Span, detail: str, related: Sequence[Span] = ()
) -> Check:
    """The record of one verified relation: passed (✓) or failed (✗)."""
    return Check(kind, CheckStatus.PASS if holds else CheckStatus.FAIL, span,
                 detail + ("✓" if holds else "✗"), tuple(related))

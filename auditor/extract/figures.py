"""The figures of a document: every quantity located, the attribute words, the facts.

This is the first part of the :class:`~auditor.extract.extraction.Extraction`; every
relation builder reads it. Quantities are found with ``regex`` on the flow view (never on
tokens) and located back in the source; attribute words come from the concept matcher,
run only on the clause before each figure.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import regex

from auditor.extract.facts import FactTable, build_fact_table
from auditor.extract.quantity import find_quantities
from auditor.quick_init import quick_init
from auditor.types import Quantity

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.nlp.terms import Concept


@quick_init
@dataclass(frozen=True)
class PlacedQuantity:
    """A quantity in source coordinates plus where it sits in the flow view."""

    quantity: Quantity
    flow_start: int
    flow_end: int


@dataclass(frozen=True)
class Figures:
    """Quantities, attribute words and facts of one document (flow-view order)."""

    quantities: tuple[PlacedQuantity, ...]
    quantity_starts: tuple[int, ...]
    concepts: tuple[Concept, ...]
    facts: FactTable

    def quantities_in(self, start: int, end: int) -> list[PlacedQuantity]:
        """The quantities starting in the flow-view range ``[start, end)``, in order."""
        low = bisect.bisect_left(self.quantity_starts, start)
        high = bisect.bisect_left(self.quantity_starts, end, low)
        return list(self.quantities[low:high])


#: digits a PDF's text layer spread out before a number: ``3, 156,077`` (a space after a
#: thousands comma), ``5 , 3 4 9 . 8 9`` (a space between every character)
_SPREAD_PREFIX = regex.compile(r"(?<![0-9A-Za-z.])(?:[0-9]+[ \t]*[,.][ \t]*|[0-9][ \t]+)+$")
_SPREAD_DIGITS = regex.compile(r"^(?:[0-9][ \t]+){2,}$")
_SPREAD_END = frozenset(" \t,.")


def _rejoined(doc: AnalysedDocument, quantity: Quantity) -> Quantity:
    """The quantity with the digits spread out before it joined back, when the text layer
    spread them (see :data:`_SPREAD_PREFIX`); otherwise the quantity itself.

    Only ASCII commas count as thousands separators here (a full-width ``，`` separates
    clauses), and spaced single digits only in runs of three or more.
    """
    text = doc.flow.text
    window = text[max(0, quantity.start - 24):quantity.start]
    # the prefix ends in a space, a tab or a separator, perhaps before a final line break ($):
    # most figures follow a word, and the search is skipped
    if window[-2 if window.endswith("\n") else -1:][:1] not in _SPREAD_END:
        return quantity
    match = _SPREAD_PREFIX.search(window)
    if match is None or not any(c in " \t" for c in match.group(0)):
        return quantity
    prefix = match.group(0)
    begin = quantity.start - len(prefix)
    commas = [begin + i for i, c in enumerate(prefix) if c == ","]
    source_commas = [doc.text[doc.flow.to_source(i, i + 1)[0]] for i in commas]
    if any(c != "," for c in source_commas):
        return quantity
    if not commas and "." not in prefix and not _SPREAD_DIGITS.match(prefix):
        return quantity
    compact = "".join((prefix + text[quantity.start:quantity.end]).split())
    found = find_quantities(compact)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(compact):
        return quantity
    return replace(found[0], start=begin, end=quantity.end)


def locate_quantities(doc: AnalysedDocument) -> tuple[PlacedQuantity, ...]:
    """Every quantity of the flow view, located in the source and in the flow view."""
    placed = []
    text = doc.text
    for quantity in find_quantities(doc.flow.text):
        quantity = _rejoined(doc, quantity)
        start, end = doc.flow.to_source(quantity.start, quantity.end)
        located = quantity
        # Most figures sit where the flow view is the source itself: no copy needed.
        if start != quantity.start or end != quantity.end or text[start:end] != quantity.text:
            located = replace(quantity, start=start, end=end, text=text[start:end])
        placed.append(PlacedQuantity(located, quantity.start, quantity.end))
    return tuple(placed)


def _extra_lexicon(doc: AnalysedDocument) -> tuple[tuple[str, tuple[str, ...]], ...]:
    extra = doc.settings.get("lexicon") or {}
    return tuple(sorted((str(k), tuple(v)) for k, v in dict(extra).items()))  # type: ignore[call-overload]


def find_concepts(doc: AnalysedDocument, quantities: tuple[PlacedQuantity, ...]) -> tuple[Concept, ...]:
    """Attribute words (预算, 实际支出, 执行率 …) found by the concept matcher, flow offsets.

    Only the clause before a figure can say what the figure measures, so the pipeline
    runs on those windows — a fraction of the text — rather than on the whole document.
    A window starts at a clause mark and ends where a number begins, both places where
    jieba cuts anyway, so the tokens are the ones the whole text would give.
    """
    from auditor.nlp.terms import Concept, concepts_in_pieces

    windows: list[tuple[int, int]] = []
    for placed in quantities:
        start = doc.clauses.start(placed.flow_start)
        if start >= placed.flow_start:
            continue
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], placed.flow_start))
        else:
            windows.append((start, placed.flow_start))
    # The windows as pieces of one text (jieba cuts between them anyway), each segmented
    # once per process (concepts_in_pieces).
    text = doc.flow.text
    pieces = [text[start:end] for start, end in windows]
    joined = concepts_in_pieces(pieces, _extra_lexicon(doc))
    positions: list[int] = []
    position = 0
    for piece in pieces:
        positions.append(position)
        position += len(piece) + 1
    found: list[Concept] = []
    for concept in joined:
        index = bisect.bisect_right(positions, concept.start) - 1
        shift = windows[index][0] - positions[index]
        found.append(Concept(concept.start + shift, concept.end + shift, concept.term, concept.attribute))
    return tuple(found)


def build_figures(doc: AnalysedDocument) -> Figures:
    """Locate every quantity, find the attribute words, bind them into facts."""
    quantities = locate_quantities(doc)
    concepts = find_concepts(doc, quantities)
    facts = build_fact_table(doc, quantities, concepts)
    return Figures(quantities, tuple(p.flow_start for p in quantities), concepts, facts)

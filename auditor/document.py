"""The analysed document every rule reads: source, views, sentences, headings, figures."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from auditor.locate import Locator
from auditor.text.flow import FlowView, build_flow
from auditor.text.headings import Heading, build_heading_tree
from auditor.text.sentences import ClauseIndex, TextRange, split_paragraphs, split_sentences
from auditor.types import Quantity, Source, Span

if TYPE_CHECKING:
    from auditor.extract.facts import FactTable
    from auditor.nlp.concepts import Concept

T = TypeVar("T")


@dataclass(frozen=True)
class PlacedQuantity:
    """A quantity in source coordinates plus where it sits in the flow view."""

    quantity: Quantity
    flow_start: int
    flow_end: int


class AnalysedDocument:
    """Lazily computed views of one source; rules read only from here."""

    def __init__(self, source: Source, settings: dict[str, object] | None = None) -> None:
        self.source = source
        self.text = source.text
        self.settings: dict[str, object] = settings or {}
        self._memo: dict[str, object] = {}

    def memo(self, key: str, factory: Callable[[AnalysedDocument], T]) -> T:
        """Compute ``factory(self)`` once per document (shared by rules that need it)."""
        if key not in self._memo:
            self._memo[key] = factory(self)
        return self._memo[key]  # type: ignore[return-value]

    @cached_property
    def locator(self) -> Locator:
        """Offsets → located spans."""
        return Locator(self.source)

    @cached_property
    def flow(self) -> FlowView:
        """Normalized text with line cuts rejoined (see :mod:`auditor.text.flow`)."""
        return build_flow(self.text)

    @cached_property
    def paragraphs(self) -> list[TextRange]:
        """Paragraphs of the flow view."""
        return split_paragraphs(self.flow.text)

    @cached_property
    def sentences(self) -> list[TextRange]:
        """Sentences of the flow view, in order."""
        return [s for paragraph in self.paragraphs for s in split_sentences(paragraph)]

    @cached_property
    def clauses(self) -> ClauseIndex:
        """Clause boundaries of the flow view (``clauses.bounds(position)``)."""
        return ClauseIndex(self.flow.text)

    @cached_property
    def headings(self) -> list[Heading]:
        """Numbered headings with their tree (flow coordinates)."""
        return build_heading_tree([(p.start, p.end, p.text) for p in self.paragraphs])

    @cached_property
    def quantities(self) -> list[PlacedQuantity]:
        """Every quantity, located in the source and in the flow view."""
        from auditor.extract.quantity import find_quantities

        placed = []
        for quantity in find_quantities(self.flow.text):
            start, end = self.flow.to_source(quantity.start, quantity.end)
            located = replace(quantity, start=start, end=end, text=self.text[start:end])
            placed.append(PlacedQuantity(located, quantity.start, quantity.end))
        return placed

    @cached_property
    def quantity_starts(self) -> list[int]:
        """Flow-view starts of :attr:`quantities`, for bisecting."""
        return [placed.flow_start for placed in self.quantities]

    def quantities_in(self, start: int, end: int) -> list[PlacedQuantity]:
        """The quantities starting in the flow-view range ``[start, end)``, in order."""
        starts = self.quantity_starts
        low = bisect.bisect_left(starts, start)
        high = bisect.bisect_left(starts, end, low)
        return self.quantities[low:high]

    @cached_property
    def facts(self) -> FactTable:
        """Quantities bound to attributes and scopes."""
        from auditor.extract.facts import build_fact_table

        return build_fact_table(self)

    def _extra_lexicon(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        extra = self.settings.get("lexicon") or {}
        return tuple(sorted((str(k), tuple(v)) for k, v in dict(extra).items()))  # type: ignore[call-overload]

    @cached_property
    def concepts(self) -> list[Concept]:
        """Attribute words (预算, 实际支出, 执行率 …) found by the concept matcher, flow offsets.

        Only the clause before a figure can say what the figure measures, so the pipeline
        runs on those windows — a fraction of the text — rather than on the whole document.
        A window starts at a clause mark and ends where a number begins, both places where
        jieba cuts anyway, so the tokens are the ones the whole text would give.
        """
        from auditor.nlp.concepts import concepts_of
        from auditor.nlp.pipeline import Segmenter, get_nlp

        windows: list[tuple[int, int]] = []
        for placed in self.quantities:
            start = self.clauses.start(placed.flow_start)
            if start >= placed.flow_start:
                continue
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], placed.flow_start))
            else:
                windows.append((start, placed.flow_start))
        # One Doc over the windows joined by newlines: far cheaper than a Doc per window.
        text = self.flow.text
        pieces: list[str] = []
        offsets: list[tuple[int, int]] = []  # (position in the joined text, flow start)
        position = 0
        for start, end in windows:
            offsets.append((position, start))
            pieces.append(text[start:end])
            position += end - start + 1
        joined = get_nlp(Segmenter.JIEBA, self._extra_lexicon())("\n".join(pieces))
        positions = [joined_start for joined_start, _ in offsets]
        found: list[Concept] = []
        for concept in concepts_of(joined):
            index = bisect.bisect_right(positions, concept.start) - 1
            shift = offsets[index][1] - offsets[index][0]
            found.append(replace(concept, start=concept.start + shift, end=concept.end + shift))
        return found

    def span(self, start: int, end: int) -> Span:
        """A located span of the source text."""
        return self.locator.span(start, end)

    def flow_span(self, start: int, end: int) -> Span:
        """A located span of the source covering the flow-view range ``[start, end)``."""
        source_start, source_end = self.flow.to_source(start, end)
        return self.locator.span(source_start, source_end)

    def quantity_span(self, quantity: Quantity) -> Span:
        """The located span of a (source-coordinate) quantity."""
        return self.locator.span(quantity.start, quantity.end)

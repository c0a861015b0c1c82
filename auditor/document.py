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
    from spacy.tokens import Doc as SpacyDoc

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

    @cached_property
    def nlp_doc(self) -> SpacyDoc:
        """The spaCy Doc of the flow view: jieba tokens and the attribute concepts."""
        from auditor.nlp.pipeline import analyse

        extra = self.settings.get("lexicon") or {}
        frozen = tuple(sorted((str(k), tuple(v)) for k, v in dict(extra).items()))  # type: ignore[call-overload]
        return analyse(self.flow.text, frozen)

    @cached_property
    def tokens(self) -> list[tuple[int, int, str]]:
        """jieba tokens of the flow view ``(start, end, text)``, for context only."""
        return [(t.idx, t.idx + len(t.text), t.text) for t in self.nlp_doc]

    @cached_property
    def concepts(self) -> list[Concept]:
        """Attribute words (预算, 实际支出, 执行率 …) found by the concept matcher, flow offsets."""
        from auditor.nlp.concepts import concepts_of

        return concepts_of(self.nlp_doc)

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

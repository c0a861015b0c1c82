"""The analysed document every rule reads: the source and its text views.

Views only: the flow view, paragraphs, sentences, clauses, headings. Figures, facts and
relations are the extract stage's (:class:`auditor.extract.extraction.Extraction`), built
once per document by the pipeline and handed to the rules beside this object.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from auditor.locate import Locator
from auditor.text.contents import Contents, read_contents
from auditor.text.flow import FlowView, build_flow
from auditor.text.headings import Heading, build_heading_tree
from auditor.text.lines import LineType, TypedLines, split_lines
from auditor.text.sentences import ClauseIndex, TextRange, split_paragraphs, split_sentences
from auditor.types import Quantity, Source, Span

if TYPE_CHECKING:
    from auditor.nlp.role_classifier import RolePrediction
    from auditor.text.sections import Section
    from auditor.text.tab_rows import TabRow
    from auditor.text.text_tables import TextTable

#: Lines whose leading number is a structural number (a heading, a numbered paragraph).
_NUMBERED_TYPES = frozenset({LineType.HEADING, LineType.PROSE})

_WORD_FORMATS = frozenset({"docx", "doc", "wps"})


class AnalysedDocument:
    """Lazily computed text views of one source."""

    def __init__(self, source: Source, settings: dict[str, object] | None = None) -> None:
        self.source = source
        self.text = source.text
        self.settings: dict[str, object] = settings or {}
        #: sentence-role predictions by text, filled on demand (:mod:`auditor.nlp.roles_access`)
        self.sentence_roles: dict[str, RolePrediction] = {}

    @cached_property
    def locator(self) -> Locator:
        """Offsets → located spans (with the cells of tables rebuilt from text lines)."""
        from auditor.text.text_tables import table_cells

        # Lines a reader already gave cells (Word and tab-separated tables) keep their own.
        covered = {cell.start for cell in self.source.cells}
        rows = {self.lines.position(start) for start in covered}
        extra = [cell for cell in table_cells(self.text_tables)
                 if self.lines.position(cell.start) not in rows]
        return Locator(self.source, extra)

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
    def lines(self) -> TypedLines:
        """Every non-blank line of the source with its type (prose, heading, table row …)."""
        from auditor.text.line_model import type_lines, with_structure

        # A Word table's rows are known from the file; tab-separated text may be a contents
        # page with tabbed page numbers, so only Word documents' cells are taken as rows.
        word = self.source.format in _WORD_FORMATS
        cells = [cell.start for cell in self.source.cells] if word else []
        return with_structure(type_lines(split_lines(self.source)), cells)

    @cached_property
    def contents(self) -> Contents | None:
        """The table of contents (entries in source offsets), or None."""
        return read_contents(self.lines)

    @cached_property
    def text_tables(self) -> list[TextTable]:
        """Tables rebuilt from the lines typed as table rows and headers."""
        from auditor.text.text_tables import text_tables

        return text_tables(self.lines, self.text, len({cell.table for cell in self.source.cells}))

    def line_type(self, flow_position: int) -> LineType | None:
        """The type of the source line under a flow-view position."""
        if not 0 <= flow_position < len(self.flow.offsets):
            return None
        return self.lines.type_at(self.flow.offsets[flow_position])

    @cached_property
    def headings(self) -> list[Heading]:
        """Numbered headings and numbered paragraphs with their tree (flow coordinates).

        Numbered lines of tables, contents, captions and page furniture are not headings.
        """
        in_tables = {position for table in self.text_tables for row in table.rows
                     for position in row.lines}

        def eligible(start: int) -> bool:
            if self.line_type(start) not in _NUMBERED_TYPES:
                return False
            return self.lines.position(self.flow.offsets[start]) not in in_tables

        return build_heading_tree([(p.start, p.end, p.text) for p in self.paragraphs], eligible)

    @cached_property
    def sections(self) -> list[Section]:
        """Standard sections (存在问题, 整改措施 …) of the flow view (:mod:`auditor.text.sections`)."""
        from auditor.text.sections import sections

        return sections(self)

    @cached_property
    def tab_rows(self) -> list[TabRow]:
        """Rows of tab-separated tables, cells in flow coordinates."""
        from auditor.text.tab_rows import tab_rows

        return tab_rows(self.text, self.flow)

    @cached_property
    def text_units(self) -> list[TextRange]:
        """Sentences (outside tab tables) and the cells of table rows, in text order."""
        found = [s for s in self.sentences if "\t" not in s.text]
        found += [cell for row in self.tab_rows for _, cell in row]
        return sorted(found, key=lambda unit: unit.start)

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

"""The extract stage's product: one typed, immutable :class:`Extraction` per document.

``pipeline`` builds it once (:func:`build_extraction`) and hands it to every rule beside the
analysed document's text views; rules read relations from here and never compute them.

Extension points (other stages fill them as they land):

* ``period`` — the document's period model (report / budget / execution year, plan
  periods, each section's year), built by ``auditor/extract/period.py`` (issue 12); ``None``
  until that module exists.
* ``tables`` / ``table_relations`` — tables as cell grids (DOCX today; tables rebuilt from
  text lines by ``auditor/text`` join the same list, issue 11) and the relations they state.
  A new table relation kind is a :class:`~auditor.extract.relations.base.RelationKind`
  (``TABLE_ROW_SUM``, ``TABLE_HIERARCHY``, ``TABLE_TABLE``, ``TABLE_BLANK`` …) returned by a
  builder in ``auditor/extract/relations/`` and added to ``table_relations`` in
  :func:`build_extraction`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.extract.figures import Figures, build_figures
from auditor.extract.period import Period, build_period
from auditor.extract.relations.base import Relation, RelationKind
from auditor.extract.relations.bound import BoundViolation, bound_violations
from auditor.extract.relations.change import ChangeRelation
from auditor.extract.relations.change_check import change_relations
from auditor.extract.relations.comparison import ComparisonRelation, comparison_relations
from auditor.extract.relations.comparison_figures import figure_comparisons
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.explain import explain_sums
from auditor.extract.relations.rate import RateRelation, rate_relations, split_kinds
from auditor.extract.relations.restatement import (
    Restatement,
    TableTextRelation,
    restatements,
    table_text_relations,
)
from auditor.extract.relations.slip import (
    UnitTwin,
    only_part_slips,
    restated_slips,
    same_figure_slips,
    slipped_quantities,
)
from auditor.extract.relations.statement import StatementRelation, statement_relations
from auditor.extract.relations.statement_text import cross_relations
from auditor.extract.relations.sum import SumRelation, sum_relations
from auditor.extract.relations.table import table_relations
from auditor.extract.relations.table_cells import TableRelation
from auditor.extract.relations.table_facts import table_facts
from auditor.extract.statements import Statement, statement_of
from auditor.extract.tables import Table, build_tables

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.facts import FactTable


@dataclass(frozen=True)
class Extraction:
    """Facts and every relation of one document (see the module documentation)."""

    figures: Figures
    rates: tuple[RateRelation, ...]
    shares: tuple[RateRelation, ...]
    sums: tuple[SumRelation, ...]
    bounds: tuple[BoundViolation, ...]
    twins: tuple[UnitTwin, ...]
    changes: tuple[ChangeRelation, ...]
    comparisons: tuple[ComparisonRelation, ...]
    restatements: tuple[Restatement, ...]
    tables: tuple[Table, ...]
    table_relations: tuple[TableRelation, ...]
    table_text: tuple[TableTextRelation, ...]
    #: source starts of the amounts some relation shows to be unit slips (one slip, one finding)
    slipped: frozenset[int]
    #: the document's period model (``auditor/extract/period.py``): each part's years, what
    #: every year in the text does, and the plan-period facts it states
    period: Period | None = None
    #: financial statement tables (决算/预算表, 收支总表) rebuilt from text lines, and what
    #: they state: row/column totals, the code hierarchy, agreement with the prose and with
    #: each other, blank cells against the prose (AU109–AU113)
    statements: tuple[Statement, ...] = ()
    statement_relations: tuple[StatementRelation, ...] = ()

    @property
    def facts(self) -> FactTable:
        """Quantities bound to attributes and scopes."""
        return self.figures.facts

    def relations(self, *kinds: RelationKind) -> Iterator[Relation]:
        """Every relation (of the given kinds, if any), in the order they were built."""
        groups: tuple[tuple[Relation, ...], ...] = (
            self.rates, self.shares, self.sums, self.bounds, self.twins, self.changes,
            self.comparisons, self.restatements, self.table_relations, self.table_text,
            self.statement_relations,
        )
        wanted = set(kinds)
        for group in groups:
            for relation in group:
                if not wanted or relation.kind in wanted:
                    yield relation


def _comparisons(doc: AnalysedDocument, figures: Figures) -> tuple[ComparisonRelation, ...]:
    """Comparisons between named sides, then those written between two figures elsewhere."""
    named = comparison_relations(doc, figures)
    taken = [(r.start, r.end) for r in named]
    written = [r for r in figure_comparisons(doc, figures)
               if not any(start < r.end and r.start < end for start, end in taken)]
    return (*named, *written)


def build_extraction(doc: AnalysedDocument) -> Extraction:
    """Locate the figures of ``doc`` and build every relation they state."""
    figures = build_figures(doc)
    ctx = FigureContext(doc, figures)
    sums, restated_parts = explain_sums(ctx, tuple(sum_relations(ctx)))
    rates, shares = split_kinds(rate_relations(ctx, sums))
    twins = tuple(same_figure_slips(figures.facts))
    seen = {twin.slipped.flow_start for twin in twins}
    twins += tuple(t for t in only_part_slips(sums) if t.slipped.flow_start not in seen)
    period = build_period(doc)
    restated = (*restatements(doc, figures.facts, ctx, period),
                *(Restatement(first, second, False, "restated-in-sum") for first, second in restated_parts))
    seen = {twin.slipped.flow_start for twin in twins}
    twins += tuple(t for t in restated_slips(restated) if t.slipped.flow_start not in seen)
    changes = tuple(change_relations(doc, figures, ctx.sentences))
    slipped = slipped_quantities((*rates, *shares), sums, twins, changes)
    tables = tuple(build_tables(doc.source))
    statements = tuple(statement_of(table, doc.text) for table in doc.text_tables)
    return Extraction(
        figures=figures,
        rates=rates,
        shares=shares,
        sums=sums,
        bounds=tuple(bound_violations(ctx)),
        twins=twins,
        changes=changes,
        comparisons=_comparisons(doc, figures),
        restatements=restated,
        tables=tables,
        table_relations=tuple(table_relations(doc, tables)),
        table_text=tuple(table_text_relations(doc, figures.facts, table_facts(doc, tables),
                                              rates, slipped)),
        slipped=slipped,
        period=period,
        statements=statements,
        statement_relations=(*statement_relations(doc, statements),
                             *cross_relations(doc, figures, statements, period)),
    )

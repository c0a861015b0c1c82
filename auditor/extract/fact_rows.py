"""The facts table printed by ``auditor extract``."""

from __future__ import annotations

import csv
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument

COLUMNS = ["scope", "attribute", "value", "unit", "value_base", "kind", "cue", "line", "column",
           "page", "text"]


def facts_rows(doc: AnalysedDocument) -> list[dict[str, Any]]:
    """One row per fact: scope, attribute, value as written, unit, base value, where."""
    from auditor.extract.figures import build_figures

    rows = []
    for placed in build_figures(doc).facts.facts:
        fact = placed.fact
        quantity = fact.quantity
        span = doc.quantity_span(quantity)
        rows.append({
            "scope": fact.scope,
            "attribute": fact.attribute,
            "value": f"{quantity.mantissa:f}",
            "unit": quantity.unit,
            "value_base": f"{quantity.value.normalize():f}",
            "kind": quantity.kind.value,
            "cue": fact.cue,
            "line": span.line,
            "column": span.column,
            "page": span.page,
            "text": span.text,
        })
    return rows


def write_facts_csv(rows: list[dict[str, Any]], stream: IO[str]) -> None:
    """Write the facts table as CSV."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)

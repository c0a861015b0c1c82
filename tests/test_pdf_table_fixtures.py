"""The table fixtures again, printed into a PDF: what the text fixtures find is found when
the same lines come out of a PDF's text layer (a 收支总表 flattened into lines, a 三公 table
with blank cells, a narrative total against the table's, a contents entry for a table the
body lacks, a 类/款/项 hierarchy with one wrong row), and the correct versions stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.pipeline import audit_path
from tests.builders import make_pdf
from tests.rule_fixtures import FIXTURE_DIR, parse_fixture

_LINES_PER_PAGE = 36
_TABLE_RULES = ("AU109", "AU110", "AU111", "AU112", "AU113")


def _table_cases():
    cases = [case for rule in _TABLE_RULES for case in parse_fixture(FIXTURE_DIR / f"{rule}.md")]
    # AU302's table cases: a contents entry for a table the body lacks, and its clean twin
    cases += [case for case in parse_fixture(FIXTURE_DIR / "AU302.md") if "table" in case.title]
    return [case for case in cases if not case.xfail]


CASES = _table_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_table_fixture_read_from_a_pdf(case, tmp_path: Path) -> None:
    lines = [line for line in case.text.split("\n")]
    pages = [lines[i:i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
    path = make_pdf(tmp_path / "report.pdf", pages)
    result = audit_path(path)
    assert result.error is None
    own = [f for f in result.findings if f.code == case.rule]
    if case.kind == "clean":
        assert own == [], [(f.code, f.span.text, f.message) for f in own]
        return
    source_lines = result.source.text.split("\n")
    for expected in case.expectations:
        anchor = "".join(expected.anchor.split())
        hits = [f for f in result.findings if f.code == expected.code
                and anchor in "".join(source_lines[f.span.line - 1].split())
                + "".join(f.span.text.split())]
        assert hits, f"expected {expected.code} on {expected.anchor!r}; got " \
                     f"{[(f.code, f.span.text) for f in result.findings]}"
        assert all(f.span.page is not None for f in hits)

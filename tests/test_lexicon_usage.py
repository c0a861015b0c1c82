"""Every category of a lexicon file that the code reads through :mod:`auditor.lexicon` is
read by some module: a category nobody asks for is vocabulary that silently does nothing."""

from __future__ import annotations

from pathlib import Path

from auditor import lexicon
from auditor.pipeline import audit_text

REPORTS = Path(__file__).resolve().parents[1] / "corpora" / "reports"


def test_every_category_of_a_read_lexicon_is_used() -> None:
    # Some categories are compiled lazily, on the first sentence that needs them: audit
    # real-looking reports so that every reader has run once.
    for path in sorted(REPORTS.glob("*.txt")):
        audit_text(path.read_text(encoding="utf-8"), str(path))
    read_files = {name for name, _ in lexicon.CONSUMERS}
    assert {"changes", "cues", "report_titles"} <= read_files
    # a reader that takes every entry of a file records the file with the category ""
    whole = {name for name, category in lexicon.CONSUMERS if category == ""}
    unused = sorted(
        (name, entry.category)
        for name in read_files - whole
        for entry in lexicon.entries(name)
        if (name, entry.category) not in lexicon.CONSUMERS
    )
    assert unused == []

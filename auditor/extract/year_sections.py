"""What a section inside a part on the coming year speaks of, from its own sentences.

A budget book's part on the draft budget may hold a section that reports the year before
it: the budget law asks the report to state last year's debt, its bonds and their
repayment beside this year's borrowing (``（二）举借债务情况`` under ``第三部分 相关说明``).
Its heading names no year, but its sentences do, and all of them name the year executed.
Such a section speaks of that year; a section whose sentences name the budget year, or
both years, keeps the part's period, so one year written a year early among them is still
told.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import TYPE_CHECKING

from auditor.extract.year_uses import PERIOD, YearUse

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.period import Period, Stretch

#: what a year does in a section that its own sentences show to be on the year executed
SECTION = "section"
#: how many sentences must name the year executed, and no other, to show it
_AGREEING = 2


def _section_starts(doc: AnalysedDocument, stretch: Stretch) -> list[int]:
    """Where the outermost sections inside ``stretch`` (after its heading) start."""
    inside = [h for h in doc.headings if stretch.cue_end <= h.start < stretch.end]
    if not inside:
        return []
    outer = min(h.style for h in inside)
    return [h.start for h in inside if h.style == outer]


def _headed(period: Period, starts: list[int], found: int, stretch: Stretch) -> list[int]:
    """The years of the sub-headings naming one year in section ``found`` of ``stretch``."""
    end = starts[found + 1] if found + 1 < len(starts) else stretch.end
    return [inner.first for inner in period.stretches
            if starts[found] < inner.start < end and inner.role == "heading"
            and inner.first is not None and inner.first == inner.last]


def settled(doc: AnalysedDocument, period: Period, uses: tuple[YearUse, ...]) -> tuple[YearUse, ...]:
    """``uses`` with the years of a section on the year executed inside a part on the
    budget year no longer taken against the part (see the module documentation)."""
    sections: dict[tuple[int, int], list[int]] = {}
    starts: dict[int, list[int]] = {}
    for index, use in enumerate(uses):
        stretch = use.stretch
        if use.function != PERIOD or stretch is None or not period.looks_ahead(stretch):
            continue
        if stretch.start not in starts:
            starts[stretch.start] = _section_starts(doc, stretch)
        found = bisect.bisect_right(starts[stretch.start], use.mention.start) - 1
        if found >= 0:
            sections.setdefault((stretch.start, found), []).append(index)
    changed = list(uses)
    for (part_start, found), members in sections.items():
        stretch = uses[members[0]].stretch
        assert stretch is not None and stretch.first is not None
        # its sub-headings naming a year (1.地方政府债务限额余额情况2025年…) say so too
        headed = _headed(period, starts[part_start], found, stretch)
        years = {uses[index].mention.year for index in members} | set(headed)
        if years == {stretch.first - 1} and len(members) + len(headed) >= _AGREEING:
            for index in members:
                changed[index] = replace(uses[index], function=SECTION, cue="")
    return tuple(changed)

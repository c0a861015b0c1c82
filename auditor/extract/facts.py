"""Facts: quantities bound to an attribute (预算, 支出, 执行率 …) and a scope.

Binding is local, as an auditor reads: the attribute is the nearest concept (a lexicon
term found by the concept matcher, :mod:`auditor.nlp.terms`) before the figure
in its clause; the scope is the department as a whole unless the sentence (or
an earlier sentence of the paragraph) names a project (``“妇联活动经费”项目``), or the
figures follow ``其中`` (a part of what came before).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from auditor.quick_init import quick_init
from auditor.text.headings import parse_heading_mark
from auditor.types import Fact, Quantity, QuantityKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from auditor.document import AnalysedDocument
    from auditor.extract.figures import PlacedQuantity
    from auditor.nlp.terms import Concept

_RE_WHITESPACE = regex.compile(r"\s")

DEPARTMENT_SCOPE = "部门整体"
MONEY_ATTRIBUTES = {"budget", "received", "spent"}
RATE_ATTRIBUTES = {"exec_rate", "received_rate", "completion_rate", "share"}

_PROJECT_NAME = regex.compile(r"[“\"「『]([^”\"」』\n]{2,30})[”\"」』]\s*(?:项目|专项)")
_SUBPART = regex.compile(r"其中\s*[:：]?")
_CLASSIFIED = regex.compile(r"[(（][项款类][)）]$")
_LINE_ITEM = regex.compile(r"(?:[(（][项款类][)）]|经费|费|支出)$")
_SECTION_TITLE = regex.compile(r"情况|说明|分析|概况|目标|措施|建议|问题|结论|绩效|决算表|预算表")
_GENERIC_PROJECT = regex.compile(r"^(?:预算|本|该|部门)?(?:项目|项目支出)$")
_NAMED_ITEM = regex.compile(r"^(?:其中\s*[:：]?\s*)?([\p{Han}（）()]{2,12}?(?:项目|经费|支出|资金))")


@quick_init
@dataclass(frozen=True)
class Segment:
    """A run of a sentence that talks about one scope (sentences split at 其中)."""

    index: int
    start: int
    end: int
    sentence: int
    scope: str
    is_part: bool


@quick_init
@dataclass(frozen=True)
class PlacedFact:
    """A fact plus its flow-view position and the segment it belongs to."""

    fact: Fact
    flow_start: int
    flow_end: int
    segment: int
    label: str = ""


@dataclass(frozen=True)
class FactTable:
    """All facts and segments of a document."""

    facts: tuple[PlacedFact, ...]
    segments: tuple[Segment, ...]

    def in_segment(self, segment: int) -> list[PlacedFact]:
        """Facts of one segment, in text order."""
        return list(self._by_segment.get(segment, ()))

    @cached_property
    def _by_segment(self) -> dict[int, list[PlacedFact]]:
        grouped: dict[int, list[PlacedFact]] = {}
        for placed in self.facts:
            grouped.setdefault(placed.segment, []).append(placed)
        return grouped


def _segments(doc: AnalysedDocument) -> list[Segment]:
    segments: list[Segment] = []
    scope_by_paragraph: dict[int, str] = {}
    named_projects: set[str] = set()
    heading_scopes = _heading_scopes(doc)
    heading_starts = [start for start, _ in heading_scopes]
    for sentence_index, sentence in enumerate(doc.sentences):
        index = bisect.bisect_right(heading_starts, sentence.start) - 1
        section_scope = heading_scopes[index][1] if index >= 0 else None
        paragraph_scope = scope_by_paragraph.get(sentence.paragraph, section_scope or DEPARTMENT_SCOPE)
        named = _PROJECT_NAME.search(sentence.text)
        if named:
            paragraph_scope = named.group(1)
            named_projects.add(paragraph_scope)
            scope_by_paragraph[sentence.paragraph] = paragraph_scope
        cuts = [m.start() for m in _SUBPART.finditer(sentence.text)]
        bounds = [0, *cuts, len(sentence.text)]
        for left, right in pairwise(bounds):
            if right <= left:
                continue
            piece = sentence.text[left:right]
            is_part = left in cuts
            scope = paragraph_scope
            if is_part:
                item = _NAMED_ITEM.match(piece)
                scope = item.group(1) if item else f"{paragraph_scope}·其中"
            segments.append(Segment(len(segments), sentence.start + left,
                                    sentence.start + right, sentence_index, scope, is_part))
    return _resolve_generic_projects(segments, named_projects)


def _heading_scopes(doc: AnalysedDocument) -> list[tuple[int, str | None]]:
    """Each heading's start with the line item it names, if any (None ends a line item).

    ``（二）机关服务（项）`` or ``1.行政运行（项）。全年预算为…`` make the figures below them
    figures of that line item, not of the department; section titles (……情况说明) do not.
    """
    scopes: list[tuple[int, str | None]] = []
    for heading in doc.headings:
        title = _without_mark(heading.title)
        named = _PROJECT_NAME.search(title)
        if named:
            scopes.append((heading.start, named.group(1)))
        elif _is_line_item(title):
            # Name the item as the report writes it (full-width brackets and all).
            written = _without_mark(doc.flow_span(heading.start, heading.end).text)
            scopes.append((heading.start, "".join(written.split())))
        else:
            scopes.append((heading.start, None))
    return scopes


def _without_mark(title: str) -> str:
    mark = parse_heading_mark(title)
    return (title[mark.marker_end:] if mark else title).strip(" 。.:：")


def _is_line_item(title: str) -> bool:
    """A budget line item's name: ``机关服务（项）``, ``公务接待费``; not a section title nor a
    row of a flattened table (those have spaces between their columns)."""
    if not title or _RE_WHITESPACE.search(title) or _SECTION_TITLE.search(title):
        return False
    limit = 40 if _CLASSIFIED.search(title) else 24
    return len(title) <= limit and bool(_LINE_ITEM.search(title))


def _resolve_generic_projects(segments: list[Segment], named: set[str]) -> list[Segment]:
    """``其中：预算项目 1 个……`` is the report's only named project when it has exactly one."""
    if len(named) != 1:
        return segments
    (name,) = named
    return [replace(s, scope=name) if _GENERIC_PROJECT.match(s.scope) else s for s in segments]


def attribute_before(concepts: Sequence[Concept], starts: list[int], window_start: int,
                     position: int) -> Concept | None:
    """The last concept lying wholly inside ``[window_start, position)``."""
    index = bisect.bisect_left(starts, position) - 1
    while index >= 0 and concepts[index].start >= window_start:
        if concepts[index].end <= position:
            return concepts[index]
        index -= 1
    return None


def _attribute_for(quantity: Quantity, attribute: str) -> str:
    if quantity.kind is QuantityKind.PERCENT:
        return attribute if attribute in RATE_ATTRIBUTES else (attribute + "_percent" if attribute else "percent")
    if quantity.kind is QuantityKind.MONEY:
        return attribute if attribute in MONEY_ATTRIBUTES else (attribute or "amount")
    if quantity.kind is QuantityKind.SCORE:
        return "score"
    return "count"


def build_fact_table(doc: AnalysedDocument, quantities: Sequence[PlacedQuantity],
                     concepts: Sequence[Concept]) -> FactTable:
    """Bind every quantity of ``doc`` to an attribute (a concept before it) and a scope."""
    concept_starts = [concept.start for concept in concepts]
    segments = _segments(doc)
    starts = [segment.start for segment in segments]
    flow_text = doc.flow.text
    clauses = doc.clauses
    facts: list[PlacedFact] = []
    last_end_in_segment: dict[int, int] = {}
    for placed in quantities:
        index = bisect.bisect_right(starts, placed.flow_start) - 1
        if index < 0 or placed.flow_start >= segments[index].end:
            continue
        segment = segments[index]
        clause_start = clauses.start(placed.flow_start)
        window_start = max(segment.start, clause_start)
        window_start = max(window_start, last_end_in_segment.get(segment.index, segment.start))
        cue = attribute_before(concepts, concept_starts, window_start, placed.flow_start)
        term, cue_start = (cue.term, cue.start) if cue else ("", -1)
        attribute = _attribute_for(placed.quantity, cue.attribute if cue else "")
        cue_source = doc.flow.to_source(cue_start, cue_start + 1)[0] if cue_start >= 0 else -1
        fact = Fact(segment.scope, attribute, placed.quantity, term, cue_source)
        label = flow_text[window_start:placed.flow_start]
        facts.append(PlacedFact(fact, placed.flow_start, placed.flow_end, segment.index, label))
        last_end_in_segment[segment.index] = placed.flow_end
    return FactTable(tuple(facts), tuple(segments))

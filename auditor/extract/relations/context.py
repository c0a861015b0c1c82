"""Where a relation looks for its operands: clauses, sentences, brackets, sections.

One :class:`FigureContext` per document, shared by every relation builder. Each answer is a
bisect over positions found once, so generating the candidates of one stated figure costs
the size of its neighbourhood, not of the document. Candidate lists are capped
(:data:`MAX_CANDIDATES`) so a sentence with hundreds of amounts stays linear.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, TypeVar

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.brackets import bracket_spans, inside
from auditor.extract.relations.labels import scope_of
from auditor.extract.relations.sentence_joins import logical_sentences
from auditor.lexicon import alternation
from auditor.quick_init import quick_init
from auditor.text.sections import report_title
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures
    from auditor.extract.relations.rate_cue import RateCue
    from auditor.extract.relations.rate_whole import Whole
    from auditor.text.sentences import TextRange

T = TypeVar("T")

#: at most this many candidates are tried for one operand of one stated figure
MAX_CANDIDATES = 6
#: how many sentences before a stated figure its operands may be (within the paragraph)
SENTENCES_BACK = 2
#: how far back from a figure its label (:meth:`FigureContext.label`) is read
LABEL_REACH = 200

_CLAUSE_MARK = frozenset(",，、;；:：。!！?？\n")
_CLAUSE_MARK_RE = regex.compile("[" + regex.escape("".join(sorted(_CLAUSE_MARK))) + "]")
_CHANGE_BEFORE = regex.compile(
    rf"(?<!新)(?:{alternation('changes', 'up', 'down', spaced=True)})(?:到|至|为)?了?[ \t]*$")
_BRACKETS = regex.compile(r"[(（][^()（）]*[)）]")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年)")
_PER_UNIT = regex.compile(rf"(?:{alternation('cues', 'per_unit')})[^,，;；。]{{0,6}}$")


@quick_init
@dataclass(frozen=True)
class Window:
    """A flow range operands are taken from, and how far it is from the stated figure."""

    start: int
    end: int
    distance: int  # 0 same sentence, 1 the sentence before, … ; SECTION for the section scope


SECTION = 9


class FigureContext:
    """Positions of one document's facts, sentences, brackets and sections."""

    def __init__(self, doc: AnalysedDocument, figures: Figures) -> None:
        self.doc = doc
        self.figures = figures
        self.text = doc.flow.text
        self.facts = figures.facts.facts
        self.fact_starts = [placed.flow_start for placed in self.facts]
        self.sentences: list[TextRange] = logical_sentences(doc)
        self.sentence_starts = [sentence.start for sentence in self.sentences]
        self.heading_starts = [heading.start for heading in doc.headings]
        # what the text says around a figure depends on its position only, and the relation
        # builders ask it of the same figure many times (every rate tries a dozen operands)
        self._labels: dict[int, str] = {}
        self._changes: dict[int, bool] = {}
        self._per_unit: dict[int, bool] = {}
        #: a figure neither bracketed, a change nor per unit, by position (see rate_whole.usable)
        self.plain_figures: dict[int, bool] = {}
        #: a figure as a rate's candidate whole, by id (see rate_whole.whole_of)
        self.wholes: dict[int, Whole] = {}
        #: a percentage's cue, by id and inheritance (see rate_cue.rate_cue)
        self.rate_cues: dict[tuple[int, bool], tuple[PlacedFact, RateCue | None]] = {}

    # ------------------------------------------------------------------ lookups

    def facts_in(self, start: int, end: int) -> list[PlacedFact]:
        """Facts whose figure lies inside the flow range ``[start, end)``, in order."""
        low = bisect.bisect_left(self.fact_starts, start)
        high = bisect.bisect_left(self.fact_starts, end, low)
        return [f for f in self.facts[low:high] if f.flow_end <= end]

    def last_facts(self, start: int, end: int, keep: Callable[[PlacedFact], bool], count: int
                   ) -> list[PlacedFact]:
        """The last ``count`` facts of :meth:`facts_in` that ``keep`` accepts, in order.

        Walks back from ``end`` and stops after ``count``: a section window may hold every
        figure of a document without headings, and only the nearest few are tried.
        """
        low = bisect.bisect_left(self.fact_starts, start)
        high = bisect.bisect_left(self.fact_starts, end, low)
        found: list[PlacedFact] = []
        for index in range(high - 1, low - 1, -1):
            placed = self.facts[index]
            if placed.flow_end <= end and keep(placed):
                found.append(placed)
                if len(found) == count:
                    break
        found.reverse()
        return found

    def first_facts(self, start: int, end: int, keep: Callable[[PlacedFact], bool], count: int
                    ) -> list[PlacedFact]:
        """The first ``count`` facts of :meth:`facts_in` that ``keep`` accepts, in order."""
        low = bisect.bisect_left(self.fact_starts, start)
        high = bisect.bisect_left(self.fact_starts, end, low)
        found: list[PlacedFact] = []
        for index in range(low, high):
            placed = self.facts[index]
            if placed.flow_end <= end and keep(placed):
                found.append(placed)
                if len(found) == count:
                    break
        return found

    def nearest_facts(self, start: int, end: int, around: int, keep: Callable[[PlacedFact], bool],
                      count: int) -> list[PlacedFact]:
        """The ``count`` facts of :meth:`facts_in` that ``keep`` accepts nearest to ``around``.

        By distance, the earlier first on a tie (as a stable sort of ``facts_in`` by
        distance), walking outwards from ``around`` instead of sorting a whole paragraph:
        a one-line document is one paragraph.
        """
        low = bisect.bisect_left(self.fact_starts, start)
        high = bisect.bisect_left(self.fact_starts, end, low)
        middle = bisect.bisect_left(self.fact_starts, around, low, high)
        left, right = middle - 1, middle
        found: list[PlacedFact] = []

        def next_left() -> int:
            nonlocal left
            while left >= low and not (self.facts[left].flow_end <= end and keep(self.facts[left])):
                left -= 1
            return left

        def next_right() -> int:
            nonlocal right
            while right < high and not (self.facts[right].flow_end <= end and keep(self.facts[right])):
                right += 1
            return right

        while len(found) < count:
            before, after = next_left(), next_right()
            if before < low and after >= high:
                break
            take_left = after >= high or (before >= low and around - self.fact_starts[before]
                                          <= self.fact_starts[after] - around)
            if take_left:
                found.append(self.facts[before])
                left -= 1
            else:
                found.append(self.facts[after])
                right += 1
        return found

    def sentence_index(self, position: int) -> int:
        """The index of the sentence holding ``position`` (the one before it when between)."""
        return max(0, bisect.bisect_right(self.sentence_starts, position) - 1)

    def sentence(self, position: int) -> TextRange:
        """The sentence holding ``position``."""
        return self.sentences[self.sentence_index(position)]

    def section_start(self, position: int) -> int:
        """Where the section holding ``position`` starts (its heading; 0 before the first)."""
        index = bisect.bisect_right(self.heading_starts, position) - 1
        return self.heading_starts[index] if index >= 0 else 0

    def windows(self, position: int, back: int = SENTENCES_BACK, *, section: bool = True
                ) -> list[Window]:
        """The sentence of ``position``, up to ``back`` sentences before it in its paragraph
        (not across a heading), then the section from its heading up to those sentences."""
        index = self.sentence_index(position)
        sentence = self.sentences[index]
        floor = self.section_start(position)
        found = [Window(sentence.start, sentence.end, 0)]
        for distance in range(1, back + 1):
            before = index - distance
            if before < 0:
                break
            earlier = self.sentences[before]
            if earlier.paragraph != sentence.paragraph or earlier.start < floor:
                break
            found.append(Window(earlier.start, earlier.end, distance))
        if section:
            first = found[-1].start
            if floor < first:
                found.append(Window(floor, first, SECTION))
        return found

    def parent_lead(self, position: int) -> Window | None:
        """The lead of the section one level up: from the parent heading of ``position``'s
        section to that parent's first sub-heading (a budget stated once before its items)."""
        index = bisect.bisect_right(self.heading_starts, position) - 1
        if index < 0:
            return None
        headings = self.doc.headings
        parent = headings[index].parent
        if parent is None or parent + 1 >= len(headings) or parent + 1 > index:
            return None
        return Window(headings[parent].start, headings[parent + 1].start, SECTION)

    # ------------------------------------------------------------------ clauses

    def _named_near(self, position: int, find: Callable[[str], T]) -> T | None:
        """What ``find`` reads in the sentence of ``position``, else in one of the two before."""
        index = self.sentence_index(position)
        for back in range(min(3, index + 1)):
            found = find(self.sentences[index - back].text)
            if found:
                return found
        return None

    def scope_near(self, position: int) -> str:
        """The scope (全市 / 市本级 / 市直 …) the text around ``position`` speaks of: named in
        its sentence, else in the two sentences before it, else in its section's heading,
        else in its chapters' headings, else in the report's title."""
        found = self._named_near(position, _sentence_scope)
        if found:
            return found
        start = self.section_start(position)
        found = scope_of(self.text[start:start + 60].split("\n", 1)[0])
        if found:
            return found
        # a section that names no scope is its chapter's (一、全市… / (一)一般公共预算), and
        # a report is about the scope its title names (关于区本级财政决算的报告)
        headings = self.doc.headings
        index = bisect.bisect_right(self.heading_starts, position) - 1
        parent = headings[index].parent if index >= 0 else None
        while parent is not None:
            found = scope_of(headings[parent].title)
            if found:
                return found
            parent = headings[parent].parent
        return self.title_scope

    @cached_property
    def title_scope(self) -> str:
        """The scope the report's title names (区本级财政决算), or ""."""
        title = report_title(self.doc)
        return scope_of(title[2]) if title is not None else ""

    def years_near(self, position: int) -> frozenset[str]:
        """The years named in the sentence of ``position``, else in one of the two before it
        (``2022 年，…；省级部门预算安排 X``: the year is a clause before)."""
        return self._named_near(position, _sentence_years) or frozenset()

    def is_clause_mark(self, index: int) -> bool:
        """A clause mark at ``index``; a comma between digits is a thousands separator."""
        char = self.text[index]
        if char not in _CLAUSE_MARK:
            return False
        if char == "," and 0 < index < len(self.text) - 1:
            if self.text[index - 1].isdigit() and self.text[index + 1].isdigit():
                return False
            # a figure the text layer spread out (3,788, 466 万元) is one figure, not two clauses
            before = bisect.bisect_right(self.fact_starts, index) - 1
            return before < 0 or self.facts[before].flow_end <= index
        return True

    @cached_property
    def clause_marks(self) -> list[int]:
        """Positions of every clause mark (:meth:`is_clause_mark`), in order."""
        return [match.start() for match in _CLAUSE_MARK_RE.finditer(self.text)
                if self.is_clause_mark(match.start())]

    def clause_start(self, position: int, floor: int = 0) -> int:
        """Where the clause holding ``position`` starts (not before ``floor``)."""
        # the last mark before the position, by bisection (a walk back character by
        # character cost the clause's length for every figure looked at)
        index = bisect.bisect_left(self.clause_marks, position) - 1
        if index >= 0 and self.clause_marks[index] >= floor:
            return self.clause_marks[index] + 1
        return floor if position > floor else position

    def wrapped_clause_start(self, position: int, floor: int = 0) -> int:
        """:meth:`clause_start`, read back over line breaks that cut a clause (a line ending
        in the middle of a word, as a PDF column wraps: ``占一⏎般公共预算收入的 86.1%``)."""
        start = self.clause_start(position, floor)
        while start - 2 >= floor and self.text[start - 1] == "\n" \
                and self.text[start - 2] not in _CLAUSE_MARK and position - start < LABEL_REACH:
            start = self.clause_start(start - 1, floor)
        return start

    def clause_before(self, position: int, floor: int = 0) -> str:
        """The clause up to ``position``: its last :data:`LABEL_REACH` characters at most (a
        paragraph without punctuation is one clause, asked about for every figure in it)."""
        start = max(self.clause_start(position, floor), position - LABEL_REACH)
        return self.text[start:position]

    def label(self, placed: PlacedFact) -> str:
        """What the text calls a figure: its clause up to the figure, whitespace removed; a
        bracket before the figure is part of its clause (支出（含市、县筹集部分）X)."""
        found = self._labels.get(placed.flow_start)
        if found is None:
            found = self._labels[placed.flow_start] = self._label(placed.flow_start)
        return found

    def _label(self, end: int) -> str:
        # a name is a few words: the walk stops after LABEL_REACH characters (in a paragraph
        # without punctuation it would otherwise cross the whole paragraph for every figure)
        floor = max(self.sentence(end).start, end - LABEL_REACH)
        start = end
        depth = 0
        while start > floor:
            char = self.text[start - 1]
            if char in ")）":
                depth += 1
            elif char in "(（" and depth:
                depth -= 1
            elif not depth and self.is_clause_mark(start - 1):
                break
            start -= 1
        return "".join(_BRACKETS.sub("", self.text[start:end]).split())

    def in_brackets(self, placed: PlacedFact) -> bool:
        """True when the figure sits inside brackets opened in its sentence (其中：开发区 0.8)."""
        return inside(self._bracket_spans, placed.flow_start)

    @cached_property
    def _bracket_spans(self) -> tuple[list[int], list[int]]:
        """The brackets of every sentence, found once: scanning a sentence for every figure
        in it was quadratic in a sentence with hundreds of figures. An unclosed bracket
        runs to the last position that belongs to its sentence."""
        opens: list[int] = []
        closes: list[int] = []
        starts = self.sentence_starts
        for index, start in enumerate(starts):
            last = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.text)
            sentence_opens, sentence_closes = bracket_spans(self.text, start, last)
            opens += sentence_opens
            closes += sentence_closes
        return opens, closes

    def is_change(self, placed: PlacedFact) -> bool:
        """True when a change word introduces the figure (增加 2.55 万元, 下降 3%)."""
        found = self._changes.get(placed.flow_start)
        if found is None:
            start = max(self.clause_start(placed.flow_start) - 1, placed.flow_start - 16, 0)
            found = _CHANGE_BEFORE.search(self.text, start, placed.flow_start) is not None
            self._changes[placed.flow_start] = found
        return found

    def is_per_unit(self, placed: PlacedFact) -> bool:
        """True for a figure per person or unit (人均 3 万元, 每亩 100 元)."""
        found = self._per_unit.get(placed.flow_start)
        if found is None:
            start = self.clause_start(placed.flow_start)
            found = _PER_UNIT.search(self.text, start, placed.flow_start) is not None
            self._per_unit[placed.flow_start] = found
        return found

    @cached_property
    def scale_votes(self) -> dict[Decimal, int]:
        """How many money figures of the document are written at each unit scale."""
        votes: dict[Decimal, int] = {}
        for placed in self.facts:
            quantity = placed.fact.quantity
            if quantity.kind is QuantityKind.MONEY:
                votes[quantity.multiplier] = votes.get(quantity.multiplier, 0) + 1
        return votes


@lru_cache(maxsize=1024)
def _sentence_scope(text: str) -> str:
    """The scope a sentence names (asked for every figure of it: found once)."""
    return scope_of(text)


@lru_cache(maxsize=1024)
def _sentence_years(text: str) -> frozenset[str]:
    """The years a sentence names (asked for every figure of it: found once)."""
    return frozenset(_YEAR.findall(text))


def comparable(a: Quantity, b: Quantity) -> bool:
    """Two figures that can be added or divided: money with money, counts in one unit."""
    if a.kind is not b.kind:
        return False
    if a.kind is QuantityKind.MONEY:
        return True
    return a.unit == b.unit


"""A change statement's sentence and figures: the change words and the figures they
introduce, grouped into statements, and the values a subject or ``上年为 B`` names (see
:mod:`.change`; the bindings of C and B tried as readings are in :mod:`.change_binding`)."""

from __future__ import annotations

import bisect
from dataclasses import replace
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from auditor.extract.relations.brackets import bracket_spans, inside
from auditor.extract.relations.change import POINTS_UNIT, ChangeFigure
from auditor.lexicon import alternation, compile_terms, terms
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures, PlacedQuantity
    from auditor.text.sentences import TextRange

_RE_COMPARISON_GAP = regex.compile(r"[\s,，、]*(?:同比|比上年|较上年)?\s*")
ENUM_GAP = regex.compile(r"[ \t,，、]*")
PLAIN_GAP = regex.compile(r"[ \t,，]*")
_RE_HAN_CHAR = regex.compile(r"\p{Han}")

_UP = frozenset(terms("changes", "up"))
WORDS = alternation("changes", "up", "down", spaced=True)
# The change word right before a figure: ``增加2.55万元``, ``增长 1.40%``, ``减少为0.00万元``.
CHANGE_BEFORE = regex.compile(
    rf"(?<!新)(?P<word>{WORDS})(?P<to>到|至|为)?了?\s*$"
)
# Compound growth, comparable-price growth and the like are not ratios of written figures.
_NOT_SIMPLE = regex.compile(rf"(?:{alternation('changes', 'not_simple')})[ \t]*$")
# 排名由369位上升到235位: a better rank is a smaller number.
RANK_TERMS = compile_terms("changes", "rank")
REAL_TERMS = compile_terms("changes", "real_terms")
#: how many figures back the nearest figure outside brackets is looked for
OUTSIDE_REACH = 60
_SUBJECT_LINK = r"[ \t]*(?:均为|各为|为|是|达到|达|共计|合计|:|：)?[ \t]*$"
#: words that may stand between a subject's core and its figure without changing what it
#: measures: “三公”经费**财政拨款支出决算合计**21.33万元 restated as “三公”经费支出
_FILLER = rf"(?:{alternation('cues', 'subject_filler')})*"
_CORE_SUFFIX = regex.compile(r"(?:支出决算|决算支出|支出总额|支出数|支出|决算|总额)$")
#: the subject “本项目支出”/“部门整体支出” is the report's own total spending
_TOTAL_SPENDING_SUBJECT = regex.compile(
    r"^(?:本项目|该项目|项目|部门整体|本部门|部门|单位整体|本单位|单位|整体)(?:总)?支出$"
)
_TOTAL_SPENDING_LINK = regex.compile(
    r"(?:(?<![\p{Han}])|(?<=全年|本年|年度|项目|本项目|[0-9]年))"
    r"(?:实际支出|支出决算|决算支出|全年支出)(?:数|金额|资金)?"
    r"[ \t]*(?:为|是|达到|达|共计|合计|:|：)?[ \t]*$"
)
PREVIOUS_PHRASE = regex.compile(
    r"(?:上年同期|去年同期|上年度|上一年度?|上年|去年)(?:决算数?|实际支出|支出数?|执行数|完成数|数)?"
    r"[ \t]*(?:为|是|:|：)?[ \t]*$"
)
PREVIOUS_ZERO = regex.compile(
    r"(?:上年同期|去年同期|上年度|上一年度?|上年|去年)(?:决算数?|实际支出|支出数?|执行数|完成数|数)?"
    r"[ \t]*(?:为|是)?[ \t]*(?:0|零)(?![0-9.])"
)
FLAT = regex.compile(
    r"(?<!基本|大致|总体|大体|略有|基本上)"
    r"(?:(?:与|和|同|较)[ \t]*(?:上年同期|去年同期|上年度|上一年度?|上年|去年|同期|(?:19|20)[0-9]{2}[ \t]*年度?)"
    r"(?:同期)?[ \t]*(?:相比|相较)?|同比)[ \t]*(?:基本)?持平"
)


class ChangeSentence:
    """One sentence with its quantities (flow coordinates)."""

    def __init__(self, doc: AnalysedDocument, figures: Figures, index: int,
                 sentences: list[TextRange], votes: dict[Decimal, int] | None = None,
                 heading_starts: frozenset[int] = frozenset()) -> None:
        self.doc = doc
        self.votes = votes or {}
        self.heading_starts = heading_starts
        self.figures = figures
        self.index = index
        self.sentences = sentences
        self.range: TextRange = sentences[index]
        self.text = doc.flow.text
        self.quantities = figures.quantities_in(self.range.start, self.range.end)

    def before(self, position: int, width: int = 24) -> str:
        return self.text[max(self.range.start, position - width):position]

    def earlier(self, position: int) -> list[PlacedQuantity]:
        """The last quantities (at most :data:`OUTSIDE_REACH`) that end by ``position``, in
        order: only the nearest few are ever read."""
        end = bisect.bisect_right(self._ends, position)
        return self.quantities[max(0, end - OUTSIDE_REACH):end]

    @cached_property
    def _ends(self) -> list[int]:
        return [p.flow_end for p in self.quantities]

    def in_brackets(self, position: int) -> bool:
        """Whether ``position`` is inside a bracket opened in this sentence."""
        return inside(self._brackets, position)

    @cached_property
    def after_previous_phrase(self) -> list[PlacedQuantity]:
        """The figures written right after ``上年为`` / ``上年决算`` (found once a sentence)."""
        return [p for p in self.quantities
                if PREVIOUS_PHRASE.search(self.before(p.flow_start, 12))]

    @cached_property
    def previous_zero(self) -> regex.Match[str] | None:
        """``上年为0`` in this sentence."""
        return PREVIOUS_ZERO.search(self.text, self.range.start, self.range.end)

    @cached_property
    def _brackets(self) -> tuple[list[int], list[int]]:
        return bracket_spans(self.text, self.range.start, self.range.end)


def change_figures(sentence: ChangeSentence) -> list[ChangeFigure]:
    """Figures introduced by a change word, in order."""
    figures = []
    for placed in sentence.quantities:
        quantity = placed.quantity
        before = sentence.before(placed.flow_start, 16)
        match = CHANGE_BEFORE.search(before)
        if match is None:
            continue
        word_start = placed.flow_start - len(before) + match.start()
        if _NOT_SIMPLE.search(sentence.before(word_start, 8)):
            continue
        word = "".join(match.group("word").split())
        sign = 1 if word in _UP else -1
        if match.group("to"):
            role = "new"
        elif quantity.kind is QuantityKind.PERCENT:
            role = "points" if quantity.unit == POINTS_UNIT else "rate"
        else:
            role = "amount"
        figures.append(ChangeFigure(placed, word, word_start, sign, role))
    return figures


def group_figures(sentence: ChangeSentence, figures: list[ChangeFigure]) -> list[list[ChangeFigure]]:
    groups: list[list[ChangeFigure]] = []
    for figure in figures:
        if groups:
            last = groups[-1][-1]
            gap = sentence.text[last.placed.flow_end:figure.word_start]
            roles = {f.role for f in groups[-1]}
            if _RE_COMPARISON_GAP.fullmatch(gap) and figure.role not in roles:
                groups[-1].append(figure)
                continue
        groups.append([figure])
    return groups


def find_subject_value(sentence: ChangeSentence, name: str, before: int) -> tuple[Quantity, bool] | None:
    """The nearest ``name C`` before ``before`` in this or the three previous sentences.

    When the name is not restated word for word, two readings are tried, each uncertain:
    the same core with only filler words in between (``“三公”经费支出`` ←
    ``“三公”经费财政拨款支出决算合计C``), and the report's own total spending for
    ``本项目支出``/``部门整体支出`` (← ``实际支出C``).
    """
    if len(name) < 2:
        return None
    exact = regex.compile(regex.escape(name) + _SUBJECT_LINK)
    found = _nearest_linked(sentence, before, exact, len(name) + 8)
    if found is not None:
        quantity, start = found
        text = sentence.doc.flow.text
        previous_char = text[start - 1] if start > 0 else ""
        certain = not _RE_HAN_CHAR.match(previous_char) or previous_char in "年度"
        return quantity, certain
    core = _CORE_SUFFIX.sub("", name)
    if len(core) >= 2 and core != name:
        fuzzy = regex.compile(
            rf"(?<![\p{{Han}}])“?{regex.escape(core)}{_FILLER}{_SUBJECT_LINK}"
        )
        found = _nearest_linked(sentence, before, fuzzy, len(core) + 20)
        if found is not None:
            return found[0], False
    if _TOTAL_SPENDING_SUBJECT.match(name):
        found = _nearest_linked(sentence, before, _TOTAL_SPENDING_LINK, 16)
        if found is not None:
            return found[0], False
    return None


def _nearest_linked(sentence: ChangeSentence, before: int, pattern: regex.Pattern[str],
                    width: int) -> tuple[Quantity, int] | None:
    """The nearest money-or-count figure whose preceding text ends with ``pattern``."""
    doc = sentence.doc
    first = sentence.sentences[max(0, sentence.index - 3)].start
    text = doc.flow.text
    for placed in reversed(sentence.figures.quantities_in(first, before)):
        window = text[max(first, placed.flow_start - width):placed.flow_start]
        match = pattern.search(window)
        if match is None:
            continue
        return placed.quantity, placed.flow_start - len(window) + match.start()
    return None


def previous_phrase(sentence: ChangeSentence, exclude: set[int],
                     like: Quantity | None = None) -> Quantity | None:
    """B written as ``上年为B`` / ``上年决算B`` anywhere in the sentence.

    ``上年为0`` (no unit) is read in the unit of ``like``, the current value.
    """
    for placed in sentence.after_previous_phrase:
        if placed.flow_start not in exclude:
            return placed.quantity
    zero = sentence.previous_zero
    if zero is None or like is None:
        return None
    start, end = sentence.doc.flow.to_source(zero.end() - 1, zero.end())
    return replace(like, start=start, end=end, text=sentence.doc.text[start:end],
                   mantissa=Decimal(0), decimals=0, qualifier="", low=Decimal(0), high=Decimal(0))

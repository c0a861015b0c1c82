"""Grades and scores as a report states them, read from ``models/lexicon/grades.tsv`` (grade
words and the band each names) and ``grade_labels.tsv`` (what names a grade or a score).

A *grade* follows a label (``评价等级为“良”``, ``评定等级中等``, ``评价结果为B``) or a verb
(``自评为优``); a grade followed by 的 is a category being counted (``评级为“良”的项目0个``),
not a statement. A *score* is a number of points after a score word (``综合得分86.5分``,
``得分为95分``, ``得85分``); it is a *part* when an indicator precedes it
(``产出指标得分44分``, ``预算执行率得分9.84分``) and has a *scale* when its clause states one
(``满分10分``, ``分值10分``) — otherwise the document's (``满分100分``, or the 分值 of its score
table's total row), otherwise 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from auditor.extract.vocab import vocabulary
from auditor.lexicon import compile_terms
from auditor.rules.claims.common import table_rows, units
from auditor.text.sentences import TextRange

if TYPE_CHECKING:
    from collections.abc import Iterator

    from auditor.document import AnalysedDocument

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """A located figure (flow view) with its value and the text that stated it."""

    start: int
    end: int
    value: Decimal
    text: str


@dataclass(frozen=True)
class Score(Figure):
    """A score: a part (one indicator's) or a total, and the points it is out of."""

    part: bool = False
    scale: Decimal = HUNDRED


@dataclass(frozen=True)
class Grade:
    """A stated grade: where its word is, the band it names, the unit that states it."""

    figure: Figure
    band: str
    unit: TextRange
    #: False for a grade others gave (被评为优秀等次, 获评A级): it is compared only with a
    #: score in its own sentence
    own: bool = True


@cache
def grade_words() -> dict[str, str]:
    """Grade words as written → the band they name."""
    return dict(vocabulary("grades", 2))


@cache
def _labels() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, list[str]] = {}
    for word, kind in vocabulary("grade_labels", 2):
        kinds.setdefault(kind, []).append(word)
    return {kind: tuple(sorted(words, key=lambda w: (-len(w), w))) for kind, words in kinds.items()}


def _alternation(kind: str) -> str:
    return "|".join(regex.escape(word) for word in _labels()[kind])


_OPEN = r"[“\"「『']?"
_CLOSE = r"[”\"」』']?+"
_NUMBER = r"\d{1,3}(?:\.\d{1,2})?"


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    words = "|".join(regex.escape(w) for w in sorted(grade_words(), key=lambda w: (-len(w), w)))
    # a grade ends its phrase: not 优秀党员, not 良好的, not 优、良 (a list of bands)
    end = r"(?:等级|等次|级|档)?(?![\p{Han}A-Za-z0-9]|\s*的|\s*[、/或和至]\s*\S)"
    return {
        "grade": regex.compile(
            rf"(?:(?P<label>{_alternation('label')})\s*(?:为|是|评定为|确定为|认定为|属于|:|：)?\s*"
            rf"|(?P<verb>{_alternation('verb')})\s*){_OPEN}(?P<grade>{words}){_CLOSE}{end}"
        ),
        "score": regex.compile(
            rf"(?P<label>{_alternation('total')})\s*(?:为|是|达到|达|:|：)?\s*(?P<value>{_NUMBER})\s*分"
            # a band's bound (总分90分以上为优), not a score
            r"(?!\s*(?:\(含\))?\s*(?:以上|以下|及以上|及以下|至|-|~|—))"
        ),
        "part": regex.compile(rf"(?:{_alternation('part')})\s*$"),
        "scale": regex.compile(rf"(?:{_alternation('scale')})\s*(?:为|是|:|：)?\s*(?P<value>{_NUMBER})\s*分"),
        "grade_cell": regex.compile(rf"^{_OPEN}(?P<grade>{words}){_CLOSE}$"),
        "grade_label_cell": regex.compile(rf"^(?:自评|评价|绩效|综合)?(?:{_alternation('label')})$"),
    }


_COUNTED = regex.compile(r"\s*的")
# a rating received from someone else
_GIVEN = regex.compile(r"(?:被|获|荣获|获得)\s*(?:评为|评定为|确定为|认定为)?\s*$|(?:被|获)[^,，;；。]{0,16}$")
# a 小计 row is one group's score, never the overall one
_TOTAL_ROW = compile_terms("cues", "total_row", "score_total")
_SCORE_LABEL_CELL = regex.compile(r"^(?:自评|综合|评价|最终)?(?:得分|总分|评分)(?:\(分\))?$")
_SCORE_CELL = regex.compile(rf"^(?P<value>{_NUMBER})\s*分?$")
_CLAUSE_MARKS = ",，;；。"


def grade_statements(doc: AnalysedDocument) -> list[Grade]:
    """Every grade the document states, in text order."""
    patterns = _patterns()
    bands = grade_words()
    found = []
    for unit in units(doc):
        for match in patterns["grade"].finditer(unit.text):
            word = match.group("grade")
            start = unit.start + match.start("grade")
            if _COUNTED.match(doc.flow.text, unit.start + match.end()):
                continue  # 评级为“良”\n的项目0个: a line cut before 的
            given = _GIVEN.search(unit.text, 0, match.start()) is not None
            found.append(Grade(Figure(start, start + len(word), Decimal(0), match.group()),
                               bands[word], unit, own=not given))
    for label, value, match in _labelled_cells(doc, patterns["grade_label_cell"],
                                               patterns["grade_cell"]):
        word = match.group("grade")
        start = value.start + match.start("grade")
        found.append(Grade(Figure(start, start + len(word), Decimal(0),
                                  f"{label.text}：{value.text}"), bands[word], value))
    return sorted(found, key=lambda grade: grade.figure.start)


def scores(doc: AnalysedDocument) -> list[Score]:
    """Every score the document states (text and score tables), in text order."""
    patterns = _patterns()
    default = document_scale(doc)
    found: list[Score] = []
    for unit in doc.sentences:
        for match in patterns["score"].finditer(unit.text):
            before = unit.text[:match.start()]
            clause_start = max(before.rfind(mark) for mark in _CLAUSE_MARKS) + 1
            clause_end = min((p for p in (unit.text.find(m, match.end()) for m in _CLAUSE_MARKS)
                              if p >= 0), default=len(unit.text))
            stated = patterns["scale"].search(unit.text, clause_start, clause_end)
            scale = Decimal(stated.group("value")) if stated else default
            part = bool(patterns["part"].search(before)) \
                or (stated is not None and Decimal(stated.group("value")) != default)
            found.append(Score(unit.start + match.start(), unit.start + match.end(),
                               Decimal(match.group("value")), match.group(), part, scale))
    for figure in _table_total_scores(doc):
        found.append(Score(figure.start, figure.end, figure.value, figure.text, False, default))
    for label, value, match in _labelled_cells(doc, _SCORE_LABEL_CELL, _SCORE_CELL):
        found.append(Score(value.start, value.end, Decimal(match.group("value")),
                           f"{label.text}：{value.text}", False, default))
    return sorted(found, key=lambda score: score.start)


_DOCUMENT_SCALE = regex.compile(rf"(?:满分|总分值|分值合计)\s*(?:为|是|:|：)?\s*(?P<value>{_NUMBER})\s*分")


def document_scale(doc: AnalysedDocument) -> Decimal:
    """The points a total is out of: the configured ``grade-scale``, else a stated 满分N分,
    else the 分值 of the score table's total row, else 100."""
    configured = doc.settings.get("grade_scale")
    if configured is not None:
        return Decimal(str(configured))
    stated = {Decimal(m.group("value")) for m in _DOCUMENT_SCALE.finditer(doc.flow.text)}
    if HUNDRED in stated or len(stated) != 1:
        weights = _table_total_weights(doc)
        return weights if weights is not None and not stated else HUNDRED
    return stated.pop()


def _labelled_cells(
    doc: AnalysedDocument, label: regex.Pattern[str], value: regex.Pattern[str]
) -> Iterator[tuple[TextRange, TextRange, regex.Match[str]]]:
    """Adjacent (label cell, value cell) pairs of table rows (``自评得分 | 86.5``)."""
    for row in table_rows(doc):
        for (column, label_cell), (next_column, value_cell) in pairwise(row):
            if next_column != column + 1:
                continue
            match = value.match(value_cell.text)
            if label.match(label_cell.text) and match:
                yield label_cell, value_cell, match


def _total_row_cells(doc: AnalysedDocument, header_word: str) -> Iterator[tuple[str, TextRange]]:
    """``(row label, cell)`` in the ``header_word`` column of each 总分/合计 row of a table."""
    column: int | None = None
    for row in table_rows(doc):
        texts = {index: cell.text for index, cell in row}
        header = [index for index, text in texts.items() if text == header_word]
        if header:
            column = header[-1]
            continue
        first = row[0][1].text
        if column is None or not _TOTAL_ROW.fullmatch(first):
            continue
        cell = next((c for index, c in row if index == column), None)
        if cell is not None and regex.fullmatch(_NUMBER, cell.text):
            yield first, cell


def _table_total_scores(doc: AnalysedDocument) -> list[Figure]:
    """The 得分 cell of a 总分/合计 row, under the nearest header row with a 得分 column."""
    return [Figure(cell.start, cell.end, Decimal(cell.text), f"{label}：{cell.text}")
            for label, cell in _total_row_cells(doc, "得分")]


def _table_total_weights(doc: AnalysedDocument) -> Decimal | None:
    weights = {Decimal(cell.text) for _, cell in _total_row_cells(doc, "分值")}
    return weights.pop() if len(weights) == 1 else None

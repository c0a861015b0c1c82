"""AU202 grade-vs-score: a stated grade (优/良/中/差) outside the band of the stated score."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from auditor.document import AnalysedDocument
from auditor.rules.base import Rule
from auditor.rules.claims.common import (
    relation_check,
    role_evidence,
    role_gated,
    sentence_at,
    table_rows,
    unit_matches,
    units,
)
from auditor.text.sentences import TextRange
from auditor.types import Check, Finding, Severity

if TYPE_CHECKING:
    from auditor.extract.extraction import Extraction

_RE_SCORE_TEXT = regex.compile(r"\d{1,3}(?:\.\d{1,2})?")

DEFAULT_GRADE_BANDS: tuple[tuple[str, Decimal], ...] = (
    ("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)),
)
#: grade words as written → the band they name
GRADE_WORDS = {
    "优秀": "优", "优": "优", "良好": "良", "良": "良", "合格": "中", "中等": "中", "中": "中",
    "不合格": "差", "较差": "差", "差": "差",
}
_GRADE = regex.compile(
    r"(?:(?:自评|评价|绩效评价|综合评价|考核|评定|绩效|综合)?等级|自评结果|评价结果|等次"
    r"|自评结论|评价结论)\s*(?:为|是|评定为|确定为|:)?\s*"
    r"[“\"「『]?(?P<grade>优秀|良好|不合格|合格|中等|较差|优|良|中|差)[”\"」』]?"
    r"(?:等级|等次|级|档)?(?![\p{Han}A-Za-z0-9]|\s*[、/或和]\s*[优良中差合])"
    r"|(?:自评|评定|综合评定|评价|认定|评)为[“\"「『]?(?P<grade2>优秀|良好|不合格|合格|中等|较差|优|良|中|差)"
    r"[”\"」』]?(?:等级|等次|级|档)?(?![\p{Han}A-Za-z0-9]|\s*[、/或和]\s*[优良中差合])"
)
_SCORE = regex.compile(
    r"(?<!指标|率|度|项|分项|单项)"
    r"(?:自评得分|综合得分|总得分|评价得分|最终得分|考核得分|得分合计|合计得分|综合评分|自评分数|自评总分|总分)"
    r"\s*(?:为|是|达到|达|:)?\s*(?P<value>\d{1,3}(?:\.\d{1,2})?)\s*分"
    # a band's bound (总分90分以上为优), not a score
    r"(?!\s*(?:\(含\))?\s*(?:以上|以下|及以上|及以下|至|-|~|—|（含）))"
)
_TOTAL_ROW = regex.compile(r"^(?:总分|合计|总计|得分合计|综合得分)$")
_SCORE_LABEL_CELL = regex.compile(r"^(?:自评|综合|评价|最终)?(?:得分|总分|评分)(?:\(分\))?$")
_GRADE_LABEL_CELL = regex.compile(r"^(?:自评|评价|绩效|综合)?(?:等级|等次)$|^(?:自评|评价)结果$")
_GRADE_CELL = regex.compile(r"^[“\"]?(?P<grade>优秀|良好|不合格|合格|中等|较差|优|良|中|差)[”\"]?$")
_SCORE_CELL = regex.compile(r"^(?P<value>\d{1,3}(?:\.\d{1,2})?)\s*分?$")
_RATING_ROLES = ("rating",)
#: paragraphs around a grade searched for its score when the paragraph itself has none
_SCORE_WINDOW = 2


@dataclass(frozen=True)
class Figure:
    """A located figure (flow view) with its value and the text that stated it."""

    start: int
    end: int
    value: Decimal
    text: str


def grade_bands(doc: AnalysedDocument) -> tuple[tuple[str, Decimal], ...]:
    """The bands in force: ``doc.settings["grade_bands"]`` (pairs or a mapping) or the default."""
    configured = doc.settings.get("grade_bands")
    if not configured:
        return DEFAULT_GRADE_BANDS
    pairs = configured.items() if isinstance(configured, dict) else configured
    try:
        bands = tuple((str(grade), Decimal(str(low))) for grade, low in pairs)  # type: ignore[union-attr]
    except (TypeError, ValueError, InvalidOperation):
        return DEFAULT_GRADE_BANDS
    return tuple(sorted(bands, key=lambda band: -band[1]))


def band_of(score: Decimal, bands: Sequence[tuple[str, Decimal]]) -> str:
    """The grade whose band holds ``score`` (bands sorted from the highest floor)."""
    for grade, lowest in bands:
        if score >= lowest:
            return grade
    return bands[-1][0]


def _band_text(grade: str, bands: Sequence[tuple[str, Decimal]]) -> str:
    ordered = list(bands)
    for index, (name, lowest) in enumerate(ordered):
        if name == grade:
            upper = ordered[index - 1][1] if index > 0 else None
            return f"{lowest}–{upper}分" if upper is not None else f"≥{lowest}分"
    return ""


def total_scores(doc: AnalysedDocument) -> list[Figure]:
    """Overall scores: 自评得分/综合得分/总分 N分 in the text and the 总分 row of score tables."""
    found = []
    for sentence, match in unit_matches(doc.sentences, _SCORE):
        start = sentence.start + match.start()
        found.append(Figure(start, sentence.start + match.end(), Decimal(match.group("value")),
                            match.group(0)))
    found += _table_total_scores(doc)
    for label, value, match in _labelled_cells(doc, _SCORE_LABEL_CELL, _SCORE_CELL):
        found.append(Figure(value.start, value.end, Decimal(match.group("value")),
                            f"{label.text}：{value.text}"))
    return sorted(found, key=lambda figure: figure.start)


def _labelled_cells(
    doc: AnalysedDocument, label: regex.Pattern[str], value: regex.Pattern[str]
) -> Iterator[tuple[TextRange, TextRange, regex.Match[str]]]:
    """Adjacent (label cell, value cell) pairs of table rows (``自评得分 | 86.5``) whose
    label matches ``label`` and value matches ``value``, with the value's match."""
    for row in table_rows(doc):
        for (column, label_cell), (next_column, value_cell) in pairwise(row):
            if next_column != column + 1:
                continue
            match = value.match(value_cell.text)
            if label.match(label_cell.text) and match:
                yield label_cell, value_cell, match


def _table_total_scores(doc: AnalysedDocument) -> list[Figure]:
    """The 得分 cell of a 总分/合计 row, under the nearest header row that has a 得分 column."""
    found = []
    score_column: int | None = None
    for row in table_rows(doc):
        texts = {column: cell.text for column, cell in row}
        header = [column for column, text in texts.items() if text == "得分"]
        if header:
            score_column = header[-1]
            continue
        first = row[0][1].text
        if score_column is None or not _TOTAL_ROW.match(first):
            continue
        cell = next((c for column, c in row if column == score_column), None)
        if cell is not None and _RE_SCORE_TEXT.fullmatch(cell.text):
            found.append(Figure(cell.start, cell.end, Decimal(cell.text), f"{first}：{cell.text}"))
    return found


def _grade_figure(start: int, word: str, text: str) -> Figure:
    # A grade has no value of its own: only where it stands and what stated it.
    return Figure(start, start + len(word), Decimal(0), text)


def grade_statements(doc: AnalysedDocument) -> list[tuple[Figure, str, TextRange]]:
    """``(where the grade word is, the band it names, its sentence)`` for every stated grade."""
    found = []
    for sentence, match in unit_matches(units(doc), _GRADE):
        name = "grade" if match.group("grade") else "grade2"
        word = match.group(name)
        figure = _grade_figure(sentence.start + match.start(name), word, match.group(0))
        found.append((figure, GRADE_WORDS[word], sentence))
    for label, value, match in _labelled_cells(doc, _GRADE_LABEL_CELL, _GRADE_CELL):
        word = match.group("grade")
        figure = _grade_figure(value.start + match.start("grade"), word,
                               f"{label.text}：{value.text}")
        found.append((figure, GRADE_WORDS[word], value))
    return sorted(found, key=lambda item: item[0].start)


def _score_for(doc: AnalysedDocument, grade: Figure, sentence: TextRange,
               scores: list[Figure]) -> Figure | None:
    """The overall score a grade refers to: same sentence, same paragraph, then nearby."""
    def nearest(candidates: list[Figure]) -> Figure | None:
        return min(candidates, key=lambda s: abs(s.start - grade.start), default=None)

    in_sentence = [s for s in scores if sentence.start <= s.start < sentence.end]
    if in_sentence:
        return nearest(in_sentence)
    paragraphs = doc.paragraphs
    index = next((i for i, p in enumerate(paragraphs) if p.start <= grade.start <= p.end), None)
    if index is None:
        return None
    for distance in range(_SCORE_WINDOW + 1):
        low = paragraphs[max(0, index - distance)].start
        high = paragraphs[min(len(paragraphs) - 1, index + distance)].end
        near = [s for s in scores if low <= s.start < high]
        if near:
            return nearest(near)
    if len({s.value for s in scores}) == 1:
        return scores[0]
    return None


class GradeVsScore(Rule):
    """自评等级与得分所在的分档不一致。

    检查内容
        “自评等级为优/良/中/差”（以及“优秀/良好/合格/不合格”、“自评为优”）与同一处或
        相邻段落的总体得分（“自评得分/综合得分/总分 N分”，或绩效自评表“总分”行的得分）
        对照：得分所在分档（默认 优 ≥ 90，良 80–90，中 60–80，差 < 60，可在配置
        ``grade-bands`` 中修改）与所称等级不同时报告。发现位置在等级字上，得分作为
        关联位置；分项得分（产出指标得分等）不参与比较。

    为什么重要
        等级由得分按分档确定，二者不符说明等级是套用或拔高的，或得分有误，
        评审时会直接影响对报告可信度的判断。

    示例
        错误：本项目综合得分86.50分，自评等级为“优”。（86.50 分属良档）
        正确：本项目综合得分86.50分，自评等级为“良”。

    依据
        《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十九条：绩效评价结果采取评分和
        评级相结合的方式，总分90（含）—100分为优、80（含）—90分为良、60（含）—80分为中、
        60分以下为差。
    """

    code = "AU202"
    name = "grade-vs-score"
    severity = Severity.ERROR
    family = "claims"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        grades = grade_statements(doc)
        if not grades:
            return
        scores = total_scores(doc)
        if not scores:
            return
        bands = grade_bands(doc)
        named = {name for name, _ in bands}
        for grade, band, sentence in role_gated(doc, grades, _RATING_ROLES, lambda g: g[2].text):
            if band not in named:
                continue
            score = _score_for(doc, grade, sentence, scores)
            if score is None:
                continue
            expected = band_of(score.value, bands)
            grade_span = doc.flow_span(grade.start, grade.end)
            score_span = doc.flow_span(score.start, score.end)
            detail = f"得分 {score.value} 分属“{expected}”档，所称等级“{grade_span.text}”"
            holds = expected == band
            yield relation_check("grade", holds, grade_span, detail, (score_span,))
            if holds:
                continue
            message = (
                f"自评等级为“{grade_span.text}”，但得分 {score.value} 分按分档应为“{expected}”"
                f"（{expected}：{_band_text(expected, bands)}）。请核实等级或得分。"
            )
            yield self.finding(
                grade_span, message, related=[score_span],
                evidence={"roles": role_evidence(doc, [sentence, sentence_at(doc, score.start)]),
                          "cues": [grade.text, score.text],
                          "grade": band, "score": str(score.value), "expected": expected},
            )


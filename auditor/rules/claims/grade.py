"""AU202 grade-vs-score: a stated grade outside the band of the stated score."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from auditor.document import AnalysedDocument
from auditor.rules.base import Rule
from auditor.rules.claims.common import relation_check, role_evidence, role_gated, sentence_at
from auditor.rules.claims.grades import HUNDRED, Figure, Grade, Score, grade_statements, grade_words, scores
from auditor.types import Check, Finding, Severity

if TYPE_CHECKING:
    from auditor.extract.extraction import Extraction

DEFAULT_GRADE_BANDS: tuple[tuple[str, Decimal], ...] = (
    ("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)),
)
#: grade words as written → the band they name (models/lexicon/grades.tsv)
GRADE_WORDS = grade_words()
_RATING_ROLES = ("rating",)
#: paragraphs around a grade searched for its score when the paragraph itself has none
_SCORE_WINDOW = 2


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


def band_of(score: Decimal, bands: Sequence[tuple[str, Decimal]], scale: Decimal = HUNDRED) -> str:
    """The grade whose band holds ``score`` (bands sorted from the highest floor, on 100
    points; a score out of ``scale`` points is compared in proportion)."""
    for grade, lowest in bands:
        if score * HUNDRED >= lowest * scale:
            return grade
    return bands[-1][0]


def _band_text(grade: str, bands: Sequence[tuple[str, Decimal]], scale: Decimal) -> str:
    ordered = list(bands)

    def points(value: Decimal) -> str:
        return f"{(value * scale / HUNDRED).normalize():f}"

    for index, (name, lowest) in enumerate(ordered):
        if name == grade:
            upper = ordered[index - 1][1] if index > 0 else None
            return f"{points(lowest)}–{points(upper)}分" if upper is not None else f"≥{points(lowest)}分"
    return ""


def total_scores(doc: AnalysedDocument) -> list[Figure]:
    """Overall scores (not one indicator's) the document states, in text order."""
    return [score for score in scores(doc) if not score.part]


def _score_for(doc: AnalysedDocument, grade: Grade, found: list[Score], single: bool) -> Score | None:
    """The overall score a grade refers to: in its own sentence (a grade beside only an
    indicator's score is that indicator's, and checked against nothing), else in its
    paragraph, then nearby."""
    position = grade.figure.start

    def nearest(candidates: list[Score]) -> Score | None:
        return min(candidates, key=lambda s: abs(s.start - position), default=None)

    unit = grade.unit
    in_unit = [s for s in found if unit.start <= s.start < unit.end]
    if in_unit or not grade.own:
        return nearest([s for s in in_unit if not s.part])
    totals = [s for s in found if not s.part]
    paragraphs = doc.paragraphs
    index = next((i for i, p in enumerate(paragraphs) if p.start <= position <= p.end), None)
    if index is None:
        return None
    for distance in range(_SCORE_WINDOW + 1):
        low = paragraphs[max(0, index - distance)].start
        high = paragraphs[min(len(paragraphs) - 1, index + distance)].end
        near = [s for s in totals if low <= s.start < high]
        if near:
            return nearest(near)
    # a report with one grade and one total: its conclusion and its score table
    if len({s.value for s in totals}) == 1 and single:
        return totals[0]
    return None


class GradeVsScore(Rule):
    """自评等级与得分所在的分档不一致。

    检查内容
        报告所称的等级（“评价等级为‘良’”“等次为优秀”“评定等级中等”“评价结果为B”
        “自评为优”，以及表格中“自评等级｜优”）与同一句、同一段或相邻段落的总体得分
        （“综合得分86.5分”“得分为95分”“得85分”“总分”行的得分）对照：得分所在分档
        （默认 优/优秀/A ≥ 90，良/良好/B 80–90，中/中等/合格/C 60–80，差/不合格/D < 60，
        可在配置 ``grade-bands`` 中修改）与所称等级不同时报告。等级词和标签词是数据
        （models/lexicon/grades.tsv、grade_labels.tsv）。满分不是100分的总分按比例换算
        分档（满分从文中“满分N分”或评分表总分行的分值得出）；分项得分（“产出指标得分
        44分”“满意度（分值10分）得9分”）和紧挨分项得分的等级不参与比较；
        “评级为‘良’的项目0个”是计数，不是所称等级。发现位置在等级字上，得分作为关联位置。

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
        found = scores(doc)
        if not any(not score.part for score in found):
            return
        bands = grade_bands(doc)
        named = {name for name, _ in bands}
        for grade in role_gated(doc, grades, _RATING_ROLES, lambda g: g.unit.text):
            if grade.band not in named:
                continue
            score = _score_for(doc, grade, found, len({g.band for g in grades}) == 1)
            if score is None or score.value > score.scale:
                continue
            expected = band_of(score.value, bands, score.scale)
            grade_span = doc.flow_span(grade.figure.start, grade.figure.end)
            score_span = doc.flow_span(score.start, score.end)
            out_of = "" if score.scale == HUNDRED else f"（满分{score.scale.normalize():f}分）"
            detail = f"得分 {score.value} 分{out_of}属“{expected}”档，所称等级“{grade_span.text}”"
            holds = expected == grade.band
            yield relation_check("grade", holds, grade_span, detail, (score_span,))
            if holds:
                continue
            message = (
                f"所称等级为“{grade_span.text}”，但得分 {score.value} 分{out_of}按分档应为“{expected}”"
                f"（{expected}：{_band_text(expected, bands, score.scale)}）。请核实等级或得分。"
            )
            yield self.finding(
                grade_span, message, related=[score_span],
                evidence={"roles": role_evidence(doc, [grade.unit, sentence_at(doc, score.start)]),
                          "cues": [grade.figure.text, score.text],
                          "grade": grade.band, "score": str(score.value),
                          "scale": str(score.scale), "expected": expected},
            )

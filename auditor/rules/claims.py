"""Claim rules: what a report asserts about itself against what it says elsewhere (AU2xx).

Every rule separates *candidates* (explicit regex cues over the flow view) from their
*validation* by the sentence-role classifier (:mod:`auditor.nlp.roles_access`): a claim
counts only when the model, if present, does not read the sentence as something else.
Each finding's ``evidence`` names the sentence roles and the cues that led to it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

import regex

from auditor.document import AnalysedDocument
from auditor.nlp import roles_access
from auditor.rules.base import Rule
from auditor.text.sentences import TextRange
from auditor.types import Check, CheckStatus, Finding, Severity

# ---------------------------------------------------------------------------------------
# Shared helpers: units of text (sentences, table cells) and role agreement.

#: probability the expected role must reach when it is not the model's first choice
ROLE_FLOOR = 0.3
_HEADING_NUMBER = (
    r"(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\)|\d{1,2}\s*[、.](?!\d))"
)


def _units(doc: AnalysedDocument) -> list[TextRange]:
    """Sentences of the flow view and the cells of table rows, in text order."""
    return doc.memo("claims.units", _compute_units)


def _compute_units(doc: AnalysedDocument) -> list[TextRange]:
    units = [s for s in doc.sentences if "\t" not in s.text]
    units += [cell for row in table_rows(doc) for _, cell in row]
    return sorted(units, key=lambda unit: unit.start)


def table_rows(doc: AnalysedDocument) -> list[list[tuple[int, TextRange]]]:
    """Rows of tab-separated tables: ``(column index, cell)`` for each non-empty cell.

    Rows are read from the source lines (one line per row, as the DOCX reader writes
    them) and mapped into flow coordinates, so a row the flow view joined to its
    neighbour is still read as one row.
    """
    return doc.memo("claims.table_rows", _compute_table_rows)


def _compute_table_rows(doc: AnalysedDocument) -> list[list[tuple[int, TextRange]]]:
    offsets = doc.flow.offsets
    flow_text = doc.flow.text
    rows: list[list[tuple[int, TextRange]]] = []
    line_start = 0
    for line in doc.text.split("\n"):
        if "\t" in line:
            row = []
            position = line_start
            for column, cell in enumerate(line.split("\t")):
                stripped = cell.strip()
                if stripped:
                    left = position + cell.find(stripped)
                    start = bisect.bisect_left(offsets, left)
                    end = bisect.bisect_left(offsets, left + len(stripped))
                    if start < end:
                        row.append((column, TextRange(start, end, flow_text[start:end], -1)))
                position += len(cell) + 1
            if row:
                rows.append(row)
        line_start += len(line) + 1
    return rows


def _agrees(doc: AnalysedDocument, text: str, expected: Iterable[str]) -> bool:
    """Whether the role model accepts ``text`` as one of the ``expected`` roles.

    Its first choice, or a runner-up of at least :data:`ROLE_FLOOR`. Without a model every
    candidate is accepted: the explicit cues then decide alone.
    """
    prediction = roles_access.role_of(doc, text)
    if prediction is None:
        return True
    wanted = set(expected)
    if prediction.role in wanted:
        return True
    return sum(prediction.probability(role) for role in wanted) >= ROLE_FLOOR


def _role_evidence(doc: AnalysedDocument, ranges: Iterable[TextRange]) -> dict[str, str]:
    """``{sentence as written: role}`` for a finding's evidence (empty without a model)."""
    ranges = [r for r in ranges if r.text]
    predictions = roles_access.predict_roles(doc, [r.text for r in ranges])
    return {
        doc.flow_span(r.start, r.end).text: p.role
        for r, p in zip(ranges, predictions, strict=True) if p is not None
    }


def _inside(position: int, ranges: Iterable[TextRange]) -> bool:
    return any(r.start <= position < r.end for r in ranges)


# ---------------------------------------------------------------------------------------
# AU201 no-problem-vs-rectification

_PROBLEM_LABEL = (
    r"(?:存在的?(?:主要)?问题(?:及(?:其)?原因(?:分析)?)?|主要问题(?:及原因(?:分析)?)?"
    r"|问题及原因(?:分析)?|发现的?(?:主要)?问题)"
)
_NONE_ANSWER = (
    r"(?:无|暂无|没有|无明显问题|未发现(?:明显|突出)?(?:的)?(?:问题)?"
    r"|没有发现(?:明显|突出)?(?:问题)?|不存在(?:明显|突出)?(?:问题)?)"
)
# "存在问题：无。" inline (a paragraph, or a table cell).
_INLINE_NO_PROBLEM = regex.compile(
    rf"(?:^|[\s。;])(?:{_HEADING_NUMBER}\s*)?{_PROBLEM_LABEL}\s*[:]\s*{_NONE_ANSWER}\s*[。.;]?\s*$"
)
_PROBLEM_HEADING = regex.compile(rf"^(?:{_HEADING_NUMBER})?\s*{_PROBLEM_LABEL}\s*[:]?\s*$")
_NONE_BODY = regex.compile(rf"^(?:{_NONE_ANSWER}|暂未发现(?:问题)?)\s*[。.]?$")
# A sentence that says so in words. Not "无重大问题": minor problems may follow.
_NO_PROBLEM_SENTENCE = regex.compile(
    r"(?<!确保|保证|是否|有无|防止|避免|力争|杜绝|做到)"
    r"(?:暂无|暂未发现|未发现|没有发现|未发现任何|不存在|没有|无)"
    r"(?:任何|明显|突出|其他|其它)?(?:的)?(?:问题|不足)(?![的和与及、线清台整])"
)
_SELF_EVALUATION_LEAD = regex.compile(
    r"^(?:\s*(?:经|通过)(?:自评|评价|核查|自查|认真自查|绩效自评)|总体(?:来看|而言|上看)"
    r"|本(?:部门|单位|项目|次(?:自评|评价))|(?:在|经)?(?:项目)?(?:实施|执行|自评)(?:过程)?中"
    r"|(?:绩效)?自评(?:中|发现)|评价(?:结论|结果))"
)
_CONTRAST = regex.compile(r"但|但是|然而|不过|仍(?:存在|有)")
# Before the cue in its sentence: a commitment or a question, not a statement of fact.
_COMMITMENT = regex.compile(r"确保|保证|是否|有无|防止|避免|力争|争取|杜绝|做到|下一步|将|以免|如何")
_SHORT_CLAIM = 24

# Measures that answer problems found: "针对…存在的问题", "对上述问题进行整改" …
_RECTIFICATION = regex.compile(
    r"针对[^。;\n]{0,30}?(?:存在|发现|反映|暴露|查找|查摆)(?:的|出的)?(?:问题|不足)"
    r"|针对(?:上述|以上|前述|这些)(?:问题|不足)"
    r"|(?:对|就)(?:上述|以上|存在的|发现的|前述)(?:问题|不足)(?:进行|予以|加以|采取|逐一)?(?:整改|改进)"
    r"|问题整改(?:情况|措施)"
    r"|已(?:全部)?(?:完成|落实)整改"
)
_MEASURES_LABEL = regex.compile(
    rf"^(?:{_HEADING_NUMBER}\s*)?(?:整改措施|整改情况|问题整改情况)\s*[:]?\s*$"
)
# A described problem inside a problems section.
_PROBLEM_CUE = regex.compile(
    r"不够|不足|偏慢|滞后|较晚|有待(?:提高|加强|完善|提升|增强)|不到位|不规范|不完善|不及时"
    r"|不合理|不充分|不明确|不全|薄弱|欠缺|未能|未及时|存在(?:以下|如下|一定|一些|部分|个别)"
)

_NO_PROBLEM_ROLES = ("no_problem",)
_RECTIFICATION_ROLES = ("measure", "problem", "other", "shortfall")


@dataclass(frozen=True)
class _Cue:
    """A unit of text and the cue that made it a candidate."""

    range: TextRange
    cue: str


def no_problem_assertions(doc: AnalysedDocument) -> list[_Cue]:
    """Places (flow ranges) where the report says it has no problems, with the cue."""
    found: list[_Cue] = []
    paragraphs = doc.paragraphs
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if "\t" in text:
            continue
        match = _INLINE_NO_PROBLEM.search(text)
        if match:
            found.append(_Cue(paragraph, match.group(0).strip(" 。;")))
        elif _PROBLEM_HEADING.match(text.strip()):
            body = _next_nonblank(paragraphs, index)
            if body is not None and _NONE_BODY.match(body.text.strip()):
                found.append(_Cue(body, f"{text.strip()} → {body.text.strip()}"))
    found += _table_no_problem(doc)
    for unit in _units(doc):
        if _inside(unit.start, (c.range for c in found)):
            continue
        match = _NO_PROBLEM_SENTENCE.search(unit.text)
        if match and _is_report_level_claim(doc, unit, match):
            found.append(_Cue(unit, match.group(0)))
    accepted = []
    for cue in found:
        agrees = _agrees(doc, cue.range.text, _NO_PROBLEM_ROLES)
        if agrees:
            accepted.append(cue)
    return sorted(accepted, key=lambda c: c.range.start)


def _next_nonblank(paragraphs: list[TextRange], index: int) -> TextRange | None:
    for paragraph in paragraphs[index + 1:]:
        if paragraph.text.strip():
            return paragraph
    return None


def _table_no_problem(doc: AnalysedDocument) -> list[_Cue]:
    """``存在问题\t无`` (label cell, answer cell) or a cell ``存在问题：无`` in a table."""
    found = []
    for row in table_rows(doc):
        cells = [cell for _, cell in row]
        for index, cell in enumerate(cells):
            if _INLINE_NO_PROBLEM.search(cell.text):
                found.append(_Cue(cell, cell.text))
            elif (_PROBLEM_HEADING.match(cell.text) and index + 1 < len(cells)
                  and _NONE_BODY.match(cells[index + 1].text)):
                answer = cells[index + 1]
                joined = TextRange(cell.start, answer.end,
                                   doc.flow.text[cell.start:answer.end], -1)
                found.append(_Cue(joined, f"{cell.text}｜{answer.text}"))
    return found


def _is_report_level_claim(doc: AnalysedDocument, unit: TextRange, match: regex.Match[str]) -> bool:
    """A no-problem sentence about the report's subject, not about a detail of it."""
    text = unit.text
    if _CONTRAST.search(text, match.end()) or _COMMITMENT.search(text, 0, match.start()):
        return False
    stripped = regex.sub(rf"^{_HEADING_NUMBER}\s*", "", text)
    if len(stripped) <= _SHORT_CLAIM:
        return True
    return bool(_SELF_EVALUATION_LEAD.match(stripped)) or _in_problem_section(doc, unit.start)


def _problem_sections(doc: AnalysedDocument) -> list[tuple[int, int, int]]:
    """``(start, body_start, end)`` of every problems section (flow view)."""
    from auditor.text.sections import sections

    return doc.memo("claims.problem_sections", lambda d: [
        (s.start, s.body_start, s.end) for s in sections(d) if "problems" in s.kinds
    ])


def _in_problem_section(doc: AnalysedDocument, position: int) -> bool:
    return any(body <= position < end for _, body, end in _problem_sections(doc))


def rectification_evidence(doc: AnalysedDocument) -> list[_Cue]:
    """Text that rectifies problems found, or describes problems, with the cue."""
    evidence: list[_Cue] = []
    for unit in _units(doc):
        match = _RECTIFICATION.search(unit.text)
        if match:
            evidence.append(_Cue(unit, match.group(0)))
        elif _in_problem_section(doc, unit.start):
            problem = _PROBLEM_CUE.search(unit.text)
            if problem and not _NO_PROBLEM_SENTENCE.search(unit.text):
                agrees = _agrees(doc, unit.text, ("problem", "shortfall"))
                if agrees:
                    evidence.append(_Cue(unit, f"问题描述：{problem.group(0)}"))
    for paragraph in doc.paragraphs:
        if _MEASURES_LABEL.match(paragraph.text.strip()):
            evidence.append(_Cue(paragraph, paragraph.text.strip()))
    return sorted(evidence, key=lambda c: c.range.start)


class NoProblemVsRectification(Rule):
    """自称“无问题”却又列出整改措施或问题。

    检查内容
        报告在任何位置称没有问题（“存在问题：无。”、问题部分正文只有“无。”、
        “暂无问题”“未发现问题”“不存在问题”“无明显问题”，以及表格中“存在问题｜无”
        这样的单元格），同一报告却又写有针对问题的整改（“针对……存在的问题”、
        “对上述问题进行整改”、单列的“整改措施”部分等），或在“存在问题”部分描述了问题。
        发现位置在“无问题”的表述上，整改内容作为关联位置；证据列出触发的句子角色和线索。
        “无重大问题”“未发现重大问题”本身不算“无问题”，不会触发。

    为什么重要
        两者必有一假：要么隐瞒了自评中发现的问题，要么整改措施是套用模板。
        评审时这是判断报告真实性的直接依据。

    示例
        错误：五、存在问题　无。　六、整改措施（一）针对本部门绩效自评中存在的问题，……
        正确：五、存在问题　部分项目资金支付进度偏慢。　六、整改措施（一）针对支付进度偏慢的问题，……

    依据
        《项目支出绩效评价管理办法》（财预〔2020〕10号）第三十条：评价结果应如实反映问题
        并提出整改措施。
    """

    code = "AU201"
    name = "no-problem-vs-rectification"
    severity = Severity.ERROR
    family = "claims"

    def run(self, doc: AnalysedDocument) -> Iterator[Finding | Check]:
        assertions = no_problem_assertions(doc)
        if not assertions:
            return
        claimed = [a.range for a in assertions]
        evidence = [e for e in rectification_evidence(doc) if not _inside(e.range.start, claimed)]
        if not evidence:
            return
        primary = assertions[0]
        primary_span = doc.flow_span(primary.range.start, primary.range.end)
        cues = sorted({e.cue for e in evidence})
        related = [doc.flow_span(a.range.start, a.range.end) for a in assertions[1:]]
        related += [doc.flow_span(e.range.start, e.range.end) for e in evidence[:5]]
        shown = [*assertions, *evidence[:5]]
        roles = _role_evidence(doc, [c.range for c in shown])
        message = (
            f"报告称“{primary_span.text.strip()}”（无问题），但又写有针对问题的整改或问题描述"
            f"（线索：{'、'.join(f'“{c}”' for c in cues[:4])}）。"
            "请核实是否隐瞒了自评中发现的问题，或整改措施系套用模板。"
        )
        yield self.finding(
            primary_span,
            message,
            related=related,
            evidence={"roles": roles,
                      "cues": [a.cue for a in assertions] + cues,
                      "no_problem_statements": len(assertions)},
        )


# ---------------------------------------------------------------------------------------
# AU202 grade-vs-score

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
class _Figure:
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


def total_scores(doc: AnalysedDocument) -> list[_Figure]:
    """Overall scores: 自评得分/综合得分/总分 N分 in the text and the 总分 row of score tables."""
    found = []
    for sentence in doc.sentences:
        for match in _SCORE.finditer(sentence.text):
            start = sentence.start + match.start()
            found.append(_Figure(start, sentence.start + match.end(), Decimal(match.group("value")),
                                 match.group(0)))
    found += _table_total_scores(doc)
    for label, value in _label_value_cells(doc):
        match = _SCORE_CELL.match(value.text)
        if _SCORE_LABEL_CELL.match(label.text) and match:
            found.append(_Figure(value.start, value.end, Decimal(match.group("value")),
                                 f"{label.text}：{value.text}"))
    return sorted(found, key=lambda figure: figure.start)


def _label_value_cells(doc: AnalysedDocument) -> list[tuple[TextRange, TextRange]]:
    """Adjacent (label cell, value cell) pairs of table rows (``自评得分 | 86.5``)."""
    pairs = []
    for row in table_rows(doc):
        for (column, label), (next_column, value) in pairwise(row):
            if next_column == column + 1:
                pairs.append((label, value))
    return pairs


def _table_total_scores(doc: AnalysedDocument) -> list[_Figure]:
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
        if cell is not None and regex.fullmatch(r"\d{1,3}(?:\.\d{1,2})?", cell.text):
            found.append(_Figure(cell.start, cell.end, Decimal(cell.text), f"{first}：{cell.text}"))
    return found


def grade_statements(doc: AnalysedDocument) -> list[tuple[_Figure, str, TextRange]]:
    """``(where the grade word is, the band it names, its sentence)`` for every stated grade."""
    found = []
    for sentence in _units(doc):
        for match in _GRADE.finditer(sentence.text):
            name = "grade" if match.group("grade") else "grade2"
            word = match.group(name)
            start = sentence.start + match.start(name)
            figure = _Figure(start, start + len(word), Decimal(0), match.group(0))
            found.append((figure, GRADE_WORDS[word], sentence))
    for label, value in _label_value_cells(doc):
        match = _GRADE_CELL.match(value.text)
        if _GRADE_LABEL_CELL.match(label.text) and match:
            word = match.group("grade")
            start = value.start + match.start("grade")
            figure = _Figure(start, start + len(word), Decimal(0), f"{label.text}：{value.text}")
            found.append((figure, GRADE_WORDS[word], value))
    return sorted(found, key=lambda item: item[0].start)


def _score_for(doc: AnalysedDocument, grade: _Figure, sentence: TextRange,
               scores: list[_Figure]) -> _Figure | None:
    """The overall score a grade refers to: same sentence, same paragraph, then nearby."""
    def nearest(candidates: list[_Figure]) -> _Figure | None:
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

    def run(self, doc: AnalysedDocument) -> Iterator[Finding | Check]:
        grades = grade_statements(doc)
        if not grades:
            return
        scores = total_scores(doc)
        if not scores:
            return
        bands = grade_bands(doc)
        for grade, band, sentence in grades:
            agrees = _agrees(doc, sentence.text, _RATING_ROLES)
            if not agrees or band not in {name for name, _ in bands}:
                continue
            score = _score_for(doc, grade, sentence, scores)
            if score is None:
                continue
            expected = band_of(score.value, bands)
            grade_span = doc.flow_span(grade.start, grade.end)
            score_span = doc.flow_span(score.start, score.end)
            detail = f"得分 {score.value} 分属“{expected}”档，所称等级“{grade_span.text}”"
            holds = expected == band
            yield Check("grade", CheckStatus.PASS if holds else CheckStatus.FAIL, grade_span,
                        detail + ("✓" if holds else "✗"), (score_span,))
            if holds:
                continue
            message = (
                f"自评等级为“{grade_span.text}”，但得分 {score.value} 分按分档应为“{expected}”"
                f"（{expected}：{_band_text(expected, bands)}）。请核实等级或得分。"
            )
            yield self.finding(
                grade_span, message, related=[score_span],
                evidence={"roles": _role_evidence(doc, [sentence, _sentence_at(doc, score.start)]),
                          "cues": [grade.text, score.text],
                          "grade": band, "score": str(score.value), "expected": expected},
            )


def _sentence_at(doc: AnalysedDocument, position: int) -> TextRange:
    for unit in _units(doc):
        if unit.start <= position < unit.end:
            return unit
    return TextRange(position, position, "", -1)


# ---------------------------------------------------------------------------------------
# AU203 all-met-vs-shortfall

#: an 执行率 below this (percent) contradicts a claim that every target was met
DEFAULT_EXEC_RATE_FLOOR = Decimal(90)
_ALL_MET = regex.compile(
    r"(?:全面|全部|圆满|均已|均|已)?完成(?:了)?(?:年初设定的|年初|年度|全年|既定|预期)?(?:的)?"
    r"各项(?:绩效)?(?:指标|目标)(?:设定值|值|任务)?"
    r"|全面完成(?:了)?(?:年初设定的|年度|全年|既定|预期)?(?:的)?(?:绩效)?(?:目标|指标)(?:任务)?"
    r"|各项(?:绩效)?(?:指标|目标)(?:值)?(?:均|全部|都)(?:已|已经)?(?:完成|达到|达标|实现)"
    r"|(?:所有|全部)(?:绩效)?指标(?:均|全部|都)?(?:已|已经)?(?:完成|达到|达标)"
    r"|(?:没有|无|未出现|不存在)(?:较大|明显|重大)?(?:的)?偏离(?:绩效)?目标"
    r"|绩效目标(?:全部|均已|均|已全面|全面)(?:完成|实现|达成)"
)
# Commitments, hedges and negations before the cue in its clause: not a claim of completion.
_NOT_A_CLAIM = regex.compile(
    r"确保|力争|争取|保证|努力|计划|拟|将|以便|为了|要求|是否|能否|未能|尚未|没能|未|基本|大部分"
    r"|部分|大体|按要|如期|若|如果|一旦"
)
_TARGET_CONTEXT = regex.compile(r"目标|要求|不低于|不少于|力争|考核|序时|以上|达到\s*$")
_PAST_CONTEXT = regex.compile(r"上年|去年|上一年|同期|以前年度")
_SHORTFALL_WORDS = regex.compile(
    r"未(?:能)?(?:全部|全面)?(?:达到|完成|实现)(?:年度|全年|预期|既定|年初)?(?:的)?"
    r"(?:指标值|目标值|绩效目标|目标|指标|预期)"
)
_NUMBER_UNIT = r"(?P<{n}>\d+(?:\.\d+)?)\s*(?P<{u}>%|[\p{{Han}}]{{1,3}})"
_TARGET_ACTUAL = regex.compile(
    r"(?:指标值|目标值|计划值|预期值)\s*(?:为|是|:)?\s*(?P<sign>[≥>≤<]?)\s*"
    + _NUMBER_UNIT.format(n="target", u="tunit")
    + r"[^。;]{0,12}?实际(?:完成|达到|实现)?(?:值|数)?\s*(?:为|是|:)?\s*"
    + _NUMBER_UNIT.format(n="actual", u="aunit")
)
_CELL_VALUE = regex.compile(r"^(?P<sign>[≥>≤<]?)\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>%|[\p{Han}]{0,3})$")
# Lower is better, or no direction: cost, time and money targets are not compared.
_UNDIRECTED_UNITS = regex.compile(r"元|天|日|小时|月|年|分钟|工作日|秒")
_TARGET_HEADER = regex.compile(r"^(?:年度)?(?:指标值|目标值)$|^年度目标$|^计划值$")
_ACTUAL_HEADER = regex.compile(r"^实际(?:完成)?(?:值|数)?$|^完成值$|^全年实际值$")
_ALL_MET_ROLES = ("all_met",)


@dataclass(frozen=True)
class _Shortfall:
    """A figure that shows a target was not met, and how it shows it."""

    start: int
    end: int
    detail: str


def _exec_rate_floor(doc: AnalysedDocument) -> Decimal:
    value = doc.settings.get("all_met_exec_rate_floor")
    try:
        return Decimal(str(value)) if value is not None else DEFAULT_EXEC_RATE_FLOOR
    except InvalidOperation:
        return DEFAULT_EXEC_RATE_FLOOR


def all_met_claims(doc: AnalysedDocument) -> list[tuple[TextRange, regex.Match[str]]]:
    """Sentences claiming every target was met (a claim, not a commitment), with the cue."""
    found = []
    for unit in _units(doc):
        for match in _ALL_MET.finditer(unit.text):
            clause_start = max(unit.text.rfind(mark, 0, match.start()) for mark in ",，;:。") + 1
            if _NOT_A_CLAIM.search(unit.text[clause_start:match.start()]):
                continue
            found.append((unit, match))
            break
    return found


def shortfalls(doc: AnalysedDocument) -> list[_Shortfall]:
    """Execution rates below the floor and indicators whose actual value is below the target."""
    return doc.memo("claims.shortfalls", _compute_shortfalls)


def _compute_shortfalls(doc: AnalysedDocument) -> list[_Shortfall]:
    found = _low_exec_rates(doc)
    for sentence in _units(doc):
        for match in _TARGET_ACTUAL.finditer(sentence.text):
            shortfall = _compare(match.group("sign"), match.group("target"), match.group("tunit"),
                                 match.group("actual"), match.group("aunit"))
            if shortfall:
                found.append(_Shortfall(sentence.start + match.start(), sentence.start + match.end(),
                                        shortfall))
        words = _SHORTFALL_WORDS.search(sentence.text)
        if words and not any(f.start >= sentence.start and f.end <= sentence.end for f in found):
            found.append(_Shortfall(sentence.start + words.start(), sentence.start + words.end(),
                                    f"文中写明“{words.group(0)}”"))
    found += _table_shortfalls(doc)
    return sorted(found, key=lambda s: s.start)


def _low_exec_rates(doc: AnalysedDocument) -> list[_Shortfall]:
    from auditor.types import QuantityKind

    floor = _exec_rate_floor(doc)
    flow_text = doc.flow.text
    found = []
    for placed in doc.facts.facts:
        fact = placed.fact
        quantity = fact.quantity
        if (fact.attribute != "exec_rate" or quantity.kind is not QuantityKind.PERCENT
                or not quantity.is_exact or quantity.value >= floor):
            continue
        clause_start = max(flow_text.rfind(mark, 0, placed.flow_start) for mark in ",;。\n") + 1
        before = flow_text[clause_start:placed.flow_start]
        if _TARGET_CONTEXT.search(before) or _PAST_CONTEXT.search(before):
            continue
        found.append(_Shortfall(placed.flow_start, placed.flow_end,
                                f"执行率 {quantity.text.strip()} 低于 {floor}%"))
    return found


def _compare(sign: str, target: str, target_unit: str, actual: str, actual_unit: str) -> str | None:
    """A description of the shortfall when ``actual`` is below a ≥-style ``target``."""
    if sign in ("≤", "<") or target_unit != actual_unit or _UNDIRECTED_UNITS.search(target_unit):
        return None
    if Decimal(actual) >= Decimal(target):
        return None
    return f"实际值 {actual}{actual_unit} 低于指标值 {sign}{target}{target_unit}"


def _table_shortfalls(doc: AnalysedDocument) -> list[_Shortfall]:
    found = []
    columns: tuple[int, int] | None = None
    for row in table_rows(doc):
        cells = dict(row)
        target_columns = [c for c, cell in row if _TARGET_HEADER.match(cell.text)]
        actual_columns = [c for c, cell in row if _ACTUAL_HEADER.match(cell.text)]
        if target_columns and actual_columns:
            columns = (target_columns[0], actual_columns[0])
            continue
        if columns is None or columns[0] not in cells or columns[1] not in cells:
            continue
        target = _CELL_VALUE.match(cells[columns[0]].text)
        actual = _CELL_VALUE.match(cells[columns[1]].text)
        if not target or not actual:
            continue
        shortfall = _compare(target.group("sign"), target.group("number"), target.group("unit"),
                             actual.group("number"), actual.group("unit"))
        if shortfall:
            first = row[0][1]
            name = next((cell.text for c, cell in row if c < columns[0]), first.text)
            found.append(_Shortfall(cells[columns[1]].start, cells[columns[1]].end,
                                    f"绩效自评表“{name}”：{shortfall}"))
    return found


class AllMetVsShortfall(Rule):
    """自称“全面完成各项指标”，但有数据显示未完成。

    检查内容
        报告称完成了全部目标（“完成各项指标设定值”“全面完成各项绩效指标”“各项指标均已
        完成/达到”“没有较大偏离绩效目标”等），同一报告中却有数据显示未完成：执行率低于
        90%（可在配置中调整），或某项指标的实际完成值低于年度指标值（正文或绩效自评表），
        或正文写明“未达到年度指标值”。“确保/力争完成各项任务”之类的表态、“基本完成”
        不算完成全部目标的声明。发现位置在声明上，显示未完成的数据作为关联位置。

    为什么重要
        “全面完成”是自评结论的依据，与报告自身的数据相矛盾时，结论不可信，
        自评等级也往往随之偏高。

    示例
        错误：年初预算25万元，实际支出20万元，执行率为80%。……评价结论：完成各项指标设定值，
        没有较大偏离绩效目标，自评为优。
        正确：……评价结论：除预算执行率（80%）外，其余指标均已完成，自评为良。

    依据
        《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十八条：绩效自评应对照年初设定的
        绩效目标，如实反映目标完成情况，未完成的应说明偏离原因。
    """

    code = "AU203"
    name = "all-met-vs-shortfall"
    severity = Severity.WARNING
    family = "claims"

    def run(self, doc: AnalysedDocument) -> Iterator[Finding | Check]:
        claims = all_met_claims(doc)
        if not claims:
            return
        found = shortfalls(doc)
        if not found:
            return
        for sentence, match in claims:
            agrees = _agrees(doc, sentence.text, _ALL_MET_ROLES)
            if not agrees:
                continue
            start = sentence.start + match.start()
            span = doc.flow_span(start, sentence.start + match.end())
            shown = found[:3]
            related = [doc.flow_span(s.start, s.end) for s in shown]
            witness = [_sentence_at(doc, s.start) for s in shown]
            roles = _role_evidence(doc, [sentence, *witness])
            details = "；".join(dict.fromkeys(s.detail for s in shown))
            more = f"等 {len(found)} 处" if len(found) > len(shown) else ""
            message = (
                f"报告称“{span.text}”，但文中数据显示有目标未完成（{details}{more}）。"
                "请核实完成情况，或说明偏离原因。"
            )
            yield self.finding(
                span, message, related=related,
                evidence={"roles": roles, "cues": [match.group(0)],
                          "shortfalls": [s.detail for s in found]},
            )


# ---------------------------------------------------------------------------------------
# AU204 count-conflict

_NUM = r"(?:\d{1,4}|[零〇一二两三四五六七八九十百]{1,4})"
_PROBLEM_COUNT = regex.compile(
    rf"(?:发现|存在|反馈|梳理出?|查找出?|查摆出?|排查出?|检查出?)(?:各类|突出|主要|的)?"
    rf"(?:问题\s*(?:共(?:计)?)?\s*(?P<n>{_NUM})\s*(?:个|项|条|处)|(?:问题)?(?P<n2>{_NUM})\s*(?:个|项|条|处)(?:方面的?)?问题)"
)
_FIXED_COUNT = regex.compile(
    rf"(?:已|共)?(?:完成|落实|实现)?整改(?:完成|到位|销号|落实)?(?:问题)?\s*(?:共(?:计)?)?\s*"
    rf"(?P<n>{_NUM})\s*(?:个|项|条|处)"
)
_ANNOUNCED = regex.compile(
    rf"(?:(?:以下|如下|下列|下述)\s*(?P<n>{_NUM})\s*(?:个)?(?:方面|项|条|点|个)[^:。;]{{0,12}}"
    rf"|(?P<n2>{_NUM})\s*(?:个)?(?:方面|项|条|点)(?:的)?(?:主要)?"
    rf"(?:问题|措施|建议|举措|不足|原因|改进措施|整改措施|意见|工作))\s*[:]"
)
# Item markers: (style, pattern with the number in group 1)
_ITEM_MARKERS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("是", regex.compile(r"([一二三四五六七八九十]{1,3})是")),
    ("第", regex.compile(r"第([一二三四五六七八九十]{1,3})[,、]")),
    ("(一)", regex.compile(r"\(\s*([一二三四五六七八九十]{1,3})\s*\)")),
    ("1.", regex.compile(r"(\d{1,2})\s*(?:、|\.(?!\d))")),
    ("(1)", regex.compile(r"\(\s*(\d{1,2})\s*\)")),
    ("①", regex.compile(r"([①-⑳])")),
)
#: how far out a style sits (a heading of a smaller rank ends a list of a larger one)
_STYLE_RANK = {"(一)": 2, "1.": 3, "(1)": 4, "①": 5, "是": 6, "第": 6}
_OUTER_HEADING = regex.compile(r"^(?:第[一二三四五六七八九十]+(?:部分|章|节)|[一二三四五六七八九十]+\s*[、.])")


def _count_value(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    from auditor.extract.cn_numerals import NotANumeral, cn_integer

    try:
        return cn_integer(text)
    except NotANumeral:
        return None


def _marker_number(style: str, token: str) -> int | None:
    if style == "①":
        return ord(token) - ord("①") + 1
    return _count_value(token)


def _marker_at(text: str, position: int = 0) -> tuple[str, int] | None:
    """The item marker starting exactly at ``position`` (after spaces), as (style, number)."""
    while position < len(text) and text[position] in " \t":
        position += 1
    for style, pattern in _ITEM_MARKERS:
        match = pattern.match(text, position)
        if match:
            number = _marker_number(style, match.group(1))
            if number is not None:
                return style, number
    return None


def _inline_items(text: str) -> tuple[str, int] | None:
    """Items enumerated inside one text (一是…二是…): (style, how many, counted from 1)."""
    for style in ("是", "第", "(一)", "1.", "(1)", "①"):
        pattern = dict(_ITEM_MARKERS)[style]
        numbers = [_marker_number(style, m.group(1)) for m in pattern.finditer(text)]
        numbers = [n for n in numbers if n is not None]
        if numbers and numbers[0] == 1:
            count = 0
            for number in numbers:
                if number == count + 1:
                    count = number
            if count >= 2 or style == "是":
                return style, count
    return None


def listed_items(doc: AnalysedDocument, paragraph_index: int, after: int) -> tuple[str, int] | None:
    """``(style, count)`` of the items enumerated after an announcement.

    Inline items in the rest of the paragraph, continued by following paragraphs that open
    with the next marker; otherwise paragraphs opening with markers 1, 2, 3 … of one style,
    up to a heading of an outer level or a restart of the numbering.
    """
    paragraphs = doc.paragraphs
    rest = paragraphs[paragraph_index].text[after:]
    inline = _inline_items(rest) if rest.strip() else None
    following = [p for p in paragraphs[paragraph_index + 1:] if p.text.strip()]
    if inline is not None:
        style, count = inline
        for paragraph in following:
            marker = _marker_at(paragraph.text)
            if marker != (style, count + 1):
                break
            count += 1
        return style, count
    if rest.strip() or not following:
        return None
    first = _marker_at(following[0].text)
    if first is None or first[1] != 1:
        return None
    style, count = first[0], 1
    for paragraph in following[1:]:
        text = paragraph.text.lstrip()
        if _OUTER_HEADING.match(text) and _STYLE_RANK[style] > 1:
            break
        marker = _marker_at(text)
        if marker is None:
            continue
        if marker[0] == style:
            if marker[1] != count + 1:
                break
            count += 1
        elif _STYLE_RANK.get(marker[0], 9) < _STYLE_RANK[style]:
            break
    return style, count


@dataclass(frozen=True)
class _CountRelation:
    """Two counts of one document compared: where, the outcome and what was compared."""

    primary: tuple[int, int]
    related: tuple[int, int] | None
    message: str
    cues: tuple[str, ...]
    sentence: TextRange
    holds: bool = False


def count_relations(doc: AnalysedDocument) -> list[_CountRelation]:
    """Problems found vs rectified, and announced item counts vs the items listed."""
    found: list[_CountRelation] = []
    for sentence in _units(doc):
        problem = _PROBLEM_COUNT.search(sentence.text)
        fixed = _FIXED_COUNT.search(sentence.text, problem.end()) if problem else None
        if problem and fixed:
            problems = _count_value(problem.group("n") or problem.group("n2"))
            rectified = _count_value(fixed.group("n"))
            if problems is not None and rectified is not None:
                found.append(_CountRelation(
                    (sentence.start + fixed.start(), sentence.start + fixed.end()),
                    (sentence.start + problem.start(), sentence.start + problem.end()),
                    f"称发现问题 {problems} 个，却又称整改 {rectified} 个，整改数多于问题数。",
                    (problem.group(0), fixed.group(0)), sentence, rectified <= problems))
    for index, paragraph in enumerate(doc.paragraphs):
        if "\t" in paragraph.text:
            continue
        for match in _ANNOUNCED.finditer(paragraph.text):
            announced = _count_value(match.group("n") or match.group("n2"))
            listed = listed_items(doc, index, match.end())
            if announced is None or listed is None:
                continue
            style, count = listed
            start = paragraph.start + match.start()
            found.append(_CountRelation(
                (start, paragraph.start + match.end()), None,
                f"称有 {announced} 项（“{match.group(0).strip(' :')}”），其后只列出 {count} 项"
                if count < announced else
                f"称有 {announced} 项（“{match.group(0).strip(' :')}”），其后却列出 {count} 项",
                (match.group(0), f"列举：{style} × {count}"),
                _sentence_at(doc, start), count == announced))
    return found


class CountConflict(Rule):
    """报告自己给出的数目前后不一致。

    检查内容
        两类数目：一是“发现问题N个”与“已完成整改M个”，整改数多于问题数（如“发现问题0个，
        已完成整改3个”）；二是“主要存在以下四个方面的问题：”“提出3条建议：”之类宣称的
        条数，与其后实际列举的条目（一是……二是……、（一）（二）……、1. 2. ……）数目不同。
        只在冒号后紧接列举、且编号从1起连续时计数；列举被外层标题或重新编号截止。

    为什么重要
        数目不符说明内容被删改后未同步，或问题、整改情况系套用模板，
        读者无法判断哪一处是准确的。

    示例
        错误：绩效自评中共发现问题0个，已完成整改5个。
        错误：主要存在以下四个方面的问题：一是……；二是……；三是……。
        正确：主要存在以下三个方面的问题：一是……；二是……；三是……。

    依据
        《党政机关公文格式》（GB/T 9704—2012）及公文写作规范：文中所述数目与所列事项应当一致；
        《项目支出绩效评价管理办法》（财预〔2020〕10号）要求如实反映问题及整改情况。
    """

    code = "AU204"
    name = "count-conflict"
    severity = Severity.WARNING
    family = "claims"

    def run(self, doc: AnalysedDocument) -> Iterator[Finding | Check]:
        for conflict in count_relations(doc):
            span = doc.flow_span(*conflict.primary)
            related = [doc.flow_span(*conflict.related)] if conflict.related else []
            yield Check("count", CheckStatus.PASS if conflict.holds else CheckStatus.FAIL, span,
                        "；".join(conflict.cues) + ("✓" if conflict.holds else "✗"), tuple(related))
            if conflict.holds:
                continue
            yield self.finding(
                span, f"{conflict.message}请核实数目。", related=related,
                evidence={"roles": _role_evidence(doc, [conflict.sentence]),
                          "cues": list(conflict.cues)},
            )

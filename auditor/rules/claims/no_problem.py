"""AU201 no-problem-vs-rectification: "存在问题：无" in a report that rectifies problems."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from auditor.document import AnalysedDocument
from auditor.rules.base import Rule
from auditor.rules.claims.common import (
    HEADING_NUMBER,
    inside,
    role_evidence,
    role_gated,
    table_rows,
    units,
)
from auditor.rules.claims.problems import (
    Cue,
    compact,
    denial,
    in_problem_section,
    problem_evidence,
)
from auditor.text.sentences import TextRange
from auditor.types import Check, Finding, Severity

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
    rf"(?:^|[\s。;])(?:{HEADING_NUMBER}\s*)?{_PROBLEM_LABEL}\s*[:]\s*{_NONE_ANSWER}\s*[。.;]?\s*$"
)
_PROBLEM_HEADING = regex.compile(rf"^(?:{HEADING_NUMBER})?\s*{_PROBLEM_LABEL}\s*[:]?\s*$")
_NONE_BODY = regex.compile(rf"^(?:{_NONE_ANSWER}|暂未发现(?:问题)?)\s*[。.]?$")
_SELF_EVALUATION_LEAD = regex.compile(
    r"^(?:\s*(?:经|通过)(?:自评|评价|核查|自查|认真自查|绩效自评)|总体(?:来看|而言|上看)"
    r"|本(?:部门|单位|项目|次(?:自评|评价))|(?:在|经)?(?:项目)?(?:实施|执行|自评)(?:过程)?中"
    r"|(?:绩效)?自评(?:中|发现)|评价(?:结论|结果))"
)
_SHORT_CLAIM = 24

if TYPE_CHECKING:
    from auditor.extract.extraction import Extraction


_NO_PROBLEM_ROLES = ("no_problem",)


def no_problem_assertions(doc: AnalysedDocument) -> list[Cue]:
    """Places (flow ranges) where the report says it has no problems, with the cue."""
    found: list[Cue] = []
    paragraphs = doc.paragraphs
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if "\t" in text:
            continue
        match = _INLINE_NO_PROBLEM.search(text)
        if match:
            said = match.group(0)
            start = paragraph.start + match.start() + len(said) - len(said.lstrip(" \t。;"))
            found.append(Cue(TextRange(start, paragraph.end, doc.flow.text[start:paragraph.end],
                                       paragraph.paragraph), said.strip(" 。;")))
        elif _PROBLEM_HEADING.match(text.strip()):
            body = _next_nonblank(paragraphs, index)
            if body is not None and _NONE_BODY.match(body.text.strip()):
                found.append(Cue(body, f"{text.strip()} → {body.text.strip()}"))
    found += _table_no_problem(doc)
    for unit in units(doc):
        if inside(unit.start, (c.range for c in found)):
            continue
        labelled = _INLINE_NO_PROBLEM.search(unit.text)
        if labelled is not None:  # 存在的问题：无。 as a sentence of a longer paragraph
            found.append(Cue(unit, labelled.group(0).strip(" 。;")))
            continue
        denied = denial(unit.text)
        if denied is not None and denied.general and _is_report_level_claim(doc, unit):
            # the role model reads the claim up to its clause's end (not 运行情况良好 after it)
            found.append(Cue(unit, denied.text, compact(unit.text)[:denied.clause_end]))
    accepted = role_gated(doc, found, _NO_PROBLEM_ROLES, lambda cue: cue.claim_text)
    return sorted(accepted, key=lambda c: c.range.start)


def _next_nonblank(paragraphs: list[TextRange], index: int) -> TextRange | None:
    for paragraph in paragraphs[index + 1:]:
        if paragraph.text.strip():
            return paragraph
    return None


def _table_no_problem(doc: AnalysedDocument) -> list[Cue]:
    """``存在问题\t无`` (label cell, answer cell) or a cell ``存在问题：无`` in a table."""
    found = []
    for row in table_rows(doc):
        cells = [cell for _, cell in row]
        for index, cell in enumerate(cells):
            if _INLINE_NO_PROBLEM.search(cell.text):
                found.append(Cue(cell, cell.text))
            elif (_PROBLEM_HEADING.match(cell.text) and index + 1 < len(cells)
                  and _NONE_BODY.match(cells[index + 1].text)):
                answer = cells[index + 1]
                joined = TextRange(cell.start, answer.end,
                                   doc.flow.text[cell.start:answer.end], -1)
                found.append(Cue(joined, f"{cell.text}｜{answer.text}"))
    return found


def _is_report_level_claim(doc: AnalysedDocument, unit: TextRange) -> bool:
    """A no-problem sentence about the report's subject, not about a detail of it: short,
    or opened as a finding of the evaluation (经自评，…), or in the problems section."""
    stripped = regex.sub(rf"^{HEADING_NUMBER}\s*", "", unit.text)
    if len(stripped) <= _SHORT_CLAIM:
        return True
    return bool(_SELF_EVALUATION_LEAD.match(stripped)) or in_problem_section(doc, unit.start)


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

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        assertions = no_problem_assertions(doc)
        if not assertions:
            return
        claimed = [a.range for a in assertions]
        part = extraction.period.part if extraction.period is not None else (lambda _: 0)
        # a report bound into a book answers for its own problems only
        parts = {part(a.range.start) for a in assertions}
        evidence = [e for e in problem_evidence(doc)
                    if not inside(e.range.start, claimed) and part(e.range.start) in parts]
        if not evidence:
            return
        primary = assertions[0]
        primary_span = doc.flow_span(primary.range.start, primary.range.end)
        cues = sorted({e.cue for e in evidence})
        related = [doc.flow_span(a.range.start, a.range.end) for a in assertions[1:]]
        related += [doc.flow_span(e.range.start, e.range.end) for e in evidence[:5]]
        shown = [*assertions, *evidence[:5]]
        roles = role_evidence(doc, [c.range for c in shown])
        message = (
            f"报告称“{primary_span.text.strip()}”（无问题），但又写有问题描述或针对问题的整改"
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


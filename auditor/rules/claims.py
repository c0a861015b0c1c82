"""Claim rules: what a report asserts about itself against what it says elsewhere (AU2xx)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor.document import AnalysedDocument
from auditor.rules.base import Rule
from auditor.text.sentences import TextRange
from auditor.types import Check, Finding, Severity

_PROBLEM_LABEL = r"(?:存在的?(?:主要)?问题(?:及原因(?:分析)?)?|主要问题|问题及原因)"
_NONE_ANSWER = r"(?:无|暂无|没有|未发现(?:问题)?|不存在(?:问题)?)"
# "存在问题：无。" inline, or a problems heading whose whole body is "无。".
_INLINE_NO_PROBLEM = regex.compile(rf"{_PROBLEM_LABEL}\s*[:]\s*{_NONE_ANSWER}\s*[。.;]?\s*$")
_HEADING_NUMBER = r"(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\))"
_PROBLEM_HEADING = regex.compile(rf"^{_HEADING_NUMBER}?\s*{_PROBLEM_LABEL}\s*[:]?\s*$")
_NONE_BODY = regex.compile(rf"^{_NONE_ANSWER}\s*[。.]?$")
_NO_PROBLEM_SENTENCE = regex.compile(
    r"(?:未发现|不存在|没有发现|没有)(?:任何|明显|突出)?(?:的)?(?:问题|不足)(?<!重大问题)[。.]?$"
)
# Measures that answer problems found: "针对…存在的问题", "整改措施" followed by items.
_RECTIFICATION = regex.compile(
    r"针对[^。;\n]{0,30}?(?:存在|发现|反映|暴露)(?:的|出的)?(?:问题|不足)"
    r"|(?:对|就)(?:上述|以上|存在的|发现的)(?:问题|不足)(?:进行|予以|加以|采取)?(?:整改|改进)"
    r"|问题整改(?:情况|措施)"
)
_MEASURES_LABEL = regex.compile(r"^(?:[一二三四五六七八九十]+\s*[、.]\s*)?(?:整改措施|整改情况)\s*[:]?\s*$")


def no_problem_assertions(doc: AnalysedDocument) -> list[TextRange]:
    """Sentences (flow ranges) where the report says it has no problems."""
    found: list[TextRange] = []
    paragraphs = doc.paragraphs
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if _INLINE_NO_PROBLEM.search(text):
            found.append(paragraph)
        elif _PROBLEM_HEADING.match(text) and index + 1 < len(paragraphs):
            body = paragraphs[index + 1]
            if _NONE_BODY.match(body.text.strip()):
                found.append(body)
    for sentence in doc.sentences:
        if _NO_PROBLEM_SENTENCE.search(sentence.text) and not any(
            r.start <= sentence.start < r.end for r in found
        ):
            found.append(sentence)
    return sorted(found, key=lambda r: r.start)


def rectification_evidence(doc: AnalysedDocument) -> list[tuple[TextRange, str]]:
    """Sentences that rectify problems found, with the cue that says so."""
    evidence: list[tuple[TextRange, str]] = []
    for sentence in doc.sentences:
        match = _RECTIFICATION.search(sentence.text)
        if match:
            evidence.append((sentence, match.group(0)))
    for paragraph in doc.paragraphs:
        if _MEASURES_LABEL.match(paragraph.text.strip()):
            evidence.append((paragraph, paragraph.text.strip()))
    return sorted(evidence, key=lambda item: item[0].start)


class NoProblemVsRectification(Rule):
    """自称“无问题”却又列出整改措施。

    检查内容
        报告在“存在问题”处写“无”（“存在问题：无。”、问题部分正文只有“无。”、
        “未发现问题”等），同一报告却又写有针对问题的整改：
        “针对……存在的问题”、“对上述问题进行整改”、单列的“整改措施”部分等。
        发现位置在“无问题”的表述上，整改内容作为关联位置；消息列出触发的线索。
        “无重大问题”本身不算“无问题”，不会触发。

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
        evidence = [
            (sentence, cue) for sentence, cue in rectification_evidence(doc)
            if not any(a.start <= sentence.start < a.end for a in assertions)
        ]
        if not evidence:
            return
        primary = assertions[0]
        primary_span = doc.flow_span(primary.start, primary.end)
        cues = sorted({cue for _, cue in evidence})
        related = [doc.flow_span(a.start, a.end) for a in assertions[1:]]
        related += [doc.flow_span(s.start, s.end) for s, _ in evidence[:5]]
        message = (
            f"报告称“{primary_span.text.strip()}”（无问题），但又写有针对问题的整改内容"
            f"（线索：{'、'.join(f'“{c}”' for c in cues[:4])}）。"
            "请核实是否隐瞒了自评中发现的问题，或整改措施系套用模板。"
        )
        yield self.finding(
            primary_span,
            message,
            related=related,
            evidence={"cues": cues, "no_problem_statements": len(assertions)},
        )

"""Hand-built document results for the report tests (no pipeline needed).

Spans are located by the text they cover (``first``/``nth``), never by hard-coded offsets,
so the samples stay right when their text is edited.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from auditor.locate import Locator
from auditor.result import DocumentResult
from auditor.rules.base import fingerprint
from auditor.types import (
    Check,
    CheckStatus,
    Fact,
    Finding,
    Quantity,
    QuantityKind,
    Severity,
    Source,
    Span,
)

_OVERVIEW = (
    "本部门 2023 年度申请预算资金 97.43 万元,实际支出 91.67 万元,预算执行率 94.09%。"
    "其中:预算项目 1 个,金额合计 25.00 万元,到位数 20.00 万元,实际支出 20.00 元,执行率为 80%。"
)

SEED_LIKE = f"""2023 年度妇联整体绩效自评工作报告

一、部门整体概况

{_OVERVIEW}

二、绩效实现情况分析

（一）部门整体绩效目标完成情况

根据年初设定的部门整体绩效目标，预算执行率94.09%，完成2023年整体绩效目标。

（二）项目绩效目标完成情况

年初预算为 25 万元，到位数 20.00 万元，实际支出 20.00 元，执行率为 80%。今年以来共开展活动12场次。

（一）强化思想引领

三、存在的问题

存在问题：无。

四、整改措施

针对本部门绩效自评中存在的问题，按要式完成整改。
"""

HOSTILE = """报告标题<script>alert(1)</script>

单位名称："><img src=x onerror=alert(1)>，预算 10 万元。
</textarea></pre><svg onload=alert(1)> 结束 ' " & <b>粗体</b>
"""


def nth(text: str, needle: str, n: int = 1) -> int:
    """Offset of the ``n``-th occurrence of ``needle`` in ``text`` (1-based)."""
    position = -1
    for _ in range(n):
        position = text.index(needle, position + 1)
    return position


def span_of(locator: Locator, needle: str, n: int = 1) -> Span:
    """The located span of the ``n``-th occurrence of ``needle``."""
    start = nth(locator.source.text, needle, n)
    return locator.span(start, start + len(needle))


def make_finding(code: str, name: str, severity: Severity, message: str, span: Span,
                 related: tuple[Span, ...] = (), evidence: dict | None = None) -> Finding:
    """A finding with the same fingerprint a rule would compute."""
    evidence = evidence or {}
    return Finding(code, name, severity, message, span, related, evidence,
                   fingerprint(code, span.text, evidence))


def money(locator: Locator, needle: str, mantissa: str, unit: str, n: int = 1) -> Quantity:
    """A money quantity for the ``n``-th occurrence of ``needle``."""
    span = span_of(locator, needle, n)
    multiplier = Decimal(10000) if unit == "万元" else Decimal(1)
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return Quantity(span.start, span.end, span.text, Decimal(mantissa), decimals, unit,
                    multiplier, QuantityKind.MONEY)


def source_of(text: str, path: str = "reports/妇联.txt",
              page_starts: tuple[int, ...] = ()) -> Source:
    """A text source as the txt reader would return it."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(path=path, format="txt", text=text, sha256=digest, page_starts=page_starts)


def seed_like_result(path: str = "reports/妇联2023自评报告.txt",
                     text: str = SEED_LIKE) -> DocumentResult:
    """A result with findings of every severity, related spans, overlaps, facts and checks."""
    pages = (0, nth(text, "（二）项目绩效"))
    source = source_of(text, path, pages)
    loc = Locator(source)
    slip = span_of(loc, "实际支出 20.00 元")
    findings = [
        make_finding(
            "AU101", "unit-scale-mismatch", Severity.ERROR,
            "实际支出写作 20.00 元，而同一项目的到位数为 20.00 万元，"
            "执行率 80% 仅在 20.00 万元时成立，疑为单位错误",
            slip, (span_of(loc, "到位数 20.00 万元"), span_of(loc, "执行率为 80%")),
            {"expected_unit": "万元"},
        ),
        make_finding(
            "AU102", "rate-mismatch", Severity.WARNING,
            "执行率 80% 与 20.00 元 / 25.00 万元 = 0.008% 不符",
            span_of(loc, "20.00 元"), (span_of(loc, "25.00 万元"),),
            {"computed": "0.008%"},
        ),
        make_finding(
            "AU101", "unit-scale-mismatch", Severity.ERROR,
            "实际支出写作 20.00 元，与到位数 20.00 万元单位不一致",
            span_of(loc, "实际支出 20.00 元", 2), (span_of(loc, "到位数 20.00 万元", 2),),
        ),
        make_finding(
            "AU301", "heading-sequence", Severity.ERROR,
            "标题编号重新开始：本节已有（一）（二），此处又出现（一）",
            span_of(loc, "（一）强化思想引领"), (span_of(loc, "（二）项目绩效目标完成情况"),),
        ),
        make_finding(
            "AU201", "no-problem-vs-rectification", Severity.ERROR,
            "称“存在问题：无”，后文却针对“存在的问题”提出整改措施",
            span_of(loc, "存在问题：无。"), (span_of(loc, "针对本部门绩效自评中存在的问题"),),
        ),
        make_finding(
            "AU402", "relative-time", Severity.INFO,
            "“今年”所指年份不明确：报告年度为 2023 年",
            span_of(loc, "今年以来"),
        ),
        make_finding(
            "AU501", "typo", Severity.WARNING, "疑为错别字：“按要式”应为“按要求”",
            span_of(loc, "按要式"),
        ),
    ]
    checks = [
        Check("rate", CheckStatus.PASS, span_of(loc, "预算执行率 94.09%"),
              "91.67 / 97.43 = 94.09%", (span_of(loc, "97.43 万元"), span_of(loc, "91.67 万元"))),
        Check("rate", CheckStatus.FAIL, span_of(loc, "执行率为 80%"),
              "20.00 元 / 25.00 万元 = 0.008% ≠ 80%"),
        Check("rate", CheckStatus.PASS, span_of(loc, "预算执行率94.09%"), "91.67 / 97.43 = 94.09%"),
    ]
    facts = [
        Fact("本部门", "budget", money(loc, "97.43 万元", "97.43", "万元")),
        Fact("本部门", "spent", money(loc, "91.67 万元", "91.67", "万元")),
        Fact("妇联活动经费", "received", money(loc, "20.00 万元", "20.00", "万元")),
        Fact("妇联活动经费", "spent", money(loc, "20.00 元", "20.00", "元")),
    ]
    return DocumentResult(path, "txt", source.sha256, source, tuple(findings), tuple(checks),
                          tuple(facts))


def hostile_result(path: str = 'reports/<script>alert("p")</script>.txt') -> DocumentResult:
    """A report whose text, path and messages all try to inject markup."""
    source = source_of(HOSTILE, path)
    loc = Locator(source)
    findings = (
        make_finding("AU503", "placeholder-residue", Severity.WARNING,
                     "消息里也有 <script>alert(2)</script> 和 \"><img src=x onerror=alert(3)>",
                     span_of(loc, "<script>alert(1)</script>"),
                     (span_of(loc, '"><img src=x onerror=alert(1)>'),)),
        make_finding("AU502", "punctuation-width", Severity.INFO, "<b>不应加粗</b>",
                     span_of(loc, "<svg onload=alert(1)>")),
    )
    return DocumentResult(path, "txt", source.sha256, source, findings)


def error_result(path: str = "reports/扫描件.pdf") -> DocumentResult:
    """A document that could not be audited."""
    message = "PDF 没有文本层（扫描件），本工具不做 OCR"
    return DocumentResult(path, "pdf", "", None, error=("AU003", message))


def clean_result(path: str = "reports/干净的报告.txt") -> DocumentResult:
    """A readable document without findings."""
    source = source_of("一、部门概况\n\n本部门预算 10 万元，支出 10 万元。\n", path)
    return DocumentResult(path, "txt", source.sha256, source)

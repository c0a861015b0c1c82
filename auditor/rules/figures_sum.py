"""Sum rules: a total and its listed parts (AU104), parts larger than their whole (AU107)."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.document import AnalysedDocument
from auditor.extract.extraction import Extraction
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import RelationKind
from auditor.extract.relations.bound import Bound, BoundViolation
from auditor.extract.relations.sum import SumRelation
from auditor.rules.base import Rule
from auditor.rules.readings_text import readings_tried
from auditor.rules.table_items import table_items
from auditor.text.normalize import normalize_width
from auditor.types import Check, CheckStatus, Finding, Severity, Span


def _span(doc: AnalysedDocument, placed: PlacedFact) -> Span:
    return doc.quantity_span(placed.fact.quantity)


def _text(placed: PlacedFact) -> str:
    return normalize_width("".join(placed.fact.quantity.text.split()))


def _part_spans(doc: AnalysedDocument, relation: SumRelation) -> list[Span]:
    return [_span(doc, part.amount) for part in relation.parts]


def _share_spans(doc: AnalysedDocument, relation: SumRelation) -> list[Span]:
    return [_span(doc, part.share) for part in relation.parts if part.share is not None]


class SumMismatch(Rule):
    """合计与分项不符：“合计/总计……其中……”列全了各组成部分，分项之和却不等于合计。

    检查内容
        找出合计数与其后“其中”（或“包括：”“如下：”）列出的分项，按各数字所写的小数位
        确定容差区间（写作 105.58 表示 [105.575, 105.585]），把分项区间相加后与合计比较，
        区间无法相交才判为不符——三个两位小数的分项与合计差 0.01～0.02 属于正常的四舍五入。
        绩效自评表（Word 表格或文本中以制表符分隔的表格）中的合计行、总分行同样核对，
        发现位置标明表格、行、列。
        只有能确认列全时才核对相等：文中写明“分别为/包括：/由……组成”，各分项占比合计为
        100%，以“其他……”项收尾，或属于固定的组成（基本支出＋项目支出、人员经费＋公用经费、
        一般债务＋专项债务、“三公”经费的三项、货物＋工程＋服务、自评得分的预算执行率＋产出＋
        效益＋满意度等）。只列主要项目的“其中”不核对相等，分项之和超过合计时由 AU107 报告。
        写作“0万元”的分项按精确的零计，不放宽容差。列出占比时，各占比之和也记录在 checks
        中；某个占比与“分项÷合计”不符时由 AU102 在该占比上报告，这里不重复报告。
        列表的结构先读出来再相加：分项自己又列出细项（“经常性支出……包括本级……、对下
        补助……”）时，细项只与该分项核对，不重复计入合计；列表在下一个合计或另一类收支
        处结束。加总不成立时还试其他读法：某个分项在报告别处写成另一个值而按那个值成立时，
        改由 AU105 报告前后不一；把一个金额按相差一万倍的单位读而成立时，改由 AU101 报告。
        evidence 的 readings 列出试过的读法及其算式。
        每个被核对的合计都记录在 checks 中（通过或不通过，附算式）。

    为什么重要
        合计与分项对不上，说明至少有一个数字抄错或漏列，决算说明与报表将无法互相印证。

    示例
        错误：本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 212.24 万元，占 65.70%。
        正确：本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 202.24 万元，占 65.70%。

    依据
        《部门决算报表编制说明》中收入、支出合计与分项的勾稽关系；
        XBRL Calculations 1.1 关于按精度比较合计的做法。
    """

    code = "AU104"
    name = "sum-mismatch"
    severity = Severity.ERROR
    family = "figures"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for relation in extraction.sums:
            total_span = _span(doc, relation.total)
            parts = _part_spans(doc, relation)
            yield Check("sum", CheckStatus.PASS if relation.holds else CheckStatus.FAIL,
                        total_span, relation.detail, tuple(parts))
            shares = _share_spans(doc, relation)
            if relation.shares_hold is not None:
                yield Check("sum", CheckStatus.PASS if relation.shares_hold else CheckStatus.FAIL,
                            shares[0], relation.share_detail(), tuple(shares[1:]))
            # Open lists and single oversized parts are AU107's; a wrong 占X% is pinpointed
            # by its own part/total relation (AU102 via share_relations), so the Σ 占X%
            # check is recorded but not reported a second time here.
            failed = not relation.holds or relation.explained_by is not None
            if relation.complete and not relation.exceeding and failed:
                culprit = ""
                if relation.explained_by is not None:
                    other, figure = relation.explained_by
                    culprit = (f"其中“{_text(figure)}”在报告别处写作“{_text(other)}”，"
                               "按后者计算正好相等。")
                yield self.finding(
                    total_span,
                    f"合计 {_text(relation.total)} 与所列分项之和 {relation.shown_sum()} 不符"
                    f"（{relation.signal}，应相等）。{culprit}",
                    related=parts,
                    evidence={"scope": relation.total.fact.scope,
                              "relation": relation.detail,
                              "readings": readings_tried(relation)},
                )
        yield from table_items(self, extraction, RelationKind.TABLE_COLUMN_SUM)


class PartExceedsWhole(Rule):
    """部分大于整体：“其中”的分项大于合计，到位资金超过预算，占比超过 100%。

    检查内容
        - “其中”所列的某一分项按容差区间仍大于合计数；
        - 只列主要项目的“其中”，各分项之和已超过合计数（人数、户数等计数可能互相重叠，不按此报告）；
        - 同一句中的到位资金超过预算数（同一主体），且前后文未说明追加、调增、调整预算
          或结转、上年结余等原因；
        - “占X%”大于 100%；资金到位率大于 100% 且未说明原因。
        “完成年初预算的103.37%”（超额完成）和“增长120%”不是占比，不在此列。
        分项按列表的结构归属：细项只与它所属的分项比较，不与合计比较；列表在下一个合计处
        结束，也在“控制在限额以内”之类的限额处结束（限额不是分项）。
        一个“其中”同时分解几个合计（“收入 A、支出 B。其中，甲收入 a、支出 b；
        乙收入 c、支出 d”）时，按名称对应逐项归属：a、c 是 A 的分项，b、d 是 B 的分项。
        evidence 的 readings 列出试过的读法（分项之和、列全与否）及其算式。

    为什么重要
        部分不可能大于整体；出现这种情况，要么数字抄错，要么遗漏了说明（如追加预算），
        都会让读者对报告的可信度产生怀疑。

    示例
        错误：“三公”经费支出 5.00 万元，其中：公务接待费 8.00 万元。
        正确：“三公”经费支出 8.50 万元，其中：公务接待费 8.00 万元。

    依据
        《部门决算报表编制说明》的勾稽关系；《项目支出绩效评价管理办法》（财预〔2020〕10号）
        关于资金到位情况的口径。
    """

    code = "AU107"
    name = "part-exceeds-whole"
    severity = Severity.ERROR
    family = "figures"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        reported: set[int] = set()
        for relation in extraction.sums:
            yield from self._sum_findings(doc, relation)
            # the 占X% of an oversized part is a consequence, not a second defect
            reported.update(part.share.flow_start for part in relation.exceeding
                            if part.share is not None)
        for violation in extraction.bounds:
            if violation.figure.flow_start not in reported:
                yield self._bound_finding(doc, violation)

    def _sum_findings(self, doc: AnalysedDocument, relation: SumRelation) -> Iterator[Finding]:
        total_span = _span(doc, relation.total)
        evidence = {"scope": relation.total.fact.scope, "relation": relation.detail,
                    "readings": readings_tried(relation)}
        for part in relation.exceeding:
            yield self.finding(
                _span(doc, part.amount),
                f"分项“{part.label}” {_text(part.amount)} 大于其合计 {_text(relation.total)}。",
                related=[total_span],
                evidence={**evidence, "part": part.label},
            )
        if relation.exceeding:
            return
        if not relation.complete and relation.exceeds:
            yield self.finding(
                total_span,
                f"“其中”所列分项之和 {relation.shown_sum()} 已超过合计 {_text(relation.total)}。",
                related=_part_spans(doc, relation),
                evidence=evidence,
            )

    def _bound_finding(self, doc: AnalysedDocument, violation: BoundViolation) -> Finding:
        related = [_span(doc, violation.bound)] if violation.bound is not None else []
        kind = violation.bound_kind
        severity = Severity.ERROR if kind is Bound.SHARE_OVER_WHOLE else Severity.WARNING
        return self.finding(
            _span(doc, violation.figure),
            _bound_message(violation),
            related=related,
            evidence={"kind": kind.value, "scope": violation.figure.fact.scope,
                      "attribute": violation.figure.fact.attribute},
            severity=severity,
        )


def _bound_message(violation: BoundViolation) -> str:
    figure = violation.figure.fact.quantity.text
    if violation.bound_kind is Bound.SHARE_OVER_WHOLE:
        return f"占比 {figure} 超过 100%：部分不可能大于整体。"
    if violation.bound_kind is Bound.RECEIVED_RATE_OVER_WHOLE:
        return f"资金到位率 {figure} 超过 100%，且未说明追加或调整预算的原因。"
    bound = _text(violation.bound) if violation.bound is not None else ""
    return (f"到位资金 {_text(violation.figure)} 超过预算 {bound}，"
            "且未说明追加、调整预算或结转资金等原因。")

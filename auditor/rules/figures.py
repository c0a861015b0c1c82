"""Figure rules: relations between the numbers a report states (AU1xx)."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.document import AnalysedDocument
from auditor.extract.arithmetic import plain
from auditor.extract.extraction import Extraction
from auditor.extract.relations.base import Assumption, RelationKind
from auditor.extract.relations.change import ChangeCheck
from auditor.extract.relations.rate import RateRelation
from auditor.extract.relations.slip import UnitTwin
from auditor.extract.relations.sum import SumRelation, unit_slips
from auditor.rules.base import Rule
from auditor.rules.readings_text import readings_tried
from auditor.rules.table_items import table_items
from auditor.types import Check, CheckStatus, Finding, Severity

RATE_NAMES = {
    "exec_rate": "执行率",
    "completion_rate": "完成预算比例",
    "received_rate": "到位率",
    "share": "占比",
}


def _relations(extraction: Extraction) -> tuple[RateRelation, ...]:
    """Stated rates (执行率 …) and shares (其中 X，占Y%) with the figures they come from."""
    return extraction.rates + extraction.shares


def _span(doc: AnalysedDocument, placed):
    return doc.quantity_span(placed.fact.quantity)


class UnitScaleMismatch(Rule):
    """金额单位错位：同一组数字中一个金额的单位（元/万元/亿元）写错。

    检查内容
        同一句（或“其中”之后的同一部分）里的金额通常使用同一单位。当所述比率
        （执行率、完成预算的X%、到位率）或“合计……其中……”的加总按原单位计算不成立、
        而把其中一个单位与众不同的金额按同句通用单位（如把“20.00 元”读作“20.00 万元”）
        计算后恰好成立时，判定该金额单位错位。同一句中两个不同口径的金额数字完全相同、
        只有单位不同（“全年预算234.21万元，实际支出234.21元”），且写作元的那个是句中唯一
        以元计的金额时，也判定为单位错位（“每亩100元”之类的单价不计）。发现位置在写错单位的金额上，比率和其他金额作为关联位置。
        把一个金额按相差一万倍的单位读（元↔万元、万元↔亿元），是比率、加总、增减关系的
        另一种“读法”：只有按所写单位的各种读法（见 AU102、AU103、AU104）都不成立、
        而只改这一个金额的单位就成立时，才判定为单位错位；同一个金额只报告一次。
        “其中”只列主要项目时，分项之和小于合计本属正常；但若把某一个分项（或合计本身）
        按大一万倍的单位读，各项之和恰好等于合计（按各数所写数值相加，差额在合计的末位精度
        以内），也判定该金额单位错位：恰好相等不是巧合。
        evidence 的 readings 列出试过的读法及其算式。

    为什么重要
        “万元”误写为“元”会使金额相差一万倍，读者无法判断哪个数字可信；
        这是自评报告中最常见、也最容易被忽视的硬伤。

    示例
        错误：年初预算为 25 万元，到位数 20.00 万元，实际支出 20.00 元，执行率为 80%。
        正确：年初预算为 25 万元，到位数 20.00 万元，实际支出 20.00 万元，执行率为 80%。

    依据
        《项目支出绩效评价管理办法》（财预〔2020〕10号）对绩效自评数据真实准确的要求；
        金额单位以同句其他金额和所述比率为证。
    """

    code = "AU101"
    name = "unit-scale-mismatch"
    severity = Severity.ERROR
    family = "figures"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for relation in _relations(extraction):
            if relation.slipped is None or relation.slip_multiplier is None:
                continue
            slipped = relation.slipped.fact.quantity
            others = [p for p in (relation.part, relation.whole, relation.rate)
                      if p is not relation.slipped]
            as_written = relation.computed_percent
            unit = _UNIT_NAMES.get(int(relation.slip_multiplier), "同句通用单位")
            rate_name = RATE_NAMES.get(relation.rate.fact.attribute, "比率")
            message = (
                f"“{' '.join(slipped.text.split())}”的单位疑似写错：同句其他金额以{unit}计，"
                f"按原单位计算{rate_name}为 {plain(as_written or 0, 4)}%，"
                f"与所述 {relation.rate.fact.quantity.text} 不符；按{unit}计算则正好相符。"
            )
            yield self.finding(
                _span(doc, relation.slipped),
                message,
                related=[_span(doc, p) for p in others],
                evidence={
                    "attribute": relation.slipped.fact.attribute,
                    "scope": relation.slipped.fact.scope,
                    "written_unit": slipped.unit,
                    "likely_unit": unit,
                    "relation": relation.detail,
                    "readings": readings_tried(relation),
                },
            )
        # One slip, one finding: evidence from a sum or a twin adds nothing to a rate's.
        reported = {r.slipped.fact.quantity.start for r in _relations(extraction)
                    if r.slipped is not None}
        for total in unit_slips(extraction.sums):
            if total.slipped is not None and total.slipped.fact.quantity.start not in reported:
                reported.add(total.slipped.fact.quantity.start)
                yield self._sum_slip(doc, total, total.slipped)
        for twin in extraction.twins:
            if twin.slipped.fact.quantity.start not in reported:
                reported.add(twin.slipped.fact.quantity.start)
                yield self._twin_slip(doc, twin)
        for change in extraction.changes:
            slipped = change.slipped
            if slipped is None or not change.holds or slipped.start in reported:
                continue
            reported.add(slipped.start)
            unit = _UNIT_NAMES.get(int(change.slip_multiplier or 0), "同句通用单位")
            written = " ".join(slipped.text.split())
            yield self.finding(
                doc.quantity_span(slipped),
                f"“{written}”的单位疑似写错：按所写单位，"
                f"{'增加额大于本年数' if change.check is ChangeCheck.BOUND else '增减额、增减率与之对不上'}；"
                f"按{unit}计算则正好相符。",
                related=[doc.flow_span(change.stated_start, change.stated_end)],
                evidence={"written_unit": slipped.unit, "likely_unit": unit,
                          "relation": change.detail, "readings": readings_tried(change)},
            )

    def _twin_slip(self, doc: AnalysedDocument, relation: UnitTwin) -> Finding:
        slipped, twin = relation.slipped, relation.twin
        written = " ".join(slipped.fact.quantity.text.split())
        other = " ".join(twin.fact.quantity.text.split())
        unit = twin.fact.quantity.unit
        if relation.structure is Assumption.CLOSED_LIST:
            message = (f"“{written}”的单位疑似写错：它是“{other}”下唯一列出的分项，数字相同"
                       f"而单位不同，应是同一个数，单位应为{unit}。")
        elif relation.structure is Assumption.RESTATED_VALUE:
            message = (f"“{written}”的单位疑似写错：同一数字在别处写作“{other}”，数字相同"
                       f"而单位相差一万倍，应是同一个数，单位应为{unit}。")
        else:
            message = (f"“{written}”的单位疑似写错：同句的“{other}”数字相同而单位为{unit}，"
                       f"且同句其他金额均以{unit}计。")
        return self.finding(
            doc.quantity_span(slipped.fact.quantity), message,
            related=[doc.quantity_span(twin.fact.quantity)],
            evidence={"attribute": slipped.fact.attribute, "scope": slipped.fact.scope,
                      "written_unit": slipped.fact.quantity.unit, "likely_unit": unit,
                      "relation": f"{written} vs {other}", "readings": readings_tried(relation)},
        )

    def _sum_slip(self, doc: AnalysedDocument, relation: SumRelation, slipped) -> Finding:
        others = [relation.total.fact.quantity] + [
            part.amount.fact.quantity for part in relation.parts if part.amount is not slipped]
        unit = _UNIT_NAMES.get(int(relation.slip_multiplier or 0), "同句通用单位")
        written = " ".join(slipped.fact.quantity.text.split())
        if slipped is relation.total:
            fits = "与各项之和正好相等" if Assumption.CLOSED_LIST in relation.decided.assumptions \
                else "各分项之和不再超过合计"
            message = f"“{written}”的单位疑似写错：所列分项之和与合计不符，将合计按{unit}计算则{fits}。"
        elif all(q.multiplier == relation.slip_multiplier for q in others):
            message = (f"“{written}”的单位疑似写错：合计与其他各项以{unit}计，按原单位相加与合计不符，"
                       f"按{unit}计算则各项之和正好等于合计。")
        else:
            message = (f"“{written}”的单位疑似写错：按原单位相加与合计不符，将它按{unit}计算"
                       f"则各项之和正好等于合计。")
        return self.finding(
            doc.quantity_span(slipped.fact.quantity), message,
            related=[doc.quantity_span(q) for q in others],
            evidence={"attribute": slipped.fact.attribute, "scope": slipped.fact.scope,
                      "written_unit": slipped.fact.quantity.unit, "likely_unit": unit,
                      "relation": relation.detail, "readings": readings_tried(relation)},
        )


_UNIT_NAMES = {1: "元", 1000: "千元", 10000: "万元", 100000000: "亿元"}


class RateMismatch(Rule):
    """比率与其数字不符：所述执行率/完成率/到位率不等于“部分 ÷ 整体”。

    检查内容
        在同一句（或“其中”之后的同一部分）中找到所述比率及计算它的两个金额：
        执行率 = 支出 ÷ 预算（或到位数），完成预算的X% = 决算 ÷ 预算，到位率 = 到位 ÷ 预算；
        “合计X，其中：A，占Y%”中的占比 = A ÷ X。
        按各数字所写的小数位确定容差区间（写作 94.09% 表示 [94.085%, 94.095%]），
        区间无法相交才判为不符；按截断理解（95.99% 写作 95%）可以成立的不报。
        若把一个单位与众不同的金额按通用单位计算后成立，改报 AU101（单位错位）。
        取哪两个数字不是按固定搭配决定的：每种可能的取法都是一种“读法”，逐一试算——
        整体可取同一分句、同一句、前一两句或本节开头写明的预算（总数），部分取比率前
        最近的金额或主语点名的金额；占比还可取“其中”所列分项的合计、分项之和，或同段
        其他占比推算出的总数。比率用语里直接写出的整体（完成预算 2.10 亿元的X%）就是
        整体；用语只写整体的词根也算点名（占安排数的 → 名为“安排……”的金额）；上一级
        标题开头写明的预算（同为收入或同为支出）也可作整体；紧跟在点名整体的占比后面的
        “占X%”沿用同一整体；没有点名整体的占比，前面同类（同为“……收入”或“……支出”）
        且更大的金额更可能是整体。一串分项各自写“完成预算X%”时，分项的比率是对它自己的
        预算而言：只有写在该分项自己的语句里、或名称点明该分项的预算才可作整体；文中
        没有该分项的预算（或只在表格中）时，不拿总数的预算去判它不符。
        每种读法按用语（“为年初预算的”“占……的”“执行率”只作参考，不作门槛）、距离和
        范围打分。整体数字精度太粗（如 20 亿元）、与许多相近
        比例都能凑上的读法，不用来替最可信的读法开脱。任何一种说得通的读法成立即视为核对通过；
        只有最可信的读法不成立、且没有说得通的读法成立时才报告，evidence 的 readings
        列出试过的读法及其算式。
        绩效自评表中的执行率（全年执行数 ÷ 全年预算数）和执行率得分（执行率 × 分值）
        同样核对，发现位置标明表格、行、列。
        每个被核对的比率都记录在 checks 中（通过或不通过，附算式）。

    为什么重要
        比率是绩效评价打分的依据，算错的比率会直接影响评价结论。

    示例
        错误：年初预算 100.00 万元，实际支出 90.00 万元，预算执行率 95.00%。
        正确：年初预算 100.00 万元，实际支出 90.00 万元，预算执行率 90.00%。

    依据
        《中央部门预算绩效运行监控管理暂行办法》中预算执行率的口径；
        XBRL Calculations 1.1 关于按精度比较的做法。
    """

    code = "AU102"
    name = "rate-mismatch"
    severity = Severity.ERROR
    family = "figures"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for relation in _relations(extraction):
            related = [_span(doc, relation.part), _span(doc, relation.whole)]
            rate_span = _span(doc, relation.rate)
            yield Check(
                relation.kind.value,
                CheckStatus.PASS if relation.holds else CheckStatus.FAIL,
                rate_span,
                relation.detail,
                tuple(related),
            )
            if relation.holds:
                continue
            stated = relation.rate.fact.quantity
            rate_name = RATE_NAMES.get(relation.rate.fact.attribute, "比率")
            if Assumption.IMPLIED_WHOLE in relation.decided.assumptions:
                message = (f"所述{rate_name} {stated.text} 与同段其他占比不一致："
                           f"按其他占比推算的总数计算，{relation.detail.rstrip('✗')}。")
            else:
                computed = relation.computed_percent
                message = (
                    f"所述{rate_name} {stated.text} 与其数字不符："
                    f"{' '.join(relation.part.fact.quantity.text.split())} ÷ "
                    f"{' '.join(relation.whole.fact.quantity.text.split())} = "
                    f"{plain(computed or 0)}%。"
                )
            yield self.finding(
                rate_span,
                message,
                related=related,
                evidence={"attribute": relation.rate.fact.attribute,
                          "scope": relation.rate.fact.scope,
                          "relation": relation.detail,
                          "readings": readings_tried(relation)},
            )
        yield from table_items(self, extraction, RelationKind.TABLE_RATE, RelationKind.TABLE_SCORE)

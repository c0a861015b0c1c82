"""Figure rules on changes and comparisons: AU103 change-mismatch, AU108 comparison-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.document import AnalysedDocument
from auditor.extract.arithmetic import HUNDRED, plain
from auditor.extract.extraction import Extraction
from auditor.extract.relations.change import ChangeCheck, ChangeRelation, shown
from auditor.extract.relations.comparison import ComparisonRelation
from auditor.rules.base import Rule
from auditor.rules.readings_text import readings_tried
from auditor.types import Check, CheckStatus, Finding, Severity

_SIDE_NAMES = {"budget": "预算数", "spent": "决算（支出）数", "target": "目标值", "actual": "实际完成值"}


def side_name(role: str) -> str:
    """A Chinese name for a comparison side's role."""
    return _SIDE_NAMES.get(role, role)


def change_problem(relation: ChangeRelation) -> str:
    """What is wrong with a failed change statement, in words."""
    check, word, stated = relation.check, relation.word, relation.stated_text
    figures = [shown(q) for q in relation.others]
    if check is ChangeCheck.OPPOSITE:
        return "同一变化既写增加又写减少"
    if check is ChangeCheck.DIRECTION:
        actual = "减少" if relation.sign > 0 else "增加"
        return f"从 {figures[1]} 到 {figures[0]} 是{actual}，却写作“{word}”"
    if check in (ChangeCheck.AMOUNT, ChangeCheck.POINTS):
        return (f"{figures[0]} 与 {figures[1]} 相差 {relation.computed}，"
                f"与所述{word} {stated} 不符")
    if check is ChangeCheck.ZERO_BASE:
        reason = ("上年基数为零，增长率无从计算" if relation.computed == "0"
                  else "按所述数字推算的上年基数不为正，变化率无从计算")
        return f"{reason}，不应写作{word} {stated}"
    if check is ChangeCheck.RATE:
        return f"按所述数字计算{word}率为 {relation.computed}，与所述 {stated} 不符"
    if check is ChangeCheck.FLAT_CHANGE:
        return f"写明{word} {figures[0]}，又称“{stated}”，前后矛盾"
    if check is ChangeCheck.FLAT_NEW:
        return f"既称“{word}”为 {figures[0]}，又称“{stated}”，前后矛盾"
    return f"本年 {figures[0]} 与上年 {figures[1]} 不同，却称“{stated}”"


def actual_relation(relation: ComparisonRelation) -> str:
    """How the two compared figures actually compare, in words."""
    if relation.by_rate:
        rate = relation.right.quantity
        if relation.equal_as_written():
            return "等于"
        return "大于" if rate.value > HUNDRED else "小于"
    left, right = relation.left.quantity.value, relation.right.quantity.value
    if relation.equal_as_written():
        return "相等"
    places = max(relation.left.quantity.decimals, relation.right.quantity.decimals)
    difference = plain(abs(left - right) / relation.left.quantity.multiplier, places)
    word = "大于" if left > right else "小于"
    return f"{word}（相差 {difference}{relation.left.quantity.unit}）"


class ChangeMismatch(Rule):
    """增减变化与其数字不符：增加额、增长率、“持平”与本年数、上年数对不上。

    检查内容
        在同一句（或“与上年相比，××增加……”这样重述主语的前三句内）中找到本年数 C、
        增减额 D、增减率 P 和写明的上年数 B（“上年为B”“较……的B”“由B增加到C”），
        在至少三个数字能确定关系时核对：P = D ÷ (C − D)（减少时为 D ÷ (C + D)），
        D = C − B，P = (C − B) ÷ B，“提高X个百分点” = 两个比率之差；
        “增加/减少”与 C、B 的大小方向是否一致；“与上年持平”是否同时写有非零的
        增减额或“减少为……”；上年基数为零时写出的增长率。
        C 与增减之间的“完成预算的X%”分句跳过；重述的主语按原词查找，找不到时
        “本项目支出/部门整体支出”取前文的实际支出，“‘三公’经费支出”取
        “‘三公’经费财政拨款支出决算合计”，这类按含义找到的数字只报警告。
        C 的单位与增减额不同且按所写单位不成立时（62.29元 与 减少8.64万元），
        按增减额的单位核对（单位笔误由 AU101 报告）。
        按各数字所写的小数位确定容差区间，区间无法相交才判为不符；按截断理解
        可以成立的不报。只写“增长X%”而没有给出基数的，无从核对，不报。
        地区生产总值、增加值等按可比价计算的增速不是所写数字之比，不核对。
        本年数 C 与上年数 B 的取法是几种“读法”：增减前紧挨着的数字为本年数；“比上一个
        五年的 B”“较……的 B”中的数字是基数而不是本年数；重述的主语在前文的数字；本句没有
        数字时取前一句的数字，前一句是本节标题（“（一）一般公共服务支出 126.40 万元”）且只写了
        一个金额时取这个金额；增减分句自己没有写比较对象（没有“比/较/同比”）而本句或前一句
        写了“××从 B 调整为 C”时，B、C 即变化前后的数（“总收支从年初预算的 B 调整为 C，
        ……，总收支相应增加 D”），增减分句重述同一主语时这一读法可信，否则只用来解释、
        不用来判错。逐一核对，任何一种说得通的读法成立即视为通过；只有最可信的
        读法不成立、且没有说得通的读法成立时才报告，evidence 的 readings 列出试过的读法。
        每个被核对的关系都记录在 checks 中（通过或不通过，附算式）。

    为什么重要
        增减额与增减率是决算说明、预算执行报告的必写内容，二者算错或方向写反，
        会让读者对支出变化得出相反的判断。

    示例
        错误：机关运行经费支出184.65万元，比2023年度增加2.55万元，增长2.40%。
        正确：机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。

    依据
        财政部部门决算编报要求（“与上年相比增减变化情况及原因”）；
        XBRL Calculations 1.1 关于按精度比较的做法。
    """

    code = "AU103"
    name = "change-mismatch"
    severity = Severity.ERROR
    family = "figures"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for relation in extraction.changes:
            span = doc.flow_span(relation.stated_start, relation.stated_end)
            related = tuple(doc.flow_span(start, end) for start, end in relation.related_flow) \
                or tuple(doc.quantity_span(q) for q in relation.others)
            yield Check("change", CheckStatus.PASS if relation.holds else CheckStatus.FAIL,
                        span, relation.detail, related)
            if relation.holds or relation.check is ChangeCheck.BOUND:
                continue  # a bound that fails without a slip may be a balance grown from below zero
            severity = Severity.ERROR if relation.certain and relation.check is not ChangeCheck.ZERO_BASE \
                else Severity.WARNING
            yield self.finding(
                span,
                f"{change_problem(relation)}：{relation.detail}。",
                related=related,
                severity=severity,
                evidence={"kind": relation.check.value, "relation": relation.detail,
                          "readings": readings_tried(relation)},
            )


def _shown(relation_side_text: str) -> str:
    return "".join(relation_side_text.split())


def _comparison_message(relation: ComparisonRelation) -> str:
    """The user message for a failed comparison."""
    left, right = relation.left, relation.right
    if relation.by_rate:
        return (f"所述“{relation.text}”与数字不符：{left.term} {_shown(left.quantity.text)}"
                f"完成预算的 {_shown(right.quantity.text)}，即执行数"
                f"{actual_relation(relation)}预算数。")
    if actual_relation(relation) == "相等":
        return (f"所述“{relation.text}”，但按所写数字两者相等（{left.term} "
                f"{_shown(left.quantity.text)}，{right.term} {_shown(right.quantity.text)}）："
                "是否应为“持平”？")
    return (f"所述“{relation.text}”与数字不符：{side_name(left.role)}"
            f"（{left.term} {_shown(left.quantity.text)}）"
            f"{actual_relation(relation)}{side_name(right.role)}"
            f"（{right.term} {_shown(right.quantity.text)}）。")


class ComparisonMismatch(Rule):
    """比较用语与数字不符：“决算数小于预算数”“实际完成值超过目标值”与所比较的两个数字矛盾。

    检查内容
        “大于/小于/高于/低于/超过/少于/等于/持平”等比较用语两侧的项目（决算数、
        全年预算数、实际完成值、目标值等），按同句或前几句中“项目为××”的数字
        （不跨越标题，最多向前三句）比较。带限定词的项目（全年预算数）只与同一
        限定词的数字比较；只写“预算数”时优先取全年预算（调整后预算）。
        没有写出预算数字时，用“收入8.81亿元，完成预算的93.23%”中的完成比例判断
        执行数与预算数的大小。
        比较词直接写在两个数字之间时（实际支出 A，少于年初预算 B；增长 6.2%，高于全省
        5.8%；快于/慢于），不论两数叫什么，只要同类（都是金额，或单位相同；“个百分点”
        不是比率）就直接比较。
        “持平/等于”在所写精度的容差内相等即成立；“大于/小于”的两个数字按所写
        完全相同（或完成预算的100.00%）时报警告（未四舍五入的数可能不同，但读者
        看到的是相等）。
        取哪两个数字是一种“读法”：只写“预算数”时，年初预算、全年（调整后）预算各是一种
        读法，逐一比较；各种读法结论一致才报错误，结论不一（按年初预算成立、按全年预算
        不成立）时只报警告，evidence 的 readings 列出试过的读法及其比较式。
        每个被核对的比较都记录在 checks 中。

    为什么重要
        决算说明要求解释“决算数与预算数的差异原因”，比较方向写反说明文字与表格
        脱节，往往是套用模板未改。

    示例
        错误：全年预算为 52.00 万元，支出决算为 53.32 万元。决算数小于全年预算数的主要原因……
        正确：全年预算为 52.00 万元，支出决算为 51.32 万元。决算数小于全年预算数的主要原因……

    依据
        财政部部门决算编报要求（“决算数与预算数对比情况及原因”）。
    """

    code = "AU108"
    name = "comparison-mismatch"
    severity = Severity.ERROR
    family = "figures"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for relation in extraction.comparisons:
            if {relation.left.quantity.start, relation.right.quantity.start} & extraction.slipped:
                continue  # a side whose unit slipped is AU101's; compared as written it misleads
            span = doc.flow_span(relation.start, relation.end)
            related = (doc.quantity_span(relation.left.quantity),
                       doc.quantity_span(relation.right.quantity))
            yield Check("comparison", CheckStatus.PASS if relation.holds else CheckStatus.FAIL,
                        span, relation.detail, related)
            if relation.holds:
                continue
            message = _comparison_message(relation)
            yield self.finding(
                span, message, related=related,
                severity=Severity.ERROR if relation.certain else Severity.WARNING,
                evidence={"operator": relation.operator, "relation": relation.detail,
                          "readings": readings_tried(relation)},
            )

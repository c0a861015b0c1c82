"""Figure rules about single values: restated differently (AU105), implausible (AU106)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal

from auditor.config import AmountBounds
from auditor.document import AnalysedDocument
from auditor.extract.extraction import Extraction
from auditor.extract.facts import MONEY_ATTRIBUTES, FactTable
from auditor.extract.relations.readings import scale_name
from auditor.extract.relations.restatement import Restatement
from auditor.extract.relations.slip import lone_small_parts
from auditor.rules.base import Rule
from auditor.rules.readings_text import readings_tried
from auditor.types import Check, CheckStatus, Finding, QuantityKind, Severity

ATTRIBUTE_NAMES = {"budget": "预算", "received": "到位资金", "spent": "支出"}


class ValueConflict(Rule):
    """同一数字前后不一：同一范围、同一口径的金额在报告中两处写成不同的值。

    检查内容
        同一范围（部门整体、某个项目、某个支出科目）、同一属性（预算 / 到位 / 支出）、
        同样说法的金额在不同句子中出现时，按所写精度比较（25 万元与 25.00 万元相等）。
        两处句子写明的年份不同时不比较。另一种情形：“项目 N 个……金额 X”这样的说法
        在报告中出现多次时，同样 N 个项目的金额应当一致。绩效自评表合计行（年度资金总额）的
        预算数、执行数、执行率与正文对同一项目的表述不一致时也在此报出，位置为表格单元格。
        同一段话在报告中说了两遍（摘要与正文、说明与附注）：各数字名称相同、数字之间的
        文字相同，只有一个金额不同，而其余数字（至少一个有三位以上有效数字）相同时报出；
        两处范围不同（全市 / 市本级）时，只有紧跟其后的增幅或执行率相同才报（一项数字不同、
        由它算出的比率却相同，说明它本应相同）。
        同一个较长的名称（分句中金额前至少十个汉字，如“收到上级转贷地方政府专项债券”）
        在同一范围、同一期间的两三处各说一个金额时，若两处前后两句内还有别的相同金额
        （摘要与正文往往重述不止一个数），且两处周围同名的数字没有互相不同的，视为同一
        数字，不一致时报出；两处是两张清单中序号不同的条目（一处“四、”一处“二、”）时
        不比较。只凭名称相同而前后没有共同数字的两处金额不比较：
        全市与市级、执行与预算的段落常用同样的名称说不同的数。
        名称较短时靠标题认定：标题写作“X情况”（如“（2）上级转移支付收入情况”）的条目，
        正文中第一个叫 X 的金额就是 X；同一上级标题（同一年度、同一范围）之下后文再有
        唯一一个叫 X 的金额（如平衡情况“其中：……上级转移支付收入 B”）即是重述，不一致时报出。
        evidence 的 readings 写明两处凭什么被视为同一个数字（同一范围、属性和说法；同一段话
        说了两遍；同名且前后有共同数字），以及比较式。
        每一对被比较的数字都记入 checks。

    为什么重要
        同一个数前后不一，读者无法判断哪个是真的；常见原因是把到位数、支出数
        当成预算数，或修改了一处而忘了另一处。

    示例
        错误：预算项目 1 个，金额合计 25.00 万元……本次绩效评价项目 1 个，涉及金额 20 万元。
        正确：预算项目 1 个，金额合计 25.00 万元……本次绩效评价项目 1 个，涉及金额 25 万元。

    依据
        报告内部一致性；金额按所写小数位确定容差。
    """

    code = "AU105"
    name = "value-conflict"
    severity = Severity.WARNING
    family = "figures"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for pair in extraction.restatements:
            if {pair.first.fact.quantity.start, pair.second.fact.quantity.start} & extraction.slipped:
                continue  # one of the two is a unit slip: AU101 reports it
            first_span = doc.quantity_span(pair.first.fact.quantity)
            second_span = doc.quantity_span(pair.second.fact.quantity)
            yield Check("restatement", CheckStatus.PASS if pair.holds else CheckStatus.FAIL,
                        second_span, pair.detail, (first_span,))
            if not pair.holds:
                yield self.finding(second_span, _message(pair, first_span.line), related=[first_span],
                                   evidence={"kind": pair.basis, "scope": pair.second.fact.scope,
                                             "attribute": pair.second.fact.attribute,
                                             "relation": pair.detail,
                                             "readings": readings_tried(pair)})
        for relation in extraction.table_text:
            prose_spans = [doc.quantity_span(p.fact.quantity) for p in relation.prose]
            status = CheckStatus.PASS if relation.holds else CheckStatus.FAIL
            yield Check("restatement", status, relation.table.span, relation.detail, tuple(prose_spans))
            if not relation.holds:
                name = ATTRIBUTE_NAMES.get(relation.table.attribute, "执行率")
                stated = "、".join(f"“{' '.join(s.text.split())}”（第{s.line}行）" for s in prose_spans)
                yield self.finding(
                    relation.table.span,
                    f"绩效自评表与正文不一致：{relation.table.place.shown()}的{name}为"
                    f"“{relation.table.quantity.text}”，正文写作{stated}。",
                    related=prose_spans,
                    evidence={"kind": "table-text", "scope": relation.table.scope,
                              "attribute": relation.table.attribute, "relation": relation.detail,
                              "cell": f"{relation.table.span.cell}",
                              "readings": readings_tried(relation)},
                )


def _message(pair: Restatement, first_line: int) -> str:
    first = " ".join(pair.first.fact.quantity.text.split())
    second = " ".join(pair.second.fact.quantity.text.split())
    if pair.basis == "project-amount":
        return (f"同样的项目金额前后不一：第{first_line}行写作“{first}”，此处写作“{second}”。"
                "请核实哪个是项目金额（是否把到位数或支出数当成了预算数）。")
    if pair.basis == "restated-in-sum":
        return (f"“{second}”与别处所写不一：第{first_line}行写作“{first}”；按该值计算，"
                "本处所在的加总正好相等，疑为此处数字有误。")
    if pair.basis == "same-name":
        return (f"同一数字前后不一：第{first_line}行写作“{first}”，此处用同样的名称、"
                f"就同一范围和期间写作“{second}”。")
    if pair.basis == "same-wording":
        return (f"同一句话前后两处的数字不一：第{first_line}行写作“{first}”，此处重述时写作"
                f"“{second}”。")
    name = ATTRIBUTE_NAMES.get(pair.second.fact.attribute, "金额")
    return (f"{pair.second.fact.scope}的{name}前后不一：第{first_line}行写作“{first}”，"
            f"此处写作“{second}”。")


class ImplausibleAmount(Rule):
    """金额明显不合常理：项目或部门的预算、到位、支出金额小得（或大得）不可能。

    检查内容
        只看报告称为预算、到位或支出的金额（按“预算”“到位”“支出”等用语认定），
        看它的量级与同一段落的其他金额是否相称：
        偏小——按所写单位不足 100 元，而同一段落里另有以万元、亿元计的金额：
        “年初预算 30 万元，实际支出 20 元”中的 20 元多半漏写了“万”；
        偏大——超过 1 万亿元，且同一段落只有它用这个大单位、其余金额的单位都更小：
        一段以万元计的文字中出现“12000 亿元”（应为 12000 万元）。一个省的“1.8 万亿元”
        与其他同样以亿元、万亿元计的金额并列时不算偏大。列举中的一项也看它的同列各项：
        合计和其他各项都以万元（或更大单位）计，唯独它以元计且不足 1 万元（“收入总计 3319
        万元，其中本级收入 103 元，上级补助收入 1331 万元”），在合计里显不出来，多半漏写了
        “万”。负数（冲减）和 0 不报。上下限可在配置
        ``[tool.auditor.implausible-amount]`` 中修改。
        这是只凭量级的判断，先于它的是按关系的判断：若把该金额按相差一万倍的单位读，
        能使它所在的比率、合计、增减或重述成立，已由 AU101（单位错位）连同算式报出，
        这里不再重复；只有没有任何关系能印证、而量级本身不合常理时才由本规则报出，
        因此只报警告。evidence 的 readings 写明按所写单位读得的金额、所用的下限或上限，
        以及同段其他金额的单位。

    为什么重要
        政府部门的项目支出不会只有 20 元；这类数字几乎总是单位写错或漏写了“万”。

    示例
        错误：项目年初预算 30 万元，实际支出 20 元。
        正确：项目年初预算 30 万元，实际支出 20 万元。

    依据
        财政资金以万元为常用计量单位；金额量级与同段其他金额比较。
    """

    code = "AU106"
    name = "implausible-amount"
    severity = Severity.WARNING
    family = "figures"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        bounds = doc.settings.get("amount_bounds")
        if not isinstance(bounds, AmountBounds):
            bounds = AmountBounds()
        facts = extraction.facts
        scales = self._paragraph_scales(doc, facts)
        for placed in facts.facts:
            quantity = placed.fact.quantity
            if quantity.kind is not QuantityKind.MONEY or placed.fact.attribute not in MONEY_ATTRIBUTES:
                continue
            if quantity.start in extraction.slipped:
                continue
            value = quantity.value
            if value <= 0 or bounds.low <= value <= bounds.high:
                continue  # a negative amount is an offset (冲减), not a slip
            paragraph = doc.sentences[facts.segments[placed.segment].sentence].paragraph
            counts = scales[paragraph]
            others = set(counts) - {quantity.multiplier}
            too_small = value < bounds.low and any(m > quantity.multiplier for m in others)
            # an amount above the bound is odd only alone in a unit larger than any other of
            # its paragraph (20 亿元 among 万元); a province's 1.8 万亿元 among 亿元 is not
            too_large = (value > bounds.high and counts[quantity.multiplier] == 1 and bool(others)
                         and all(m < quantity.multiplier for m in others))
            if not (too_small or too_large):
                continue
            span = doc.quantity_span(quantity)
            limit = "下限" if too_small else "上限"
            yield self.finding(
                span,
                f"“{' '.join(span.text.split())}”作为{ATTRIBUTE_NAMES.get(placed.fact.attribute, '金额')}"
                f"明显不合常理（{'低于' if too_small else '高于'}合理{limit}，且同段其他金额的单位"
                f"{'更大' if too_small else '更小'}），疑为单位错误。",
                evidence={"attribute": placed.fact.attribute, "value_yuan": f"{value.normalize():f}",
                          "bound": f"{(bounds.low if too_small else bounds.high):f}",
                          "readings": _magnitude_readings(value, bounds.low if too_small else bounds.high,
                                                          too_small, counts)},
            )

        yield from self._lone_small_parts(doc, extraction)

    def _lone_small_parts(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding]:
        for relation, placed, smallest in lone_small_parts(extraction.sums, extraction.slipped):
            quantity = placed.fact.quantity
            unit = scale_name(smallest)
            span = doc.quantity_span(quantity)
            written = " ".join(span.text.split())
            total = " ".join(relation.total.fact.quantity.text.split())
            readings = [f"按所写单位读：{quantity.value.normalize():f} 元，不足 1 {unit}",
                        f"合计 {total} 与其他各项的单位：{unit}或更大",
                        "按相差一万倍的单位读时没有比率、合计、增减或重述可以印证（否则由 AU101 报告）"]
            yield self.finding(
                span,
                f"“{written}”疑为单位错误：同一列举的合计和其他各项都以{unit}计，"
                f"它按所写单位还不到 1 {unit}，在合计里显不出来。",
                related=(doc.quantity_span(relation.total.fact.quantity),),
                evidence={"attribute": placed.fact.attribute,
                          "value_yuan": f"{quantity.value.normalize():f}", "readings": readings},
            )

    @staticmethod
    def _paragraph_scales(doc: AnalysedDocument, facts: FactTable) -> dict[int, Counter[Decimal]]:
        """How many money figures of each paragraph are written at each unit scale."""
        scales: dict[int, Counter[Decimal]] = defaultdict(Counter)
        for placed in facts.facts:
            quantity = placed.fact.quantity
            if quantity.kind is QuantityKind.MONEY:
                paragraph = doc.sentences[facts.segments[placed.segment].sentence].paragraph
                scales[paragraph][quantity.multiplier] += 1
        return scales


def _magnitude_readings(value: Decimal, bound: Decimal, too_small: bool,
                        counts: Counter[Decimal]) -> list[str]:
    """What the magnitude judgement rested on, in words (``evidence``)."""
    units = "、".join(f"{scale_name(m)} {n} 处" for m, n in sorted(counts.items()))
    side = "低于下限" if too_small else "高于上限"
    return [f"按所写单位读：{value.normalize():f} 元，{side} {bound.normalize():f} 元",
            f"同段金额的单位：{units}",
            "按相差一万倍的单位读时没有比率、合计、增减或重述可以印证（否则由 AU101 报告）"]

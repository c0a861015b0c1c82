"""Period rules: a year that contradicts the period its section speaks of (AU401), relative
time (AU402). Both read the document's period model (:mod:`auditor.extract.period`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from auditor.extract.period import EVALUATION, FINAL_ACCOUNTS, WORK_REPORT
from auditor.extract.plan_claims import AnniversaryClaim, PlanClaim
from auditor.extract.quantity import YearMention
from auditor.extract.year_slips import CAUSE_REPEATED, SELF_COMPARED
from auditor.extract.year_uses import PLAN_END, SLIP, YearUse
from auditor.rules.base import Rule
from auditor.types import Check, Finding, Severity

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.extraction import Extraction
    from auditor.extract.period import Period


class PeriodMismatch(Rule):
    """年份与所在章节（或报告）所述期间不符。

    检查内容
        先从标题、章节标题确定每一部分讲的是哪一年：“关于××市2025年预算执行情况和2026年
        预算草案的报告”中，“一、2025年预算执行情况”一节讲2025年，“二、2026年预算草案”
        一节讲2026年；“2024年度部门决算”讲2024年；“2026年政府工作报告”回顾2025年、部署
        2026年；“一、2025年工作回顾和‘十四五’发展主要成绩”讲2025年，其中以“五年来”
        “过去五年”“‘十四五’时期”开头的段落讲2021—2025年；装订在决算中的“2021-2023年
        ……绩效评价报告”讲2021—2023年；预算报告在“预算草案”之后的各部分讲预算年度；
        预算书中“关于2026年……的说明”讲2026年；“名词解释”不归属任何年度。五年规划期
        （十三五 2016—2020、十四五 2021—2025、十五五 2026—2030）作为数据维护。
        再看每个年份在句中的作用：句子所讲的时间（“2023年，全市……”“全市2023年……”
        “2023年度”“截至2023年末”）与所在部分的期间不符时报告。对比的基期（比2023年、
        与2023年相比、2023年同期）、起止年份（2021-2024年）、“自2020年以来”、目标年份
        （到2027年）、原因（主要是2023年……）、结转结余与提前下达（上年第四季度安排的资金）、
        获奖、成立、印发等往年事件、文号（〔2024〕）、书名号内的文件名、年份并列（2022年、
        2023年）、句中同时作为时间写到本期年份的对照（只在文件名中出现的本期年份不算）、
        写报告时的年份和报告的落款日期都不报告。
        表格的行与表头、表题、目录和页眉页脚（逐页重复的短行）中的年份不是正文所讲的时间，
        不检查；表下的“备注/注”讲其表题所写的年度（表中另有其他年度时不检查）。
        预算草案、部门预算、工作安排等讲未来年度的部分，从上年末的余额（截至2025年末）
        和上年的预计执行数出发，这些不报告；决算等回顾性报告中的上年末仍报告。
        政府工作报告中“X年工作回顾”应为标题所回顾的年度。回顾已结束的五年规划期（2026年
        政府工作报告或2025年预算执行报告中以“五年来”“过去五年”开头的“十四五”回顾）时，以年份为时间、用数字陈述的成效
        （“2025年总量比2020年增加……”）应截至规划期末年；写成更早年份时报告，往年发生的
        事件（“2022年，全省战胜特大洪灾”）、途中跨越的关口（“2023年总量突破5万亿元”）、
        带月份的日期和对比不报告。
        决算中当年结转下年、当年收支结余等数字属于本年度，不作为往年结转资金看待。
        同一句中两个分句以同一年份写同一项目而数字不同（“2024年参保人数104万人，2024年
        参保人数101万人”）时，后一处应为另一年份，即使句中另有本期年份也报告。
        “X年是‘十五五’开局之年”一类的说法按规划期数据核对：十五五的开局之年是2026年；
        “X年是新中国成立70周年”一类的说法按事件年份核对（1949＋70＝2019）。

    为什么重要
        报告常以上一年的报告为底稿修改，漏改的年份会让一段内容看起来属于另一个年度，
        审核人员无法判断数据是哪一年的；把规划期的年份说错，则是事实错误。

    示例
        “关于××县2025年预算执行情况和2026年预算草案的报告”的“一、2025年预算执行情况”中
        写“2023年，全县一般公共预算收入完成……” —— 这一节讲的是2025年。
        “2024年是‘十五五’的第一年” —— 十五五为2026—2030年。

    依据
        报告所述期间应与标题一致（《中华人民共和国预算法》第四十八条、第七十七条：
        预算执行情况和决算报告针对特定预算年度）；五年规划期见各期国民经济和社会发展
        五年规划纲要。
    """

    code = "AU401"
    name = "period-mismatch"
    severity = Severity.WARNING
    family = "period"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        period = extraction.period
        if period is None:
            return
        claims = period.plan_claims
        stated = {claim.mention.start for claim in (*claims, *period.anniversaries)}
        headings = list(self._headings(doc, period))
        # a heading's wrong year is told once, against the title (not also against the
        # part it heads)
        told = {finding.span.start for finding in headings}
        for use in period.uses:
            if use.contradicts and use.mention.start not in stated \
                    and doc.flow_span(use.mention.start, use.mention.end).start not in told:
                yield self._mismatch(doc, use)
        for claim in claims:
            if not claim.holds:
                yield self._plan_claim(doc, claim)
        for anniversary in period.anniversaries:
            if not anniversary.holds:
                yield self._anniversary(doc, anniversary)
        yield from headings

    def _headings(self, doc: AnalysedDocument, period: Period) -> Iterator[Finding]:
        """A heading that names the execution or budget part with another year than the
        title (二、2025年预算草案 in a report on the 2026 draft)."""
        title = period.title
        expected = {"execution": period.execution_year, "budget": period.budget_year}
        for stretch in period.stretches:
            year = expected.get(stretch.says)
            if title is None or year is None or stretch.stated in (year, None) \
                    or period.part(stretch.start) != 0:
                continue
            if period.genre == WORK_REPORT:
                words = "工作回顾" if stretch.says == "execution" else "工作安排"
            else:
                words = "预算执行" if stretch.says == "execution" else "预算"
            mention = str(stretch.stated)
            start = doc.flow.text.find(mention, stretch.cue_start, stretch.cue_end)
            if start < 0:
                continue  # the heading counts its year from the delivery (今年), not written
            yield self.finding(
                doc.flow_span(start, start + len(mention) + 1),
                f"标题称本报告是{year}年{words}的报告（见“{_short(title.cue)}”），"
                f"此处“{_short(stretch.cue)}”却写{stretch.stated}年。",
                related=[doc.flow_span(title.cue_start, title.cue_end)],
                evidence={"period": f"{year}年", "year": stretch.stated,
                          "section": _short(stretch.cue)},
            )

    def _mismatch(self, doc: AnalysedDocument, use: YearUse) -> Finding:
        mention = use.mention
        if use.function == SLIP and use.shown_by is not None:
            return self._slip(doc, use, use.shown_by)
        stretch = use.stretch
        assert stretch is not None
        if use.function == PLAN_END:
            return self.finding(
                doc.flow_span(mention.start, mention.end),
                f"本部分回顾已结束的{stretch.describe()}（见“{_short(stretch.cue)}”），所述成效应截至"
                f"期末{stretch.last}年，此处却以“{mention.text.strip()}”为时间陈述：是否为沿用往年"
                f"报告未改的年份？",
                related=[doc.flow_span(stretch.cue_start, stretch.cue_end)],
                evidence={"period": stretch.describe(), "year": mention.year,
                          "expected": stretch.last, "section": _short(stretch.cue)},
            )
        where = "本报告" if stretch.role == "document" and stretch.start == 0 else "本部分"
        return self.finding(
            doc.flow_span(mention.start, mention.end),
            f"{where}所述期间为{stretch.describe()}（见“{_short(stretch.cue)}”），"
            f"此处却写“{mention.text.strip()}”：是否为沿用往年报告未改的年份？",
            related=[doc.flow_span(stretch.cue_start, stretch.cue_end)],
            evidence={"period": stretch.describe(), "year": mention.year,
                      "section": _short(stretch.cue)},
        )

    def _slip(self, doc: AnalysedDocument, use: YearUse, other: YearMention) -> Finding:
        mention = use.mention
        year = mention.text.strip()
        if use.cue == SELF_COMPARED:
            cue = "同一年份自己与自己比较"
            message = (f"“{year}”与同一句中的“{other.text.strip()}”相比，{cue}："
                       f"其中一处年份是否写错？")
        elif use.cue == CAUSE_REPEATED:
            cue = "原因说明的两个分句以同一年份开头"
            message = (f"原因说明的前一分句已以“{other.text.strip()}”开头，此处又写“{year}”："
                       f"说明变化的原因通常对照前后两个年份，此处是否应为另一年份？")
        else:
            cue = "同一年份的同一项目有两个数字"
            message = (f"同一句前文已以“{other.text.strip()}”写了同一项目，数字不同，此处又写"
                       f"“{year}”：此处是否应为另一年份？")
        return self.finding(
            doc.flow_span(mention.start, mention.end), message,
            related=[doc.flow_span(other.start, other.end)],
            evidence={"year": mention.year, "cues": [cue]},
        )

    def _anniversary(self, doc: AnalysedDocument, claim: AnniversaryClaim) -> Finding:
        return self.finding(
            doc.flow_span(claim.mention.start, claim.mention.end),
            f"{claim.event}于{claim.founded}年，其{claim.count}周年应为{claim.expected}年，"
            f"此处却写{claim.mention.year}年。",
            related=[doc.flow_span(claim.start, claim.end)],
            evidence={"year": claim.mention.year, "expected": claim.expected},
        )

    def _plan_claim(self, doc: AnalysedDocument, claim: PlanClaim) -> Finding:
        plan = claim.plan
        return self.finding(
            doc.flow_span(claim.mention.start, claim.mention.end),
            f"“{plan.name}”时期为{plan.first}—{plan.last}年，其“{claim.word}”之年应为"
            f"{claim.expected}年，此处却写{claim.mention.year}年。",
            related=[doc.flow_span(claim.start, claim.end)],
            evidence={"plan": plan.name, "year": claim.mention.year, "expected": claim.expected},
        )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 30 else text[:29] + "…"


_RETROSPECTIVE = (EVALUATION, FINAL_ACCOUNTS)


# 今年/去年/明年/前年 as words: not the tail of 如今、过去、说明、以前 … nor the head of
# 年轻、年级、年纪、年龄, and not 以前年度 / 说明年度.
_WORD_BEFORE = {
    "今": "如至迄现当古而从",
    "去": "过失出回进上下离死除减前",
    "明": "说表证声阐标查发透照指分光文鲜开简严清聪高黎英昌申写载注讲言列",
    "前": "以之此从提目当事先空跟面眼生日战会年期课",
}
_RELATIVE = regex.compile(
    "(?:" + "|".join(f"(?<![{before}]){head}年" for head, before in _WORD_BEFORE.items())
    + ")(?![轻级纪龄])"
)


class RelativeTime(Rule):
    """年度报告中使用“今年”“去年”“明年”等相对时间。

    检查内容
        报告所属年度已知（来自标题）时，正文中的“今年”“去年”“明年”“前年”。
        “本年”“本年度”“上年”是决算和自评报告的规范用语（指报告年度及其上一年），不检查。

    为什么重要
        年度报告通常在次年初撰写：2023年度报告里的“今年以来”可能指2023年，也可能指写报告
        的2024年；数据的归属年度因此不明，审核时无法核对。

    示例
        2023年度报告中“今年以来，共创建美丽庭院3785户” —— 应写“2023年，共创建……”。

    依据
        公文写作要求时间表述准确、具体，避免使用相对时间词（《党政机关公文处理工作条例》
        对公文内容“准确”的要求）。
    """

    code = "AU402"
    name = "relative-time"
    severity = Severity.INFO
    family = "period"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        period = extraction.period
        if period is None:
            return
        year = period.execution_year or period.report_year
        if period.genre not in _RETROSPECTIVE or year is None:
            return
        title = period.stretches[0]
        for match in _RELATIVE.finditer(doc.flow.text):
            word = match.group()
            yield self.finding(
                doc.flow_span(match.start(), match.end()),
                f"“{word}”指代不明：本报告针对{year}年度，而报告多在次年撰写，"
                f"请写明具体年份。",
                related=[doc.flow_span(title.cue_start, title.cue_end)],
                evidence={"report_year": year, "word": word},
            )

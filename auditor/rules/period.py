"""Period rules: a year that contradicts the report's own year (AU401), relative time (AU402)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from auditor.extract.quantity import YearMention, find_years
from auditor.rules.base import Rule
from auditor.text.sections import (
    DEPARTMENT_REPORT,
    FINAL_ACCOUNTS,
    PROJECT_REPORT,
    detect_report_type,
    report_title,
)
from auditor.text.sentences import clause_bounds
from auditor.types import Check, Finding, Severity, Span

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.extraction import Extraction

# Report types whose title year is the period the report covers (not the year of writing,
# as in 2026年政府工作报告, nor two years, as in 2025年预算执行情况和2026年预算草案).
_RE_NEWLINE = regex.compile(r"\n")

_RETROSPECTIVE = {DEPARTMENT_REPORT, PROJECT_REPORT, FINAL_ACCOUNTS}
_RETROSPECTIVE_TITLE = regex.compile(r"年度.*(?:自评|评价|决算|总结)")
# 关于××县2024年预算执行情况的报告: one year, no 预算草案 of the next year
_EXECUTION_TITLE = regex.compile(r"预算执行情况(?:的)?报告")
_PLAN_TITLE = regex.compile(r"草案|计划|安排")
# ——2025年1月10日在××县第十八届人民代表大会第4次会议上: when the report is delivered
_DELIVERY_LINE = regex.compile(r"[—－-]{1,2}[^\n]{0,12}?[0-9]{4}[ \t]*年[^\n]*?在[^\n]*?会议?上")


@dataclass(frozen=True)
class ReportYear:
    """The year a report covers and where its title states it (flow view)."""

    year: int
    start: int
    end: int


def report_year(doc: AnalysedDocument, *, execution: bool = False) -> ReportYear | None:
    """The year the report covers, from its title (``2023 年度…自评报告`` → 2023).

    None when the title names no year, names several, or is not a report on a past year.
    ``execution`` also accepts a budget execution report on one year
    (``关于××县2024年预算执行情况的报告``): its body is about that year, but it is
    delivered in the next one, where 今年/明年 are ordinary words.
    """
    title = report_title(doc)
    if title is None:
        return None
    start, _end, text = title
    delivery = _DELIVERY_LINE.search(text)
    if delivery is not None:
        text = text[:delivery.start()]
    execution = execution and bool(_EXECUTION_TITLE.search(text)) and not _PLAN_TITLE.search(text)
    if detect_report_type(doc) not in _RETROSPECTIVE and not _RETROSPECTIVE_TITLE.search(text) \
            and not execution:
        return None
    years = [m for m in find_years(text) if m.kind in ("year", "date")]
    if len({m.year for m in years}) != 1:
        return None
    return ReportYear(years[0].year, start + years[0].start, start + years[0].end)


class _YearRule(Rule):
    """Shared: the report year once per document."""

    @staticmethod
    def _title_span(doc: AnalysedDocument, year: ReportYear) -> Span:
        return doc.flow_span(year.start, year.end)


# Words that make a past year legitimate in its clause: comparisons, carry-overs,
# history, awards.
_LEGIT_CLAUSE = regex.compile(
    r"比|较|同比|环比|相比|对比|同期|上年|上一年|去年|前年|上期|增长|下降|增加|减少|增幅|降幅|"
    r"持平|高于|低于|多于|少于|结转|结余|以来|至今|开始|起|评为|荣获|获得|获评|授予|表彰|成立|"
    r"历年|往年|分别|提前"
)
# A year-end or a dated step of the work: 2023年末实有在职人员, 项目于2023年9月底前完成,
# 2023年5月完成对象核定 — in a 2024 report these describe the report year's own work.
_YEAR_END_AFTER = regex.compile(r"^(?:末|底)(?!以来)")
_DATED_STEP_AFTER = regex.compile(
    r"^[^,，。;；!?！？]{0,12}?(?:完成|完工|竣工|到位|发放|兑付|验收)"
)
_PARAGRAPH_START = regex.compile(r"(?:^|\n)[ \t\u3000]*$")
_OPENING_COMMA = regex.compile(r"^[ \t]*[,，]")
_SENTENCE_STOP = regex.compile(r"[。!?！？;；]")
_CUTOFF_BEFORE = regex.compile(r"(?:截至|截止|截止到|截至到)\s*$")
_STRAY_AFTER = regex.compile(
    r"^\s*(?:部门|单位|项目)?(?:整体)?(?:支出)?(?:绩效目标|绩效自评|绩效评价|决算|预算执行)"
)


class PeriodMismatch(_YearRule):
    """报告中出现与报告年度不符的年份。

    检查内容
        从标题（如“2023年度××局部门整体支出绩效自评报告”“关于××县2023年预算执行情况
        的报告”）确定报告所属年度，再找正文中早于该年度、又不是对比或引用的年份：
        “2022年度”、“截至2022年12月31日”、“2022年部门整体绩效目标”、“2022年末实有
        在职人员”、工作进度中的日期（“项目于2022年9月底前完成”“2022年5月完成对象
        核定”）、以年份开头的段落（“2022年，在县委的坚强领导下”）等。以下情况不算：规划期（2021-2030年）、文号
        （乐财预〔2024〕2号）、与上年的比较（比2022年、较上年、同比）、结转结余、
        “自2020年以来”、提前下达的资金、获奖年份、书名号内的文件名，以及次年撰写报告的时间
        （“2024年初，对2023年……进行自评”）。

    为什么重要
        自评报告常以上一年的报告为底稿修改，漏改的年份会让整段内容看起来属于另一个年度，
        审核人员无法判断数据是哪一年的。

    示例
        2023年度报告中写“截至2022年12月31日，项目资金已全部支付” —— 年份应为2023年。

    依据
        绩效自评针对的是本预算年度的资金和目标（《项目支出绩效评价管理办法》财预〔2020〕
        10号第十条）；报告所述期间应与标题一致。
    """

    code = "AU401"
    name = "period-mismatch"
    severity = Severity.WARNING
    family = "period"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        year = report_year(doc, execution=True)
        if year is None:
            return
        text = doc.flow.text
        scan = _Scan(text)
        for mention in find_years(text):
            if mention.kind not in ("year", "date") or mention.year >= year.year:
                continue
            if year.start <= mention.start < year.end:
                continue
            if not self._is_stray(scan, mention) or _names_current_year(scan, mention, year):
                continue
            if mention.year == year.year - 1 and _compares_with_last_year(scan, mention):
                continue
            yield self.finding(
                doc.flow_span(mention.start, mention.end),
                f"报告年度为{year.year}年（见标题），此处却写“{mention.text}”："
                "是否为沿用往年报告未改的年份？",
                related=[self._title_span(doc, year)],
                evidence={"report_year": year.year, "year": mention.year},
            )

    @staticmethod
    def _is_stray(scan: _Scan, mention: YearMention) -> bool:
        text = scan.text
        before = text[max(0, mention.start - 6):mention.start]
        after = text[mention.end:mention.end + 16]
        stray = (
            "年度" in mention.text
            or bool(_CUTOFF_BEFORE.search(before))
            or bool(_STRAY_AFTER.match(after))
            or (mention.kind == "year" and bool(_YEAR_END_AFTER.match(after)))
            or (mention.kind == "date" and bool(_DATED_STEP_AFTER.match(after)))
            # 2023年，在县委的坚强领导下…: a paragraph about that year's work
            or (mention.kind == "year" and bool(_PARAGRAPH_START.search(before))
                and bool(_OPENING_COMMA.match(after)))
        )
        if not stray:
            return False
        clause_start, clause_end = scan.clause(mention.start)
        clause = text[clause_start:clause_start + (clause_end - clause_start)]
        if _LEGIT_CLAUSE.search(clause.replace(mention.text, " ")):
            return False
        return not scan.inside_title_marks(mention.start)


_COMPARISON_CONTEXT = regex.compile(r"比上年|较上年|同比|上年同期|与上年|同一项目|上年度|比\d{4}年")


def _compares_with_last_year(scan: _Scan, mention: YearMention) -> bool:
    """Last year's figure right after a comparison with last year is its base, not residue:
    ``…比上年增加12.30万元，增长0.98%。2023年度同一项目实际支出1256.10万元。``"""
    start, end = scan.sentence(mention.start)
    line_start, _ = scan._line(mention.start)
    before = scan.text[max(line_start, start - 120):start]
    return bool(_COMPARISON_CONTEXT.search(before) or _COMPARISON_CONTEXT.search(scan.text[start:end]))


def _names_current_year(scan: _Scan, mention: YearMention, year: ReportYear) -> bool:
    """A sentence that also names the report year (or a later one) contrasts two periods on
    purpose: ``2023年度审计发现的问题已于2024年3月整改完毕``."""
    start, end = scan.sentence(mention.start)
    return any(
        other.year >= year.year and other.kind in ("year", "date", "range")
        for other in find_years(scan.text[start:end])
    )


class _Scan:
    """Clause bounds and 《》 nesting over the flow text, computed once per document."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _RE_NEWLINE.finditer(self.text)]

    def _line(self, position: int) -> tuple[int, int]:
        import bisect

        index = bisect.bisect_right(self._line_starts, position) - 1
        start = self._line_starts[index]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def clause(self, position: int) -> tuple[int, int]:
        """The clause (between , ; 。 …) around ``position``."""
        line_start, line_end = self._line(position)
        start, end = clause_bounds(self.text[line_start:line_end], position - line_start)
        return line_start + start, line_start + end

    def sentence(self, position: int) -> tuple[int, int]:
        """The sentence (up to 。！？；) around ``position``."""
        line_start, line_end = self._line(position)
        line = self.text[line_start:line_end]
        offset = position - line_start
        stops = [match.end() for match in _SENTENCE_STOP.finditer(line)]
        start = max([stop for stop in stops if stop <= offset], default=0)
        end = min([stop for stop in stops if stop > offset], default=len(line))
        return line_start + start, line_start + end

    def inside_title_marks(self, position: int) -> bool:
        """True inside 《…》 (a document or plan name)."""
        line_start, _ = self._line(position)
        before = self.text[line_start:position]
        return before.rfind("《") > before.rfind("》")


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


class RelativeTime(_YearRule):
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
        year = report_year(doc)
        if year is None:
            return
        for match in _RELATIVE.finditer(doc.flow.text):
            word = match.group()
            yield self.finding(
                doc.flow_span(match.start(), match.end()),
                f"“{word}”指代不明：本报告针对{year.year}年度，而报告多在次年撰写，"
                f"请写明具体年份。",
                related=[self._title_span(doc, year)],
                evidence={"report_year": year.year, "word": word},
            )

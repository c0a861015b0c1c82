"""Structure rules: missing sections, empty sections, duplicated passages (AU302–AU304)."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from auditor.rules.base import Rule
from auditor.text.headings import Heading, parse_heading_mark
from auditor.text.sections import (
    KIND_NAMES,
    REQUIRED_KINDS,
    detect_report_type,
    report_title,
    section_lexicon,
    sections,
    table_of_contents,
    toc_title,
)
from auditor.text.sentences import TextRange
from auditor.types import Check, Finding, Severity

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.extraction import Extraction


_RE_DIGIT = regex.compile(r"\d")

class MissingSection(Rule):
    """报告类型要求的组成部分缺失，或目录列出的部分在正文中找不到。

    检查内容
        先从标题（及开头）判断报告类型：部门整体支出绩效自评报告、项目支出绩效自评报告。
        这两类报告都应包含：基本情况（部门/项目概况）、绩效目标实现情况、存在问题、
        整改措施（改进措施/下一步工作/有关建议）。各部分按同义词识别，编号标题或单独成行的
        “存在问题：”“整改措施”等标签都算。另外，目录中列出的每一项都应在正文中出现。

    为什么重要
        缺少“存在问题”或“整改措施”的自评报告不符合财政部门的格式要求，常被退回重报；
        目录有而正文无，说明报告删改后没有同步目录，或正文漏了一部分。

    示例
        标题为“2023年度××局部门整体支出绩效自评报告”，正文只有“一、部门概况”“二、绩效
        目标完成情况”，没有任何“存在问题”“整改措施”部分 —— 报告两处缺失。

    依据
        《项目支出绩效评价管理办法》（财预〔2020〕10号）附件“项目支出绩效自评报告”参考格式；
        各地部门整体支出绩效自评报告模板。
    """

    code = "AU302"
    name = "missing-section"
    severity = Severity.WARNING
    family = "structure"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        yield from self._missing_required(doc)
        yield from self._toc_without_body(doc)

    def _missing_required(self, doc: AnalysedDocument) -> Iterator[Finding]:
        report_type = detect_report_type(doc)
        required = REQUIRED_KINDS.get(report_type)
        title = report_title(doc)
        if not required or title is None:
            return
        present = {kind for section in sections(doc) for kind in section.kinds}
        for kind in required:
            if kind in present:
                continue
            synonyms = "、".join(term for term, k in section_lexicon() if k == kind)
            yield self.finding(
                doc.flow_span(title[0], title[1]),
                f"按标题判断本报告为{report_type}，但正文中找不到“{KIND_NAMES[kind]}”部分"
                f"（可识别的标题：{synonyms}）。",
                evidence={"report_type": report_type, "missing": kind},
            )

    def _toc_without_body(self, doc: AnalysedDocument) -> Iterator[Finding]:
        toc = table_of_contents(doc)
        if toc is None:
            return
        body = [_bare_title(p.text) for p in doc.paragraphs if p.start >= toc.end]
        for entry in toc.entries:
            if _has_body(entry.title, body):
                continue
            yield self.finding(
                doc.flow_span(entry.start, entry.end),
                f"目录列出了“{entry.title}”，但正文中没有这一部分。",
                evidence={"toc_entry": entry.title},
            )


def _bare_title(line: str) -> str:
    """A title without its number, page number, leaders and spaces (tables in the body
    often drop the number the TOC gives them)."""
    text = toc_title(line)
    mark = parse_heading_mark(text)
    return text[mark.marker_end:] if mark is not None else text


_INNER_MARK = regex.compile(r"(?<=\p{Han})[一二三四五六七八九十]+、")
_SIMILAR = 0.8


def _has_body(entry: str, body: list[str]) -> bool:
    """True when every title of a TOC line (two may have been joined into one) appears in
    the body, exactly or nearly (目录 其他重要事项说明 / 正文 其他重要事项的情况说明)."""
    for part in _INNER_MARK.split(_bare_title(entry)):
        if len(part) < 4 or any(part in line for line in body):
            continue
        if not any(_similar(part, line[:len(part) + 6]) for line in body if line):
            return False
    return True


def _similar(left: str, right: str) -> bool:
    matcher = difflib.SequenceMatcher(None, left, right)
    return matcher.real_quick_ratio() >= _SIMILAR and matcher.ratio() >= _SIMILAR


_TERMINAL = regex.compile(r"[。!?！？;；]\s*$")
_HAN = regex.compile(r"\p{Han}")


class EmptySection(Rule):
    """标题下面没有任何内容。

    检查内容
        一个编号标题（一、（一）1. （1） ① 第一部分 …）之后，在下一个同级或更高级标题
        之前没有任何正文，也没有下级标题；标题行本身除标题外也没有内容。以句号结尾的
        编号句子（“1. 加强财务管理。”）是条目而不是标题，不检查；目录中的行不检查。

    为什么重要
        空的部分通常是模板留下的标题没有填写，或者内容被误删；审核人员会认为该部分缺报。

    示例
        “五、存在问题”之后紧接着“六、整改措施”，中间没有一句话 —— “五、存在问题”是空的。
        写“五、存在问题”再写“无。”则不算空（内容是“无”，是否与整改措施矛盾由 AU201 判断）。

    依据
        《党政机关公文格式》（GB/T 9704—2012）关于结构层次的要求；财政部门自评报告模板
        各部分均为必填。
    """

    code = "AU303"
    name = "empty-section"
    severity = Severity.WARNING
    family = "structure"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        toc = table_of_contents(doc)
        headings = [h for h in doc.headings
                    if toc is None or not toc.start <= h.start < toc.end]
        empty = [self._is_empty(doc, headings, index) for index in range(len(headings))]
        for index, heading in enumerate(headings):
            if not empty[index] or _in_list_of_empties(doc, headings, empty, index):
                continue
            following = headings[index + 1] if index + 1 < len(headings) else None
            where = f"下一个标题“{following.title.strip()}”" if following else "文末"
            related = [doc.flow_span(following.start, following.end)] if following else []
            yield self.finding(
                doc.flow_span(heading.start, heading.end),
                f"标题“{heading.title.strip()}”下没有内容，紧接着就是{where}。",
                related=related,
                evidence={"heading": heading.title.strip()},
            )

    @staticmethod
    def _is_empty(doc: AnalysedDocument, headings: list[Heading], index: int) -> bool:
        heading = headings[index]
        paragraph = _paragraph_at(doc, heading.start)
        if paragraph is None or _TERMINAL.search(paragraph.text) or _is_table_row(paragraph.text):
            return False
        rest = paragraph.text[heading.end - paragraph.start:]
        if _HAN.search(rest) or _RE_DIGIT.search(rest):
            return False
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is not None and following.style > heading.style:
            return False  # its first sub-heading follows
        stop = following.start if following is not None else len(doc.flow.text)
        return not doc.flow.text[paragraph.end:stop].strip()


# A flattened table row: no sentence punctuation, and several numeric cells or columns.
_SENTENCE_MARK = regex.compile(r"[。，,；;：:！？!?]")
_NUMBER_CELL = regex.compile(r"(?<!\S)-?[\d.,]+%?(?!\S)")
_SECOND_MARK = regex.compile(r"\s[一二三四五六七八九十]+、")


def _is_table_row(text: str) -> bool:
    text = text.strip()
    if _SENTENCE_MARK.search(text):
        return False
    return (len(_NUMBER_CELL.findall(text)) >= 1 or bool(_SECOND_MARK.search(text))
            or len(text.split()) >= 3)


_LIST_RUN = 3


def _paragraph_at(doc: AnalysedDocument, start: int) -> TextRange | None:
    index = bisect.bisect_left(doc.paragraphs, start, key=lambda p: p.start)
    if index < len(doc.paragraphs) and doc.paragraphs[index].start == start:
        return doc.paragraphs[index]
    return None


def _in_list_of_empties(
    doc: AnalysedDocument, headings: list[Heading], empty: list[bool], index: int
) -> bool:
    """Empty siblings that are a list or the rows of a flattened table, not sections:
    three or more in a row, or a row of them next to a line of figures."""
    style = headings[index].style
    low = index
    while low > 0 and empty[low - 1] and headings[low - 1].style == style:
        low -= 1
    high = index
    while high + 1 < len(headings) and empty[high + 1] and headings[high + 1].style == style:
        high += 1
    if high - low + 1 >= _LIST_RUN:
        return True
    first = bisect.bisect_left(doc.paragraphs, headings[low].start, key=lambda p: p.start)
    last = bisect.bisect_left(doc.paragraphs, headings[high].start, key=lambda p: p.start)
    neighbours = [doc.paragraphs[i].text for i in (first - 1, last + 1)
                  if 0 <= i < len(doc.paragraphs)]
    return any(_is_figure_row(text) for text in neighbours)


def _is_figure_row(text: str) -> bool:
    return not _SENTENCE_MARK.search(text) and len(_NUMBER_CELL.findall(text)) >= 2


_MIN_PASSAGE = 30
_SPACE = regex.compile(r"\s+")


class DuplicatePassage(Rule):
    """同一段文字在报告中出现了两次。

    检查内容
        去掉空白后完全相同、且不少于 30 个字符的两个段落（以中文为主的正文段落）。
        第二次出现处报告，并指向第一次出现处。

    为什么重要
        重复的段落多半是复制粘贴时多贴了一次，或者本该改写的段落忘了改（例如两个项目
        写了同一段绩效分析），会让审核人员怀疑报告内容的真实性。

    示例
        “（二）项目绩效目标完成情况”下的一段分析，原样又出现在“（三）”之下。

    依据
        绩效自评报告应“如实反映”各项目、各指标的完成情况（《项目支出绩效评价管理办法》
        财预〔2020〕10号第十九条）。
    """

    code = "AU304"
    name = "duplicate-passage"
    severity = Severity.WARNING
    family = "structure"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        first_seen: dict[str, tuple[int, int]] = {}
        toc = table_of_contents(doc)
        for paragraph in doc.paragraphs:
            if toc is not None and toc.start <= paragraph.start < toc.end:
                continue
            if parse_heading_mark(paragraph.text) is not None and len(paragraph.text) <= 60:
                continue  # a title repeated as a running header or in a table caption
            key = _SPACE.sub("", paragraph.text)
            if len(key) < _MIN_PASSAGE or len(_HAN.findall(key)) * 2 < len(key):
                continue
            if key not in first_seen:
                first_seen[key] = (paragraph.start, paragraph.end)
                continue
            first = doc.flow_span(*first_seen[key])
            yield self.finding(
                doc.flow_span(paragraph.start, paragraph.end),
                f"这一段与第{first.line}行的段落完全相同（{len(key)}字），是否重复粘贴？",
                related=[first],
                evidence={"passage": key[:40]},
            )

"""Structure rules: missing sections, empty sections, duplicated passages (AU302–AU304)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from auditor.rules.base import Rule
from auditor.text.contents import Contents, titles_match
from auditor.text.headings import Heading, HeadingStyle, parse_heading_mark
from auditor.text.lines import LineType
from auditor.text.sections import (
    KIND_NAMES,
    REQUIRED_KINDS,
    detect_report_type,
    report_title,
    section_lexicon,
    sections,
)
from auditor.text.sentences import TextRange
from auditor.text.titles import bare_title
from auditor.types import Check, Finding, Severity

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.extraction import Extraction


_RE_DIGIT = regex.compile(r"\d")

class MissingSection(Rule):
    """报告类型要求的组成部分缺失，或目录列出的部分在正文中找不到。

    检查内容
        先从标题（及开头）判断报告类型：部门整体支出绩效自评报告、项目支出绩效自评报告。
        标题是“绩效自评表”“评分表”这类表格（不是报告）时，不要求下列部分。
        这两类报告都应包含：基本情况（部门/项目概况）、绩效目标实现情况、存在问题、
        整改措施（改进措施/下一步工作/有关建议）。各部分按同义词识别，编号标题或单独成行的
        “存在问题：”“整改措施”等标签都算。另外，目录中列出的每一项都应在正文中出现（按去掉
        编号和单位名称的标题模糊匹配）；目录中的一张表若在正文相应位置（前后两项之间）有一张
        标题不同的表，视为同一张表改了标题，不报。

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
        contents = doc.contents
        if contents is None:
            return
        body = body_titles(doc, contents)
        found = [_has_body(entry.title, body)
                 or bool(entry.first_title and _has_body(entry.first_title, body))
                 for entry in contents.entries]
        for position, entry in enumerate(contents.entries):
            if found[position]:
                continue
            if entry.names_table and _retitled_table(doc, contents, found, position):
                continue
            what = f"表“{entry.text.strip()}”，但正文中没有这张表" if entry.names_table \
                else f"“{entry.text.strip()}”，但正文中没有这一部分"
            yield self.finding(
                doc.span(entry.start, entry.end),
                f"目录列出了{what}。",
                evidence={"toc_entry": entry.title, "toc_table": entry.names_table},
            )


_LONGEST_TITLE = 80
_INNER_MARK = regex.compile(r"(?<=\p{Han})[一二三四五六七八九十]+、")


def body_titles(doc: AnalysedDocument, contents: Contents) -> list[str]:
    """Bare titles of the body's short lines after the contents, and of each two short
    lines joined (a title wrapped over two lines)."""
    lines = [line for line, _ in doc.lines
             if line.start >= contents.end
             and len(line.text.strip()) <= _LONGEST_TITLE]
    titles = [bare_title(line.text) for line in lines]
    joined = [bare_title(first.text + second.text)
              for first, second in pairwise(lines)
              if second.index - first.index <= 2]
    return [title for title in titles + joined if title]


def _retitled_table(doc: AnalysedDocument, contents: Contents, found: list[bool],
                    position: int) -> bool:
    """The body has a table in the place of a table entry, under another title: between
    the bodies of the nearest entries found before and after it stands a table title that
    is not the one before (a long table repeats its title on every page)."""
    entries = contents.entries
    before = next((entries[i] for i in range(position - 1, -1, -1) if found[i]), None)
    after = next((entries[i] for i in range(position + 1, len(entries)) if found[i]), None)
    if before is None:
        return False
    lines = [bare_title(line.text) for line, _ in doc.lines
             if line.start >= contents.end and len(line.text.strip()) <= _LONGEST_TITLE]
    start = next((i for i, title in enumerate(lines) if titles_match(before.title, title)), None)
    if start is None:
        return False
    end = next((i for i in range(start + 1, len(lines))
                if after is not None and titles_match(after.title, lines[i])), len(lines))
    claimed = {lines[start], before.title}
    return any(title.endswith("表") and not any(name in title or title in name for name in claimed)
               for title in lines[start + 1:end])


def _has_body(entry: str, body: list[str]) -> bool:
    """True when every title of a TOC entry (two may have been joined into one line) has a
    body title that matches it (:func:`~auditor.text.contents.titles_match`)."""
    for part in _INNER_MARK.split(entry):
        if len(part) < 4:
            continue
        if not any(titles_match(part, title) for title in body):
            return False
    return True


_TERMINAL = regex.compile(r"[。!?！？;；]\s*$")
_HAN = regex.compile(r"\p{Han}")


class EmptySection(Rule):
    """标题下面没有任何内容。

    检查内容
        一个编号标题（一、（一）1. （1） ① 第一部分 …）之后，在下一个同级或更高级标题
        之前没有任何正文，也没有下级标题；标题行本身除标题外也没有内容。只检查行分类模型
        判为标题的行：以句号结尾的编号句子（“1. 加强财务管理。”）是条目，表格中带编号的行
        （“四、上级补助收入”后面的数字列为空）是表格行，目录中的行是目录，都不检查；
        标题与下一标题之间只有页码、页眉时仍算空。

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
        contents = doc.contents
        headings = [h for h in doc.headings
                    if contents is None or not contents.holds(doc.flow.offsets[h.start])]
        empty = [self._is_empty(doc, headings, index) for index in range(len(headings))]
        for index, heading in enumerate(headings):
            if not empty[index] or _in_list_of_empties(headings, empty, index):
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
        """A heading line with nothing after its title, followed (past page furniture) by a
        heading of the same or an outer level, or by the end of the document."""
        heading = headings[index]
        if doc.line_type(heading.start) is not LineType.HEADING:
            return False  # a numbered paragraph carries its own content
        paragraph = _paragraph_at(doc, heading.start)
        if paragraph is None or _TERMINAL.search(paragraph.text):
            return False
        rest = paragraph.text[heading.end - paragraph.start:]
        if _HAN.search(rest) or _RE_DIGIT.search(rest):
            return False
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is not None and following.parent == heading.index:
            return False  # its first sub-heading follows
        stop = following.start if following is not None else len(doc.flow.text)
        low = bisect.bisect_right(doc.paragraphs, paragraph.start, key=lambda p: p.start)
        high = bisect.bisect_left(doc.paragraphs, stop, key=lambda p: p.start)
        return not any(_is_content(doc, p) for p in doc.paragraphs[low:high])


_LIST_RUN = 3


def _is_content(doc: AnalysedDocument, paragraph: TextRange) -> bool:
    """Anything with words is content, unless it is page furniture that repeats (a running
    head) — a model's *furniture* on a lone line of words may be a wrapped line."""
    text = paragraph.text.strip()
    if not _HAN.search(text):
        return bool(text) and doc.line_type(paragraph.start) is not LineType.FURNITURE
    if doc.line_type(paragraph.start) is not LineType.FURNITURE:
        return True
    return doc.flow.text.count(text) < 2


def _paragraph_at(doc: AnalysedDocument, start: int) -> TextRange | None:
    index = bisect.bisect_left(doc.paragraphs, start, key=lambda p: p.start)
    if index < len(doc.paragraphs) and doc.paragraphs[index].start == start:
        return doc.paragraphs[index]
    return None


def _in_list_of_empties(headings: list[Heading], empty: list[bool], index: int) -> bool:
    """Three or more empty siblings in a row are a list of items, not empty sections."""
    style = headings[index].style
    low = index
    while low > 0 and empty[low - 1] and headings[low - 1].style == style:
        low -= 1
    high = index
    while high + 1 < len(headings) and empty[high + 1] and headings[high + 1].style == style:
        high += 1
    return high - low + 1 >= _LIST_RUN


_MIN_PASSAGE = 30
_SPACE = regex.compile(r"\s+")


class DuplicatePassage(Rule):
    """同一段文字在报告中出现了两次。

    检查内容
        去掉空白后完全相同、且不少于 30 个字符的两个正文段落（以中文为主，行分类模型判为
        正文的段落；表格行、表注、目录、页眉页脚不算）。第二次出现处报告，并指向第一次
        出现处。以下重复是文体本身要求的，不报：同一段文字出现三次及以上（模板句、标准
        说明）；两处之间隔着一个不带编号的标题行或“第N部分”（合订在一起的两份报告、
        公报中的两篇文件各有一份的标准说明）；两处分别位于标题相同的两个部分之下（如“全省”
        与“省本级”两张表的说明中同一科目的同一句解释）。只有同一份报告之内、所属部分的
        标题不同或在同一部分之内的两处完全相同，才是多贴了一次。

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
        copies: dict[str, list[TextRange]] = {}
        for paragraph in doc.paragraphs:
            if doc.line_type(paragraph.start) is not LineType.PROSE:
                continue
            if parse_heading_mark(paragraph.text) is not None and len(paragraph.text) <= 60:
                continue  # a title repeated as a running header or in a table caption
            key = _SPACE.sub("", paragraph.text)
            if len(key) < _MIN_PASSAGE or len(_HAN.findall(key)) * 2 < len(key):
                continue
            copies.setdefault(key, []).append(paragraph)
        starts = [heading.start for heading in doc.headings]
        for key, found in copies.items():
            if len(found) != 2:
                continue  # once is fine; three times and more is a template the genre repeats
            first, second = found
            if _parallel_sections(doc, starts, first, second):
                continue
            first_span = doc.flow_span(first.start, first.end)
            yield self.finding(
                doc.flow_span(second.start, second.end),
                f"这一段与第{first_span.line}行的段落完全相同（{len(key)}字），是否重复粘贴？",
                related=[first_span],
                evidence={"passage": key[:40]},
            )


def _parallel_sections(doc: AnalysedDocument, starts: list[int], first: TextRange,
                       second: TextRange) -> bool:
    """True when the two copies sit in two parts of a compiled document (a title line or a
    第N部分 between them), or under two different headings with the same title: the same
    statement about the same subject in two parallel parts of the report."""
    low = doc.lines.position(doc.flow.offsets[first.start])
    high = doc.lines.position(doc.flow.offsets[second.start])
    if low is not None and high is not None:
        for index in range(low + 1, high):
            text = doc.lines.lines[index].text
            mark = parse_heading_mark(text)
            if doc.lines.types[index] is LineType.HEADING and (
                    mark is None or mark.style is HeadingStyle.PART):
                return True
    owners = []
    for paragraph in (first, second):
        index = bisect.bisect_right(starts, paragraph.start) - 1
        owners.append(doc.headings[index] if index >= 0 else None)
    if owners[0] is None or owners[1] is None or owners[0] is owners[1]:
        return False
    return bare_title(owners[0].title) == bare_title(owners[1].title)

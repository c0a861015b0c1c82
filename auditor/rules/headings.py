"""Heading rules: numbering that skips, repeats or restarts (AU301)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from auditor.document import AnalysedDocument
from auditor.rules.base import Rule
from auditor.text.contents import Contents
from auditor.text.headings import Heading, HeadingStyle, is_heading_line, parse_heading_mark
from auditor.text.lines import LineType
from auditor.text.normalize import normalize_width
from auditor.text.titles import bare_title
from auditor.types import Check, Finding, Severity

if TYPE_CHECKING:
    from auditor.extract.extraction import Extraction

_CN_DIGITS = "〇一二三四五六七八九十"
#: Unnumbered lines of these types between two lists start a new list: a title, a table
#: title or the 备注：/注： line over numbered notes.
_TITLE_TYPES = frozenset({LineType.HEADING, LineType.CAPTION})
_TITLE_LINE = regex.compile(r"^[^。,;!?\t]{2,20}[:]?$")
#: the paragraph right above a list's first item ends by announcing it
_LEAD_IN = regex.compile(r"[:：]\s*$")
def structural_headings(doc: AnalysedDocument) -> list[Heading]:
    """Numbered headings and numbered paragraphs outside the table of contents.

    Rows of tables, contents entries and captions never count: the line-type model keeps
    them out of ``doc.headings`` whatever their numbering.
    """
    contents = doc.contents
    if contents is None:
        return list(doc.headings)
    return [h for h in doc.headings if not contents.holds(doc.flow.offsets[h.start])]


def _number_text(style: HeadingStyle, number: int) -> str:
    if style in (HeadingStyle.ARABIC, HeadingStyle.ARABIC_PAREN):
        shown = str(number)
    elif style is HeadingStyle.CIRCLED:
        return chr(ord("①") + number - 1)
    elif number <= 10:
        shown = _CN_DIGITS[number]
    elif number < 20:
        shown = "十" + (_CN_DIGITS[number - 10] if number > 10 else "")
    else:
        shown = str(number)
    if style in (HeadingStyle.CHINESE_PAREN, HeadingStyle.ARABIC_PAREN):
        return f"（{shown}）"
    if style is HeadingStyle.PART:
        return f"第{shown}部分"
    return f"{shown}、" if style is HeadingStyle.CHINESE else f"{shown}."


class HeadingSequence(Rule):
    """标题序号跳号、重复或重新开始。

    检查内容
        同一上级标题之下、同一种编号样式（一、 （一） 1. （1） ① 第一部分）的标题应从 1 起
        连续编号。报告跳号（一、二、四、）、重号（（二）（二））或在同一上级下重新从
        （一）开始（（一）（二）（一））时报出，位置在出错的标题上，前一个同级标题为关联位置。
        两组编号之间若隔着一行无编号的小标题（如“整改措施”“结果应用：”），或新的一组紧接在
        以冒号结尾、引出列表的段落之后（如“相应安排支出 80 万元，其中：”），视为新的列表，不报。
        只检查标题行和带编号的正文段落（行类型由行分类模型判定）；目录条目、表格中带编号的行
        （如“一、一般公共服务支出 264.87”）、表题和页眉页脚不参与检查；
        目录列出而正文缺少的部分由 AU302 报告。

    为什么重要
        序号错乱通常说明报告由多份材料拼接、删改后未重新编号，或有整节缺失，
        阅读者无法按序号引用内容。

    示例
        错误：四、绩效实现情况 （一）…… （二）…… （一）强化思想引领……
        正确：四、绩效实现情况 （一）…… （二）…… （三）强化思想引领……

    依据
        《党政机关公文格式》（GB/T 9704—2012）关于结构层次序数的规定。
    """

    code = "AU301"
    name = "heading-sequence"
    severity = Severity.ERROR
    family = "structure"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        last: dict[tuple[int | None, HeadingStyle], Heading] = {}
        said: dict[tuple[int | None, HeadingStyle], set[str]] = {}
        contents = doc.contents
        for heading in structural_headings(doc):
            key = (heading.parent, heading.style)
            text = "".join(heading.title.split())
            if heading.number == 1:
                said[key] = set()
            elif text in said.setdefault(key, set()):
                continue  # a passage said twice in one list (AU304's business), not a sibling
            said[key].add(text)
            previous = last.get(key)
            last[key] = heading
            if previous is None:
                continue
            expected = previous.number + 1
            if heading.number == expected:
                continue
            if heading.number == 1 and self._separated_by_title(doc, previous, heading):
                continue
            if heading.number != previous.number and self._follows_untyped(doc, previous, heading):
                continue
            if heading.number > expected and contents is not None \
                    and self._listed_in_contents(contents, heading, expected):
                continue
            yield self._finding(doc, previous, heading, expected)

    @staticmethod
    def _listed_in_contents(contents: Contents, heading: Heading, expected: int) -> bool:
        """The skipped part is in the table of contents: AU302 reports its missing body."""
        wanted = normalize_width(_number_text(heading.style, expected).rstrip("、."))
        return any(normalize_width(entry.text).lstrip().startswith(wanted)
                   for entry in contents.entries)

    @staticmethod
    def _separated_by_title(doc: AnalysedDocument, previous: Heading, heading: Heading) -> bool:
        """An unnumbered title between two lists starts a new one: a short title paragraph
        (``整改措施``), a paragraph right above that ends with a colon and so introduces the
        list (``相应安排支出 T，其中：``), a line typed as a title or a table title (the next report bound into
        the same file, ``备注：`` over numbered notes), or a line the contents list."""
        low = bisect.bisect_right(doc.paragraphs, previous.start, key=lambda p: p.start)
        high = bisect.bisect_left(doc.paragraphs, heading.start, key=lambda p: p.start)
        if high > low and _LEAD_IN.search(doc.paragraphs[high - 1].text):
            return True
        if any(_TITLE_LINE.match(p.text.strip()) and not is_heading_line(p.text)
               for p in doc.paragraphs[low:high]):
            return True
        first = doc.lines.position(doc.flow.offsets[previous.start])
        last = doc.lines.position(doc.flow.offsets[heading.start])
        if first is None or last is None:
            return False
        entries = {entry.title for entry in doc.contents.entries} if doc.contents else set()
        for index in range(first + 1, last):
            text = doc.lines.lines[index].text
            if is_heading_line(text):
                continue
            if doc.lines.types[index] in _TITLE_TYPES or bare_title(text) in entries:
                return True
        return False

    @staticmethod
    def _follows_untyped(doc: AnalysedDocument, previous: Heading, heading: Heading) -> bool:
        """The number before this one stands on a line between the two in the same style
        that is no heading (a numbered note, contents entry or prose item): the heading
        continues that list, not the previous heading's. A table's numbered row counts only
        right above (a heading goes on after a table, not its rows' numbering)."""
        first = doc.lines.position(doc.flow.offsets[previous.start])
        last = doc.lines.position(doc.flow.offsets[heading.start])
        if first is None or last is None:
            return False
        for index in range(last - 1, first, -1):
            mark = parse_heading_mark(normalize_width(doc.lines.lines[index].text))
            if mark is not None and mark.style is heading.style:
                return mark.number == heading.number - 1 and (
                    doc.lines.types[index] is not LineType.TABLE_ROW or index == last - 1)
        return False

    def _finding(self, doc: AnalysedDocument, previous: Heading, heading: Heading,
                 expected: int) -> Finding:
        if heading.number == 1:
            problem = "重新从头开始"
        elif heading.number == previous.number:
            problem = "重复"
        elif heading.number > expected:
            problem = "跳号"
        else:
            problem = "倒退"
        span = doc.flow_span(heading.start, heading.end)
        previous_span = doc.flow_span(previous.start, previous.end)
        wanted = _number_text(heading.style, expected)
        found = _number_text(heading.style, heading.number)
        message = (
            f"标题序号{problem}：上一个同级标题是“{previous_span.text.strip()}”，"
            f"此处应为“{wanted}”，实为“{found}”。"
        )
        return self.finding(
            span,
            message,
            related=[previous_span],
            evidence={"style": heading.style.name, "expected": expected,
                      "found": heading.number, "problem": problem},
        )

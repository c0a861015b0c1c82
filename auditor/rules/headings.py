"""Heading rules: numbering that skips, repeats or restarts (AU301)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from auditor.document import AnalysedDocument
from auditor.rules.base import Rule
from auditor.text.headings import Heading, HeadingStyle
from auditor.text.normalize import normalize_width
from auditor.text.sections import table_of_contents
from auditor.types import Check, Finding, Severity

if TYPE_CHECKING:
    from auditor.extract.extraction import Extraction

_CN_DIGITS = "〇一二三四五六七八九十"
_TITLE_LINE = regex.compile(r"^[^。,;!?\t]{2,20}[:]?$")
_PROSE = regex.compile(r"[,，。;；:：]")


_NUMBER_CELL = regex.compile(r"(?<![\d.])\d[\d,.]*%?(?=\s|$)")
# Two figures side by side with only spaces between them: columns of a flattened table.
_ADJACENT_FIGURES = regex.compile(r"(?<![\d.])\d[\d,.]*%?\s+\d[\d,.]*%?(?![\d.])")


def _looks_like_prose(text: str) -> bool:
    """Prose, not a flattened table row: a sentence mark, or a long run of words with at
    most one free-standing number (rows read ``一般公共服务支出 264.87 264.87``)."""
    if _ADJACENT_FIGURES.search(text[:60]):
        return False  # a row of figures, even when a note sentence was joined after it
    if "。" in text:
        return True
    if len(text) <= 20:
        return False
    return bool(_PROSE.search(text)) or len(_NUMBER_CELL.findall(text)) <= 1


def structural_headings(doc: AnalysedDocument) -> list[Heading]:
    """Headings that structure prose, not numbered rows of a flattened table or a list.

    A heading counts when it carries prose itself (``（一）针对……，……。``), or the paragraph
    after it is prose or a heading of a deeper level. Rows of a table flattened by PDF
    extraction (``一、一般公共服务支出 264.87``) are followed by more rows and do not count.
    """
    paragraphs = doc.paragraphs
    starts = {p.start: index for index, p in enumerate(paragraphs)}
    by_start = {h.start: h for h in doc.headings}
    kept = []
    for heading in doc.headings:
        index = starts.get(heading.start)
        if index is None:
            continue
        if _PROSE.search(paragraphs[index].text[len(heading.title):]):
            kept.append(heading)
            continue
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if following is None:
            continue
        deeper = by_start.get(following.start)
        if deeper is not None:
            if deeper.style > heading.style:
                kept.append(heading)
        elif "\t" in following.text and "\t" not in paragraphs[index].text:
            kept.append(heading)  # a heading over a table (DOCX cells are tab-separated)
        elif _looks_like_prose(following.text):
            kept.append(heading)
    return kept


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
        两组编号之间若隔着一行无编号的小标题（如“整改措施”“结果应用：”），视为新的列表，不报。
        目录中的条目，以及 PDF 抽取后表格中带编号的行（其后紧跟的不是正文），不参与检查；
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
        toc = table_of_contents(doc)
        for heading in structural_headings(doc):
            if toc is not None and toc.start <= heading.start < toc.end:
                continue
            key = (heading.parent, heading.style)
            previous = last.get(key)
            last[key] = heading
            if previous is None:
                continue
            expected = previous.number + 1
            if heading.number == expected:
                continue
            if heading.number == 1 and self._separated_by_title(doc, previous, heading):
                continue
            if heading.number > expected and toc is not None and self._listed_in_toc(doc, toc, heading, expected):
                continue
            yield self._finding(doc, previous, heading, expected)

    @staticmethod
    def _listed_in_toc(doc: AnalysedDocument, toc, heading: Heading, expected: int) -> bool:
        """The skipped part is in the table of contents: AU302 reports its missing body."""
        wanted = normalize_width(_number_text(heading.style, expected).rstrip("、."))
        lines = (doc.flow.text[entry.start:entry.end].lstrip() for entry in toc.entries)
        return any(line.startswith(wanted) for line in lines)

    @staticmethod
    def _separated_by_title(doc: AnalysedDocument, previous: Heading, heading: Heading) -> bool:
        between = [p for p in doc.paragraphs if previous.start < p.start < heading.start]
        return any(_TITLE_LINE.match(p.text.strip()) for p in between)

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

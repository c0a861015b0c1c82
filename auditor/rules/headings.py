"""Heading rules: numbering that skips, repeats or restarts (AU301)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor.document import AnalysedDocument
from auditor.rules.base import Rule
from auditor.text.headings import Heading, HeadingStyle
from auditor.types import Check, Finding, Severity

_CN_DIGITS = "〇一二三四五六七八九十"
_TITLE_LINE = regex.compile(r"^[^。,;!?]{2,20}[:]?$")


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

    def run(self, doc: AnalysedDocument) -> Iterator[Finding | Check]:
        last: dict[tuple[int | None, HeadingStyle], Heading] = {}
        for heading in doc.headings:
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
            yield self._finding(doc, previous, heading, expected)

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

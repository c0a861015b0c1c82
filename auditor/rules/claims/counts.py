"""AU204 count-conflict: counts a report gives of itself that disagree.

Problems found vs problems rectified (发现问题0个，已完成整改5个), and an announced number of
items (以下四个方面的问题：) vs the items actually listed after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from auditor.document import AnalysedDocument
from auditor.rules.base import Rule
from auditor.rules.claims.common import relation_check, role_evidence, sentence_at, units
from auditor.text.sentences import TextRange
from auditor.types import Check, Finding, Severity

_NUM = r"(?:\d{1,4}|[零〇一二两三四五六七八九十百]{1,4})"
_PROBLEM_COUNT = regex.compile(
    rf"(?:发现|存在|反馈|梳理出?|查找出?|查摆出?|排查出?|检查出?)(?:各类|突出|主要|的)?"
    rf"(?:问题\s*(?:共(?:计)?)?\s*(?P<n>{_NUM})\s*(?:个|项|条|处)|(?:问题)?(?P<n2>{_NUM})\s*(?:个|项|条|处)(?:方面的?)?问题)"
)
_FIXED_COUNT = regex.compile(
    rf"(?:已|共)?(?:完成|落实|实现)?整改(?:完成|到位|销号|落实)?(?:问题)?\s*(?:共(?:计)?)?\s*"
    rf"(?P<n>{_NUM})\s*(?:个|项|条|处)"
)
_ANNOUNCED = regex.compile(
    rf"(?:(?:以下|如下|下列|下述)\s*(?P<n>{_NUM})\s*(?:个)?(?:方面|项|条|点|个)[^:。;]{{0,12}}"
    rf"|(?P<n2>{_NUM})\s*(?:个)?(?:方面|项|条|点)(?:的)?(?:主要)?"
    rf"(?:问题|措施|建议|举措|不足|原因|改进措施|整改措施|意见|工作))\s*[:]"
)
# Item markers: (style, pattern with the number in group 1)
_ITEM_MARKERS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("是", regex.compile(r"([一二三四五六七八九十]{1,3})是")),
    ("第", regex.compile(r"第([一二三四五六七八九十]{1,3})[,、]")),
    ("(一)", regex.compile(r"\(\s*([一二三四五六七八九十]{1,3})\s*\)")),
    ("1.", regex.compile(r"(\d{1,2})\s*(?:、|\.(?!\d))")),
    ("(1)", regex.compile(r"\(\s*(\d{1,2})\s*\)")),
    ("①", regex.compile(r"([①-⑳])")),
)

if TYPE_CHECKING:
    from auditor.extract.extraction import Extraction
#: how far out a style sits (a heading of a smaller rank ends a list of a larger one)
_STYLE_RANK = {"(一)": 2, "1.": 3, "(1)": 4, "①": 5, "是": 6, "第": 6}
_OUTER_HEADING = regex.compile(r"^(?:第[一二三四五六七八九十]+(?:部分|章|节)|[一二三四五六七八九十]+\s*[、.])")


def _count_value(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    from auditor.extract.cn_numerals import NotANumeral, cn_integer

    try:
        return cn_integer(text)
    except NotANumeral:
        return None


def _marker_number(style: str, token: str) -> int | None:
    if style == "①":
        return ord(token) - ord("①") + 1
    return _count_value(token)


def _marker_at(text: str, position: int = 0) -> tuple[str, int] | None:
    """The item marker starting exactly at ``position`` (after spaces), as (style, number)."""
    while position < len(text) and text[position] in " \t":
        position += 1
    for style, pattern in _ITEM_MARKERS:
        match = pattern.match(text, position)
        if match:
            number = _marker_number(style, match.group(1))
            if number is not None:
                return style, number
    return None


def _inline_items(text: str) -> tuple[str, int] | None:
    """Items enumerated inside one text (一是…二是…): (style, how many, counted from 1)."""
    for style in ("是", "第", "(一)", "1.", "(1)", "①"):
        pattern = dict(_ITEM_MARKERS)[style]
        numbers = [_marker_number(style, m.group(1)) for m in pattern.finditer(text)]
        numbers = [n for n in numbers if n is not None]
        if numbers and numbers[0] == 1:
            count = 0
            for number in numbers:
                if number == count + 1:
                    count = number
            if count >= 2 or style == "是":
                return style, count
    return None


def listed_items(doc: AnalysedDocument, paragraph_index: int, after: int) -> tuple[str, int] | None:
    """``(style, count)`` of the items enumerated after an announcement.

    Inline items in the rest of the paragraph, continued by following paragraphs that open
    with the next marker; otherwise paragraphs opening with markers 1, 2, 3 … of one style,
    up to a heading of an outer level or a restart of the numbering.
    """
    paragraphs = doc.paragraphs
    rest = paragraphs[paragraph_index].text[after:]
    inline = _inline_items(rest) if rest.strip() else None
    following = [p for p in paragraphs[paragraph_index + 1:] if p.text.strip()]
    if inline is not None:
        style, count = inline
        for paragraph in following:
            marker = _marker_at(paragraph.text)
            if marker != (style, count + 1):
                break
            count += 1
        return style, count
    if rest.strip() or not following:
        return None
    first = _marker_at(following[0].text)
    if first is None or first[1] != 1:
        return None
    style, count = first[0], 1
    for paragraph in following[1:]:
        text = paragraph.text.lstrip()
        if _OUTER_HEADING.match(text) and _STYLE_RANK[style] > 1:
            break
        marker = _marker_at(text)
        if marker is None:
            continue
        if marker[0] == style:
            if marker[1] != count + 1:
                break
            count += 1
        elif _STYLE_RANK.get(marker[0], 9) < _STYLE_RANK[style]:
            break
    return style, count


@dataclass(frozen=True)
class CountRelation:
    """Two counts of one document compared: where, the outcome and what was compared."""

    primary: tuple[int, int]
    related: tuple[int, int] | None
    message: str
    cues: tuple[str, ...]
    sentence: TextRange
    holds: bool = False


def count_relations(doc: AnalysedDocument) -> list[CountRelation]:
    """Problems found vs rectified, and announced item counts vs the items listed."""
    found: list[CountRelation] = []
    for sentence in units(doc):
        problem = _PROBLEM_COUNT.search(sentence.text)
        fixed = _FIXED_COUNT.search(sentence.text, problem.end()) if problem else None
        if problem and fixed:
            problems = _count_value(problem.group("n") or problem.group("n2"))
            rectified = _count_value(fixed.group("n"))
            if problems is not None and rectified is not None:
                found.append(CountRelation(
                    (sentence.start + fixed.start(), sentence.start + fixed.end()),
                    (sentence.start + problem.start(), sentence.start + problem.end()),
                    f"称发现问题 {problems} 个，却又称整改 {rectified} 个，整改数多于问题数。",
                    (problem.group(0), fixed.group(0)), sentence, rectified <= problems))
    for index, paragraph in enumerate(doc.paragraphs):
        if "\t" in paragraph.text:
            continue
        for match in _ANNOUNCED.finditer(paragraph.text):
            announced = _count_value(match.group("n") or match.group("n2"))
            listed = listed_items(doc, index, match.end())
            if announced is None or listed is None:
                continue
            style, count = listed
            start = paragraph.start + match.start()
            found.append(CountRelation(
                (start, paragraph.start + match.end()), None,
                f"称有 {announced} 项（“{match.group(0).strip(' :')}”），其后只列出 {count} 项"
                if count < announced else
                f"称有 {announced} 项（“{match.group(0).strip(' :')}”），其后却列出 {count} 项",
                (match.group(0), f"列举：{style} × {count}"),
                sentence_at(doc, start), count == announced))
    return found


class CountConflict(Rule):
    """报告自己给出的数目前后不一致。

    检查内容
        两类数目：一是“发现问题N个”与“已完成整改M个”，整改数多于问题数（如“发现问题0个，
        已完成整改3个”）；二是“主要存在以下四个方面的问题：”“提出3条建议：”之类宣称的
        条数，与其后实际列举的条目（一是……二是……、（一）（二）……、1. 2. ……）数目不同。
        只在冒号后紧接列举、且编号从1起连续时计数；列举被外层标题或重新编号截止。

    为什么重要
        数目不符说明内容被删改后未同步，或问题、整改情况系套用模板，
        读者无法判断哪一处是准确的。

    示例
        错误：绩效自评中共发现问题0个，已完成整改5个。
        错误：主要存在以下四个方面的问题：一是……；二是……；三是……。
        正确：主要存在以下三个方面的问题：一是……；二是……；三是……。

    依据
        《党政机关公文格式》（GB/T 9704—2012）及公文写作规范：文中所述数目与所列事项应当一致；
        《项目支出绩效评价管理办法》（财预〔2020〕10号）要求如实反映问题及整改情况。
    """

    code = "AU204"
    name = "count-conflict"
    severity = Severity.WARNING
    family = "claims"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for conflict in count_relations(doc):
            span = doc.flow_span(*conflict.primary)
            related = [doc.flow_span(*conflict.related)] if conflict.related else []
            yield relation_check("count", conflict.holds, span, "；".join(conflict.cues), related)
            if conflict.holds:
                continue
            yield self.finding(
                span, f"{conflict.message}请核实数目。", related=related,
                evidence={"roles": role_evidence(doc, [conflict.sentence]),
                          "cues": list(conflict.cues)},
            )

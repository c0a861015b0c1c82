"""Whether a listed enumeration names every part of its total (see :mod:`.enumeration`).

A list is *closed* when the text says so (分别为, 包括：, 由 … 组成), when the parts' shares
add up to 100 %, when it ends with a catch-all (其他), when it names every year of the span
its total covers, or when its parts' names cover a standard decomposition of their total
(``models/lexicon/decompositions.tsv``); otherwise it is *open*. A list trailing off with 等
is open whatever its introducer.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.context import LABEL_REACH, FigureContext
from auditor.extract.relations.enumeration_items import SumPart, clean_label
from auditor.lexicon import alternation, entries, terms

#: a list that trails off (A 10 万元、B 20 万元等) names some parts only
_ET_CETERA = regex.compile(r"[ \t]*等")
_STATED_CLOSED = regex.compile(
    rf"(?:{alternation('cues', 'list_closed')})(?!\p{{Han}}{{0,2}}(?:其中|主要))|由.{{1,30}}?(?:组成|构成)")
_OPEN_WORD = regex.compile(rf"主要|{alternation('cues', 'list_open')}")
_CATCH_ALL = regex.compile(rf"^(?:{alternation('cues', 'catch_all')})")
_INCOME_TOTAL = regex.compile(r"收入(?:合计|总计)")


@cache
def _decompositions() -> tuple[tuple[str, tuple[regex.Pattern[str], ...]], ...]:
    grouped: dict[str, list[regex.Pattern[str]]] = defaultdict(list)
    for entry in entries("decompositions"):
        grouped[entry.category].append(regex.compile(entry.term))
    terms("decompositions", "")  # record the file as read
    return tuple((name, tuple(patterns)) for name, patterns in grouped.items())


def closing_signal(ctx: FigureContext, total: PlacedFact, parts: list[SumPart], intro: str) -> str:
    """Why a list names every part of its total ("" when it is open)."""
    labels = [p.label for p in parts if p.depth == 0]
    if _ET_CETERA.match(ctx.text, parts[-1].amount.flow_end) or \
            "等" in ctx.text[parts[0].amount.flow_start:parts[-1].amount.flow_start]:
        return ""
    if _STATED_CLOSED.search(intro) and not _OPEN_WORD.search(intro):
        return "文中写明全部组成"
    shares = [p.share for p in parts if p.depth == 0]
    if shares and all(s is not None for s in shares):
        from auditor.extract.relations.sum import add_intervals, exact_interval, hundred

        summed = add_intervals([exact_interval(s.fact.quantity) for s in shares if s is not None])
        if summed.meets(hundred()):
            return "各部分占比合计为100%"
    if len(labels) >= 2 and any(_CATCH_ALL.match(label) for label in labels):
        return "列有“其他”项"
    total_head = clean_label(ctx.label(total))
    for name, patterns in _decompositions():
        # every part is one of the decomposition's, and every one of these is listed; a total
        # that is itself one of them (税收收入 T，其中…；非税收入 N) is not their whole
        if any(m.end() == len(total_head) for p in patterns for m in p.finditer(total_head)):
            continue
        if len(labels) >= len(patterns) and all(any(p.search(label) for p in patterns)
                                                for label in labels) \
                and all(any(p.search(label) for label in labels) for p in patterns):
            return name
    if _every_year_of_the_span(ctx, total, labels):
        return "按年度逐年列全"
    income = set(terms("cues", "income_category"))
    if (len(labels) >= 2 and _INCOME_TOTAL.search(ctx.label(total))
            and all(label.removeprefix("本年") in income for label in labels)):
        return "收入按来源分类列全"
    return ""


_YEAR_LABEL = regex.compile(r"^((?:19|20)[0-9]{2})年度?$")
_YEAR_SPAN = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[ \t]*年?[ \t]*[-—–~至到][ \t]*((?:19|20)[0-9]{2})[ \t]*年")


def _every_year_of_the_span(ctx: FigureContext, total: PlacedFact, labels: list[str]) -> bool:
    """``2022—2024 年共安排 30.54 亿元，其中：2022 年 …，2023 年 …，2024 年 …``: a total
    over a span of years, listed year by year for every year of the span, is all of it."""
    years = [_YEAR_LABEL.match(label) for label in labels]
    if len(years) < 2 or any(y is None for y in years):
        return False
    sentence = ctx.sentence(total.flow_start)
    span = _YEAR_SPAN.search(ctx.text, max(sentence.start, total.flow_start - LABEL_REACH), total.flow_start)
    if span is None:
        return False
    first, last = int(span.group(1)), int(span.group(2))
    return sorted(int(y.group(1)) for y in years if y is not None) == list(range(first, last + 1))

"""Whether a listed enumeration names every part of its total (see :mod:`.enumeration`).

A list is *closed* when the text says so (分别为, 包括：, 由 … 组成), when the parts' shares
add up to 100 %, when it ends with a catch-all (其他), when it names every year of the span
its total covers, or when its parts' names cover a standard decomposition of their total
(``models/lexicon/decompositions.tsv``); otherwise it is *open*. A list trailing off with 等
is open whatever its introducer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Decomposition:
    """A standard way a total is made up: the parts it always has, the parts it may have,
    and (when given) what its total must be called."""

    name: str
    required: tuple[regex.Pattern[str], ...]
    optional: tuple[regex.Pattern[str], ...]
    wholes: tuple[regex.Pattern[str], ...]

    def closes(self, total_label: str, labels: list[str], rest: str) -> bool:
        """Every part is one of this decomposition's, every required one is listed, and the
        total is its whole: one of its members (税收收入 T，其中…；非税收入 N) is not. A member
        named in the ``rest`` of the last part's clause or the next one (调入资金 368 万, its
        amount unreadable) is a part the reading missed; one stating a share annotates a part."""
        members = (*self.required, *self.optional)
        head = clean_label(total_label)
        if len(labels) < max(2, len(self.required)) \
                or any(m.end() == len(head) for p in members for m in p.finditer(head)) \
                or ("%" not in rest and any(p.search(rest) for p in members)) \
                or (self.wholes and not any(p.search(total_label) for p in self.wholes)):
            return False
        return all(any(p.search(label) for p in members) for label in labels) \
            and all(any(p.search(label) for label in labels) for p in self.required)


_CLAUSE_MARK = regex.compile(r"[,，;；、]")
_ROLES = {"": 0, "optional": 1, "whole": 2}


@cache
def _decompositions() -> tuple[Decomposition, ...]:
    grouped: dict[str, tuple[list[regex.Pattern[str]], ...]] = defaultdict(lambda: ([], [], []))
    for entry in entries("decompositions"):
        role = entry.extra[0] if entry.extra else ""
        grouped[entry.category][_ROLES[role]].append(regex.compile(entry.term))
    terms("decompositions", "")  # record the file as read
    return tuple(Decomposition(name, tuple(required), tuple(optional), tuple(wholes))
                 for name, (required, optional, wholes) in grouped.items())


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
    total_label = ctx.label(total)
    if not clean_label(total_label):
        # a figure restated bare (余额 T，控制在限额以内；T，其中：…) is named by its sentence and the one before
        start = ctx.windows(total.flow_start, 1, section=False)[-1].start
        total_label = ctx.text[max(start, total.flow_start - LABEL_REACH):total.flow_start]
    last = parts[-1].amount
    rest = "".join(_CLAUSE_MARK.split(ctx.text[last.flow_end:ctx.sentence(last.flow_start).end], 2)[:2])
    for decomposition in _decompositions():
        if decomposition.closes(total_label, labels, rest):
            return decomposition.name
    if _every_year_of_the_span(ctx, total, labels):
        return "按年度逐年列全"
    income = set(terms("cues", "income_category"))
    if (len(labels) >= 2 and _INCOME_TOTAL.search(total_label)
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

"""One figure named the same way in two places: ``合作区收到上级转贷地方政府专项债券 16.08
亿元`` in a summary and in its chapter, ``其中：一般公共预算收入 38.33 亿元`` in a summary and
``按现行财政体制结算，一般公共预算收入 38.33 亿元`` in the balance paragraph.

A figure's *name* is the Han characters of the clause before it, without years, without
whose it is (全县 / 本级: the scope, compared on its own), without the verb that says it
happened (完成 / 实现), the copula and the word that joins it to what came before (其中 /
加上 / 由); its last :data:`NAME_CHARS` characters are compared, and a name shorter than
:data:`MIN_NAME_CHARS` says nothing (``2024 年，合作区收到上级转贷地方政府专项债券`` →
``转贷地方政府专项债券``). Reports use the same names for other figures all the time (全省 and
省级 chapters, this year and last, the adjusted budget and the final account), so a name
alone proves nothing: two statements are one quantity when the name is said in two or three
places of one scope (the sentence's, else its section's, its chapter's, the title's) and
period (:func:`~auditor.extract.relations.repeated.place_test`), no sentence names another
year, no heading above names another column of the accounts, *and* the passages around them
(the sentence and two on either side) share another distinctive figure — the summary and its
chapter repeat more than one number. A name said more often in one scope is a template; a
name two figures of one sentence share is a list's.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from typing import TYPE_CHECKING

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.labels import actual, names_plan, qualifier, without_scope
from auditor.extract.relations.repeated import LEADING_MARK as _LEADING_MARK
from auditor.lexicon import alternation, compile_terms
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from collections.abc import Callable

    from auditor.extract.relations.context import FigureContext

#: Han characters of a name compared (the last ones: the head noun and what qualifies it)
NAME_CHARS = 10
#: Han characters a name needs, scope and verbs aside, to say which quantity it is
MIN_NAME_CHARS = 6
#: Han characters of a neighbour's name compared between two passages
SHORT_CHARS = 4
#: a name said more often than this is a template
MAX_REPEATS = 3
#: sentences on either side whose figures make a statement's neighbourhood
NEIGHBOURHOOD = 2
#: how far back from a figure its name is read
_REACH = 40

#: clause marks, and a line break before a number (a line that opens anew: 单位：亿元⏎2025年…)
_CLAUSE = regex.compile(r"[,，、;；:：。!！?？()（）]|\n(?=[0-9])")
_YEAR = regex.compile(r"(?:19|20)[0-9]{2}[ \t]*年(?:度|末|初|底)?")
_NOT_HAN = regex.compile(r"[^\p{Han}]+")
_ACTUAL = compile_terms("cues", "actual")
_COMMA = regex.compile(r"[,，;；]")
_COPULA_END = regex.compile(rf"(?:{alternation('cues', 'copula')})$")
_LEAD = regex.compile(rf"^(?:{alternation('cues', 'chain_add', 'nested', 'name_lead')})")


def _clause_han(ctx: FigureContext, start: int, placed: PlacedFact) -> str:
    """The Han characters of a figure's clause up to the figure, years aside."""
    before = ctx.text[max(start, placed.flow_start - _REACH):placed.flow_start]
    return _NOT_HAN.sub("", _YEAR.sub("", _CLAUSE.split(before)[-1]))


def _name(ctx: FigureContext, start: int, placed: PlacedFact) -> str:
    """What the clause calls the figure, without whose it is (全县 / 本级: the scope, compared
    on its own), without the verb that says it happened (完成 / 实现) and the copula, and
    without the word that joins it to the clause before (其中 / 加上 / 由)."""
    han = _clause_han(ctx, start, placed)
    core = _LEAD.sub("", _COPULA_END.sub("", _ACTUAL.sub("", without_scope(han))))
    return core[-NAME_CHARS:] if len(core) >= MIN_NAME_CHARS else ""


def _distinctive(placed: PlacedFact) -> bool:
    """A money figure unlikely to recur by chance: three significant digits, not round."""
    quantity = placed.fact.quantity
    digits = format(abs(quantity.mantissa), "f").replace(".", "").strip("0")
    return quantity.kind is QuantityKind.MONEY and quantity.is_exact and len(digits) >= 3


def _short_name(ctx: FigureContext, start: int, placed: PlacedFact) -> str:
    """The last few Han characters before a figure in its clause (``实际完成``)."""
    return _clause_han(ctx, start, placed)[-SHORT_CHARS:]


def _same_things(a: dict[str, set[tuple[object, ...]]], b: dict[str, set[tuple[object, ...]]]) -> bool:
    """Whether two neighbourhoods speak of the same things: they share a distinctive figure,
    and no short name has a figure in one and other figures in the other (the 全省 and 省级
    chapters of a fund list state the pooled funds' figures alike and the rest otherwise)."""
    values_a = set().union(*a.values()) if a else set()
    values_b = set().union(*b.values()) if b else set()
    if not values_a & values_b:
        return False  # nothing else says the two passages speak of the same things
    return not any(name and a[name].isdisjoint(b[name]) for name in a.keys() & b.keys())


def _item_mark(sentence: str) -> str:
    """The list-item number a sentence opens with (``四、``), or ""."""
    match = _LEADING_MARK.match(sentence)
    return match.group(0).strip() if match else ""


def _key(placed: PlacedFact) -> tuple[object, ...]:
    quantity = placed.fact.quantity
    return quantity.mantissa, quantity.multiplier


def _rates_after(ctx: FigureContext, number: int, placed: PlacedFact) -> set[object]:
    """The changes stated of a figure (收入 X，可比增长 6.9%): the percentages a change word
    introduces after it in its sentence, up to the next amount; a summary and its chapter
    repeat them with the figure."""
    found: set[object] = set()
    for following in ctx.facts_in(placed.flow_end, ctx.sentences[number].end):
        quantity = following.fact.quantity
        if quantity.kind is QuantityKind.MONEY:
            break
        if quantity.kind is QuantityKind.PERCENT and quantity.mantissa and ctx.is_change(following):
            found.add(quantity.mantissa)
    return found


def _column(ctx: FigureContext, position: int) -> str:
    """Which column of the accounts the headings above ``position`` say their figures are:
    the nearest that names one (``2.预算调整方案`` adjusted, ``3.决算情况`` actual), or ""."""
    headings = ctx.doc.headings
    index: int | None = bisect.bisect_right(ctx.heading_starts, position) - 1
    while index is not None and index >= 0:
        # a heading that is a statement (（2）支出总计 X，完成调整预算的 P%) says its column
        # before its first comma; what follows measures it against another
        title = _COMMA.split(headings[index].title, maxsplit=1)[0]
        found = qualifier(title) or ("plan" if names_plan(title) else "actual" if actual(title) else "")
        if found:
            return found
        index = headings[index].parent
    return ""


def named_figures(ctx: FigureContext, same_place: Callable[[PlacedFact, PlacedFact], bool],
                  exclude: frozenset[int] = frozenset()) -> list[tuple[PlacedFact, PlacedFact]]:
    """(first statement, later statement) pairs of money figures with the same long name in
    one scope and period whose neighbourhoods (the sentence and two on either side)
    share another distinctive figure; ``exclude``: flow starts compared already."""
    by_name: dict[tuple[str, str], list[tuple[int, PlacedFact]]] = defaultdict(list)
    per_sentence: list[list[PlacedFact]] = []
    for number, sentence in enumerate(ctx.sentences):
        figures = [] if "\t" in sentence.text else ctx.facts_in(sentence.start, sentence.end)
        per_sentence.append(figures)
        names: dict[str, list[PlacedFact]] = defaultdict(list)
        for placed in figures:
            quantity = placed.fact.quantity
            # a zero says an item is absent, and templates say so of many items alike
            if quantity.kind is QuantityKind.MONEY and quantity.is_exact and quantity.mantissa:
                name = _name(ctx, sentence.start, placed)
                if name:
                    names[name].append(placed)
        for name, named in names.items():
            if len(named) == 1:  # a name two figures of one sentence share is a list's
                by_name[(name, ctx.scope_near(named[0].flow_start))].append((number, named[0]))

    def neighbours(number: int, placed: PlacedFact, apart: int = -1
                   ) -> dict[str, set[tuple[object, ...]]]:
        """The distinctive figures around a statement, by their short names; not those of
        paragraph ``apart`` (the other statement's, when the two are close)."""
        found: dict[str, set[tuple[object, ...]]] = defaultdict(set)
        for index in _window(number):
            if ctx.sentences[index].paragraph == apart:
                continue
            for p in per_sentence[index]:
                if p is not placed and _distinctive(p):
                    found[_short_name(ctx, ctx.sentences[index].start, p)].add(_key(p))
        return found

    def _window(number: int) -> range:
        return range(max(0, number - NEIGHBOURHOOD), min(len(per_sentence), number + NEIGHBOURHOOD + 1))

    def restated_near(number: int, other_number: int, a: PlacedFact, b: PlacedFact) -> bool:
        """Whether two close paragraphs state another distinctive figure each (two places,
        not one place both neighbourhoods hold)."""
        values: dict[tuple[object, ...], set[int]] = defaultdict(set)
        for index in range(max(0, number - NEIGHBOURHOOD), _window(other_number).stop):
            for p in per_sentence[index]:
                if p is not a and p is not b and _distinctive(p):
                    values[_key(p)].add(p.flow_start)
        return any(len(places) >= 2 for places in values.values())

    def restates(number: int, first: PlacedFact, other_number: int, other: PlacedFact) -> bool:
        if first.flow_start in exclude or other.flow_start in exclude:
            return False
        near = other_number - number <= 2 * NEIGHBOURHOOD
        if near and ctx.sentences[number].paragraph == ctx.sentences[other_number].paragraph:
            return False  # neighbourhoods that overlap: items of one list, not a restatement
        marks = {_item_mark(ctx.sentences[n].text) for n in (number, other_number)}
        if len(marks) > 1 and "" not in marks:
            return False  # item 四 of one list and item 二 of another: lists of other scopes
        # a paragraph restating the one before (a summary, then its balance) is compared
        # by what each paragraph says itself: their neighbourhoods overlap
        apart = (ctx.sentences[other_number].paragraph, ctx.sentences[number].paragraph) if near else (-1, -1)
        around = neighbours(number, first, apart[0]), neighbours(other_number, other, apart[1])
        if not _same_things(*around) and not (
                _rates_after(ctx, number, first) & _rates_after(ctx, other_number, other)
                and _same_things({"": {("rate",)}, **around[0]}, {"": {("rate",)}, **around[1]})):
            return False  # nothing else (no other figure, not its growth) says it is one figure
        if near and not restated_near(number, other_number, first, other):
            return False
        columns = {_column(ctx, first.flow_start), _column(ctx, other.flow_start)} - {""}
        if len(columns) > 1:
            return False  # the adjusted budget's chapter and the final account's
        years = ctx.years_near(first.flow_start), ctx.years_near(other.flow_start)
        if years[0].isdisjoint(years[1]) and all(years):
            return False  # 2023 年，… and 2022 年…: each sentence names its own year
        return same_place(first, other)

    pairs = []
    for figures in by_name.values():
        if len(figures) < 2 or len(figures) > MAX_REPEATS:
            continue
        for position, (other_number, other) in enumerate(figures[1:], start=1):
            # the nearest earlier statement it restates (a plan of the same name may come
            # first: 审议通过的…支出 B, then …支出 A twice)
            first = next((f for n, f in reversed(figures[:position]) if restates(n, f, other_number, other)),
                         None)
            if first is not None:
                pairs.append((first, other))
    return pairs

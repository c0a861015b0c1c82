"""Enumerations a report states: a total and the parts listed after 其中 / 包括 / 分别为 / ：.

``本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 202.24 万元``
lists two parts of one total. The reader finds the structure, not the words:

* items are the clauses after the introducer, one amount each, with a name (a name cut by
  a line break goes on below it); a clause with no amount (主要用于 …, 为预算的 X%,
  比上年增加 D) annotates the item before it;
* the list runs to the end of its sentence, over ``；`` one item per sentence, over
  sentences led by the next ordinal (一是 … 二是 …), and over lines when the introducer
  ends its line; it ends at a new topic (此外 / 加上 …) and at the next total (收入总计 …
  is the end of a list, not its last part);
* a part may have parts of its own (``经常性支出 70.5 亿元，包括本级 52.3 亿元、对下补助
  18.2 亿元``): an item opened by 包括 / 其中 / 含 starts a nested list under the item before
  it, which ends where its separator changes (、 → ，) or where its parts add up to their
  parent; nested parts are not summed into the outer total;
* the total is the last compatible amount before the introducer in its sentence (or in
  the sentence before, across a line break, when the list opens one); when that amount is
  a change, the level it changed when the structure says so (:mod:`.enumeration_total`).

A list is *closed* (its parts exhaust the total) or *open* (其中 names some parts, and can
only be checked for not exceeding its total), as :mod:`.enumeration_closed` decides from its
form, its parts' shares and names. Anything unreadable (a clause with two amounts, a bare
attribute for a name) drops the list rather than guessing. A bracket right after an amount
that names two or more parts of its kind (``379.28 亿元（一般债券 182.63 亿元、专项债券
196.65 亿元）``) is a closed list too, unless it opens with 其中 / 加上 or names last year
or the budget; one opening with 含 / 包括 (``318 万元（含专题赛补助 32 万元）``) is an open
list. The items of one clause run are read in :mod:`.enumeration_items`; this module
follows the list over sentences and nests it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.enumeration_closed import closing_signal
from auditor.extract.relations.enumeration_items import (
    SumPart,
    Unreadable,
    bare_labels,
    heading_items,
    new_topic,
    own_shares,
    read_items,
    severally,
    summable,
)
from auditor.extract.relations.enumeration_parallel import parallel_lists
from auditor.extract.relations.enumeration_total import (
    composition_total,
    end_at_exact_sum,
    next_total_owns,
    sibling_share,
    total_before,
)
from auditor.lexicon import alternation
from auditor.types import Quantity

if TYPE_CHECKING:
    from auditor.text.sentences import TextRange

_INTRODUCER = regex.compile(
    r"其中(?!的)(?:包括|主要有|有)?[ \t]*[:,]?"
    r"|(?:以下(?:几个)?方面|如下|具体(?:包括|为)|(?<!主要)包括|构成|组成|分为|分别(?:为|是))[ \t]*:"
    r"|(?<=,)[ \t]*(?:包括|分别(?:为|是))(?=[^:, \t\n0-9])"  # …亿元，包括一般性转移支付 474.7 亿元、…
    r"|(?<=\p{Han}{2})(?<!其)中[ \t]*:"  # 总产值中：农业 …: the parts of a figure named before
)
_ORDINAL = regex.compile(r"^(?:[一二三四五六七八九十]+是|[(（][一二三四五六七八九十]+[)）]|[0-9]{1,2}[.、])")
_SEPARATOR_RANK = {"、": 1, ",": 2, "，": 2, ":": 2, "：": 2, ";": 3, "；": 3, "。": 4, "\n": 5}


@dataclass(frozen=True)
class Enumeration:
    """A total and its listed parts, with how the text says the list is complete."""

    total: PlacedFact
    parts: tuple[SumPart, ...]
    signal: str  # why the list is closed; "" when it is open
    nested: bool  # parts were placed under other parts


def _paragraph_sentences(ctx: FigureContext, position: int) -> list[TextRange]:
    """The sentence holding ``position`` and the rest of its paragraph."""
    index = ctx.sentence_index(position)
    first = ctx.sentences[index]
    found = []
    for sentence in ctx.sentences[index:index + 60]:
        if sentence.paragraph != first.paragraph:
            break
        found.append(sentence)
    return found


def _read_list(ctx: FigureContext, list_start: int, bare: frozenset[str],
               total_label: str = "", hint: Quantity | None = None, expected: int = 0
               ) -> tuple[list[SumPart], str]:
    """All parts from ``list_start``, nested parts placed under their parents; the string is
    a closing signal read from the list form (分别列出). ``expected`` is the number of parts
    the text announces (分为 5 类): no new-topic word ends the list before it."""
    sentences = _paragraph_sentences(ctx, list_start)
    if not sentences:
        return [], ""
    first = sentences[0]
    by_heading = heading_items(ctx, list_start)
    if by_heading is not None:
        return by_heading, ""
    by_position = severally(ctx, list_start, first.end)
    if by_position is not None:
        return by_position, "分别列出"
    items, like, ended = read_items(ctx, list_start, first.end, None, bare, total_label, hint,
                                    at_least=expected)
    items = _nest(items)
    if ended or not items:
        return items, ""
    ordinal = _ORDINAL.match(ctx.text[list_start:first.end].strip()) is not None
    one_per_sentence = _top_count(items) == 1 and first.text.endswith((";", "；"))
    if not (ordinal or one_per_sentence):
        return items, ""
    previous = first
    for sentence in sentences[1:]:
        text = sentence.text
        if _INTRODUCER.match(text) or new_topic(text, total_label):
            break
        if ordinal and not _ORDINAL.match(text):
            break
        if not ordinal and not previous.text.endswith((";", "；")):
            break
        try:
            more, like, ended = read_items(ctx, sentence.start, sentence.end, like, bare,
                                            total_label)
        except Unreadable:
            break
        more = _nest(more)
        if not more or (not ordinal and _top_count(more) != 1):
            break
        # an ordinal item is its first amount (and what nests under it); the rest annotates
        items += more if not ordinal else [more[0], *[m for m in more[1:] if m.depth]]
        if ended and not ordinal:
            break
        previous = sentence
    return items, ""


#: 收入来源分为 5 类，其中：… — the number of parts the text announces before its list
_ANNOUNCED = regex.compile(r"(?:分为|分成|包括|共有|共)[ \t]*([0-9]{1,2}|[一二三四五六七八九十]{1,2})[ \t]*"
                           r"(?:大类|类|项|个方面|个部分|部分|种)[^,;。]{0,4}[,;]?[ \t]*$")
#: an announcement (分为 5 类，) ends right before 其中 and is a few characters long: only that
#: much of the sentence is searched (the whole sentence, for every 其中 of a paragraph without
#: punctuation, was quadratic)
ANNOUNCE_REACH = 40
_CN_DIGITS = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
COUNTED = "文中写明分项个数"


def _announced(text: str) -> int:
    """The number of parts ``text`` (right before 其中) announces, or 0."""
    match = _ANNOUNCED.search(text)
    if match is None:
        return 0
    number = match.group(1)
    if number.isdigit():
        return int(number)
    tens, _, units = number.rpartition("十")
    if "十" not in number:
        return _CN_DIGITS[number] if len(number) == 1 else 0
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + _CN_DIGITS.get(units, 0)


def _top_count(items: list[SumPart]) -> int:
    return sum(1 for item in items if item.depth == 0)


def _next_paragraph_start(ctx: FigureContext, position: int) -> int | None:
    """Where a list starts: right after its introducer, or on the next line when it ends one."""
    text = ctx.text
    # only whether the rest of the line is blank: searching for the line's end cost the
    # whole paragraph for every introducer of a text without line breaks
    blank = _BLANK_REST.match(text, position)
    if blank is None:
        return position
    if not blank.group().endswith("\n"):
        return None
    following = blank.end()
    return following if following < len(text) and text[following:following + 1].strip() else None


def _nest(parts: list[SumPart]) -> list[SumPart]:
    """Place the items after a nested opener under the item before it (see the module doc).

    A nested list continues while its items are separated as its second item is (、 in
    ``包括本级 52.3、对下补助 18.2``); with the outer separator, it ends at the first item
    where its parts add up to their parent.
    """
    from auditor.extract.relations.sum import add_intervals, exact_interval

    result: list[SumPart] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        if part.depth == 0 or not result:
            result.append(SumPart(part.amount, part.label, part.share, 0, part.separator))
            index += 1
            continue
        parent = result[-1].amount.fact.quantity
        children = [part]
        outer = part.separator
        following = parts[index + 1:]
        inner = following[0].separator if following else ""
        if inner and _SEPARATOR_RANK.get(inner, 2) < _SEPARATOR_RANK.get(outer, 2):
            for item in following:
                if item.separator != inner or item.depth:
                    break
                children.append(item)
        else:
            running = [exact_interval(part.amount.fact.quantity)]
            for item in following:
                if add_intervals(running).meets(exact_interval(parent)) or item.depth:
                    break
                running.append(exact_interval(item.amount.fact.quantity))
                children.append(item)
            if not add_intervals(running).meets(exact_interval(parent)):
                children = [part]
        result += [SumPart(c.amount, c.label, c.share, 1, c.separator) for c in children]
        index += len(children)
    return result


def _end_at_sibling_total(total: PlacedFact, parts: list[SumPart]) -> list[SumPart]:
    """The list ends before an item with parts of its own once the items before it add up
    to the total, or when the item would take them past it (限额 T，其中 A、B，余额 U，其中
    C、D: U is the next total, not a part)."""
    from auditor.extract.relations.sum import add_intervals, exact_interval

    whole = exact_interval(total.fact.quantity)
    running = []
    for index, part in enumerate(parts):
        if part.depth:
            continue
        amount = exact_interval(part.amount.fact.quantity)
        has_own = index + 1 < len(parts) and parts[index + 1].depth > 0
        if running and has_own:
            before = add_intervals(running)
            beyond = add_intervals([before, amount]).low
            if before.meets(whole) or (beyond is not None and whole.high is not None and beyond > whole.high):
                return parts[:index]
        running.append(amount)
    return parts


def read_enumerations(ctx: FigureContext) -> list[Enumeration]:
    """Every total with a readable list of parts (see the module documentation)."""
    bare = bare_labels()
    found: list[Enumeration] = []
    seen: set[int] = set()
    for match in _INTRODUCER.finditer(ctx.text):
        list_start = _next_paragraph_start(ctx, match.end())
        if list_start is None:
            continue
        sentence = ctx.sentence(match.start())
        before = ctx.last_facts(ctx.sentences[max(0, ctx.sentence_index(sentence.start) - 1)].start,
                                match.start(), lambda f: summable(f.fact.quantity), 1)
        total_label = ctx.label(before[-1]) if before else ""
        expected = _announced(ctx.text[max(sentence.start, match.start() - ANNOUNCE_REACH):match.start()])
        parallel = _parallel(ctx, match.start(), list_start, seen) if match.group().startswith("其中") else []
        if parallel:
            found += parallel
            continue
        try:
            parts, signal = _read_list(ctx, list_start, bare, total_label,
                                       before[-1].fact.quantity if before else None, expected)
        except Unreadable:
            continue
        if not parts or any(p.amount.flow_start in seen for p in parts):
            continue
        if expected:
            if _top_count(parts) != expected:
                continue  # the text counts its parts, and this reading did not find them all
            signal = signal or COUNTED
        if match.group().strip(" \t").startswith(("包括", "分别")) and not match.group().rstrip().endswith(":") \
                and ctx.clause_start(parts[0].amount.flow_start, list_start) != list_start:
            continue  # a bare 包括 lists amounts from its first item on, or it names things
        named = match.group().startswith("其中")
        if match.group().startswith("中"):
            total = composition_total(ctx, match.start())
        else:
            total = total_before(ctx, match.start(), parts, inline=list_start == match.end() or named,
                                 named=named)
        if total is None or next_total_owns(ctx, total, parts) or sibling_share(ctx, total, parts):
            continue
        parts = end_at_exact_sum(total, _end_at_sibling_total(total, parts), _SEPARATOR_RANK)
        parts = own_shares(ctx, total, parts)
        nested = any(p.depth for p in parts)
        intro = ctx.text[total.flow_end:list_start]
        signal = signal or closing_signal(ctx, total, parts, intro)
        found.append(Enumeration(total, tuple(parts), signal, nested))
        seen.update(p.amount.flow_start for p in parts)
    found += _bracket_lists(ctx, bare, seen)
    return found


def _parallel(ctx: FigureContext, intro: int, list_start: int, seen: set[int]) -> list[Enumeration]:
    """The lists a 其中 breaks down in parallel (:mod:`.enumeration_parallel`), open unless
    their parts close them as any list's do."""
    found = []
    for total, parts in parallel_lists(ctx, intro, list_start):
        if any(p.amount.flow_start in seen for p in parts):
            continue
        found.append(Enumeration(total, tuple(parts), closing_signal(ctx, total, parts, ""), False))
        seen.update(p.amount.flow_start for p in parts)
    return found


#: a bracket that lists the parts of the figure before it: ``4241.97 亿元（一般债券 104.62
#: 亿元、专项债券 4137.35 亿元）``; 其中 inside is an introducer (an open list), 含 / 包括 an
#: open list of its own
_BLANK_REST = regex.compile(r"[^\S\n]*(?:\n|\Z)")
_BRACKET_OPEN = regex.compile(r"[ \t]*[(（]")
_NOT_A_BREAKDOWN = regex.compile(
    rf"[ \t]*(?:{alternation('cues', 'item', 'bracket_includes', 'bracket_excludes')}"
    rf"|{alternation('changes', 'previous')}"
    rf"|{alternation('cues', 'chain_add')}|{alternation('cues', 'chain_subtract')})")
_PERIOD_LABEL = regex.compile(rf"{alternation('changes', 'previous')}|预算|同期|增|减|比|较")
BRACKET_SIGNAL = "括号内分列各项"
#: ``318 万元（含专题赛补助 32 万元）``: a bracket naming what the figure includes
_INCLUDED = regex.compile(rf"[ \t]*(?:{alternation('cues', 'bracket_includes')})[ \t]*:?")
_BRACKET_REACH = 300


def _bracket_lists(ctx: FigureContext, bare: frozenset[str], seen: set[int]) -> list[Enumeration]:
    """Totals followed by a bracket naming two or more parts of the same kind: a closed list
    (the bracket spells the figure out)."""
    found = []
    text = ctx.text
    for total in ctx.facts:
        quantity = total.fact.quantity
        if not summable(quantity) or ctx.is_change(total) or ctx.in_brackets(total):
            continue
        opening = _BRACKET_OPEN.match(text, total.flow_end)
        if opening is None:
            continue
        included = _INCLUDED.match(text, opening.end())
        if included is None and _NOT_A_BREAKDOWN.match(text, opening.end()):
            continue
        start = opening.end() if included is None else included.end()
        closing = _bracket_end(text, start, min(len(text), opening.end() + _BRACKET_REACH))
        if closing is None:
            continue
        try:
            parts, _, ended = read_items(ctx, start, closing, quantity, bare, ctx.label(total))
        except Unreadable:
            continue
        if ended or len(parts) < (1 if included else 2) or any(p.amount.flow_start in seen for p in parts) \
                or any(_PERIOD_LABEL.search(p.label) for p in parts) \
                or ctx.last_facts(opening.end(), closing, lambda f: True, 1)[-1] is not parts[-1].amount:
            continue
        parts = [SumPart(p.amount, p.label, None, 0, p.separator) for p in parts]
        # what a bracket says the figure includes is some of it; what it lists plainly is all
        found.append(Enumeration(total, tuple(parts), "" if included else BRACKET_SIGNAL, False))
        seen.update(p.amount.flow_start for p in parts)
    return found


def _bracket_end(text: str, start: int, limit: int) -> int | None:
    """Where the bracket opened right before ``start`` closes (None when not by ``limit``
    or when another bracket opens inside)."""
    for index in range(start, limit):
        if text[index] in "(（":
            return None
        if text[index] in ")）":
            return index
    return None

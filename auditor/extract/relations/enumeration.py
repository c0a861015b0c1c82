"""Enumerations a report states: a total and the parts listed after 其中 / 包括 / 分别为 / ：.

``本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 202.24 万元``
lists two parts of one total. The reader finds the structure, not the words:

* items are the clauses after the introducer, one amount each, with a name; a clause with
  no amount (主要用于 …, 为预算的 X%, 比上年增加 D) annotates the item before it;
* the list runs to the end of its sentence, over ``；`` one item per sentence, over
  sentences led by the next ordinal (一是 … 二是 …), and over lines when the introducer
  ends its line; it ends at a new topic (此外 / 加上 …) and at the next total (收入总计 …
  is the end of a list, not its last part);
* a part may have parts of its own (``经常性支出 70.5 亿元，包括本级 52.3 亿元、对下补助
  18.2 亿元``): an item opened by 包括 / 其中 / 含 starts a nested list under the item before
  it, which ends where its separator changes (、 → ，) or where its parts add up to their
  parent; nested parts are not summed into the outer total;
* the total is the last compatible amount before the introducer in its sentence (or in
  the sentence before when 其中 opens one); when that amount is a change (比上年增加 D，
  其中 …) the list breaks the change down and is left alone.

A list is *closed* (its parts exhaust the total) when the text says so (分别为, 包括：,
由 … 组成), when the parts' shares add up to 100 %, when it ends with a catch-all (其他),
or when its parts form a standard decomposition (``models/lexicon/decompositions.tsv``);
otherwise it is *open* (其中 names some parts) and can only be checked for not exceeding
its total. Anything unreadable (a clause with two amounts, a bare attribute for a name)
drops the list rather than guessing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.context import FigureContext, bracketed, comparable
from auditor.lexicon import alternation, compile_terms, entries, terms
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.text.sentences import TextRange

_INTRODUCER = regex.compile(
    r"其中(?!的)(?:包括|主要有|有)?[ \t]*[:,]?"
    r"|(?:以下(?:几个)?方面|如下|具体(?:包括|为)|(?<!主要)包括|构成|组成|分为)[ \t]*:"
)
_SEVERALLY = regex.compile(r"分别(?:为|是|达到?)?")
_STATED_CLOSED = regex.compile(
    rf"(?:{alternation('cues', 'list_closed')})(?!\p{{Han}}{{0,2}}(?:其中|主要))|由.{{1,30}}?(?:组成|构成)")
_OPEN_WORD = regex.compile(rf"主要|{alternation('cues', 'list_open')}")
_NESTED = regex.compile(rf"^(?:{alternation('cues', 'nested')})[ \t:]*")
_NEW_TOPIC = regex.compile(rf"^(?:{alternation('cues', 'new_topic')})")
_TOTAL_WORD = compile_terms("cues", "total")
_CATCH_ALL = regex.compile(rf"^(?:{alternation('cues', 'catch_all')})")
_ORDINAL = regex.compile(r"^(?:[一二三四五六七八九十]+是|[(（][一二三四五六七八九十]+[)）]|[0-9]{1,2}[.、])")
_NAME_SPLIT = regex.compile(r"[、,和及与]")
_LABEL_NOISE = regex.compile(
    r"^(?:其中[ \t]*[:,]?)?[ \t]*|(?:预计|实际|共|合计|计|为|是|达到?|完成|约|:|[ \t])+$"
)
_BARE_LABELS = frozenset({"收入", "支出", "结余", "滚存结余", "余额", "限额", "结转", "金额",
                          "资金", "其中"})
_SCALE_PREFIX = regex.compile(r"^(?:万亿|千亿|百亿|千万|百万|亿|万|千|百)")
_SHARE_CUE = regex.compile(r"占|比重")
_INCOME_TOTAL = regex.compile(r"收入(?:合计|总计)")
_SEPARATOR_RANK = {"、": 1, ",": 2, "，": 2, ":": 2, "：": 2, ";": 3, "；": 3, "。": 4, "\n": 5}


@dataclass(frozen=True)
class SumPart:
    """One listed part: its amount, its name, the 占X% stated after it, and its depth
    (0 a part of the total, 1 a part of the part before it)."""

    amount: PlacedFact
    label: str
    share: PlacedFact | None
    depth: int = 0
    separator: str = ""
    sign: int = 1  # −1 for what a chain takes away (扣除 D)


@dataclass(frozen=True)
class Enumeration:
    """A total and its listed parts, with how the text says the list is complete."""

    total: PlacedFact
    parts: tuple[SumPart, ...]
    signal: str  # why the list is closed; "" when it is open
    nested: bool  # parts were placed under other parts


class _Unreadable(Exception):
    """The enumeration cannot be read with confidence: record no relation."""


@cache
def _decompositions() -> tuple[tuple[str, tuple[regex.Pattern[str], ...]], ...]:
    grouped: dict[str, list[regex.Pattern[str]]] = defaultdict(list)
    for entry in entries("decompositions"):
        grouped[entry.category].append(regex.compile(entry.term))
    terms("decompositions", "")  # record the file as read
    return tuple((name, tuple(patterns)) for name, patterns in grouped.items())


def _bare_labels() -> frozenset[str]:
    return frozenset(_BARE_LABELS | {e.term for e in entries("attributes")})


def summable(quantity: Quantity) -> bool:
    """Money, counts and scores add up; percentages and measures per unit do not."""
    return quantity.kind in (QuantityKind.MONEY, QuantityKind.COUNT, QuantityKind.SCORE)


def _compatible(quantity: Quantity, like: Quantity) -> bool:
    if quantity.kind is not like.kind:
        return False
    if quantity.kind is QuantityKind.COUNT:
        return _SCALE_PREFIX.sub("", quantity.unit) == _SCALE_PREFIX.sub("", like.unit)
    return comparable(quantity, like) or quantity.kind is QuantityKind.SCORE


def clean_label(text: str) -> str:
    """A part's name: its clause up to the amount, introducer and filler words removed."""
    return "".join(_LABEL_NOISE.sub("", text.strip()).split())


# ---------------------------------------------------------------------- clauses


def _clauses(ctx: FigureContext, start: int, end: int) -> list[tuple[int, int, str]]:
    """Clauses of ``[start, end)`` with the separator before each; a ``)`` closing a
    bracket opened before ``start`` ends the range; bracketed text is inside its clause."""
    text = ctx.text
    clauses = []
    depth = 0
    left = start
    separator = ""
    for index in range(start, end):
        char = text[index]
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth -= 1
            if depth < 0:
                clauses.append((left, index, separator))
                break
        elif depth == 0 and ctx.is_clause_mark(index):
            clauses.append((left, index, separator))
            separator = char
            left = index + 1
    else:
        clauses.append((left, end, separator))
    return [c for c in clauses if c[1] > c[0]]


def _read_items(ctx: FigureContext, start: int, end: int, like: Quantity | None,
                bare: frozenset[str], total_label: str = "") -> tuple[list[SumPart], Quantity | None, bool]:
    """Parts listed in ``[start, end)``; the bool is True when a total or new topic ended them."""
    text = ctx.text
    items: list[SumPart] = []
    for left, right, separator in _clauses(ctx, start, end):
        clause = text[left:right].strip()
        if items and (_NEW_TOPIC.match(clause)):
            return items, like, True
        facts = [f for f in ctx.facts_in(left, right) if not bracketed(text, left, f.flow_start)]
        amounts = [f for f in facts if summable(f.fact.quantity) and not ctx.is_change(f)
                   and (like is None or _compatible(f.fact.quantity, like))]
        shares = [f for f in facts if f.fact.quantity.kind is QuantityKind.PERCENT
                  and _SHARE_CUE.search(text, left, f.flow_start) and not ctx.is_change(f)]
        if len(amounts) > 1:
            raise _Unreadable
        if not amounts and any(_named_change(ctx, left, f) for f in facts):
            raise _Unreadable  # the list breaks a change down (A 比上年增加 D), not a level
        if not amounts:
            if shares and items and items[-1].share is None:
                last = items[-1]
                items[-1] = SumPart(last.amount, last.label, shares[0], last.depth, last.separator)
            continue
        amount = amounts[0]
        if ctx.is_per_unit(amount):
            raise _Unreadable
        written = text[left:amount.flow_start]
        nested = _NESTED.match(written.strip()) is not None and bool(items)
        label = clean_label(_NESTED.sub("", written.strip()))
        if not label or label in bare:
            raise _Unreadable
        if _TOTAL_WORD.search(label) or _other_side(label, total_label):
            return items, like, True  # the next total, or the other side of the account, ends it
        like = like or amount.fact.quantity
        share = next((s for s in shares if s.flow_start > amount.flow_start), None)
        items.append(SumPart(amount, label, share, 1 if nested else 0, separator))
    return items, like, False


_SHARE_FILLER = regex.compile(r"比重|比例|比|为|的|达到?|约|:|[ \t]")


def _own_shares(ctx: FigureContext, total: PlacedFact, parts: list[SumPart]) -> list[SumPart]:
    """Keep a part's 占X% only when it is a share of this total: ``占收入比重 62.5%`` names
    the total (收入合计); ``占全省的 10.5%`` names another whole."""
    kept = []
    total_label = ctx.label(total)
    for part in parts:
        share = part.share
        if share is not None:
            cues = list(_SHARE_CUE.finditer(ctx.text, part.amount.flow_end, share.flow_start))
            base = _SHARE_FILLER.sub("", ctx.text[cues[-1].end():share.flow_start]) if cues else ""
            if base and base not in total_label:
                share = None
        kept.append(SumPart(part.amount, part.label, share, part.depth, part.separator))
    return kept


_ANCHOR = compile_terms("changes", "anchor_alone", "anchor")
_INCOME = compile_terms("cues", "income_word")
_SPENDING = compile_terms("cues", "spending_word")


def _other_side(label: str, total_label: str) -> bool:
    """An item of spending under a total of income, or the reverse (一般公共预算支出 after
    收入 750 亿元，其中税收收入 …；): the list has ended."""
    if not total_label:
        return False
    for side, other in ((_INCOME, _SPENDING), (_SPENDING, _INCOME)):
        if side.search(total_label) and not other.search(total_label) and other.search(label) \
                and not side.search(label):
            return True
    return False


def _named_change(ctx: FigureContext, left: int, placed: PlacedFact) -> bool:
    """A change figure with a name of its own before its anchor (市本级专项比上年增加 D)."""
    if not summable(placed.fact.quantity) or not ctx.is_change(placed):
        return False
    written = ctx.text[left:placed.flow_start]
    anchor = _ANCHOR.search(written)
    name = written[:anchor.start()] if anchor else ""
    return len(clean_label(name)) >= 2


def _severally(ctx: FigureContext, start: int, end: int) -> list[SumPart] | None:
    """``A、B 分别为 x 万元、y 万元`` → parts by position; None when not that form."""
    match = _SEVERALLY.search(ctx.text, start, end)
    if match is None:
        return None
    amounts = [f for f in ctx.facts_in(match.end(), end) if summable(f.fact.quantity)]
    if len(amounts) < 2 or any(not _compatible(a.fact.quantity, amounts[0].fact.quantity)
                               for a in amounts):
        raise _Unreadable
    names = [clean_label(n) for n in _NAME_SPLIT.split(ctx.text[start:match.start()])]
    names = [n for n in names if n]
    if len(names) != len(amounts):
        names = [""] * len(amounts)
    return [SumPart(a, n, None) for a, n in zip(amounts, names, strict=True)]


# ------------------------------------------------------------------- the list


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
               total_label: str = "") -> tuple[list[SumPart], str]:
    """All parts from ``list_start``, nested parts placed under their parents; the string is
    a closing signal read from the list form (分别列出)."""
    sentences = _paragraph_sentences(ctx, list_start)
    if not sentences:
        return [], ""
    first = sentences[0]
    severally = _severally(ctx, list_start, first.end)
    if severally is not None:
        return severally, "分别列出"
    items, like, ended = _read_items(ctx, list_start, first.end, None, bare, total_label)
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
        if _INTRODUCER.match(text) or _NEW_TOPIC.match(text):
            break
        if ordinal and not _ORDINAL.match(text):
            break
        if not ordinal and not previous.text.endswith((";", "；")):
            break
        try:
            more, like, ended = _read_items(ctx, sentence.start, sentence.end, like, bare,
                                            total_label)
        except _Unreadable:
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


def _top_count(items: list[SumPart]) -> int:
    return sum(1 for item in items if item.depth == 0)


def _total_before(ctx: FigureContext, position: int, like: Quantity) -> PlacedFact | None:
    """The amount the list belongs to: the last compatible figure before it, unless a change."""
    sentence = ctx.sentence(position)
    candidates = [f for f in ctx.facts_in(sentence.start, position)
                  if _compatible(f.fact.quantity, like) and not ctx.in_brackets(f)]
    if not candidates and not ctx.text[sentence.start:position].strip(" :,"):
        index = ctx.sentence_index(sentence.start)
        if index > 0 and ctx.sentences[index - 1].paragraph == sentence.paragraph:
            before = ctx.sentences[index - 1]
            candidates = [f for f in ctx.facts_in(before.start, before.end)
                          if _compatible(f.fact.quantity, like)]
    if not candidates or ctx.is_change(candidates[-1]) or ctx.is_per_unit(candidates[-1]):
        return None  # a list after a change figure breaks down the change, not the level
    return candidates[-1]


def _next_paragraph_start(ctx: FigureContext, position: int) -> int | None:
    """Where a list starts: right after its introducer, or on the next line when it ends one."""
    text = ctx.text
    line_end = text.find("\n", position)
    rest = text[position:line_end if line_end >= 0 else len(text)]
    if rest.strip():
        return position
    if line_end < 0:
        return None
    following = line_end + 1
    return following if following < len(text) and text[following:following + 1].strip() else None


def _closing_signal(ctx: FigureContext, total: PlacedFact, parts: list[SumPart], intro: str) -> str:
    """Why a list names every part of its total ("" when it is open)."""
    labels = [p.label for p in parts if p.depth == 0]
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
    for name, patterns in _decompositions():
        # every part is one of the decomposition's, and every one of these is listed
        if len(labels) >= len(patterns) and all(any(p.search(label) for p in patterns)
                                                for label in labels) \
                and all(any(p.search(label) for label in labels) for p in patterns):
            return name
    income = set(terms("cues", "income_category"))
    if (len(labels) >= 2 and _INCOME_TOTAL.search(ctx.label(total))
            and all(label.removeprefix("本年") in income for label in labels)):
        return "收入按来源分类列全"
    return ""


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


def read_enumerations(ctx: FigureContext) -> list[Enumeration]:
    """Every total with a readable list of parts (see the module documentation)."""
    bare = _bare_labels()
    found: list[Enumeration] = []
    seen: set[int] = set()
    for match in _INTRODUCER.finditer(ctx.text):
        list_start = _next_paragraph_start(ctx, match.end())
        if list_start is None:
            continue
        sentence = ctx.sentence(match.start())
        before = [f for f in ctx.facts_in(ctx.sentences[max(0, ctx.sentence_index(sentence.start) - 1)].start,
                                          match.start()) if summable(f.fact.quantity)]
        total_label = ctx.label(before[-1]) if before else ""
        try:
            parts, signal = _read_list(ctx, list_start, bare, total_label)
        except _Unreadable:
            continue
        if not parts or any(p.amount.flow_start in seen for p in parts):
            continue
        total = _total_before(ctx, match.start(), parts[0].amount.fact.quantity)
        if total is None:
            continue
        parts = _own_shares(ctx, total, parts)
        nested = any(p.depth for p in parts)
        intro = ctx.text[total.flow_end:list_start]
        signal = signal or _closing_signal(ctx, total, parts, intro)
        found.append(Enumeration(total, tuple(parts), signal, nested))
        seen.update(p.amount.flow_start for p in parts)
    return found

"""The items of a listed enumeration: the clauses after an introducer, each with one amount
and a name, a 占X% kept only when it is a share of the list's total; see :mod:`.enumeration`."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.quantity import is_ceiling
from auditor.extract.relations.brackets import bracket_spans, inside
from auditor.extract.relations.change_transition import moves
from auditor.extract.relations.context import FigureContext, comparable
from auditor.lexicon import alternation, compile_terms, entries
from auditor.types import Quantity, QuantityKind

_SEVERALLY = regex.compile(r"分别(?:为|是|达到?)?")
NESTED = regex.compile(rf"^(?:{alternation('cues', 'nested')})[ \t:]*")
_AMOUNT_FIRST = regex.compile(rf"[ \t]*(?:{alternation('cues', 'amount_first')})[ \t]*(?P<name>\p{{Han}}.*)", regex.S)
NEW_TOPIC = regex.compile(rf"^(?:{alternation('cues', 'new_topic')})")
TOTAL_WORD = compile_terms("cues", "total")
_CARRIED_OVER = regex.compile(rf"^(?:{alternation('cues', 'carried_over')})")
_NAME_SPLIT = regex.compile(r"[、,和及与]")
_LABEL_NOISE = regex.compile(
    r"^(?:其中[ \t]*[:,]?)?[ \t]*|(?:预计|实际|共|合计|(?<!总)计|为|是|达到?|完成|约|:|[ \t])+$"
)
_BARE_LABELS = frozenset({"收入", "支出", "结余", "滚存结余", "余额", "限额", "结转", "金额",
                          "资金", "其中"})
_SCALE_PREFIX = regex.compile(r"^(?:万亿|千亿|百亿|千万|百万|亿|万|千|百)")
#: the longest run after an introducer read as a list (one sentence of a real list is shorter)
MAX_LIST_CHARS = 2000
_SHARE_CUE = regex.compile(r"占|比重")
#: ``，占年计划 55000 万元的 111.5%``: a clause that writes the whole of a rate of the item
#: before it (a rate verb, the whole, the percentage) annotates that item; it is no item
_RATE_LEAD = regex.compile(rf"[ \t]*(?:{alternation('cues', 'rate_verb')})")
#: a clause that opens by naming what a figure is compared with: ``，比报告数 B 增加 D``
COMPARED = regex.compile(rf"[ \t]*(?:比|较)(?:(?!{alternation('changes', 'up', 'down')})[^,;。0-9]){{0,16}}?的?[ \t]*")
_PERCENT_NEXT = regex.compile(r"[ \t]*的?[ \t]*[0-9][0-9.,]*[ \t]*%")


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


class Unreadable(Exception):
    """The enumeration cannot be read with confidence: record no relation."""


def bare_labels() -> frozenset[str]:
    return frozenset(_BARE_LABELS | {e.term for e in entries("attributes")})


def summable(quantity: Quantity) -> bool:
    """Money, counts and scores add up; percentages and measures per unit do not."""
    return quantity.kind in (QuantityKind.MONEY, QuantityKind.COUNT, QuantityKind.SCORE)


def compatible(quantity: Quantity, like: Quantity) -> bool:
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


def read_items(ctx: FigureContext, start: int, end: int, like: Quantity | None,
                bare: frozenset[str], total_label: str = "", hint: Quantity | None = None,
                at_least: int = 0) -> tuple[list[SumPart], Quantity | None, bool]:
    """Parts listed in ``[start, end)``; the bool is True when a total or new topic ended them.

    ``hint`` is the figure the list probably belongs to: before the first item has set the
    list's kind, a clause with amounts of several kinds keeps those of the hint's kind
    (``安排 45.6 亿元用于 186 个项目``: the money is the part, the count describes it)."""
    text = ctx.text
    items: list[SumPart] = []
    if end - start > MAX_LIST_CHARS:
        raise Unreadable  # not a list a reader can follow (and reading it for every 其中 is quadratic)
    clauses = _clauses(ctx, start, end)
    carried: tuple[int, str] | None = None
    for index, (left, right, separator) in enumerate(clauses):
        if carried is not None:
            left, separator = carried  # the clause began on the line before (a wrapped line)
            carried = None
        clause = text[left:right].strip()
        if items and len(items) >= at_least and new_topic(clause, total_label):
            return items, like, True
        brackets = bracket_spans(text, left, right)
        facts = [f for f in ctx.facts_in(left, right) if not inside(brackets, f.flow_start)]
        if not facts and index + 1 < len(clauses) and clauses[index + 1][2] == "\n":
            carried = (left, separator)  # a name cut by a line break: it goes on below
            continue
        amounts = [f for f in facts if summable(f.fact.quantity) and not ctx.is_change(f)
                   and (like is None or compatible(f.fact.quantity, like))]
        shares = [f for f in facts if f.fact.quantity.kind is QuantityKind.PERCENT
                  and _SHARE_CUE.search(text, left, f.flow_start) and not ctx.is_change(f)]
        if len(amounts) > 1 and like is None and hint is not None:
            amounts = [f for f in amounts if compatible(f.fact.quantity, hint)]
        if len(amounts) == 2 and moves(text[left:amounts[0].flow_start],
                                       text[amounts[0].flow_end:amounts[1].flow_start]):
            amounts = amounts[1:]  # A 由年初预算的 B 调整为 C: the item is what it became
        if len(amounts) > 1:
            raise Unreadable
        if not amounts and any(_named_change(ctx, left, f) for f in facts):
            raise Unreadable  # the list breaks a change down (A 比上年增加 D), not a level
        if not amounts:
            if shares and items and items[-1].share is None:
                last = items[-1]
                items[-1] = SumPart(last.amount, last.label, shares[0], last.depth, last.separator)
            continue
        amount = amounts[0]
        if items and is_ceiling(amount.fact.quantity):
            return items, like, True  # a limit the total keeps within (控制在限额 L 以内) is no part
        if items and _RATE_LEAD.match(text, left) and _PERCENT_NEXT.match(text, amount.flow_end, right):
            continue  # the whole of the item's rate, written in the rate clause
        if ctx.is_per_unit(amount):
            raise Unreadable
        if items and COMPARED.fullmatch(text, left, amount.flow_start):
            continue  # the base a comparison of the item before names (比报告数 B 增加 D): no item
        written = text[left:amount.flow_start]
        nested = NESTED.match(written.strip()) is not None and bool(items)
        label = clean_label(NESTED.sub("", written.strip())) or _name_after(ctx, amount, right, facts)
        if items and not nested and TOTAL_WORD.search(written):
            return items, like, True  # 收入合计 T after the parts: the next total (its name no bare label)
        if not label or label in bare:
            raise Unreadable
        if TOTAL_WORD.search(label) or _other_side(label, total_label):
            return items, like, True  # the next total, or the other side of the account, ends it
        like = like or amount.fact.quantity
        share = next((s for s in shares if s.flow_start > amount.flow_start), None)
        items.append(SumPart(amount, label, share, 1 if nested else 0, separator))
    return items, like, False


def new_topic(clause: str, total_label: str) -> bool:
    """Whether ``clause`` starts something other than the next item of a list of
    ``total_label``: last year's balance (上年结余 C) is an item of a 总计 or of an income."""
    if not NEW_TOPIC.match(clause):
        return False
    return not (_CARRIED_OVER.match(clause) and (TOTAL_WORD.search(total_label) or _INCOME.search(total_label)))


def _name_after(ctx: FigureContext, amount: PlacedFact, right: int, facts: list[PlacedFact]) -> str:
    """The name of an item that leads with its amount (``30 万元用于设备购置``): the rest of
    its clause after the link word, when nothing else in the clause is a figure; or ""."""
    if len(facts) > 1:
        return ""
    match = _AMOUNT_FIRST.fullmatch(ctx.text, amount.flow_end, right)
    return clean_label(match["name"]) if match else ""


_SHARE_FILLER = regex.compile(r"比重|比例|比|为|的|达到?|约|:|[ \t]")


def share_base(ctx: FigureContext, amount: PlacedFact, share: PlacedFact) -> str:
    """The whole a share after ``amount`` names (占支出总预算的 X% → 支出总预算), or ""."""
    cues = list(_SHARE_CUE.finditer(ctx.text, amount.flow_end, share.flow_start))
    return "".join(_SHARE_FILLER.sub("", ctx.text[cues[-1].end():share.flow_start]).split()) if cues else ""


def own_shares(ctx: FigureContext, total: PlacedFact, parts: list[SumPart]) -> list[SumPart]:
    """Keep a part's 占X% only when it is a share of this total: ``占收入比重 62.5%`` names
    the total (收入合计); ``占全省的 10.5%`` names another whole."""
    kept = []
    total_label = ctx.label(total)
    for part in parts:
        share = part.share
        if share is not None:
            base = share_base(ctx, part.amount, share)
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


def severally(ctx: FigureContext, start: int, end: int) -> list[SumPart] | None:
    """``A、B 分别为 x 万元、y 万元`` → parts by position; None when not that form."""
    if end - start > MAX_LIST_CHARS:
        raise Unreadable  # see read_items
    end = _bracket_close(ctx.text, start, end)
    match = _SEVERALLY.search(ctx.text, start, end)
    if match is None:
        return None
    amounts = [f for f in ctx.facts_in(match.end(), end) if summable(f.fact.quantity)]
    if len(amounts) < 2 or any(not compatible(a.fact.quantity, amounts[0].fact.quantity)
                               for a in amounts):
        raise Unreadable
    names = [clean_label(n) for n in _NAME_SPLIT.split(ctx.text[start:match.start()])]
    names = [n for n in names if n]
    if len(names) != len(amounts):
        names = [""] * len(amounts)
    return [SumPart(a, n, None) for a, n in zip(amounts, names, strict=True)]


def _bracket_close(text: str, start: int, end: int) -> int:
    """Where a bracket opened before ``start`` closes (a list inside it ends there), or ``end``."""
    depth = 0
    for index in range(start, end):
        if text[index] in "(（":
            depth += 1
        elif text[index] in ")）":
            depth -= 1
            if depth < 0:
                return index
    return end


#: sentences after a numbered heading where its item's amount may stand
_HEADING_BODY = 2
HEADING_NUMBER = regex.compile(
    r"^[ \t]*(?:[(（]?[0-9一二三四五六七八九十]{1,3}[)）]|[0-9一二三四五六七八九十]{1,3}[.、．])")


def heading_items(ctx: FigureContext, start: int) -> list[SumPart] | None:
    """``其中：⏎1.税收返还⏎…预算 A 万元，…⏎2.一般性转移支付⏎…预算 B 万元``: a list whose items
    are numbered headings, each with its amount in the first sentences of its section; the
    item's name is the heading's title. None when ``start`` is not the first such heading;
    the list ends at the first sibling whose section states no amount."""
    import bisect

    headings = ctx.doc.headings
    index = bisect.bisect_left(ctx.heading_starts, start)
    if index >= len(headings) or headings[index].start != start or headings[index].number != 1:
        return None
    first = headings[index]
    items: list[SumPart] = []
    like: Quantity | None = None
    for heading in headings[index:]:
        if heading.style != first.style or heading.parent != first.parent:
            if heading.style <= first.style or heading.parent is None or heading.parent < first.index:
                break
            continue  # a heading nested inside an item
        if heading.number != len(items) + 1:
            break
        following = bisect.bisect_right(ctx.heading_starts, heading.start)
        limit = ctx.heading_starts[following] if following < len(headings) else len(ctx.text)
        first_sentence = ctx.sentence_index(heading.start)
        end = ctx.sentences[min(len(ctx.sentences) - 1, first_sentence + _HEADING_BODY)].end
        def fits(placed: PlacedFact, like: Quantity | None = like) -> bool:
            return summable(placed.fact.quantity) and not ctx.is_change(placed) \
                and (like is None or compatible(placed.fact.quantity, like))
        amounts = ctx.first_facts(heading.start, min(end, limit), fits, 1)
        if not amounts or ctx.is_per_unit(amounts[0]):
            break
        label = clean_label(HEADING_NUMBER.sub("", heading.title))
        if not label:
            break
        like = like or amounts[0].fact.quantity
        items.append(SumPart(amounts[0], label, None))
    return items or None

"""Adding chains: ``收入 A，加上 B、C，扣除 D，收入总计 T`` — a total that *follows* its parts.

Budget reports close every account this way: the fund's own revenue, then 加上 transfers,
balances carried over and funds moved in (扣除 / 减去 for what goes out), then 总收入 /
收入总计 / 总支出. The chain runs from its sentence's start (or from the sentence before
when the sentence opens with 加 / 加上: ``收入 116.4 亿元，增长 2.5%。加返还性收入 …``) to the
figure labelled with a closing total; its items are the amounts in between, each with the
sign its connective gives. Rates, changes, bracketed and per-unit figures are not items; a
chain with 其中 inside (parts of parts) is not read. The result is a closed
:class:`~.enumeration.Enumeration` (the parts exhaust the total by construction).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.context import FigureContext, comparable
from auditor.extract.relations.enumeration import Enumeration
from auditor.extract.relations.enumeration_items import SumPart, clean_label
from auditor.extract.relations.labels import actual, names_plan
from auditor.extract.relations.sum_check import checker
from auditor.lexicon import alternation
from auditor.types import QuantityKind

_CLOSING = regex.compile(
    rf"(?:{alternation('cues', 'chain_total', spaced=True)})[ \t]*(?:为|是|达到?|:)?[ \t]*$")
_ADD = regex.compile(rf"^[ \t]*(?:{alternation('cues', 'chain_add')})")
_SUBTRACT = regex.compile(rf"(?:{alternation('cues', 'chain_subtract')})")
_SIGN_WORDS = regex.compile(
    rf"(?P<add>{alternation('cues', 'chain_add')})|(?P<sub>{alternation('cues', 'chain_subtract')})")
_NESTED = regex.compile(rf"{alternation('cues', 'nested')}")
_ADD_ANYWHERE = regex.compile(rf"(?:{alternation('cues', 'chain_add')})")
_ACCOUNT = regex.compile(r"收入|支出|资金|结余|结转")
#: 比上年决算数 B: the label of a change's base
_BASE = regex.compile(rf"^(?:{alternation('changes', 'anchor')})")

#: a chain longer than this many items is a table flattened into prose, not a sentence
MAX_ITEMS = 24


def _item(ctx: FigureContext, placed: PlacedFact, total: PlacedFact) -> bool:
    quantity = placed.fact.quantity
    return (quantity.kind is QuantityKind.MONEY and comparable(quantity, total.fact.quantity)
            and not ctx.in_brackets(placed) and not ctx.is_change(placed)
            and not ctx.is_per_unit(placed))


def _chain_start(ctx: FigureContext, total: PlacedFact) -> tuple[int, int]:
    """(where the chain's base may be, where its own sentence starts).

    A sentence a line cut split (no 。 or ； before the cut) is read whole; when it opens
    with 加 / 加上 (``收入 X，增长 P%。加返还性收入 …``) its base is in the sentence before
    (a page break may have put that in another paragraph)."""
    index = ctx.sentence_index(total.flow_start)
    while index > 0 and not ctx.sentences[index - 1].text.rstrip().endswith(_SENTENCE_END):
        index -= 1
    own = ctx.sentences[index].start
    if index > 0 and _ADD.match(ctx.sentences[index].text):
        return ctx.sentences[index - 1].start, own
    return own, own


_SENTENCE_END = ("。", "；", ";", "！", "!", "？", "?")


def _unquantified(ctx: FigureContext, start: int, end: int) -> bool:
    """An item named without a figure (加上债务收入、转移性收入等收入后): the chain cannot add up.
    Names joined by 、 to one figure after 等 (加上上级补助、上年结转等 X) are that figure's."""
    text = ctx.text
    clauses: list[tuple[str, str, bool]] = []  # (clause, the mark before it, holds a figure)
    left = start
    separator = ""
    for index in range(start, end + 1):
        if index == end or ctx.is_clause_mark(index):
            clauses.append((text[left:index].strip(), separator, bool(ctx.facts_in(left, index))))
            if index < end:
                separator = text[index]
            left = index + 1
    for number, (clause, separator, figured) in enumerate(clauses):
        if not clause or figured or not _ACCOUNT.search(clause) \
                or not (separator == "、" or _ADD.match(clause)):
            continue
        last = number
        while last + 1 < len(clauses) and clauses[last + 1][1] == "、":
            last += 1
        if not (clauses[last][2] and _GROUPED.search(clauses[last][0])):
            return True
    return False


_GROUPED = regex.compile(r"等[^、,，;；]*?[0-9]")


def _named_base(ctx: FigureContext, start: int, first: PlacedFact) -> PlacedFact | None:
    """``国有资本经营预算收入加上 A、B，总收入 T``: the base the chain names, stated before."""
    before = ctx.clause_before(first.flow_start, start)
    added = _ADD_ANYWHERE.search(before)
    if added is None:
        return None
    subject = clean_label(before[:added.start()])
    if len(subject) < 4:
        return None
    index = ctx.sentence_index(first.flow_start)
    floor = ctx.sentences[max(0, index - 3)].start
    for placed in reversed(ctx.facts_in(floor, start)):
        if placed.fact.quantity.kind is QuantityKind.MONEY and not ctx.is_change(placed) \
                and clean_label(ctx.label(placed)).endswith(subject):
            return placed
    return None


def _nests(ctx: FigureContext, start: int, end: int) -> bool:
    """Parts of parts inside ``[start, end)``: a nested opener (其中 / 包括 / 主要是) whose
    clause holds a figure; 主要是部分项目进度不及预期 gives a reason, not parts."""
    marks = ctx.clause_marks
    for match in _NESTED.finditer(ctx.text, start, end):
        begin = _OPENER_TAIL.match(ctx.text, match.end()).end()  # 其中：, 包括，
        after = bisect.bisect_right(marks, begin)
        stop = min(marks[after] if after < len(marks) else end, end)
        if ctx.facts_in(begin, stop):
            return True
    return False


_OPENER_TAIL = regex.compile(r"[ \t:：,，]*")


def _flows(ctx: FigureContext, items: list[PlacedFact]) -> list[PlacedFact]:
    """The amounts a chain adds: not the base a change is measured from (比上年决算数 B 下降
    P%), nor a plan its actual follows (支出预算数为 A，实际支出 B，加上 …)."""
    kept = []
    for index, item in enumerate(items):
        label = clean_label(ctx.label(item))
        if _BASE.match(label):
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        if following is not None and names_plan(label) and actual(ctx.label(following)) \
                and ctx.sentence_index(following.flow_start) == ctx.sentence_index(item.flow_start):
            continue
        kept.append(item)
    return kept


def read_chains(ctx: FigureContext, lists: Sequence[Enumeration] = ()) -> list[Enumeration]:
    """Every adding chain closed by a total figure (see the module documentation); ``lists``
    are the document's enumerations: a chain's base is never one of their parts."""
    found = []
    owners = {part.amount.flow_start: e.total for e in lists for part in e.parts}
    for total in ctx.facts:
        if total.fact.quantity.kind is not QuantityKind.MONEY or ctx.is_change(total):
            continue
        clause = ctx.clause_before(total.flow_start)
        if not _CLOSING.search(clause) or ctx.in_brackets(total):
            continue
        start, own = _chain_start(ctx, total)
        region = ctx.text[start:total.flow_start]
        # the sentence before gives only its subject's figure (below): its own 其中 list is no
        # part of the chain
        if _nests(ctx, own, total.flow_start) or "\t" in region:
            continue
        # one more than a chain may hold is enough to know it is too long
        def keep(f: PlacedFact, total: PlacedFact = total) -> bool:
            return _item(ctx, f, total)

        items = ctx.last_facts(own, total.flow_start, keep, MAX_ITEMS + 1)
        if start < own:
            # from the sentence before, only its subject's figure: the base of the chain
            base = ctx.first_facts(start, own, keep, 1)
            # 收入 A，其中：税收 a；非税 b。加上 … 收入总计 T: the base is A, not a part of A
            owner = owners.get(base[0].flow_start) if base else None
            base = [owner] if owner is not None and owner.flow_start < own else base
            if base and _nests(ctx, start, own) and not any(e.total is base[0] and e.signal for e in lists):
                # 收入 A，其中：地方收入 a。加 … 总收入 T: the chain may go on from A or from a part
                # named after 其中; only the one that adds up says which (none: not read)
                options = [base[0], *(f for f in ctx.facts_in(start, own)
                                      if keep(f) and owners.get(f.flow_start) is base[0])]
                fitting = [o for o in options if _adds_up(total, _signed(ctx, _flows(ctx, [o, *items])))]
                if len(fitting) != 1:
                    continue
                base = fitting
            items = base + items
        items = _flows(ctx, items)
        if any(_CLOSING.search(ctx.clause_before(f.flow_start)) for f in items):
            continue  # another total inside: two accounts in one sentence
        if not 1 <= len(items) <= MAX_ITEMS or _unquantified(ctx, items[0].flow_end, total.flow_start):
            continue
        first_clause = "".join(
            ctx.clause_before(items[0].flow_start, start).split())
        if _ADD_ANYWHERE.search(first_clause):
            base = _named_base(ctx, start, items[0])
            if base is None:
                continue  # the chain's base is stated somewhere this reading cannot see
            items.insert(0, base)
        if len(items) < 2:
            continue
        found.append(Enumeration(total, tuple(_signed(ctx, items)), "加总至合计", False))
    return found


def _signed(ctx: FigureContext, items: list[PlacedFact]) -> list[SumPart]:
    """The chain's items as parts, each with the sign its connective gives."""
    parts = []
    sign = 1
    previous_end = items[0].flow_end if items else 0
    for item in items:
        for word in _SIGN_WORDS.finditer(ctx.text, previous_end, item.flow_start):
            sign = -1 if word.group("sub") else 1
        label = clean_label(ctx.clause_before(item.flow_start))
        parts.append(SumPart(item, label, None, sign=sign))
        previous_end = max(previous_end, item.flow_end)
    return parts


def _adds_up(total: PlacedFact, parts: list[SumPart]) -> bool:
    return checker(total, parts, True, "")({})[0]

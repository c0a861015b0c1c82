"""Sum relations a report states: a total and the parts listed after 其中 (or 如下：).

``本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 202.24 万元，
占 65.70%。`` states three relations: total = Σ parts, and each 占X% = part / total.

Finding the enumeration is the hard part, so candidates are validated strictly and any
doubt drops the relation rather than guessing (presidio style: find, then validate):

* the parts are the clauses after the introducer (其中 / 以下方面： / 如下： / 包括：),
  one amount per clause, each with a name; a clause with two amounts (``收入 9.5 亿元，
  支出 9.1 亿元``), a bare attribute as the name or a change figure (增加/减少 …) makes
  the list unreadable and no relation is recorded;
* the list runs to the end of its sentence; it continues over ``；`` only when the items
  themselves are separated by ``；`` (one item per sentence), so ``其中一般债券 5.6 亿元，
  专项债券 68.2 亿元；发行再融资债券 90.1 亿元`` stops before the refinancing bonds;
* the total is the last amount of the same kind before the introducer in the sentence
  (or in the previous sentence when 其中 opens one); when that amount is a change
  (``比上年增加 2.55 万元，其中：…``) the list breaks the change down and is left alone.

An enumeration is *complete* when the text says so (分别为 / 由…组成 / 包括：), when the
parts' shares add up to 100 %, when it ends with a catch-all (其他收入), or when the
parts form a standard decomposition (基本支出 + 项目支出, 人员经费 + 公用经费,
一般债务 + 专项债务, the three 三公 items …). Only a complete enumeration can be checked
for equality; an open one (其中 lists the main items) can only be checked for not
exceeding its total.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import (
    Interval,
    interval_of,
    plain,
    ratio_percent,
    truncation_interval,
)
from auditor.extract.facts import PlacedFact
from auditor.extract.lexicon import load_attribute_lexicon
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    Rescale,
    single_reading,
)
from auditor.extract.relations.rate import RateRelation, operand
from auditor.text.normalize import normalize_width
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures
    from auditor.text.sentences import TextRange

_RE_ENUMERATION = regex.compile(r"[、,和及与]")

__all__ = [
    "SumPart",
    "SumRelation",
    "share_relations",
    "shares_of",
    "sum_relations",
    "unit_slips",
]

HUNDRED = Decimal(100)
_SCALE_NAMES = {Decimal(1): "元", Decimal(1000): "千元", Decimal(10000): "万元",
                Decimal(100000000): "亿元"}
ZERO = Decimal(0)

_INTRODUCER = regex.compile(
    r"其中(?!的)(?:包括|主要有|有)?\s*[:,]?"
    r"|(?:以下(?:几个)?方面|如下|具体(?:包括|为)|(?<!主要)包括|构成|组成|分为)\s*:"
)
_SEPARATOR = regex.compile(r"[,、;:。!?]")
_CHANGE_WORD = regex.compile(
    r"增加|减少|增长|下降|降低|提高|上升|减收|增收|压减|节约|节省|增幅|降幅|减幅|持平"
    r"|(?:比|较|同比|环比)[^,;:。]{0,20}?[增减多少]"
)
_SHARE_CUE = regex.compile(r"占|比重")
_SHARE_FILLER = regex.compile(r"比重|比例|比|为|的|达到?|约|:|\s")
_NEW_TOPIC = regex.compile(r"^(?:此外|另外|同时|另|上年|下年|本年|全年|年初|年末|当年)")
_SEVERALLY = regex.compile(r"分别(?:为|是|达到?)?")
_STATED_COMPLETE = regex.compile(r"分别(?:为|是)|由.{1,30}?(?:组成|构成)|(?<!主要|其中)包括\s*:|构成\s*:|组成\s*:")
_LABEL_NOISE = regex.compile(
    r"^(?:其中\s*[:,]?)?\s*|(?:预计|实际|共|合计|计|为|是|达到?|完成|约|:|\s)+$"
)
_BARE_LABELS = frozenset({"收入", "支出", "结余", "滚存结余", "余额", "限额", "结转",
                          "金额", "资金", "其中"})
_SCALE_PREFIX = regex.compile(r"^(?:万亿|千亿|百亿|千万|百万|亿|万|千|百)")
_EXPLANATION = regex.compile(r"追加|调增|调整|结转|上年结余|结余|补充|增补|新增")

#: Standard decompositions: every pattern must name a distinct part, nothing else listed.
_DECOMPOSITIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("基本支出+项目支出", ("基本支出", "项目支出")),
    ("人员经费+公用经费", ("人员经费", "公用经费")),
    ("一般债务+专项债务", ("一般债[务券]", "专项债[务券]")),
    ("因公出国（境）费+公务用车购置及运行维护费+公务接待费",
     (r"因公出国[(（]?境?[)）]?费", "公务用车购置及运行(?:维护|维修)?费", "公务接待费")),
    ("公务用车购置费+运行维护费", ("购置费", "运行(?:维护|维修)?费")),
    ("税收收入+非税收入", ("(?<!非)税收?收入", "非税收?收入")),
    ("货物+工程+服务", ("货物", "工程", "服务")),
    ("预算执行率+产出+效益+满意度", ("预算执行率", "产出", "效益", "满意度")),
    ("决策+过程+产出+效益", ("决策", "过程", "产出", "效益")),
)
_DECOMPOSITION_PATTERNS = tuple(
    (name, tuple(regex.compile(pattern) for pattern in patterns)) for name, patterns in _DECOMPOSITIONS
)
_INCOME_TOTAL = regex.compile(r"收入(?:合计|总计)")
_INCOME_CATEGORY = regex.compile(
    r"^(?:本年)?(?:财政拨款|上级补助|事业|经营|附属单位上缴|其他)收入$"
)


@dataclass(frozen=True)
class SumPart:
    """One listed part: its amount, the name before it and the 占X% stated after it."""

    amount: PlacedFact
    label: str
    share: PlacedFact | None


@dataclass(frozen=True)
class SumRelation:
    """A total with its listed parts, evaluated with interval tolerance."""

    total: PlacedFact
    parts: tuple[SumPart, ...]
    complete: bool
    signal: str
    parts_sum: Interval
    holds: bool
    truncated: bool
    exceeding: tuple[SumPart, ...]
    share_sum: Interval | None
    slipped: PlacedFact | None = None
    slip_multiplier: Decimal | None = None

    @property
    def exceeds(self) -> bool:
        """Σ parts is certainly larger than the total."""
        total = _interval(self.total.fact.quantity)
        return _above(self.parts_sum, total)

    @property
    def shares_exceed(self) -> bool:
        """Σ 占X% is certainly above 100 %."""
        return self.share_sum is not None and _above(self.share_sum, Interval(HUNDRED, HUNDRED))

    @property
    def shares_hold(self) -> bool | None:
        """Σ 占X% meets 100 % (complete) or stays ≤ 100 % (open); None when not stated."""
        if self.share_sum is None:
            return None
        if self.complete:
            return self.share_sum.meets(Interval(HUNDRED, HUNDRED))
        return not self.shares_exceed

    def written_sum(self) -> Decimal:
        """Σ parts as written, in base units (元 for money)."""
        return sum((p.amount.fact.quantity.value for p in self.parts), ZERO)

    def shown_sum(self) -> str:
        """Σ parts as written, in the parts' common unit (else the total's), e.g. ``307.82万元``."""
        quantities = [p.amount.fact.quantity for p in self.parts]
        units = {(q.unit, q.multiplier) for q in quantities}
        unit, multiplier = units.pop() if len(units) == 1 else (
            self.total.fact.quantity.unit, self.total.fact.quantity.multiplier)
        value = self.written_sum() / multiplier
        if self.slipped is not None and self.slip_multiplier is not None:
            slipped = self.slipped.fact.quantity
            value += slipped.mantissa * (self.slip_multiplier - slipped.multiplier) / multiplier \
                if any(p.amount is self.slipped for p in self.parts) else ZERO
        decimals = max(q.decimals for q in quantities)
        shown = plain(value, decimals) if value == round(value, decimals) else f"{value.normalize():f}"
        return f"{shown}{unit}"

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.SUM`."""
        return RelationKind.SUM

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The total, then each part."""
        return (operand("total", self.total),
                *(Operand("part", p.amount.fact.quantity, p.amount.flow_start, p.label)
                  for p in self.parts))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The reading the relation was decided under."""
        assumptions = [Assumption.CLOSED_LIST if self.complete else Assumption.OPEN_LIST]
        rescale = None
        if self.slipped is not None and self.slip_multiplier is not None:
            assumptions.append(Assumption.UNIT_RESCALED)
            rescale = Rescale(operand("slipped", self.slipped), self.slip_multiplier)
        if self.truncated:
            assumptions.append(Assumption.TRUNCATED)
        return single_reading(self.operands, self.holds, self.detail, *assumptions, rescale=rescale)

    @property
    def detail(self) -> str:
        """The arithmetic, e.g. ``307.82万元 = 105.58万元 + 202.24万元 = 307.82万元（…）✓``."""
        total = self.total.fact.quantity
        terms = " + ".join(_shown(p.amount.fact.quantity) for p in self.parts)
        summed = self.shown_sum() if len(self.parts) > 1 else ""
        terms = f"{terms} = {summed}" if summed else terms
        mark = "✓" if self.holds else "✗"
        note = "（按截断理解）" if self.truncated else ""
        if self.slipped is not None and self.slip_multiplier is not None:
            note = (f"（将“{_shown(self.slipped.fact.quantity)}”按"
                    f"{_SCALE_NAMES.get(self.slip_multiplier, '同组单位')}计）")
        if self.complete:
            return f"{_shown(total)} = {terms}（列举完整：{self.signal}）{note}{mark}"
        relation = "≤" if self.holds else ">"
        return (f"{terms} {relation} {_shown(total)}"
                f"（未列全，只核对不超过合计）{mark}")

    def share_detail(self) -> str:
        """The shares' arithmetic, e.g. ``34.30% + 65.70% = 100.00% ✓``."""
        shares = [p.share.fact.quantity for p in self.parts if p.share is not None]
        decimals = max(q.decimals for q in shares)
        summed = sum((q.value for q in shares), ZERO)
        terms = " + ".join(_shown(q) for q in shares)
        mark = "✓" if self.shares_hold else "✗"
        target = "= 100%" if self.complete else "≤ 100%"
        return f"{terms} = {plain(summed, decimals)}%（应 {target}）{mark}"


def _shown(quantity: Quantity) -> str:
    return normalize_width("".join(quantity.text.split()))


def _interval(quantity: Quantity, multiplier: Decimal | None = None) -> Interval:
    """The quantity's interval; a written zero (``0 万元``) means nothing, exactly."""
    if quantity.is_exact and quantity.mantissa == 0:
        return Interval(ZERO, ZERO)
    return interval_of(quantity, multiplier)


def _truncated(quantity: Quantity) -> Interval:
    if quantity.mantissa == 0:
        return Interval(ZERO, ZERO)
    return truncation_interval(quantity)


def _above(value: Interval, bound: Interval) -> bool:
    return value.low is not None and bound.high is not None and value.low > bound.high


def _add(intervals: list[Interval]) -> Interval:
    low = sum(((i.low if i.low is not None else ZERO) for i in intervals), ZERO)
    highs = [i.high for i in intervals]
    high = None if any(h is None for h in highs) else sum(highs, ZERO)  # type: ignore[arg-type]
    return Interval(low, high)


def _compatible(quantity: Quantity, like: Quantity) -> bool:
    if quantity.kind is not like.kind:
        return False
    if quantity.kind is QuantityKind.COUNT:
        return _SCALE_PREFIX.sub("", quantity.unit) == _SCALE_PREFIX.sub("", like.unit)
    return quantity.kind in (QuantityKind.MONEY, QuantityKind.SCORE)


def _summable(quantity: Quantity) -> bool:
    return quantity.kind in (QuantityKind.MONEY, QuantityKind.COUNT, QuantityKind.SCORE)


class _Unreadable(Exception):
    """The enumeration cannot be read with confidence: record no relation."""


@dataclass
class _Context:
    doc: AnalysedDocument
    by_start: dict[int, PlacedFact]
    starts: list[int]
    sentences_by_paragraph: dict[int, list[TextRange]]
    bare: frozenset[str]
    sentence_ends: list[int]
    within_paragraph: list[int]  # each sentence's index in its paragraph

    def facts_in(self, start: int, end: int) -> list[PlacedFact]:
        """Facts whose quantity lies inside the flow range ``[start, end)``."""
        import bisect

        left = bisect.bisect_left(self.starts, start)
        found = []
        for index in range(left, len(self.starts)):
            placed = self.by_start[self.starts[index]]
            if placed.flow_start >= end:
                break
            if placed.flow_end <= end:
                found.append(placed)
        return found


def _is_change(ctx: _Context, placed: PlacedFact) -> bool:
    text = ctx.doc.flow.text
    clause_start = _clause_start(text, placed.flow_start)
    return _CHANGE_WORD.search(text, clause_start, placed.flow_start) is not None


def _clause_start(text: str, position: int) -> int:
    start = position
    while start > 0 and not _is_separator(text, start - 1):
        start -= 1
    return start


def _is_separator(text: str, index: int) -> bool:
    char = text[index]
    if char == "," and 0 < index < len(text) - 1 and text[index - 1].isdigit() \
            and text[index + 1].isdigit():
        return False  # thousands separator
    return _SEPARATOR.match(char) is not None or char in "，、；：。"


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of ``text[start:end]``; stops at a ``)`` closing a bracket opened before."""
    clauses = []
    depth = 0
    left = start
    for index in range(start, end):
        char = text[index]
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth -= 1
            if depth < 0:
                clauses.append((left, index))
                return [c for c in clauses if c[1] > c[0]]
        elif depth == 0 and _is_separator(text, index):
            clauses.append((left, index))
            left = index + 1
    clauses.append((left, end))
    return [c for c in clauses if c[1] > c[0]]


def _in_brackets(text: str, start: int, position: int) -> bool:
    depth = 0
    for char in text[start:position]:
        if char in "(（":
            depth += 1
        elif char in ")）" and depth > 0:
            depth -= 1
    return depth > 0


def _label(text: str) -> str:
    cleaned = _LABEL_NOISE.sub("", text.strip())
    return "".join(cleaned.split())


def _read_items(ctx: _Context, start: int, end: int, kind: Quantity | None
                ) -> tuple[list[SumPart], Quantity | None]:
    """Parts listed in ``[start, end)`` (one flow range of one sentence)."""
    text = ctx.doc.flow.text
    items: list[SumPart] = []
    for left, right in _clauses(text, start, end):
        facts = [f for f in ctx.facts_in(left, right)
                 if not _in_brackets(text, left, f.flow_start)]
        amounts = [f for f in facts if _summable(f.fact.quantity)
                   and (kind is None or _compatible(f.fact.quantity, kind))]
        shares = [f for f in facts if f.fact.quantity.kind is QuantityKind.PERCENT
                  and _SHARE_CUE.search(text, left, f.flow_start)
                  and not _CHANGE_WORD.search(text, left, f.flow_start)]
        if len(amounts) > 1:
            raise _Unreadable
        if not amounts:
            if shares and items and items[-1].share is None:
                items[-1] = SumPart(items[-1].amount, items[-1].label, shares[0])
            continue
        amount = amounts[0]
        if _is_change(ctx, amount):
            raise _Unreadable
        label = _label(text[left:amount.flow_start])
        if not label or label in ctx.bare:
            raise _Unreadable
        kind = kind or amount.fact.quantity
        share = next((s for s in shares if s.flow_start > amount.flow_start), None)
        items.append(SumPart(amount, label, share))
    return items, kind


def _severally(ctx: _Context, start: int, end: int) -> tuple[list[SumPart], str] | None:
    """``A、B 分别为 x 万元、y 万元`` → parts by position; None when not that form."""
    text = ctx.doc.flow.text
    match = _SEVERALLY.search(text, start, end)
    if match is None:
        return None
    amounts = [f for f in ctx.facts_in(match.end(), end) if _summable(f.fact.quantity)]
    if len(amounts) < 2 or any(not _compatible(a.fact.quantity, amounts[0].fact.quantity)
                               for a in amounts):
        raise _Unreadable
    names = [_label(n) for n in _RE_ENUMERATION.split(text[start:match.start()])]
    names = [n for n in names if n]
    if len(names) != len(amounts):
        names = [""] * len(amounts)
    return [SumPart(a, n, None) for a, n in zip(amounts, names, strict=True)], "分别列出"


def _sentence_index(ctx: _Context, position: int) -> int | None:
    """The index in ``doc.sentences`` of the sentence holding ``position`` (None between paragraphs)."""
    # The first sentence ending at or after the position, by bisection (a scan of every
    # paragraph per list made dense text quadratic), if its paragraph holds the position.
    sentences = ctx.doc.sentences
    found = bisect.bisect_left(ctx.sentence_ends, position)
    if found == len(sentences):
        return None
    if ctx.sentences_by_paragraph[sentences[found].paragraph][0].start > position:
        return None
    return found


def _list_sentences(ctx: _Context, position: int) -> list[TextRange]:
    """The sentence containing ``position`` and the rest of its paragraph."""
    found = _sentence_index(ctx, position)
    if found is None:
        return []
    paragraph = ctx.sentences_by_paragraph[ctx.doc.sentences[found].paragraph]
    return paragraph[ctx.within_paragraph[found]:]


def _read_list(ctx: _Context, list_start: int) -> tuple[list[SumPart], str]:
    """All parts from ``list_start``: its sentence, continued over ``；`` one item at a time."""
    sentences = _list_sentences(ctx, list_start)
    if not sentences:
        return [], ""
    first = sentences[0]
    text = ctx.doc.flow.text
    first_end = first.end
    nested = _INTRODUCER.search(text, list_start, first_end)
    if nested is not None:
        first_end = nested.start()
    severally = _severally(ctx, list_start, first_end)
    if severally is not None:
        return severally
    items, kind = _read_items(ctx, list_start, first_end, None)
    if len(items) != 1 or nested is not None or not first.text.endswith((";", "；")):
        return items, ""
    previous = first
    for sentence in sentences[1:]:
        if (not previous.text.endswith((";", "；")) or _INTRODUCER.search(sentence.text)
                or _NEW_TOPIC.match(sentence.text)):
            break
        try:
            more, kind = _read_items(ctx, sentence.start, sentence.end, kind)
        except _Unreadable:
            break
        if len(more) != 1:
            break
        items += more
        previous = sentence
    return items, ""


def _total_before(ctx: _Context, position: int, like: Quantity) -> PlacedFact | None:
    """The amount the list belongs to: the last compatible figure before it, unless a change."""
    text = ctx.doc.flow.text
    found = _sentence_index(ctx, position)
    if found is None:
        return None
    sentence = ctx.doc.sentences[found]
    candidates = [f for f in ctx.facts_in(sentence.start, position)
                  if _compatible(f.fact.quantity, like)]
    if not candidates and not text[sentence.start:position].strip(" :,"):
        paragraph = ctx.sentences_by_paragraph[sentence.paragraph]
        index = ctx.within_paragraph[found]
        if index > 0:
            before = paragraph[index - 1]
            candidates = [f for f in ctx.facts_in(before.start, before.end)
                          if _compatible(f.fact.quantity, like)]
    candidates = [f for f in candidates if not _in_brackets(text, sentence.start, f.flow_start)
                  or f.flow_start < sentence.start]
    if not candidates or _is_change(ctx, candidates[-1]):
        return None  # a list after a change figure breaks down the change, not the level
    return candidates[-1]


def _completeness(ctx: _Context, total: PlacedFact, parts: list[SumPart],
                  intro: str, signal: str) -> str:
    if signal:
        return signal
    labels = [p.label for p in parts]
    if _STATED_COMPLETE.search(intro):
        return "文中写明全部组成"
    shares = [p.share for p in parts]
    if all(s is not None for s in shares):
        summed = _add([_interval(s.fact.quantity) for s in shares if s is not None])
        if summed.meets(Interval(HUNDRED, HUNDRED)):
            return "各部分占比合计为100%"
    if len(labels) >= 2 and labels[-1].startswith("其他"):
        return "以“其他”项收尾"
    for name, patterns in _DECOMPOSITION_PATTERNS:
        if len(patterns) == len(labels) and all(
                sum(1 for label in labels if p.search(label)) == 1 for p in patterns):
            return name
    total_label = ctx.doc.flow.text[_clause_start(ctx.doc.flow.text, total.flow_start):
                                    total.flow_start]
    if (len(labels) >= 2 and _INCOME_TOTAL.search(total_label)
            and all(_INCOME_CATEGORY.match(label) for label in labels)):
        return "收入按来源分类列全"
    return ""


def _evaluate(total: PlacedFact, parts: list[SumPart], complete: bool, signal: str
              ) -> SumRelation:
    quantity = total.fact.quantity
    total_interval = _interval(quantity)
    parts_sum = _add([_interval(p.amount.fact.quantity) for p in parts])
    truncated = False
    if complete:
        holds = parts_sum.meets(total_interval)
        if not holds and all(p.amount.fact.quantity.is_exact for p in parts) and quantity.is_exact:
            lenient = _add([_truncated(p.amount.fact.quantity) for p in parts])
            holds = truncated = lenient.meets(_truncated(quantity))
    else:
        holds = not _above(parts_sum, total_interval)
    exceeding = tuple(p for p in parts if _above(_interval(p.amount.fact.quantity),
                                                  total_interval))
    shares = [p.share for p in parts]
    share_sum = (_add([_interval(s.fact.quantity) for s in shares if s is not None])
                 if shares and all(s is not None for s in shares) else None)
    relation = SumRelation(total, tuple(parts), complete, signal, parts_sum, holds, truncated,
                           exceeding, share_sum)
    if relation.holds and not exceeding:
        return relation
    return _unit_slip(relation) or relation


def _unit_slip(relation: SumRelation) -> SumRelation | None:
    """The relation read with its one odd-scaled amount at the others' scale (万元 ↔ 元).

    ``合计 307.82 万元，其中：基本支出 105.58 元，项目支出 202.24 万元`` holds once
    105.58 is read in 万元: the defect is the unit (AU101), not the sum.
    """
    figures = [relation.total, *(p.amount for p in relation.parts)]
    if any(f.fact.quantity.kind is not QuantityKind.MONEY for f in figures):
        return None
    scales = Counter(f.fact.quantity.multiplier for f in figures)
    if len(scales) != 2:
        return None
    (common, count), (odd, odd_count) = scales.most_common()
    if odd_count != 1 or count < 2:
        return None
    suspect = next(f for f in figures if f.fact.quantity.multiplier == odd)

    def rescaled(placed: PlacedFact) -> Interval:
        return _interval(placed.fact.quantity, common if placed is suspect else None)

    total = rescaled(relation.total)
    parts_sum = _add([rescaled(p.amount) for p in relation.parts])
    if any(_above(rescaled(p.amount), total) for p in relation.parts):
        return None
    holds = parts_sum.meets(total) if relation.complete else not _above(parts_sum, total)
    if not holds:
        return None
    return replace(relation, holds=True, exceeding=(), slipped=suspect, slip_multiplier=common)


def _context(doc: AnalysedDocument, figures: Figures) -> _Context:
    by_start = {placed.flow_start: placed for placed in figures.facts.facts}
    grouped: dict[int, list[TextRange]] = {}
    within: list[int] = []
    for sentence in doc.sentences:
        members = grouped.setdefault(sentence.paragraph, [])
        within.append(len(members))
        members.append(sentence)
    lexicon = load_attribute_lexicon()
    bare = frozenset(_BARE_LABELS | set(lexicon.terms))
    return _Context(doc, by_start, sorted(by_start), grouped, bare, [s.end for s in doc.sentences], within)


def _next_paragraph_start(ctx: _Context, position: int) -> int | None:
    text = ctx.doc.flow.text
    newline = text.find("\n", position)
    if text[position:newline if newline >= 0 else len(text)].strip():
        return position
    if newline < 0:
        return None
    following = newline + 1
    return following if following < len(text) and text[following:following + 1].strip() else None


def sum_relations(doc: AnalysedDocument, figures: Figures) -> list[SumRelation]:
    """Every total with a readable list of parts, evaluated (see the module doc)."""
    ctx = _context(doc, figures)
    text = doc.flow.text
    relations: list[SumRelation] = []
    seen: set[int] = set()
    for match in _INTRODUCER.finditer(text):
        list_start = _next_paragraph_start(ctx, match.end())
        if list_start is None:
            continue
        try:
            parts, signal = _read_list(ctx, list_start)
        except _Unreadable:
            continue
        if not parts or any(p.amount.flow_start in seen for p in parts):
            continue
        total = _total_before(ctx, match.start(), parts[0].amount.fact.quantity)
        if total is None:
            continue
        intro = text[total.flow_end:list_start]
        parts = [_with_share_of(ctx, part, total) for part in parts]
        signal = _completeness(ctx, total, parts, intro, signal)
        relation = _evaluate(total, parts, bool(signal), signal)
        if (total.fact.quantity.kind is QuantityKind.COUNT and not relation.complete
                and relation.exceeds and not relation.exceeding):
            continue  # counted groups may overlap (脱贫户 and 低保户): Σ > total proves nothing
        relations.append(relation)
        seen.update(p.amount.flow_start for p in parts)
    return relations


def _with_share_of(ctx: _Context, part: SumPart, total: PlacedFact) -> SumPart:
    """Keep a part's 占X% only when it is a share of this total, not of another base.

    ``占收入比重 62.5%`` names the total (收入); ``占全省的 10%`` names another whole.
    """
    if part.share is None:
        return part
    text = ctx.doc.flow.text
    cues = list(_SHARE_CUE.finditer(text, part.amount.flow_end, part.share.flow_start))
    if not cues:
        return part
    base = _SHARE_FILLER.sub("", text[cues[-1].end():part.share.flow_start])
    total_label = text[_clause_start(text, total.flow_start):total.flow_start]
    if not base or base in total_label:
        return part
    return SumPart(part.amount, part.label, None)


def unit_slips(sums: Sequence[SumRelation]) -> list[SumRelation]:
    """Sum relations that hold only with one amount read at the others' scale (for AU101)."""
    return [r for r in sums if r.slipped is not None]


def share_relations(sums: Sequence[SumRelation]) -> list[RateRelation]:
    """Each 占X% stated after a listed part: part / total, as rate relations (for AU102)."""
    relations = []
    for relation in sums:
        relations.extend(shares_of(relation))
    return relations


def shares_of(relation: SumRelation) -> list[RateRelation]:
    """The 占X% = part / total relations of one sum relation."""
    if relation.total.fact.quantity.kind is QuantityKind.SCORE:
        return []
    return [_share(part.share, part.amount, relation.total)
            for part in relation.parts if part.share is not None]


def _share(share: PlacedFact, part: PlacedFact, whole: PlacedFact) -> RateRelation:
    computed = ratio_percent(_interval(part.fact.quantity), _interval(whole.fact.quantity))
    stated = share.fact.quantity
    if computed is None or computed.meets(_interval(stated)):
        return RateRelation(share, part, whole, True, False, None, None, computed)
    truncated = stated.is_exact and computed.meets(truncation_interval(stated))
    return RateRelation(share, part, whole, truncated, truncated, None, None, computed)



"""Rates a report states: 执行率, 为/完成/占 …的 X%, 到位率, 占比 — part ÷ whole.

A *stated rate* is a percentage after a relation cue: a rate noun the attribute lexicon
knows (执行率, 到位率 …) or ``verb + base + 的`` (为年初预算的 4.9%, 完成调整预算的, 占一般公共
预算支出的比重为 80%, 占比). The cue says what the whole is:

* a plan (预算 / 计划 / 目标, perhaps 年初 or 调整) — a figure whose label names a plan;
* a named figure (一般公共预算支出) — a figure whose label carries that name;
* nothing (占比, 比重) — the total the part belongs to: its list's total, the sum of its
  list, or the whole a sibling share implies.

Operands are hypotheses (:mod:`.readings`): the part is the figure right before the cue
(or the one its subject names), the whole any figure of the right description in the
sentence, the sentences before it, or the section's scope, each scored. Attribute words
are a prior, never a gate. The relation holds when a plausible reading holds; a unit slip
is a reading with one amount read ×10⁴ or ÷10⁴.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import HUNDRED, Interval, plain, ratio_percent
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    DecidedRelation,
    Operand,
    Reading,
    RelationKind,
)
from auditor.extract.relations.context import (
    MAX_CANDIDATES,
    SECTION,
    FigureContext,
    comparable,
)
from auditor.extract.relations.labels import (
    actual,
    fund_named,
    names_plan,
    qualifier,
    scope_of,
    without_scope,
)
from auditor.extract.relations.readings import (
    decide,
    exact_interval,
    meets_stated,
    read,
    scale_name,
    shown,
)
from auditor.lexicon import alternation, compile_terms
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.extract.relations.enumeration import SumRelation

_RATE_CUE = regex.compile(
    rf"(?P<verb>{alternation('cues', 'rate_verb')})(?P<base>[^,;:。%0-9]{{0,24}}?)的?"
    rf"[ \t]*(?P<share>{alternation('cues', 'share_word', spaced=True)})?[ \t]*(?:为|是|达到?|约)?[ \t]*$"
)
_SHARE_NOUN = regex.compile(
    rf"(?P<subject>[^,;:。%0-9]{{0,16}}?)(?:所)?(?:{alternation('cues', 'share_word', spaced=True)})"
    r"[ \t]*(?:为|是|达到?|约|超过)?[ \t]*$"
)
_FILLER = regex.compile(rf"{alternation('cues', 'base_filler')}|的|[ \t]")
_RECEIVED = regex.compile(r"到位|拨付|下达")
_SEVERALLY = regex.compile(rf"(?:{alternation('cues', 'severally')})[^,;:。]{{0,12}}$")
_SUBJECT_NOISE = regex.compile(r"其中|实际|完成|累计|共计|合计|为|是|达到?|[:,、()（）“”\s]")
_PERIOD = regex.compile(r"[0-9０-９]+|[年月日底末初]")
_SPENDING = compile_terms("cues", "spending_word")
_FUNDING = compile_terms("cues", "funding")
_ITEM = regex.compile(rf"^(?:{alternation('cues', 'item')}|[①-⑳]|[(（][一二三四五六七八九十0-9]+[)）]"
                      r"|[一二三四五六七八九十]+是|[0-9]{1,2}[.、])")
#: rate nouns the attribute lexicon knows, and the whole each is of
_NOUN_RATES = {"exec_rate": "plan", "received_rate": "plan", "completion_rate": "plan"}
_NOUN_PARTS = {"exec_rate": ("spent",), "received_rate": ("received",),
               "completion_rate": ("spent", "amount", "received")}




class Base(enum.Enum):
    """What the whole of a stated rate is."""

    PLAN = "plan"  # 预算 / 计划 / 目标
    NAMED = "named"  # a figure the cue names (一般公共预算支出)
    UNNAMED = "unnamed"  # 占比 / 比重: the total the part belongs to


@dataclass(frozen=True)
class RateCue:
    """What the text says a percentage is a rate of."""

    base: Base
    name: str  # the base as written, filler removed ("" when unnamed)
    qualifier: str  # "initial" | "adjusted" | ""
    subject: str  # the words naming the part (专项资金占比 → 专项资金), if any
    share: bool  # a share of a total (占 / 占比) rather than a rate of a plan
    money: bool = False  # 执行率 / 到位率 are rates of funds: their operands are amounts


@dataclass(frozen=True)
class RateRelation(DecidedRelation):
    """One stated rate with every reading tried and the one that decided."""

    rate: PlacedFact
    cue: RateCue
    part: PlacedFact
    whole: PlacedFact
    holds: bool
    all_readings: tuple[Reading, ...]
    decided: Reading

    @property
    def kind(self) -> RelationKind:
        """A share (占X%) or a rate (执行率, 完成预算的X%, 到位率)."""
        return RelationKind.SHARE if self.cue.share else RelationKind.RATE





    @property
    def slipped(self) -> PlacedFact | None:
        """The amount whose unit slipped, when only that reading holds."""
        rescale = self.decided.rescale
        if rescale is None:
            return None
        return self.part if rescale.operand.role == "part" else self.whole


    @property
    def computed_percent(self) -> Decimal | None:
        """part ÷ whole × 100 as written (no slip correction)."""
        whole = self.whole.fact.quantity.value
        return None if whole == 0 else self.part.fact.quantity.value / whole * HUNDRED


def operand(role: str, placed: PlacedFact) -> Operand:
    """A fact as the operand of a relation."""
    return Operand(role, placed.fact.quantity, placed.flow_start, placed.label)


# ---------------------------------------------------------------------- the cue


def rate_cue(ctx: FigureContext, rate: PlacedFact) -> RateCue | None:
    """The cue before a percentage, or None when nothing says it is a rate of something."""
    start = ctx.clause_start(rate.flow_start, ctx.sentence(rate.flow_start).start)
    before = ctx.text[start:rate.flow_start]
    if "\t" in before or _SEVERALLY.search(before):
        return None  # a table row's relations are the table's; 分别 pairs several rates
    match = _RATE_CUE.search(before)
    if match is not None:
        name = _FILLER.sub("", match.group("base"))
        subject = _subject(before[:match.start()])
        share = match.group("verb") == "占" or bool(match.group("share"))
        if names_plan(name):
            return RateCue(Base.PLAN, name, qualifier(name), subject, False)
        if len(name) >= 2 and "率" not in name and not name.endswith(("比", "比例")):
            return RateCue(Base.NAMED, name, "", subject, share)
        if match.group("share") or match.group("verb") == "占":
            return RateCue(Base.UNNAMED, "", "", subject, True)
    noun = _SHARE_NOUN.search(before)
    if noun is not None:
        return RateCue(Base.UNNAMED, "", "", _subject(noun.group("subject")), True)
    term = rate.fact.cue
    compact = "".join(before.split())  # a line cut may split the term (预算执 行率)
    subject = _subject(compact[:compact.rfind(term)]) if term and term in compact else ""
    if rate.fact.attribute in _NOUN_RATES:
        return RateCue(Base.PLAN, "", "", subject, False,
                       money=rate.fact.attribute != "completion_rate")
    if rate.fact.attribute == "share":
        return RateCue(Base.UNNAMED, "", "", subject, True)
    return None


def _subject(text: str) -> str:
    """What a rate's own clause names before its cue (专项资金占比 → 专项资金), noise removed."""
    return _SUBJECT_NOISE.sub("", _FILLER.sub("", text))


def _names(subject: str, label: str) -> bool:
    """Whether a figure's label names the subject (either contains the other, scope removed)."""
    core = without_scope(_subject(label))
    subject = without_scope(subject)
    if len(_PERIOD.sub("", subject)) < 2:
        return False  # 2024 年预算执行率: a period names no figure of its own
    return len(core) >= 2 and (subject in core or core in subject)


# ------------------------------------------------------------------ candidates


def _usable(ctx: FigureContext, placed: PlacedFact, like: PlacedFact | None = None) -> bool:
    quantity = placed.fact.quantity
    if quantity.kind in (QuantityKind.PERCENT, QuantityKind.SCORE):
        return False
    if like is not None and not comparable(quantity, like.fact.quantity):
        return False
    return not (ctx.in_brackets(placed) or ctx.is_change(placed) or ctx.is_per_unit(placed))


def _parts(ctx: FigureContext, rate: PlacedFact, cue: RateCue) -> list[tuple[PlacedFact, float]]:
    """The part: the figure right before the cue, or one its subject or attribute names.

    When the rate's own clause names a subject and holds no figure (``税收收入占一般公共预算
    收入比重 70.4%``), only a figure labelled with that subject can be the part.
    """
    sentence = ctx.sentence(rate.flow_start)
    bracketed = ctx.in_brackets(rate)

    def usable(placed: PlacedFact) -> bool:
        if cue.money and placed.fact.quantity.kind is not QuantityKind.MONEY:
            return False
        if bracketed and ctx.in_brackets(placed):
            return placed.fact.quantity.kind not in (QuantityKind.PERCENT, QuantityKind.SCORE) \
                and not ctx.is_change(placed)
        return _usable(ctx, placed)

    before = [f for f in ctx.facts_in(sentence.start, rate.flow_start) if usable(f)]
    if not before:
        windows = ctx.windows(rate.flow_start, 1, section=False)
        if len(windows) > 1:
            before = [f for f in ctx.facts_in(windows[1].start, windows[1].end) if usable(f)]
    clause_start = ctx.clause_start(rate.flow_start, sentence.start)
    named_only = len(cue.subject) >= 2 and not any(f.flow_start >= clause_start for f in before)
    found: list[tuple[PlacedFact, float]] = []
    wanted = _NOUN_PARTS.get(rate.fact.attribute, ())
    for rank, placed in enumerate(reversed(before[-MAX_CANDIDATES:])):
        # the nearest figure is the part; a name or attribute only breaks ties, so a reading's
        # score stays a measure of how sure its *whole* is
        score = (1.0, 0.6)[min(rank, 1)] if rank < 2 else 0.3
        label = ctx.label(placed)
        if len(cue.subject) >= 2 and _names(cue.subject, label):
            score = max(score, 0.95) + 0.05
        elif named_only:
            continue
        if placed.fact.attribute in wanted:
            score += 0.03
        if cue.base is Base.PLAN and names_plan(label):
            score -= 0.5
        found.append((placed, min(score, 1.0)))
    return found


@dataclass(frozen=True)
class _Whole:
    """A whole candidate: a figure, or a value derived from several (a subtotal, an implied whole)."""

    placed: PlacedFact | None
    interval: Interval
    value: Decimal
    text: str
    score: float
    assumption: Assumption

    @classmethod
    def of(cls, placed: PlacedFact, score: float, assumption: Assumption) -> _Whole:
        quantity = placed.fact.quantity
        return cls(placed, exact_interval(quantity), quantity.value, shown(quantity), score, assumption)


def _wholes(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact,
            lists: dict[int, SumRelation]) -> list[_Whole]:
    """Whole candidates with their scores and what each assumes."""
    found: list[_Whole] = []
    if cue.base is Base.UNNAMED:
        owner = lists.get(part.flow_start)
        if owner is not None:
            found.append(_Whole.of(owner.total, 1.5, Assumption.CLOSED_LIST))
            if owner.complete and len(owner.parts) > 1:
                unit = owner.parts[0].amount.fact.quantity
                value = owner.written_sum()
                found.append(_Whole(None, owner.parts_sum, value,
                                    f"{plain(value / unit.multiplier, unit.decimals)}{unit.unit}",
                                    1.0, Assumption.SUBTOTAL))
    sentence = ctx.sentence(rate.flow_start)
    # a listed item (①…, 其中…, 一是…) has a scope of its own: its whole is in its sentence
    item = cue.base is Base.PLAN and _ITEM.match(sentence.text) is not None
    bracketed = ctx.in_brackets(rate) and len(cue.subject) >= 2
    for window in ctx.windows(rate.flow_start, 0 if item else 2, section=not item):
        end = min(window.end, rate.flow_start) if window.distance == 0 else window.end
        if bracketed:
            # 为预算的104.2%（其中：开发区为预算的129.2%）: the bracket's own figures
            def keep(f: PlacedFact) -> bool:
                return (f is not part and ctx.in_brackets(f) and _names(cue.subject, ctx.label(f))
                        and comparable(f.fact.quantity, part.fact.quantity))
        else:
            def keep(f: PlacedFact) -> bool:
                return f is not part and _usable(ctx, f, part)
        # only the last MAX_CANDIDATES are tried: found from the end (a section window may
        # hold every figure of a document)
        candidates = ctx.last_facts(window.start, end, keep, MAX_CANDIDATES)
        if window.distance == 0:
            candidates += [f for f in ctx.facts_in(rate.flow_end, window.end)
                           if _usable(ctx, f, part)][:2]
        part_scope = scope_of(ctx.label(part))
        for placed in reversed(candidates[-MAX_CANDIDATES:]):
            score = _whole_score(ctx, placed, cue, rate)
            if score is None:
                continue
            whole_scope = scope_of(ctx.label(placed))
            if part_scope and whole_scope and whole_scope != part_scope:
                continue  # 全市 spending is not a share of 市本级 spending
            # nearness counts only for a whole the cue describes; an unnamed figure stays a guess
            bonus = {0: 0.5, 1: 0.25}.get(window.distance, 0.0) if score >= 1.0 else 0.0
            if placed.flow_start > rate.flow_start:
                bonus -= 0.25
            assumption = (Assumption.SAME_SENTENCE if window.distance == 0 else
                          Assumption.SECTION_SCOPE if window.distance == SECTION
                          else Assumption.PREVIOUS_SENTENCE)
            found.append(_Whole.of(placed, score + bonus, assumption))
    if cue.base is Base.NAMED and not any(w.score >= 1.5 for w in found):
        named = _named_earlier(ctx, cue, part)
        if named is not None:
            # stated far away, perhaps of another scope or period: it may explain, not accuse
            found.append(_Whole.of(named, 0.8, Assumption.SECTION_SCOPE))
    if cue.share and cue.base is Base.UNNAMED:
        found += _implied_wholes(ctx, rate, part)
    return [w for w in found if w.value != 0]


def _implied_wholes(ctx: FigureContext, rate: PlacedFact, part: PlacedFact) -> list[_Whole]:
    """Wholes other shares of the paragraph imply (part ÷ share): ``安排48亿元，占比67.7%。其中，
    人员经费45.7亿元，占比64.5%`` — both are shares of one unstated whole."""
    sentence = ctx.sentence(rate.flow_start)
    paragraph = ctx.doc.paragraphs[sentence.paragraph]
    siblings = ctx.nearest_facts(
        paragraph.start, paragraph.end, rate.flow_start,
        lambda f: (f is not rate and f.fact.quantity.kind is QuantityKind.PERCENT
                   and f.fact.quantity.is_exact and f.fact.quantity.value > 0),
        MAX_CANDIDATES)
    found = []
    for sibling in siblings:
        cue = rate_cue(ctx, sibling)
        if cue is None or not cue.share or cue.base is not Base.UNNAMED:
            continue  # only shares that leave their whole unsaid can share one
        start = ctx.sentence(sibling.flow_start).start
        before = [f for f in ctx.facts_in(start, sibling.flow_start) if _usable(ctx, f, part)]
        if not before or before[-1] is part:
            continue
        quantity = before[-1].fact.quantity
        share = exact_interval(sibling.fact.quantity)
        amount = exact_interval(quantity)
        if share.low is None or share.high is None or share.low <= 0 or amount.low is None \
                or amount.high is None:
            continue
        interval = Interval(amount.low / share.high * HUNDRED, amount.high / share.low * HUNDRED)
        value = quantity.value / sibling.fact.quantity.value * HUNDRED
        text = f"{shown(quantity)}÷{shown(sibling.fact.quantity)}"
        found.append(_Whole(None, interval, value, text, 1.0, Assumption.IMPLIED_WHOLE))
    # Two siblings or more implying one whole make it the list's whole: a share that misses
    # it is wrong, not a share of something else.
    agreeing = [w for w in found if sum(w.interval.meets(o.interval) for o in found) >= 2]
    if len(agreeing) >= 2:
        low = max(w.interval.low for w in agreeing if w.interval.low is not None)
        high = min(w.interval.high for w in agreeing if w.interval.high is not None)
        if low <= high:
            value = (low + high) / 2
            unit = part.fact.quantity
            text = f"{plain(value / unit.multiplier, unit.decimals)}{unit.unit}（由同段其他占比推算）"
            found.append(_Whole(None, Interval(low, high), value, text, 1.5, Assumption.IMPLIED_WHOLE))
    return found


def _whole_score(ctx: FigureContext, placed: PlacedFact, cue: RateCue, rate: PlacedFact) -> float | None:
    label = ctx.label(placed)
    if cue.base is Base.PLAN:
        if names_plan(label) or (placed.fact.attribute == "budget" and not fund_named(label)):
            which = qualifier(label)
            score = 1.5
            if cue.qualifier and which:
                score += 0.5 if which == cue.qualifier else -0.75
            return score
        if rate.fact.attribute == "exec_rate" and _RECEIVED.search(label):
            return 1.5
        if cue.money and _FUNDING.search(label) and not actual(label) \
                and not _SPENDING.search(label) and placed.fact.attribute != "spent":
            return 1.2  # 专项资金 30.54 亿元 … 执行率 (money spent is a part, never the whole)
        return 0.3
    if cue.base is Base.NAMED:
        core = _FILLER.sub("", label)
        named = bool(cue.name) and (cue.name in core or (len(core) >= 2 and core.endswith(cue.name)))
        return 1.5 if named else 0.3
    return 0.6 if placed.flow_start < rate.flow_start else None


def _named_earlier(ctx: FigureContext, cue: RateCue, part: PlacedFact) -> PlacedFact | None:
    """The nearest earlier figure labelled with the cue's base name (a total stated once)."""
    index = bisect.bisect_left(ctx.fact_starts, part.flow_start)
    part_scope = scope_of(ctx.label(part))
    for placed in reversed(ctx.facts[max(0, index - 200):index]):
        label = ctx.label(placed)
        if _usable(ctx, placed, part) and cue.name in _FILLER.sub("", label):
            scope = scope_of(label)
            if not (part_scope and scope and scope != part_scope):
                return placed
    return None


# -------------------------------------------------------------------- readings


def _check(rate: PlacedFact, part: PlacedFact, whole: _Whole):
    """part ÷ whole against the stated rate; overrides rescale operand 1 (part) or 2 (whole)."""
    stated = rate.fact.quantity
    part_q = part.fact.quantity
    # the same for every hypothesis of this pair: computed once (a rate tries dozens)
    part_text, stated_text = shown(part_q), shown(stated)
    part_exact, stated_exact = exact_interval(part_q), exact_interval(stated)

    def check(overrides: dict[int, Decimal]) -> tuple[bool, bool, str]:
        part_interval = exact_interval(part_q, overrides[1]) if 1 in overrides else part_exact
        whole_interval, whole_value = whole.interval, whole.value
        if 2 in overrides and whole.placed is not None:
            whole_q = whole.placed.fact.quantity
            whole_interval = exact_interval(whole_q, overrides[2])
            whole_value = whole_q.mantissa * overrides[2]
        computed = ratio_percent(part_interval, whole_interval)
        part_value = part_q.mantissa * overrides.get(1, part_q.multiplier)
        if computed is None or not whole_value:
            return False, False, f"{part_text}/{whole.text}（无法计算）"
        holds, truncated = meets_stated(computed, stated, stated_exact)
        note = ""
        if 1 in overrides:
            note = f"（将“{part_text}”按{scale_name(overrides[1])}计）"
        elif 2 in overrides:
            note = f"（将“{whole.text}”按{scale_name(overrides[2])}计）"
        midpoint = part_value / whole_value * HUNDRED
        mark = "✓" if holds else "✗"
        return holds, truncated, (f"{part_text}/{whole.text} = {plain(midpoint)}%"
                                  f"（所述 {stated_text}）{note}{mark}")
    return check


def relate(ctx: FigureContext, rate: PlacedFact, lists: dict[int, SumRelation]) -> RateRelation | None:
    """The stated rate at ``rate`` with its readings decided, or None when unverifiable."""
    cue = rate_cue(ctx, rate)
    if cue is None or not rate.fact.quantity.is_exact:
        return None
    readings: list[Reading] = []
    pairs: dict[int, tuple[PlacedFact, PlacedFact]] = {}
    for part, part_score in _parts(ctx, rate, cue):
        for whole in _wholes(ctx, rate, cue, part, lists):
            placed = whole.placed if whole.placed is not None else part
            operands = [operand("rate", rate), operand("part", part),
                        Operand("whole", placed.fact.quantity, placed.flow_start, whole.text)]
            slippable = (1, 2) if whole.placed is not None else (1,)
            for reading in read(operands, (whole.assumption,), part_score + whole.score,
                                _check(rate, part, whole), slippable, ctx.scale_votes):
                pairs[id(reading)] = (part, placed)
                readings.append(reading)
    outcome = decide(readings)
    if outcome.decided is None:
        return None
    part, whole = pairs[id(outcome.decided)]
    return RateRelation(rate, cue, part, whole, outcome.holds, outcome.readings, outcome.decided)


def rate_relations(ctx: FigureContext, sums: Iterable[SumRelation]) -> list[RateRelation]:
    """Every verifiable stated rate and share of the document, decided."""
    lists = {part.amount.flow_start: relation for relation in sums for part in relation.parts}
    relations = []
    for placed in ctx.facts:
        if placed.fact.quantity.kind is not QuantityKind.PERCENT:
            continue
        relation = relate(ctx, placed, lists)
        if relation is not None:
            relations.append(relation)
    return relations


def split_kinds(relations: Sequence[RateRelation]) -> tuple[tuple[RateRelation, ...], tuple[RateRelation, ...]]:
    """(rates, shares)."""
    rates = tuple(r for r in relations if r.kind is RelationKind.RATE)
    shares = tuple(r for r in relations if r.kind is RelationKind.SHARE)
    return rates, shares

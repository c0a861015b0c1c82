"""The operands a stated rate may have, each scored: the part (the figure right before
the cue, or the one its subject names) and the whole (a figure the cue describes in the
sentence, the sentences before or the section's scope; a list's total or subtotal; the
whole that sibling shares imply); see :mod:`.rate`. What a whole is and how sure its label
makes it is in :mod:`.rate_whole`; wholes beyond the rate's own sentences in
:mod:`.rate_far_wholes`."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import plain
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption
from auditor.extract.relations.context import MAX_CANDIDATES, SECTION, FigureContext, comparable
from auditor.extract.relations.labels import actual, names_plan, planned_name, scope_of
from auditor.extract.relations.rate_cue import FILLER, PERIOD, Base, RateCue, generic_whole, names, rate_cue
from auditor.extract.relations.rate_far_wholes import (
    implied_wholes,
    in_lead,
    named_earlier,
    parent_lead_wholes,
    sibling_wholes,
)
from auditor.extract.relations.rate_whole import Whole, names_base, usable, whole_of, whole_score
from auditor.lexicon import alternation, compile_terms
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.extract.relations.sum import SumRelation

_PREVIOUS = compile_terms("changes", "previous")
_NESTED = regex.compile(alternation("cues", "nested"))
#: how many paragraphs before a rate a whole named by the rate's cue still speaks for it
_NEAR_PARAGRAPHS = 2
_ITEM = regex.compile(rf"^(?:{alternation('cues', 'item')}|[①-⑳]|[(（][一二三四五六七八九十0-9]+[)）]"
                      r"|[一二三四五六七八九十]+是|[0-9]{1,2}[.、])")
#: the attributes a rate noun's part carries
_NOUN_PARTS = {"exec_rate": ("spent",), "received_rate": ("received",),
               "completion_rate": ("spent", "amount", "received")}


def parts(ctx: FigureContext, rate: PlacedFact, cue: RateCue) -> list[tuple[PlacedFact, float]]:
    """The part: the figure right before the cue, or one its subject or attribute names.

    When the rate's own clause names a subject and holds no figure (``税收收入占一般公共预算
    收入比重 70.4%``), only a figure labelled with that subject can be the part.
    """
    sentence = ctx.sentence(rate.flow_start)
    bracketed = ctx.in_brackets(rate)

    def fits(placed: PlacedFact) -> bool:
        if 0 <= cue.whole_at <= placed.flow_start:
            return False  # the whole the cue writes
        if cue.money and placed.fact.quantity.kind is not QuantityKind.MONEY:
            return False
        if _written_whole(ctx, placed):
            return False
        if bracketed and ctx.in_brackets(placed):
            return placed.fact.quantity.kind not in (QuantityKind.PERCENT, QuantityKind.SCORE) \
                and not ctx.is_change(placed)
        return usable(ctx, placed)

    # the nearest few, walked back (filtering a whole sentence for every rate was quadratic)
    before = ctx.last_facts(sentence.start, rate.flow_start, fits, MAX_CANDIDATES)
    # 批准的预算收入为 B，实际完成年初预算的 P%: a sentence that states only the plan leaves
    # what happened to the sentence before it
    only_plans = cue.base is Base.PLAN and bool(before) and all(names_plan(ctx.label(f)) for f in before)
    if not before or only_plans:
        windows = ctx.windows(rate.flow_start, 1, section=False)
        if len(windows) > 1:
            before = ctx.last_facts(windows[1].start, windows[1].end, fits, MAX_CANDIDATES) + before
    if bracketed and before and _OWN_BRACKET.match(ctx.text, before[-1].flow_end, rate.flow_start):
        # 有中级以上职称 A 人（占比 P%）: a bracket opened right after a figure to give its
        # share is about that figure only
        before = before[-1:]
    clause_start = ctx.clause_start(rate.flow_start, sentence.start)
    # a subject that is a period names another period's figures (其中：2023 年执行率为 P%), unless
    # its sentence states only the plan (批准的预算为 B，2023 年实际完成年初预算的 P%)
    named_only = len(cue.subject) >= 2 and not any(f.flow_start >= clause_start for f in before) \
        and not (only_plans and len(PERIOD.sub("", cue.subject)) < 2)
    named = [ctx.label(f) for f in before if names(cue.subject, ctx.label(f))]
    # 实际清算额度仅为预算额度的 P%: when the subject names no figure, the part of a plan's
    # rate is still a figure the text says happened (实际…), less surely
    # (a subject that is a period, 2023 年执行率, names another year's figures: no part here)
    happened = (named_only and not named and cue.base is Base.PLAN
                and len(PERIOD.sub("", cue.subject)) >= 2)
    if named_only and cue.base is Base.PLAN and named and all(names_plan(label) for label in named):
        # 项目预算 B，到位资金 A，项目资金到位率 P: the plan the subject names is the whole,
        # never the part; the part is then found as for an unnamed subject
        named_only = False
    found: list[tuple[PlacedFact, float]] = []
    wanted = _NOUN_PARTS.get(rate.fact.attribute, ())
    for rank, placed in enumerate(reversed(before)):
        # the nearest figure is the part; a name or attribute only breaks ties, so a reading's
        # score stays a measure of how sure its *whole* is
        score = (1.0, 0.6)[min(rank, 1)] if rank < 2 else 0.3
        label = ctx.label(placed)
        if len(cue.subject) >= 2 and names(cue.subject, label):
            score = max(score, 0.95) + 0.05
        elif happened and actual(label):
            score -= 0.3
        elif named_only:
            continue
        if placed.fact.attribute in wanted:
            score += 0.03
        if cue.base is Base.PLAN and names_plan(label):
            score -= 0.5
        found.append((placed, min(score, 1.0)))
    return found


def _written_whole(ctx: FigureContext, placed: PlacedFact) -> bool:
    """为人大预算数 B 的 P₁%，为全年目标 B′ P₂%: B is the whole its own rate's cue writes, never
    the part of a later rate of the sentence (B ÷ B′, a plan of a plan, met a wrong P₂ by chance)."""
    after = ctx.first_facts(placed.flow_end, placed.flow_end + 8, lambda f: True, 1)
    if not after or after[0].fact.quantity.kind is not QuantityKind.PERCENT:
        return False
    cue = rate_cue(ctx, after[0])
    return cue is not None and cue.whole_at == placed.flow_start


class Nearby:
    """The figures around a rate its candidate wholes are read from: its windows, each walked
    back once per rate and shared by the rate's parts (a part keeps those comparable with it).

    A rate has a few candidate parts and each tries the same windows: walking every window
    again for every part cost more than the part's own test of what the walk found.
    """

    def __init__(self, ctx: FigureContext, rate: PlacedFact, cue: RateCue) -> None:
        self.ctx, self.rate, self.cue = ctx, rate, cue
        sentence = ctx.sentence(rate.flow_start)
        # a listed item (①…, 其中…, 一是…) has a scope of its own: its whole is in its sentence
        self.item = cue.base is Base.PLAN and _ITEM.match(sentence.text) is not None
        # 为预算的104.2%（其中：开发区为预算的129.2%）: the bracket's own figures
        self.bracketed = ctx.in_brackets(rate) and len(cue.subject) >= 2
        self.windows = ctx.windows(rate.flow_start, 0 if self.item else 2, section=not self.item)
        #: per (start, end): the figures the walk back kept so far, and the index it goes on from
        self._walks: dict[tuple[int, int], tuple[list[PlacedFact], list[int]]] = {}

    def _fits(self, placed: PlacedFact) -> bool:
        """What a candidate whole must be whatever the part."""
        ctx = self.ctx
        if self.bracketed:
            return ctx.in_brackets(placed) and names(self.cue.subject, ctx.label(placed))
        return usable(ctx, placed)

    def last(self, start: int, end: int, part: PlacedFact, count: int) -> list[PlacedFact]:
        """``ctx.last_facts(start, end, keep, count)`` for the part's ``keep`` (a fitting
        figure other than the part, comparable with it), from the shared walk."""
        ctx = self.ctx
        walk = self._walks.get((start, end))
        if walk is None:
            low = bisect.bisect_left(ctx.fact_starts, start)
            walk = self._walks[(start, end)] = ([], [bisect.bisect_left(ctx.fact_starts, end, low) - 1, low])
        kept, (_, low) = walk[0], walk[1]
        quantity = part.fact.quantity
        found: list[PlacedFact] = []
        seen = 0
        while len(found) < count:
            if seen == len(kept) and not self._walk_on(kept, walk[1], end, low):
                break
            placed = kept[seen]
            seen += 1
            if placed is not part and comparable(placed.fact.quantity, quantity):
                found.append(placed)
        found.reverse()
        return found

    def _walk_on(self, kept: list[PlacedFact], where: list[int], end: int, low: int) -> bool:
        """One more fitting figure walking back; False when the window has none left."""
        facts = self.ctx.facts
        index = where[0]
        while index >= low:
            placed = facts[index]
            index -= 1
            if placed.flow_end <= end and self._fits(placed):
                where[0] = index
                kept.append(placed)
                return True
        where[0] = index
        return False


#: nearness counts only for a whole the cue describes (see :func:`wholes`)
_NEAR_BONUS = {0: 0.5, 1: 0.25}


def wholes(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact,
            lists: dict[int, SumRelation], nearby: Nearby | None = None) -> list[Whole]:
    """Whole candidates with their scores and what each assumes; ``nearby``: the rate's
    :class:`Nearby` when the caller tries several parts."""
    if nearby is None:
        nearby = Nearby(ctx, rate, cue)
    found: list[Whole] = []
    if cue.whole_at >= 0:
        written = ctx.first_facts(cue.whole_at, rate.flow_start, lambda f: usable(ctx, f, part), 1)
        if written:
            return [whole_of(ctx, written[0], 2.0, Assumption.SAME_CLAUSE)]
    owner = lists.get(part.flow_start)
    if cue.base is Base.UNNAMED and owner is not None:
        found.append(whole_of(ctx, owner.total, 1.5, Assumption.CLOSED_LIST))
        if owner.complete and len(owner.parts) > 1:
            unit = owner.parts[0].amount.fact.quantity
            value = owner.written_sum()
            found.append(Whole(None, owner.parts_sum, value,
                                f"{plain(value / unit.multiplier, unit.decimals)}{unit.unit}",
                                1.0, Assumption.SUBTOTAL))
    part_scope = scope_of(ctx.label(part))
    for window in nearby.windows:
        end = min(window.end, rate.flow_start) if window.distance == 0 else window.end
        # only the last MAX_CANDIDATES are tried: found from the end (a section window may
        # hold every figure of a document)
        candidates = nearby.last(window.start, end, part, MAX_CANDIDATES)
        if window.distance == 0:
            # 完成预算的 P%，其中：本级支出预算数 B′ …: past a list the rate's clause opens, the
            # figures break its subject down; none of them is its whole
            opened = _NESTED.search(ctx.text, rate.flow_end, window.end)
            candidates += ctx.first_facts(rate.flow_end, opened.start() if opened else window.end,
                                          lambda f: usable(ctx, f, part), 2)
        for placed in reversed(candidates[-MAX_CANDIDATES:]):
            score = whole_score(ctx, placed, cue, rate, part)
            if score is None:
                continue
            whole_scope = scope_of(ctx.label(placed))
            if part_scope and whole_scope and whole_scope != part_scope:
                continue  # 全市 spending is not a share of 市本级 spending
            # nearness counts only for a whole the cue describes; an unnamed figure stays a guess
            bonus = _NEAR_BONUS.get(window.distance, 0.0) if score >= 1.0 else 0.0
            if placed.flow_start > rate.flow_start:
                bonus -= 0.25
            assumption = (Assumption.SAME_SENTENCE if window.distance == 0 else
                          Assumption.SECTION_SCOPE if window.distance == SECTION
                          else Assumption.PREVIOUS_SENTENCE)
            found.append(whole_of(ctx, placed, score + bonus, assumption))
    if cue.base is not Base.UNNAMED and not any(w.score >= 1.5 for w in found):
        found += parent_lead_wholes(ctx, rate, cue, part)
    if cue.base is Base.PLAN and not any(w.score >= 1.5 for w in found):
        found += sibling_wholes(ctx, rate, cue, part)
    if cue.base is Base.NAMED and cue.share and owner is not None \
            and names_base(cue, FILLER.sub("", ctx.label(owner.total))):
        # 相应安排支出 T，其中：⏎（1）人员支出 A₁，占支出的 P₁ ⏎（2）公用经费 A₂，占支出的 P₂: the total of
        # the list the part is an item of, named by the share's whole, before any sibling item
        # whose name ends the same way (人员支出)
        found.append(whole_of(ctx, owner.total, 2.0, Assumption.OPEN_LIST))
    if cue.base is Base.NAMED and not any(w.score >= 1.5 for w in found):
        named = named_earlier(ctx, cue, part)
        if named is not None:
            # stated far away, perhaps of another scope or period, it may explain, not accuse;
            # stated by its very name at the top of the rate's section or a paragraph or two
            # before it (…收入 92.51 亿元。主要项目如下：一、税收收入 …，占一般公共预算收入的
            # X%), it is the whole the text speaks of
            near = (ctx.section_start(named.flow_start) == ctx.section_start(rate.flow_start)
                    or ctx.sentence(rate.flow_start).paragraph
                    - ctx.sentence(named.flow_start).paragraph <= _NEAR_PARAGRAPHS
                    or in_lead(ctx, named.flow_start, rate.flow_start))
            own = near and _PREVIOUS.search(ctx.label(named)) is None
            found.append(whole_of(ctx, named, 1.5 if own else 0.8, Assumption.SECTION_SCOPE))
        if owner is not None and _subject_names(ctx, owner.total, cue.name):
            # 一般公共预算收入预计增长 3%，预期收入 T。其中：税收 A，占一般公共预算收入比重为 P%:
            # the sentence's subject is the whole the share names, T its figure
            found.append(whole_of(ctx, owner.total, 1.5, Assumption.OPEN_LIST))
        elif named is None and owner is not None and generic_whole(cue.name, ctx.label(owner.total)):
            found.append(whole_of(ctx, owner.total, 1.2, Assumption.OPEN_LIST))  # 其中 A，占财政支出的 P%
    if cue.base is Base.PLAN and not any(w.score >= 1.5 for w in found):
        found += _planned_total(ctx, cue, lists.get(part.flow_start))
    if cue.share and cue.base is Base.UNNAMED:
        found += implied_wholes(ctx, rate, part)
    return [w for w in found if w.value != 0]




def _subject_names(ctx: FigureContext, total: PlacedFact, name: str) -> bool:
    """Whether ``total`` is the first amount of its sentence, the sentence names ``name`` before
    it, and its own label is that name shortened (预期收入 for 一般公共预算收入: a plan word
    aside, the end of the name)."""
    sentence = ctx.sentence(total.flow_start)
    before = ctx.text[sentence.start:total.flow_start]
    name = _NOT_HAN.sub("", name)
    if len(name) < 4 or name not in _NOT_HAN.sub("", before):
        return False
    if ctx.first_facts(sentence.start, total.flow_start, lambda f: usable(ctx, f, total), 1):
        return False
    own = _PLAN_WORDS.sub("", FILLER.sub("", _NOT_HAN.sub("", ctx.label(total))))
    return len(own) >= 2 and name.endswith(own)


_NOT_HAN = regex.compile(r"[^\p{Han}]+")
#: ``A（占比`` / ``A（占全市的``: a bracket opened right after a figure, up to its rate
_OWN_BRACKET = regex.compile(r"[ \t]*[(（][^0-9()（）,，。;；:：]{0,10}$")
_PLAN_WORDS = compile_terms("cues", "plan")


def _planned_total(ctx: FigureContext, cue: RateCue, owner: SumRelation | None) -> list[Whole]:
    """基本支出 T，其中：人员经费 A，占基本支出预算 P%: the plan the cue names after the head of
    the list's total is that total, as a budget report writes it; a total labelled as what
    happened (决算, 实际) is no plan."""
    head = planned_name(cue.name)
    if owner is None or not head:
        return []
    label = ctx.label(owner.total)
    if not FILLER.sub("", label).endswith(head) or actual(label):
        return []
    return [whole_of(ctx, owner.total, 1.2, Assumption.OPEN_LIST)]

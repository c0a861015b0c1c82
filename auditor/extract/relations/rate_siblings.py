"""What a document's other rates say of a rate's whole; see :mod:`.rate`.

Rates are read one by one first. Two things the others show are then used for the rates
left unverified or failing:

* a whole *confirmed* by a sibling: a rate of a plan in the same paragraph, of the same
  words and a part of the same name (periods aside), that holds with that whole as its
  only reading (对纳入评价范围的 B，2023 年支出 A，执行率 P；至 2024 年 10 月支出 A′，执行率
  P′: B is what both rates are of, though nothing calls it a plan) is as sure a whole as
  one the cue names;
* a whole *claimed* by a larger figure: a rate of the same words decided with it (holding
  or not) has a larger part of another name (一般公共预算收入 A，完成预期的 P；主要项目：
  1、增值税 A₁，完成预期的 P₁ — the 预期 is the total's; the item's own is not stated), so
  for a smaller part it is a guess that may explain, never accuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.labels import planned_name
from auditor.extract.relations.rate_cue import PERIOD, Base, RateCue
from auditor.extract.relations.rate_items import GUESS, names_item
from auditor.extract.relations.rate_whole import Whole, whole_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from auditor.extract.relations.rate import RateRelation

_NOT_HAN = regex.compile(r"[^\p{Han}]+")

#: a rate's words: the rate noun (its attribute) and the whole its cue names
Words = tuple[str, str, str]


def _words(rate: PlacedFact, cue: RateCue) -> Words:
    """A rate noun (执行率, 到位率: its attribute), or a verb and the whole it names; any
    plan word names a plan (占任务的 / 占预算的 / 完成预算的 are one rate of a plan)."""
    if cue.base is Base.PLAN and cue.name:
        return "", "plan", cue.qualifier
    return rate.fact.attribute, cue.name, cue.qualifier


def _name(ctx: FigureContext, part: PlacedFact) -> str:
    """What a part's label calls it, periods aside (2023 年实际支出 and 至 6 月实际支出 are
    one figure at two times)."""
    return PERIOD.sub("", _NOT_HAN.sub("", ctx.label(part)))


#: a part that decided a rate with a whole: (where it is, its name, its value)
Claim = tuple[int, str, Decimal]


@dataclass(frozen=True)
class Siblings:
    """The wholes the document's rates were decided with: confirmed ones by (paragraph, words,
    part's attribute and name), and by whole and words, the parts that claim it."""

    confirmed: dict[tuple[object, ...], PlacedFact]
    claimed: dict[tuple[int, Words], tuple[Claim, ...]]
    #: by a named share's words, the parts its siblings were decided with: a sibling's part
    #: is not the whole (1、甲 A₁，占总支出的 P₁ ⏎ 2、乙 A₂，占总支出的 P₂: A₁ is no whole of P₂)
    shared: dict[Words, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, ctx: FigureContext, relations: Sequence[RateRelation]) -> Siblings:
        confirmed: dict[tuple[object, ...], PlacedFact] = {}
        claimed: dict[tuple[int, Words], list[Claim]] = {}
        shared: dict[Words, set[int]] = {}
        for relation in relations:
            decided, part = relation.decided, relation.part
            if relation.cue.share and relation.cue.base is Base.NAMED and relation.holds:
                shared.setdefault(_words(relation.rate, relation.cue), set()).add(part.flow_start)
            if decided.rescale is not None or relation.whole is part or relation.cue.share:
                continue
            claimed.setdefault((relation.whole.flow_start, _words(relation.rate, relation.cue)), []).append(
                (part.flow_start, _name(ctx, part), part.fact.quantity.value))
            if not relation.holds or relation.cue.base is not Base.PLAN \
                    or Assumption.IMPRECISE in decided.assumptions:
                continue
            if sum(r.holds and r.rescale is None for r in relation.all_readings) == 1:
                key = _confirmed_key(ctx, relation.rate, relation.cue, part)
                confirmed.setdefault(key, relation.whole)
        return cls(confirmed, {key: tuple(claims) for key, claims in claimed.items()},
                   {key: frozenset(parts) for key, parts in shared.items()})

    def _sibling_part(self, rate: PlacedFact, cue: RateCue, whole: PlacedFact) -> bool:
        return cue.share and cue.base is Base.NAMED \
            and whole.flow_start in self.shared.get(_words(rate, cue), frozenset())

    def _foreign_whole(self, ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact,
                       whole: PlacedFact) -> bool:
        """Whether a larger part of another name claims ``whole`` for a rate of the same words,
        no other part of this one's name does, and the whole's label does not name this part."""
        if cue.share or cue.base is not Base.PLAN or planned_name(cue.name):
            return False  # a plan the cue names by its head (占项目支出预算) is the items' whole too
        claims = [c for c in self.claimed.get((whole.flow_start, _words(rate, cue)), ())
                  if c[0] != part.flow_start]
        name, value = _name(ctx, part), part.fact.quantity.value
        if not claims or any(c[1] == name for c in claims):
            return False
        return any(c[2] > value for c in claims) and not names_item(ctx.label(part), ctx.label(whole))

    def foreign(self, ctx: FigureContext, relation: RateRelation) -> bool:
        """Whether a failing rate fails against a whole a larger part claims (read it again)."""
        return not relation.holds and relation.whole is not relation.part \
            and (self._foreign_whole(ctx, relation.rate, relation.cue, relation.part, relation.whole)
                 or self._sibling_part(relation.rate, relation.cue, relation.whole))

    def adjust(self, ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact,
               found: list[Whole]) -> list[Whole]:
        """A rate's wholes, a claimed one made a guess and a confirmed one as sure as a whole
        the cue names (added when it is no candidate yet)."""
        kept = [w.scored(min(w.score, GUESS))
                if w.placed is not None and (self._foreign_whole(ctx, rate, cue, part, w.placed)
                                             or self._sibling_part(rate, cue, w.placed)) else w
                for w in found]
        sibling = self.confirmed.get(_confirmed_key(ctx, rate, cue, part))
        if sibling is None or sibling is part or sibling.flow_start > rate.flow_start:
            return kept
        return [*(w for w in kept if w.placed is not sibling), whole_of(ctx, sibling, 1.5, Assumption.SIBLING_RATE)]


def _confirmed_key(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact) -> tuple[object, ...]:
    return (ctx.sentence(rate.flow_start).paragraph, *_words(rate, cue), part.fact.attribute, _name(ctx, part))

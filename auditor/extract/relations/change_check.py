"""Change statements checked: each stated figure decided over the bindings of C and B
(see :mod:`.change`), with one money figure read ×10⁴ or ÷10⁴ when that makes it hold."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.extract.arithmetic import HUNDRED, Interval, interval_of, plain
from auditor.extract.relations.base import Assumption, Operand, Reading, Rescale
from auditor.extract.relations.change import (
    POINTS_UNIT,
    ChangeCheck,
    ChangeFigure,
    ChangeRelation,
    add,
    bounded,
    difference_text,
    in_unit,
    meets_stated,
    negated,
    number,
    percent_of,
    shown,
    sub,
)
from auditor.extract.relations.change_bases import figures_back_to
from auditor.extract.relations.change_binding import Binding, bindings
from auditor.extract.relations.change_fit import best_fitting, drowned, over_plan, same_basis
from auditor.extract.relations.change_flat import flat_relations
from auditor.extract.relations.change_sentence import (
    RANK_TERMS,
    REAL_TERMS,
    ChangeSentence,
    change_figures,
    group_figures,
    previous_phrase,
)
from auditor.extract.relations.context import comparable as _comparable
from auditor.extract.relations.readings import decide, scale_name
from auditor.extract.relations.sentence_joins import logical_sentences
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures
    from auditor.text.sentences import TextRange


def _evaluate_group(sentence: ChangeSentence, group: list[ChangeFigure]) -> list[ChangeRelation]:
    """Each stated figure of a change group, decided over the bindings of C and B.

    A stated figure holds when a plausible binding makes it hold (as written, or with one
    money figure read ×10⁴ or ÷10⁴ — a unit slip); it fails only when the confident binding
    fails and no plausible one holds.
    """
    if RANK_TERMS.search(sentence.before(group[0].word_start, 40)):
        return []
    evaluated: list[tuple[Binding, list[ChangeRelation]]] = []
    for binding in bindings(sentence, group):
        relations = [relation if relation.holds
                     else _slip_reading(sentence, group, binding, relation) or relation
                     for relation in _evaluate_binding(sentence, group, binding)]
        evaluated.append((binding, relations))
    tried: dict[tuple[int, str], list[tuple[Binding, ChangeRelation]]] = {}
    for binding, relations in best_fitting(evaluated, group):
        for relation in relations:
            key = (relation.stated_start, _family(relation.check))
            tried.setdefault(key, []).append((binding, relation))
    decided: list[ChangeRelation] = []
    for candidates in tried.values():
        readings = []
        by_reading: dict[int, tuple[Binding, ChangeRelation]] = {}
        for binding, relation in candidates:
            rescale = None
            if relation.slipped is not None and relation.slip_multiplier is not None:
                rescale = Rescale(Operand("slipped", relation.slipped), relation.slip_multiplier)
            assumptions = binding.assumptions + ((Assumption.UNIT_RESCALED,) if rescale else ())
            reading = Reading(relation.operands, assumptions, binding.score, relation.holds,
                              relation.detail, rescale)
            by_reading[id(reading)] = binding, relation
            readings.append(reading)
        outcome = decide(readings)
        if outcome.decided is None:
            continue
        binding, chosen = by_reading[id(outcome.decided)]
        decided.append(replace(chosen, certain=chosen.certain and binding.certain,
                               all_readings=outcome.readings))
    # a bound speaks only through the unit slip that explains its failure
    decided = [r for r in decided if r.check is not ChangeCheck.BOUND or r.slipped is not None]
    return sorted(decided, key=lambda r: r.stated_start)


def _family(check: ChangeCheck) -> str:
    """Relations about the same stated words compete; 持平 and direction are one family."""
    return {ChangeCheck.POINTS: "amount", ChangeCheck.ZERO_BASE: "rate",
            ChangeCheck.FLAT_CHANGE: "flat", ChangeCheck.FLAT_NEW: "flat",
            ChangeCheck.FLAT_VALUES: "flat"}.get(check, check.value)


_SLIP_FACTORS = (Decimal(10000), Decimal(1) / Decimal(10000))


def _slip_reading(sentence: ChangeSentence, group: list[ChangeFigure], binding: Binding,
                  failed: ChangeRelation) -> ChangeRelation | None:
    """The failed relation once one money figure (C, B or the stated change) is read ×10⁴ or
    ÷10⁴, when that makes it hold: a unit slip on that figure. B may be the one the sentence
    writes as last year's (上年为 B) rather than one the binding found."""
    if binding.previous is None and binding.current is not None:
        stated = previous_phrase(sentence, {f.placed.flow_start for f in group}, binding.current)
        if stated is not None and stated.mantissa != 0:
            binding = replace(binding, previous=stated)
    money = [q for q in (binding.current, binding.previous) if q is not None
             and q.kind is QuantityKind.MONEY and q.is_exact]
    money += [f.placed.quantity for f in group if f.placed.quantity.kind is QuantityKind.MONEY
              and f.placed.quantity.is_exact]
    if len({q.multiplier for q in money}) < 2 \
            and failed.check not in (ChangeCheck.RATE, ChangeCheck.ZERO_BASE):
        # every figure at one scale: a slip shows only through a rate (上划收入 1.73 万元，较
        # 上年增加 223 万元，增长 1.3%: the rate holds with 1.73 亿元)
        return None
    holding: list[tuple[tuple[int, int, int], ChangeRelation]] = []
    for suspect in money:
        others = [q.multiplier for q in money if q is not suspect]
        for factor in _SLIP_FACTORS:
            scaled = replace(suspect, multiplier=suspect.multiplier * factor)
            if drowned([scaled, *(q for q in money if q is not suspect)]):
                continue  # a figure the arithmetic cannot tell from zero shows no slip
            swapped = Binding(scaled if binding.current is suspect else binding.current,
                               scaled if binding.previous is suspect else binding.previous,
                               binding.certain, binding.found_by, binding.score, binding.assumptions)
            regrouped = [replace(f, placed=replace(f.placed, quantity=scaled))
                         if f.placed.quantity is suspect else f for f in group]
            relations = _evaluate_binding(sentence, regrouped, swapped)
            if failed.check is ChangeCheck.DIRECTION and relations \
                    and all(r.holds and r.check is not ChangeCheck.DIRECTION for r in relations):
                # the direction is right once the slip is read, and so is every figure it states
                relations = [replace(failed, holds=True, arithmetic=relations[0].arithmetic)]
            for relation in relations:
                if relation.stated_start == failed.stated_start and relation.holds \
                        and _family(relation.check) == _family(failed.check) \
                        and not relation.negative_base:
                    # the likelier slip joins the scale the other figures use, then the
                    # scale of the sentence's other amounts (预算数 B 亿元，决算数 C 万元，增加
                    # D 亿元: C is the odd one), then the document's usual scale, then is a
                    # figure written too small
                    votes = sentence.votes
                    near = [p.quantity.multiplier for p in figures_back_to(sentence, binding.current, binding.previous)
                            if p.quantity is not suspect and p.quantity.kind is QuantityKind.MONEY]
                    rank = (others.count(scaled.multiplier) - others.count(suspect.multiplier),
                            near.count(scaled.multiplier) - near.count(suspect.multiplier),
                            votes.get(scaled.multiplier, 0) - votes.get(suspect.multiplier, 0),
                            1 if factor > 1 else 0)
                    note = f"（将“{shown(suspect)}”按{scale_name(scaled.multiplier)}计）"
                    holding.append((rank, replace(relation, slipped=suspect,
                                                  slip_multiplier=scaled.multiplier,
                                                  others=failed.others,
                                                  arithmetic=relation.arithmetic + note)))
    if not holding:
        return None
    return max(holding, key=lambda item: item[0])[1]

def _evaluate_binding(sentence: ChangeSentence, group: list[ChangeFigure], binding: Binding
                      ) -> list[ChangeRelation]:
    signs = {f.sign for f in group}
    by_role = {f.role: f for f in group}
    relations: list[ChangeRelation] = []
    if len(signs) > 1:
        first, second = group[0], group[1]
        relations.append(ChangeRelation(
            ChangeCheck.OPPOSITE, second.word_start, second.placed.flow_end,
            second.word + shown(second.placed.quantity), (first.placed.quantity,), False, True,
            f"“{first.word}{shown(first.placed.quantity)}”与“{second.word}{shown(second.placed.quantity)}”方向相反",
            second.word, sign=second.sign,
            related_flow=((first.word_start, first.placed.flow_end),),
        ))
        return relations
    sign = group[0].sign
    current, previous = binding.current, binding.previous
    if previous is None:
        exclude = {f.placed.flow_start for f in group}
        previous = previous_phrase(sentence, exclude, current)
    if previous is not None and current is previous:
        return relations
    amount = by_role.get("amount")
    rate = by_role.get("rate")
    points = by_role.get("points")
    if current is not None and previous is not None and not _comparable(current, previous):
        previous = None
    if current is not None and amount is not None and not _comparable(current, amount.placed.quantity):
        amount = None
    if current is not None and current.kind is QuantityKind.PERCENT and current.unit != POINTS_UNIT:
        rate = None  # 执行率95%，提高2% — relative or points? not decidable
    else:
        points = None if current is None or current.kind is not QuantityKind.PERCENT else points
    # the real-terms words said before the rate speak for it; said after it (增长 P%，增收 D，
    # 按同口径计算增长 Q%), they qualify another rate
    if rate is not None and not same_basis(sentence, rate, amount, previous) \
            and REAL_TERMS.search(sentence.text, sentence.range.start, rate.placed.flow_start):
        rate = None
    if rate is not None and amount is not None and previous is None and over_plan(amount.word):
        amount = None  # 为年计划的 P%，超收 D，同比增长 G%: D is over the plan, not over last year
    certain = binding.certain
    if current is not None and previous is not None:
        relations += _with_previous(current, previous, sign, amount, rate, points, group, certain)
    elif current is not None and amount is not None and rate is not None:
        relations += _with_amount(current, amount, rate, certain)
    elif current is None and previous is not None and amount is not None and rate is not None:
        stated_amount = amount.placed.quantity
        if _comparable(previous, stated_amount):
            relation = _rate_relation(rate, interval_of(stated_amount), interval_of(previous),
                                      stated_amount.value, previous.value,
                                      f"{number(stated_amount)}/{number(previous)}",
                                      (stated_amount, previous), certain)
            relations += [relation] if relation is not None else []
    elif current is not None and amount is not None and rate is None and points is None:
        relations += _bound(current, amount, certain)
    return relations


def _bound(current: Quantity, amount: ChangeFigure, certain: bool) -> list[ChangeRelation]:
    """``支出 208.44 万元、较去年增加 19.64 亿元``: an increase larger than the value it
    led to. Checked for money only; a failure shows a unit slip when reading one figure
    ×10⁴ or ÷10⁴ makes it hold (:func:`_slip_reading`), and is not reported otherwise."""
    stated = amount.placed.quantity
    if amount.sign < 0 or current.kind is not QuantityKind.MONEY or stated.kind is not QuantityKind.MONEY \
            or not (current.is_exact and stated.is_exact) or current.value < 0:
        return []
    low, high = interval_of(stated).low, interval_of(current).high
    holds = low is None or high is None or low <= high
    return [ChangeRelation(
        ChangeCheck.BOUND, amount.placed.flow_start, amount.placed.flow_end,
        shown(stated), (current,), holds, certain,
        f"{shown(stated)} {'≤' if holds else '>'} {shown(current)}（增加额不大于本年数）",
        amount.word, sign=amount.sign,
    )]

def _with_previous(current: Quantity, previous: Quantity, sign: int,
                   amount: ChangeFigure | None, rate: ChangeFigure | None,
                   points: ChangeFigure | None, group: list[ChangeFigure], certain: bool
                   ) -> list[ChangeRelation]:
    relations: list[ChangeRelation] = []
    difference = sub(interval_of(current), interval_of(previous))
    if difference is None:
        return relations
    signed = difference if sign > 0 else negated(difference)
    change = next((f for f in group if f.role != "new"), group[0])
    diff_value = current.value - previous.value
    if signed.high is not None and signed.high < 0:
        relations.append(ChangeRelation(
            ChangeCheck.DIRECTION, change.word_start, change.word_start + len(change.word),
            change.word, (current, previous), False, certain,
            f"{difference_text(current, previous)} = {in_unit(diff_value, current, previous)}，"
            f"所述“{change.word}”",
            change.word, sign=sign,
        ))
        return relations
    for figure in (amount, points):
        if figure is None:
            continue
        stated = figure.placed.quantity
        holds, truncated = meets_stated(signed, stated)
        computed = in_unit(abs(diff_value), stated, current, previous)
        relations.append(ChangeRelation(
            ChangeCheck.POINTS if figure.role == "points" else ChangeCheck.AMOUNT,
            figure.placed.flow_start, figure.placed.flow_end, shown(stated),
            (current, previous), holds, certain,
            f"{difference_text(current, previous)} = {computed}（所述{figure.word} {shown(stated)}）",
            figure.word, computed, truncated, figure.sign,
        ))
    if rate is not None:
        relation = _rate_relation(rate, signed, interval_of(previous), diff_value * sign,
                                  previous.value,
                                  f"({difference_text(current, previous)})/{number(previous)}",
                                  (current, previous), certain)
        if relation is not None:
            relations.append(relation)
    return relations


def _with_amount(current: Quantity, amount: ChangeFigure, rate: ChangeFigure,
                 certain: bool) -> list[ChangeRelation]:
    relation = _amount_rate(current, amount, rate, certain, current.multiplier)
    stated_amount = amount.placed.quantity
    if current.kind is QuantityKind.MONEY and current.multiplier != stated_amount.multiplier \
            and (relation is None or not relation.holds):
        # ``支出62.29元，比上年减少8.64万元，下降12.18%``: C's unit slipped (AU101 reports
        # that); the change is checked with C read in the unit of D.
        # a slip that makes the change hold is a reading of its own (_slip_reading); a base
        # below zero only because of the unit is reported with what D's unit gives
        slipped = _amount_rate(current, amount, rate, False, stated_amount.multiplier)
        if slipped is not None and not slipped.holds and relation is not None \
                and slipped.check is ChangeCheck.RATE and relation.check is ChangeCheck.ZERO_BASE:
            relation = slipped
    return [relation] if relation is not None else []


def _amount_rate(current: Quantity, amount: ChangeFigure, rate: ChangeFigure, certain: bool,
                 multiplier: Decimal) -> ChangeRelation | None:
    """P against D / (C ∓ D), C read with ``multiplier``."""
    stated_amount = amount.placed.quantity
    now = interval_of(current, multiplier)
    base = sub(now, interval_of(stated_amount)) if amount.sign > 0 \
        else add(now, interval_of(stated_amount))
    if base is None:
        return None
    op = "−" if amount.sign > 0 else "+"
    formula = f"{number(stated_amount)}/({number(current)}{op}{number(stated_amount)})"
    if multiplier != current.multiplier:
        formula += f"（{shown(current)}按{stated_amount.unit}计）"
    base_value = current.mantissa * multiplier - stated_amount.value * amount.sign
    return _rate_relation(rate, interval_of(stated_amount), base, stated_amount.value,
                          base_value, formula, (current, stated_amount), certain)


def _rate_relation(rate: ChangeFigure, change: Interval, base: Interval, change_value: Decimal,
                   base_value: Decimal, formula: str, others: tuple[Quantity, ...], certain: bool
                   ) -> ChangeRelation | None:
    """P against change / base; ``*_value`` are the figures as written (for the message)."""
    stated = rate.placed.quantity
    if base.low is None or base.high is None:
        return None
    if base.low <= 0:
        if base_value > 0:
            return None  # a base that may be tiny but positive: the ratio is unbounded
        base_text = in_unit(base_value, *others)
        if base_value == 0 and change_value == 0 and stated.value == 0:
            # 0 → 0 written 增长 0%: the usual way forms fill the line; nothing contradicts it
            return ChangeRelation(
                ChangeCheck.RATE, rate.placed.flow_start, rate.placed.flow_end, shown(stated), others,
                True, certain, f"{formula}：上年与本年均为 {base_text}，未变（所述 {shown(stated)}）",
                rate.word, "0%", sign=rate.sign)
        if base.high < 0:
            # a negative base (支出冲减 last year): reports give the change over its size
            computed = percent_of(change, negated(base))
            if computed is not None and bounded(computed):
                holds, truncated = meets_stated(computed, stated)
                if holds:
                    midpoint = change_value / -base_value * HUNDRED
                    return ChangeRelation(
                        ChangeCheck.RATE, rate.placed.flow_start, rate.placed.flow_end,
                        shown(stated), others, True, certain,
                        f"{formula} = {plain(midpoint)}%（上年基数 {base_text} 为负，按其绝对值；"
                        f"所述 {shown(stated)}）", rate.word, f"{plain(midpoint)}%", truncated,
                        rate.sign, negative_base=True)
        return ChangeRelation(
            ChangeCheck.ZERO_BASE, rate.placed.flow_start, rate.placed.flow_end, shown(stated), others,
            False, certain,
            f"{formula}：上年基数为 {base_text}，无法计算{rate.word}率（所述 {shown(stated)}）",
            rate.word, "0" if base_value == 0 else base_text, sign=rate.sign,
        )
    computed = percent_of(change, base)
    if computed is None or not bounded(computed):
        return ChangeRelation(ChangeCheck.RATE, rate.placed.flow_start, rate.placed.flow_end,
                              shown(stated), others, True, certain,
                              f"{formula}（所述 {shown(stated)}）", rate.word, sign=rate.sign)
    holds, truncated = meets_stated(computed, stated)
    midpoint = change_value / base_value * HUNDRED
    return ChangeRelation(
        ChangeCheck.RATE, rate.placed.flow_start, rate.placed.flow_end, shown(stated), others,
        holds, certain, f"{formula} = {plain(midpoint)}%（所述 {shown(stated)}）",
        rate.word, f"{plain(midpoint)}%", truncated, rate.sign,
    )


def change_relations(doc: AnalysedDocument, figures: Figures,
                     sentences: list[TextRange] | None = None) -> list[ChangeRelation]:
    """Every checkable change statement of the document, decided (see :mod:`.change`);
    ``sentences`` are the document's sentences with line cuts rejoined, by default."""
    relations: list[ChangeRelation] = []
    sentences = sentences if sentences is not None else logical_sentences(doc)
    votes: dict[Decimal, int] = {}
    for placed in figures.quantities:
        if placed.quantity.kind is QuantityKind.MONEY:
            votes[placed.quantity.multiplier] = votes.get(placed.quantity.multiplier, 0) + 1
    heading_starts = frozenset(h.start for h in doc.headings)
    for index in range(len(sentences)):
        sentence = ChangeSentence(doc, figures, index, sentences, votes, heading_starts)
        if not sentence.quantities and "持平" not in sentence.range.text:
            continue
        groups = group_figures(sentence, change_figures(sentence))
        for group in groups:
            relations += _evaluate_group(sentence, group)
        relations += flat_relations(sentence, groups)
    return relations

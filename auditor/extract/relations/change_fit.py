"""Which bindings of a change statement compete (see :mod:`.change_check`): one that every
stated figure fits outranks an equally plausible one that some figure does not."""

from __future__ import annotations

from auditor.extract.arithmetic import interval_of
from auditor.extract.relations.change import (
    ChangeCheck,
    ChangeFigure,
    ChangeRelation,
    bounded,
    meets_stated,
    negated,
    percent_of,
    sub,
)
from auditor.extract.relations.change_binding import Binding
from auditor.extract.relations.change_sentence import REAL_TERMS, ChangeSentence
from auditor.extract.relations.context import comparable as _comparable
from auditor.extract.relations.readings import TIE
from auditor.lexicon import compile_terms
from auditor.types import Quantity


def best_fitting(evaluated: list[tuple[Binding, list[ChangeRelation]]], group: list[ChangeFigure]
                  ) -> list[tuple[Binding, list[ChangeRelation]]]:
    """The bindings no other at least as plausible fits better (:func:`_fit`): of 转移性收入
    T，其中：a、b，比报告数 B 增加 D, the reading of T that every figure fits decides, and the
    last part b, against which 增加 reads backwards, is not reported."""
    fits = [_fit(relations, group) for _, relations in evaluated]
    return [entry for entry, fit in zip(evaluated, fits, strict=True)
            if not any(other > fit and rival.score >= entry[0].score - TIE
                       for (rival, _), other in zip(evaluated, fits, strict=True))]


def _fit(relations: list[ChangeRelation], group: list[ChangeFigure]) -> float:
    """How well a binding's figures fit what is stated: 2 every figure; 1 the size of the
    change but not its direction (the word is what is wrong); 0.5 the direction but not
    every figure; 0 neither."""
    # a bound (an increase no larger than its result) holds for almost any binding: it says
    # nothing of which binding is right
    relations = [r for r in relations if r.check is not ChangeCheck.BOUND]
    if not relations:
        return -1.0
    if all(r.holds for r in relations):
        return 2.0
    direction = next((r for r in relations if r.check is ChangeCheck.DIRECTION), None)
    if direction is None:
        return 0.5
    return 1.0 if _size_fits(direction.others, group) else 0.0


def _size_fits(others: tuple[Quantity, ...], group: list[ChangeFigure]) -> bool:
    """Whether |C − B| is the stated amount (or |C − B| / B the stated rate)."""
    if len(others) != 2:
        return False
    current, previous = others
    difference = sub(interval_of(current), interval_of(previous))
    if difference is None or difference.low is None or difference.high is None:
        return False
    size = difference if difference.low >= 0 else negated(difference)
    for figure in group:
        stated = figure.placed.quantity
        if figure.role == "amount" and _comparable(current, stated):
            return meets_stated(size, stated)[0]
        if figure.role == "rate":
            rate = percent_of(size, interval_of(previous))
            return rate is not None and bounded(rate) and meets_stated(rate, stated)[0]
    return False


def drowned(figures: list[Quantity]) -> bool:
    """Whether one figure is smaller than another's rounding: the arithmetic then cannot tell
    it from zero, and a reading that holds only so shows nothing about it (0.07 亿元 read as
    0.07 万元 beside a change of 0.82 亿元: 0.82 ÷ (0.82 + 0.000007) meets any rate near 100 %)."""
    widths = [interval_of(q) for q in figures]
    return any(q.mantissa != 0 and abs(q.mantissa * q.multiplier) * 2 < w.high - w.low
               for q in figures for w in widths if w.low is not None and w.high is not None)


_OVER_PLAN = compile_terms("changes", "over_plan")


def over_plan(word: str) -> bool:
    """Whether a change word measures its amount against a plan (超收 / 短收), not the year before."""
    return _OVER_PLAN.fullmatch(word) is not None


#: real-terms words that name a comparable basis (同口径), not comparable prices
_SAME_BASIS = compile_terms("changes", "same_basis")


def same_basis(sentence: ChangeSentence, rate: ChangeFigure, amount: ChangeFigure | None,
                previous: Quantity | None) -> bool:
    """Whether the only real-terms words before ``rate`` name a comparable basis before the
    change amount (比上年同口径执行数增加 D，增长 P): D and P then measure against the same
    base, and P = D / (C − D) holds; a written previous value is not that base."""
    if amount is None or previous is not None:
        return False
    start = sentence.range.start
    terms = list(REAL_TERMS.finditer(sentence.text, start, rate.placed.flow_start))
    return bool(terms) and all(_SAME_BASIS.fullmatch(t.group()) and t.end() <= amount.word_start
                               for t in terms)

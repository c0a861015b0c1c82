"""What a figure's label says it is: a plan (a budget, a target) and which one, its scope.

Shared by every relation that looks for a figure by what it is called: a rate's whole
(为年初预算的 X%), a change's named base (比年初预算增加 D), a share's whole of one scope.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from auditor.lexicon import alternation, compile_terms

_PLAN_WORD = compile_terms("cues", "plan")
_FUND = compile_terms("cues", "fund")
_QUALIFIED = compile_terms("cues", "initial", "adjusted")
_INITIAL = compile_terms("cues", "initial")
_ADJUSTED = compile_terms("cues", "adjusted")
_ACTUAL = compile_terms("cues", "actual")
_SCOPE = compile_terms("cues", "scope")
#: the predicates below are asked of the same few labels for every stated figure near them
#: (a rate tries a dozen wholes): each answer is kept for the most recent labels
_LABELS_KEPT = 4096
_PLAN_END = regex.compile(rf"(?:{alternation('cues', 'plan')})(?:数|总额|金额|资金)?$")
#: a fund's name that ends in a plan word, then 数: that fund's plan (一般公共预算数 X), not its
#: income or spending
_FUND_PLAN = regex.compile(
    rf"(?:{alternation('cues', 'fund')})(?<=(?:{alternation('cues', 'plan')}))数[ \t]*(?:为|是)?[ \t:：]*$")


@lru_cache(maxsize=_LABELS_KEPT)
def names_plan(label: str) -> bool:
    """A plan figure: a plan word outside a fund's name (一般公共预算收入 is revenue), or in
    it when the label says it was approved or adjusted (批准的…基金预算收入为 X); never a
    figure the label says happened (预算收入完成 X)."""
    if _FUND_PLAN.search(label) and _ACTUAL.search(label) is None:
        return True
    own = _FUND.sub("", label)
    plan = _PLAN_WORD.search(own)
    if plan is None:
        plan = _PLAN_WORD.search(label) if _QUALIFIED.search(label) else None
        own = label
    return plan is not None and _ACTUAL.search(own, plan.end()) is None


def planned_name(name: str) -> str:
    """What a plan is the plan of (基本支出预算 → 基本支出), or "" when the name does not end
    with a plan word or leaves less than two characters."""
    match = _PLAN_END.search(name)
    head = name[:match.start()] if match else ""
    return head if len(head) >= 2 else ""


def ends_with_plan(label: str) -> bool:
    """A label whose last word is a plan (…支出预算 / 年初预算数), as a plan figure's label ends."""
    return names_plan(label) and _PLAN_END.search(_FUND.sub("", label)) is not None


@lru_cache(maxsize=_LABELS_KEPT)
def fund_named(label: str) -> bool:
    """Whether the label names a budget fund (一般公共预算, 政府性基金预算 …)."""
    return _FUND.search(label) is not None


@lru_cache(maxsize=_LABELS_KEPT)
def actual(label: str) -> bool:
    """Whether the label says the figure is what happened (完成, 实际, 执行 …)."""
    return _ACTUAL.search(label) is not None


_IN_EXECUTION = compile_terms("cues", "in_execution")
_ADJUSTED_TO = regex.compile(rf"(?:{alternation('cues', 'adjusted')})后?(?:为|至|到)[ \t]*$")


@lru_cache(maxsize=_LABELS_KEPT)
def adjusted_to(label: str) -> bool:
    """A figure the label says a plan was adjusted to (…预算 172.3 亿元，后经批准调整为 X):
    the adjusted plan, though the label does not repeat the plan's name."""
    return _ADJUSTED_TO.search(label) is not None and not actual(_IN_EXECUTION.sub("", label))


@lru_cache(maxsize=_LABELS_KEPT)
def qualifier(label: str) -> str:
    """``adjusted`` (调整, 调整后), ``initial`` (年初, 批准) or ``""``."""
    if _ADJUSTED.search(label):
        return "adjusted"
    if _INITIAL.search(label):
        return "initial"
    return ""


@lru_cache(maxsize=_LABELS_KEPT)
def scope_of(label: str) -> str:
    """The scope a label names (全市, 市本级 …), or ``""``."""
    match = _SCOPE.search(label)
    return match.group(0) if match else ""


def without_scope(text: str) -> str:
    """The text with scope words removed."""
    return _SCOPE.sub("", text)

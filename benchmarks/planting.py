"""Defect sites in real report text, found by this file's own patterns and arithmetic.

Nothing here imports the auditor: a site is where a careful reader could tell that the
planted defect is a defect, decided by brute-force arithmetic over the figures nearby (a
percentage some pair of amounts in its sentence or the one before explains; a 其中 list
some subset of whose parts adds up to the total), or by plain text patterns (a numbered
heading whose predecessor has the number before it; a year naming the report's own
period). So recall measures what a report contains, not what the pipeline recognises.

Every site is one edit of the text (``Edit``), plus the codes that count as finding it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from planting_figures import (
    CLAUSE_MARKS,
    UNITS,
    Edit,
    Figure,
    amounts,
    difference,
    flat,
    growth,
    meets,
    percents,
    perturbed,
    ratio,
    replace_number,
    sentence_bounds,
    window,
)

__all__ = ["CODES", "FIGURE_KINDS", "KINDS", "Edit", "enumerations", "figure_sites", "flat", "sample",
           "unit_slips_anywhere", "verified_relations"]


# ---------------------------------------------------------------------------- relations

@dataclass(frozen=True)
class Verified:
    """A relation the arithmetic confirms: which figures take part, and what it is."""

    kind: str  # rate | change_pct | change_amount | sum
    stated: Figure
    operands: tuple[Figure, ...]
    sign: int = 1  # for changes: +1 growth, -1 decline
    tabular: bool = False  # stated in a table row rather than in prose


_UP = "增长|增加|提高|上升|增收|增支"
_DOWN = "下降|减少|降低|回落|减收|减支"
_CHANGE_BEFORE = re.compile(rf"(?:{_UP}|{_DOWN})[了为]?\s*$")
_SHARE_BEFORE = re.compile(r"占[^，。；,;]{0,14}$")
#: the percentage is named as a growth rate (增长率为 P%, 增幅 P%, 增 P%): when an increase over
#: its base explains it, the change rule answers for it as rightly as the rate rule
_GROWTH_CUE = re.compile(r"(?:增长率|增幅|增速|涨幅|降幅|减幅|[增降涨减])[了为是达]?\s*$")


#: words that say the figure after them is the base a change is measured from: 上年为 B,
#: 由 B, 从年初预算的 B, 比上一个五年的 B, 较上年同期 B
_BASE_BEFORE = re.compile(r"(?:上年|去年|上一|前一|同期|由|从|比|较|原)[^，。；,;：:]{0,14}$")


def _is_base(text: str, figure: Figure) -> bool:
    """Whether the text names ``figure`` as the base of a change (a previous or planned value)."""
    return bool(_BASE_BEFORE.search(re.sub(r"\s+", "", text[max(0, figure.start - 20):figure.start])))


def _is_change(text: str, figure: Figure) -> bool:
    """Whether ``figure`` is written as a change amount (增加 D, 减少 D)."""
    return _direction(re.sub(r"\s+", "", text[max(0, figure.start - 12):figure.start])[-6:]) != 0


def _direction(before: str) -> int:
    match = _CHANGE_BEFORE.search(before)
    if match is None:
        return 0
    return -1 if re.match(_DOWN, match.group(0)) else 1


#: 为年初预算的 P% / 完成调整预算的 P%: the whole is a plan the text names as one
_PLAN_BASE = re.compile(r"(?:预算|计划)[^，。；,;%\d]{0,8}的$")
_PLAN_LABEL = re.compile(r"预算|计划|调整为|调整后")


def _names_plan(text: str, figure: Figure) -> bool:
    """Whether the words right before ``figure`` call it a plan: a rate of 年初预算 whose
    only pair is 总收入 ÷ 本级支出 fits by chance, and no reader could tell a change there."""
    return _PLAN_LABEL.search(re.sub(r"\s+", "", text[max(0, figure.start - 20):figure.start])) is not None


def verified_relations(text: str) -> Iterator[Verified]:
    """Every stated percentage or change amount some pair of nearby figures explains."""
    for figure in percents(text):
        if figure.decimals == 0:
            continue  # an integer percentage matches too many pairs by chance
        start, end, tabular = window(text, figure.start)
        near = amounts(text, start, end)
        before = re.sub(r"\s+", "", text[max(0, figure.start - 24):figure.start])
        sign = _direction(before[-6:])
        if sign:
            hit = _growth_pair(text, near, figure, sign)
            if hit:
                yield Verified("change_pct", figure, hit, sign, tabular)
            continue
        plan = not tabular and _PLAN_BASE.search(before) is not None
        pair = next(((part, whole) for part in near for whole in near if part is not whole
                     and (not plan or _names_plan(text, whole))
                     and (interval := ratio(part, whole)) and meets(*interval, figure)), None)
        if pair:
            yield Verified("share" if _SHARE_BEFORE.search(before) else "rate", figure, pair, 1, tabular)
    for figure in amounts(text):
        sign = _direction(re.sub(r"\s+", "", text[max(0, figure.start - 12):figure.start])[-6:])
        if not sign or figure.half * 20 > figure.value:  # "减少1亿元" fits too many pairs
            continue
        start, end, tabular = window(text, figure.start)
        near = [a for a in amounts(text, start, end) if a.start != figure.start]
        # the base must be written as one (上年为 B, 由 B 调整为 C): any two amounts of a
        # budget paragraph differ by some small amount by chance
        hit = next(((x, y) for x in near for y in near if x is not y and x.value > y.value
                    and (_is_base(text, y) if sign > 0 else _is_base(text, x))
                    and not _is_change(text, x) and not _is_change(text, y)
                    and meets(*difference(x, y), figure)), None)
        if hit:
            yield Verified("change_amount", figure, hit, sign, tabular)


def _growth_pair(text: str, near: Sequence[Figure], figure: Figure, sign: int
                 ) -> tuple[Figure, Figure] | None:
    """Two amounts whose growth (or decline, for ``sign`` −1) is the stated percentage: a
    current value and a base the text names as one (上年为 B, 由 B, 比…的 B), or a change
    amount the text writes as one (增加 D) and the value it changed from or to. A ratio of
    two amounts the text gives no such roles fits some percentage by chance (支出 730502 万元
    … 调入资金 14318 万元 against 增长 0.5%), and no reader could tell a change there."""
    for x in near:
        for y in near:
            if x is y or _is_change(text, x):
                continue
            interval = growth(x, y)
            if interval and _is_base(text, y) and not _is_base(text, x) and not _is_change(text, y) \
                    and meets(*(interval if sign > 0 else (-interval[1], -interval[0])), figure):
                return x, y
            if not _is_change(text, y):
                continue
            # y is the change amount: the base is x itself, or x − sign·y when x is current
            bases = ((x.low, x.high),) if _is_base(text, x) else ((x.low - sign * y.high, x.high - sign * y.low),)
            for base_low, base_high in bases:
                if base_low > 0 and meets(y.low / base_high * 100, y.high / base_low * 100, figure):
                    return x, y
    return None


def enumerations(text: str) -> Iterator[tuple[Figure, list[Figure], tuple[Figure, ...] | None]]:
    """其中 lists: (total, parts, a subset of parts that adds up to the total, or None).

    The total is the amount just before 其中 in its sentence; when 其中 opens a sentence, any
    amount of the sentence before may be it (the first one when no subset adds up)."""
    for match in re.finditer(r"其中", text):
        start, end = sentence_bounds(text, match.start())
        end = _bracket_close(text, start, match.start(), end)
        # 比上年增加 D after a part is that part's change, not a part of the total
        parts = [p for p in amounts(text, match.end(), end) if not _is_change(text, p)][:10]
        before = amounts(text, start, match.start())
        if before:
            candidates = [before[-1]]
        elif start > 0:
            candidates = amounts(text, *sentence_bounds(text, start - 1))
        else:
            candidates = []
        if not parts or not candidates:
            continue
        for total in candidates:
            closing = _closing_subset(parts, total)
            if closing:
                yield total, parts, closing
                break
        else:
            yield candidates[0], parts, None


def _bracket_close(text: str, start: int, position: int, end: int) -> int:
    """Where a list at ``position`` ends: ``end``, or the closing bracket of a bracket opened
    before it in its sentence (收入 T（其中：A），加上 B …: B is not a part of T)."""
    depth = text.count("(", start, position) + text.count("（", start, position) \
        - text.count(")", start, position) - text.count("）", start, position)
    if depth <= 0:
        return end
    closing = re.compile(r"[)）]").search(text, position, end)
    return closing.start() if closing else end


def _closing_subset(parts: Sequence[Figure], total: Figure) -> tuple[Figure, ...] | None:
    """The smallest subset (≥ 2) of ``parts`` whose sum meets ``total``."""
    for size in range(2, len(parts) + 1):
        for subset in combinations(parts, size):
            low = sum((p.low for p in subset), Decimal(0))
            high = sum((p.high for p in subset), Decimal(0))
            if meets(low, high, total):
                return subset
    return None


def _sum_misses(total: Figure, parts: Sequence[Figure], changed: Figure, value: Decimal) -> bool:
    """Whether the parts, ``changed`` written as ``value`` (in its unit), no longer meet the total."""
    scale = UNITS[changed.unit]
    low = sum((p.low for p in parts if p is not changed), Decimal(0)) + value * scale - changed.half
    high = sum((p.high for p in parts if p is not changed), Decimal(0)) + value * scale + changed.half
    return high < total.low or low > total.high


# ---------------------------------------------------------------------------- the kinds

CODES: dict[str, tuple[str, ...]] = {
    "unit_slip": ("AU101", "AU106"),
    "rate": ("AU102", "AU107"),
    "share": ("AU102", "AU107"),
    "part_total": ("AU104", "AU107"),
    "change_amount": ("AU103",),
    "change_pct": ("AU103",),
    "restated": ("AU105", "AU111"),
    "comparison": ("AU108", "AU103"),
    "heading_skip": ("AU301",),
    "wrong_year": ("AU401",),
    "no_problem": ("AU201",),
    "grade_score": ("AU202",),
    "unit_slip_any": ("AU101", "AU106"),
}
FIGURE_KINDS = ("unit_slip", "rate", "share", "part_total", "change_amount", "change_pct",
                "restated", "comparison")
KINDS = (*FIGURE_KINDS, "heading_skip", "wrong_year", "no_problem", "grade_score")


def _edit(kind: str, span: tuple[int, int, str], note: str, subkind: str = "",
          also: tuple[str, ...] = ()) -> Edit:
    return Edit(kind, span[0], span[1], span[2], CODES[kind] + also, note, subkind)


def _also_accepted(text: str, relation: Verified) -> tuple[str, ...]:
    """AU103 for a rate the text names as growth: an increase ÷ its base (增加 D，增长率为 P%)."""
    if relation.kind != "rate":
        return ()
    before = re.sub(r"\s+", "", text[max(0, relation.stated.start - 8):relation.stated.start])
    return ("AU103",) if _GROWTH_CUE.search(before) else ()


def figure_sites(text: str, rng: random.Random) -> Iterator[Edit]:
    """Sites of every figure kind (one edit per site); ``subkind`` says prose or table."""
    norm = flat(text)
    operands: dict[int, tuple[Figure, str]] = {}
    for relation in verified_relations(norm):
        stated, where = relation.stated, "table" if relation.tabular else "prose"
        scale = Decimal(1) if relation.kind != "change_amount" else UNITS[stated.unit]
        span = replace_number(norm, stated, perturbed(stated, rng, scale))
        yield _edit(relation.kind, span, f"{relation.kind} {text[stated.start:stated.end]}", where,
                    _also_accepted(norm, relation))
        if relation.kind in {"change_pct", "change_amount"} and not relation.tabular:
            yield from _direction_flip(text, stated)
        for operand in (*relation.operands, *([stated] if relation.kind == "change_amount" else [])):
            operands[operand.start] = (operand, where)
    for total, parts, closing in enumerations(norm):
        if closing:
            for figure in (total, *closing):
                operands[figure.start] = (figure, "sum")
            part = rng.choice(closing)
            value = perturbed(part, rng, UNITS[part.unit])
            if _sum_misses(total, closing, part, value):  # else the total's precision hides it
                span = replace_number(norm, part, value)
                yield _edit("part_total", span,
                            f"part {text[part.start:part.end]} of {text[total.start:total.end]}", "closed")
            continue
        smaller = [p for p in parts if p.value < total.value]
        if smaller:
            part = rng.choice(smaller)
            bigger = total.value * Decimal(str(round(rng.uniform(1.1, 1.6), 2))) / UNITS[part.unit]
            span = replace_number(norm, part, bigger)
            yield _edit("part_total", span, f"part {text[part.start:part.end]} > {text[total.start:total.end]}",
                        "open")
    for first, second in _restated_pairs(norm):
        target = rng.choice((first, second))
        span = replace_number(norm, target, perturbed(target, rng, UNITS[target.unit]))
        yield _edit("restated", span, f"restated {text[target.start:target.end]}")
        for figure in (first, second):
            operands.setdefault(figure.start, (figure, "restated"))
    yield from _comparison_flips(text, norm)
    for figure, where in sorted(operands.values(), key=lambda item: item[0].start):
        slip = _slipped_unit(figure.unit)
        if slip:
            unit_start = norm.index(figure.unit, figure.digits_end)
            yield _edit("unit_slip", (unit_start, unit_start + len(figure.unit), slip),
                        f"{text[figure.start:figure.end]} → {slip}", where)


def unit_slips_anywhere(text: str) -> Iterator[Edit]:
    """Every 万元/亿元 amount, related to anything or not (informative, no floor)."""
    norm = flat(text)
    for figure in amounts(norm):
        slip = _slipped_unit(figure.unit)
        if slip:
            unit_start = norm.index(figure.unit, figure.digits_end)
            yield _edit("unit_slip_any", (unit_start, unit_start + len(figure.unit), slip),
                        f"{text[figure.start:figure.end]} → {slip}")


def _slipped_unit(unit: str) -> str | None:
    """The unit a 10⁴ slip writes: the 万 dropped."""
    return {"万元": "元", "亿元": "万元", "万亿元": "亿元"}.get(unit)


_FLIPS = {"增长": "下降", "下降": "增长", "增加": "减少", "减少": "增加", "提高": "降低",
          "降低": "提高", "上升": "下降", "增收": "减收", "减收": "增收", "增支": "减支", "减支": "增支"}


def _direction_flip(text: str, stated: Figure) -> Iterator[Edit]:
    before = text[max(0, stated.start - 6):stated.start]
    for word, flipped in _FLIPS.items():
        position = before.rfind(word)
        if position >= 0 and not before[position + len(word):].strip("了为 "):
            start = stated.start - len(before) + position
            yield _edit("comparison", (start, start + len(word), flipped),
                        f"{word}→{flipped} before {text[stated.start:stated.end]}", "direction")
            return


_COMPARE = {"高于": 1, "大于": 1, "超过": 1, "多于": 1, "快于": 1,
            "低于": -1, "小于": -1, "少于": -1, "慢于": -1}
_COMPARE_FLIP = {"高于": "低于", "大于": "小于", "超过": "低于", "多于": "少于", "快于": "慢于",
                 "低于": "高于", "小于": "大于", "少于": "多于", "慢于": "快于"}


def _comparison_flips(text: str, norm: str) -> Iterator[Edit]:
    for match in re.finditer("|".join(_COMPARE), norm):
        start, end = sentence_bounds(norm, match.start())
        clause_start = max(start, max(norm.rfind(c, start, match.start()) for c in "，,、") + 1)
        left = (percents(norm, clause_start, match.start()) or amounts(norm, clause_start, match.start()))
        after = CLAUSE_MARKS.search(norm, match.end(), end)
        right_end = min(end, match.end() + 12, after.start() if after else end)
        right = (percents(norm, match.end(), right_end) or amounts(norm, match.end(), right_end))
        if not left or not right or (left[-1].unit == "%") != (right[0].unit == "%"):
            continue
        x, y = left[-1], right[0]
        holds = x.low > y.high if _COMPARE[match.group(0)] > 0 else x.high < y.low
        if holds:
            yield _edit("comparison", (match.start(), match.end(), _COMPARE_FLIP[match.group(0)]),
                        f"{text[x.start:x.end]} {match.group(0)} {text[y.start:y.end]}", "word")


_LABEL = re.compile(r"([\u4e00-\u9fff]{6,})(?:为|达到|达|是|完成|共|计|：|:)?\s*$")


#: the administrative scope a passage speaks of (全省 and 省级 chapters use the same labels)
_SCOPE = re.compile(r"全[省市区县州国]|[省市区县州]本?级|市直|中央本级")
#: how far back the scope of a figure is looked for
_SCOPE_REACH = 200


def _scope(norm: str, position: int) -> str:
    """The nearest scope word before ``position`` (within :data:`_SCOPE_REACH`), or ""."""
    found = _SCOPE.findall(norm, max(0, position - _SCOPE_REACH), position)
    return found[-1] if found else ""


def _restated_pairs(norm: str) -> Iterator[tuple[Figure, Figure]]:
    """Two places that write the same amount (≥ 3 significant digits) after the same label of
    ≥ 6 characters, at least 200 characters apart, about the same scope: the 全市 and 市直
    chapters of a budget name their funds alike, and a pooled fund's figure is the same in
    both by fact, not by restatement — a reader could not tell that one of them is wrong."""
    seen: dict[tuple[str, str], Figure] = {}
    for figure in amounts(norm):
        if len(norm[figure.start:figure.digits_end].replace(",", "").replace(".", "").lstrip("0")) < 3:
            continue
        match = _LABEL.search(norm, max(0, figure.start - 24), figure.start)
        if not match:
            continue
        key = (match.group(1)[-6:], norm[figure.start:figure.end].replace(" ", ""))
        first = seen.get(key)
        if first is None:
            seen[key] = figure
        elif figure.start - first.start > 200:
            if _scope(norm, first.start) == _scope(norm, figure.start):
                yield first, figure
            seen.pop(key)


def sample(edits: Sequence[Edit], count: int, rng: random.Random) -> list[Edit]:
    """At most ``count`` edits, spread over the document, deterministically."""
    unique = {(e.start, e.end, e.replacement): e for e in edits}
    chosen = list(unique.values())
    rng.shuffle(chosen)
    return sorted(chosen[:count], key=lambda e: e.start)

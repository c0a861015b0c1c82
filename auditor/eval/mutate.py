"""Plant one known defect into a clean report, at a place where the relation holds.

Each kind finds candidate *sites* in the text (a rate the pipeline verified, a 合计…其中
statement whose parts add up, a 增加D、增长P% pair that agrees with the figure before it …)
and rewrites exactly one of them. The result is a :class:`Mutant`: the new text plus the
gold line that labels the planted defect (anchor located by text, as in ``corpora/gold``).

Kinds: ``unit_slip``, ``wrong_rate``, ``wrong_part``, ``wrong_change``, ``comparison``,
``no_problem``, ``grade_score``, ``heading_skip``, ``wrong_year``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import regex

from auditor.eval.gold import locate
from auditor.text.normalize import normalize_width
from auditor.types import Check, CheckStatus

KINDS: tuple[str, ...] = (
    "unit_slip", "wrong_rate", "wrong_part", "wrong_change", "comparison",
    "no_problem", "grade_score", "heading_skip", "wrong_year",
)
#: The rule codes that count as detecting each kind.
CODES: dict[str, tuple[str, ...]] = {
    "unit_slip": ("AU101", "AU106", "AU102"),
    "wrong_rate": ("AU102",),
    "wrong_part": ("AU104", "AU107"),
    "wrong_change": ("AU103",),
    "comparison": ("AU108",),
    "no_problem": ("AU201",),
    "grade_score": ("AU202",),
    "heading_skip": ("AU301",),
    "wrong_year": ("AU401",),
}

_NUMBER = r"(?<![\d.])\d+(?:\.\d+)?"
_MONEY = regex.compile(rf"({_NUMBER})(\s*)(万元|亿元|元|分)(?![\p{{Han}}&&[钱]])")
_PERCENT = regex.compile(rf"({_NUMBER})(\s*)%")
_SENTENCE_END = "。；;\n"


@dataclass(frozen=True)
class Mutant:
    """A mutated text and the gold label of the one defect planted in it."""

    kind: str
    text: str
    anchor: str
    occurrence: int
    codes: tuple[str, ...]
    note: str

    def gold_line(self, document: str) -> dict[str, object]:
        """The gold JSONL object for this defect in ``document``."""
        return {"document": document, "kind": "defect", "codes": list(self.codes),
                "anchor": self.anchor, "occurrence": self.occurrence, "note": self.note}


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    replacement: str
    # Anchor bounds relative to the edited region of the NEW text: (chars before, chars after).
    before: int = 0
    after: int = 0
    note: str = ""


def _apply(kind: str, text: str, edit: _Edit) -> Mutant | None:
    new = text[: edit.start] + edit.replacement + text[edit.end:]
    anchor_start = edit.start - edit.before
    anchor_end = edit.start + len(edit.replacement) + edit.after
    anchor = new[anchor_start:anchor_end]
    if not anchor.strip() or new == text:
        return None
    occurrence = 1
    while (span := locate(new, anchor, occurrence)) is not None:
        if span[0] == anchor_start:
            return Mutant(kind, new, anchor, occurrence, CODES[kind], edit.note)
        if span[0] > anchor_start:
            return None
        occurrence += 1
    return None


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


def _fmt(value: Decimal, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    return str(value.quantize(quantum, rounding=ROUND_HALF_UP))


def _sentence(text: str, position: int) -> tuple[int, int]:
    start = max(text.rfind(ch, 0, position) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, position) for ch in _SENTENCE_END) if i >= 0]
    return start, min(ends, default=len(text))


# ---- kinds built on the pipeline's verified rates -----------------------------------

def _passing_rates(checks: Sequence[Check]) -> Iterator[Check]:
    for check in checks:
        if check.kind == "rate" and check.status is CheckStatus.PASS:
            yield check


def unit_slip(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """万元 → 元 on an amount that takes part in a verified rate."""
    for check in _passing_rates(checks):
        for span in check.related:
            match = _MONEY.fullmatch(normalize_width(span.text))
            if match is None or match.group(3) != "万元":
                continue
            unit_at = span.start + match.start(3)
            yield _Edit(unit_at, unit_at + 2, "元", before=match.start(3),
                        note=f"万元误写为元：{span.text} 参与的比率 {check.detail} 原本成立")


def wrong_rate(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """Change a stated % whose rate the pipeline verified, well outside any tolerance."""
    for index, check in enumerate(_passing_rates(checks)):
        match = _PERCENT.search(normalize_width(check.span.text))
        if match is None:
            continue
        old = Decimal(match.group(1))
        decimals = _decimals(match.group(1))
        shift = Decimal(3 + index % 7) + Decimal("0.37")
        new = old - shift if old - shift > 0 else old + shift
        start = check.span.start + match.start(1)
        yield _Edit(start, check.span.start + match.end(1), _fmt(new, decimals),
                    after=match.end() - match.end(1),
                    note=f"比率改为 {_fmt(new, decimals)}%，应为 {match.group(1)}%（{check.detail}）")


# ---- kinds found in the text ---------------------------------------------------------

def wrong_part(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """Raise or lower one part of a ``… X，其中：A、B …`` statement whose parts add up to X."""
    flat = normalize_width(text)
    for hit in regex.finditer("其中", flat):
        start, end = _sentence(flat, hit.start())
        before = list(_MONEY.finditer(flat, start, hit.start()))
        if not before:
            continue
        total = before[-1]
        parts = [m for m in _MONEY.finditer(flat, hit.end(), end) if m.group(3) == total.group(3)]
        if len(parts) < 2:
            continue
        if sum(Decimal(m.group(1)) for m in parts) != Decimal(total.group(1)):
            continue
        part = parts[len(parts) // 2]
        old = Decimal(part.group(1))
        decimals = _decimals(part.group(1))
        shift = max(Decimal(1), (old * Decimal("0.13")).quantize(Decimal(1)))
        # Alternate more and less, so a "part exceeds the total" check cannot catch them all.
        new = old - shift if hit.start() % 2 and old > shift else old + shift
        replacement = _fmt(new, decimals)
        edit_end = part.end(1)
        yield _Edit(part.start(1), edit_end, replacement,
                    before=part.start(1) - total.start(),
                    after=parts[-1].end() - edit_end,
                    note=f"分项 {part.group(1)} 改为 {replacement}，分项之和不再等于 {total.group(0)}")


_CHANGE = regex.compile(
    rf"(增加|减少|增长|下降)\s*({_NUMBER})\s*(万元|亿元)[，,、]\s*(增长|下降)\s*({_NUMBER})\s*%"
)


def _change_holds(flat: str, at: int, delta: Decimal, rate: Decimal, decimals: int,
                  unit: str, up: bool) -> bool:
    """Whether some amount stated shortly before makes D and P% agree (now − D = before)."""
    half = Decimal(5).scaleb(-decimals - 1)
    for match in _MONEY.finditer(flat, max(0, at - 400), at):
        if match.group(3) != unit:
            continue
        now = Decimal(match.group(1))
        before = now - delta if up else now + delta
        if before > 0 and abs(delta / before * 100 - rate) <= half:
            return True
    return False


def wrong_change(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """Change P in ``增加D万元，增长P%`` where D/P agree with the amount stated before it."""
    flat = normalize_width(text)
    for match in _CHANGE.finditer(flat):
        up = match.group(4) == "增长"
        rate = Decimal(match.group(5))
        decimals = _decimals(match.group(5))
        if not _change_holds(flat, match.start(), Decimal(match.group(2)), rate, decimals,
                             match.group(3), up):
            continue
        new = rate * 2 + Decimal("1.3")
        yield _Edit(match.start(5), match.end(5), _fmt(new, decimals),
                    before=match.start(5) - match.start(), after=match.end() - match.end(5),
                    note=f"增减率改为 {_fmt(new, decimals)}%，与增减额不符（原 {match.group(5)}%）")


_COMPARISON = regex.compile(r"(决算数|执行数|支出数)(大于|小于|与)((?:年初)?预算数)(持平)?")
_FLIP = {"大于": "小于", "小于": "大于"}


def comparison(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """Flip 大于/小于 (or 持平 → 大于) after a stated 完成预算的P% that supports the word."""
    flat = normalize_width(text)
    for match in _COMPARISON.finditer(flat):
        percents = list(_PERCENT.finditer(flat, max(0, match.start() - 60), match.start()))
        if not percents:
            continue
        value = Decimal(percents[-1].group(1))
        word = match.group(2)
        if word == "与" and match.group(4):
            if value != 100:
                continue
            yield _Edit(match.start(2), match.end(), f"大于{match.group(3)}",
                        before=len(match.group(1)),
                        note=f"完成预算的{value}%，却写“大于”（原为持平）")
            continue
        if word not in _FLIP or (word == "大于") != (value > 100) or value == 100:
            continue
        yield _Edit(match.start(2), match.end(2), _FLIP[word], before=len(match.group(1)),
                    after=len(match.group(3)),
                    note=f"完成预算的{value}%，比较词改为“{_FLIP[word]}”")


_PROBLEM_HEADING = regex.compile(r"(?m)^[ \t]*[一二三四五六七八九十]+、[^\n]*(?:存在的?问题|主要问题)[^\n]*$")
_REMEDY = regex.compile(r"整改措施|改进措施|下一步|有关建议|改进建议|整改")


def no_problem(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """Insert ``存在问题：无。`` under the problems heading of a report with 整改措施."""
    if not _REMEDY.search(text):
        return
    line = "存在问题：无。"
    for match in _PROBLEM_HEADING.finditer(text):
        at = match.end() + 1
        yield _Edit(at, at, line + "\n", after=-1, note="写“存在问题：无”，而报告又列出问题和整改措施")


_GRADE = regex.compile(r"(得分\s*)(\d+(?:\.\d+)?)(\s*分[^。\n]{0,80}?等级为\s*[“\"]?)(优秀|优|良好|良|中|合格|差)")
_BANDS = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)))


def _band(score: Decimal) -> str:
    return next(grade for grade, low in _BANDS if score >= low)


def grade_score(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """Change the stated grade to a neighbouring band the score does not fall in."""
    flat = normalize_width(text)
    for match in _GRADE.finditer(flat):
        score = Decimal(match.group(2))
        grade = match.group(4)[0]
        if _band(score) != grade:
            continue
        other = "良" if grade == "优" else "优"
        anchor_start = match.start(3) + max(match.group(3).find("等级为"), 0)
        if flat[anchor_start - 2:anchor_start] == "自评":
            anchor_start -= 2
        closing = flat[match.end(4):match.end(4) + 1]
        yield _Edit(match.start(4), match.end(4), other, before=match.start(4) - anchor_start,
                    after=1 if closing and closing in "”\"" else 0,
                    note=f"得分 {score} 属“{_band(score)}”档，却写自评等级为“{other}”")


_CN_DIGITS = "一二三四五六七八九"


def _cn(number: int) -> str:
    if number < 10:
        return _CN_DIGITS[number - 1]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens - 1]
    return head + "十" + (_CN_DIGITS[ones - 1] if ones else "")


_CN_VALUE = {_cn(n): n for n in range(1, 40)}
_HEADING = regex.compile(r"(?m)^([ \t]*)(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）)(?=\S)")


def heading_skip(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """Renumber one heading n → n+1 when its previous sibling is n−1 (一、二、四、)."""
    previous: dict[str, int] = {}
    for match in _HEADING.finditer(text):
        style = "top" if match.group(2) else "sub"
        number = _CN_VALUE.get(match.group(2) or match.group(3) or "")
        if number is None:
            continue
        if style == "top":
            previous.pop("sub", None)
        if number >= 2 and previous.get(style) == number - 1:
            group = 2 if style == "top" else 3
            line_end = text.find("\n", match.end())
            line_end = len(text) if line_end < 0 else line_end
            yield _Edit(match.start(group), match.end(group), _cn(number + 1),
                        before=match.start(group) - match.end(1),
                        after=line_end - match.end(group),
                        note=f"标题序号由“{_cn(number)}”改为“{_cn(number + 1)}”，跳号")
        previous[style] = number


_YEAR = regex.compile(r"(?<![\d\-—～~至〔\[(（])(20\d\d)(?=\s*年)(?![\d])")
_PAST_OK = regex.compile(r"相比|比上年|上年|同比|同期|较|以来|至今|此前|截至|截止")


def report_year(text: str) -> tuple[int, int] | None:
    """The year in the report's title (first non-empty line) and where the title ends."""
    first = text.lstrip()
    offset = len(text) - len(first)
    title_end = text.find("\n", offset)
    title_end = len(text) if title_end < 0 else title_end
    years = {int(m.group(1)) for m in _YEAR.finditer(normalize_width(text[offset:title_end]))}
    return (years.pop(), title_end) if len(years) == 1 else None


def wrong_year(text: str, checks: Sequence[Check]) -> Iterator[_Edit]:
    """Replace the report year by the year before in a body sentence naming no other year."""
    found = report_year(text)
    if found is None:
        return
    year, title_end = found
    flat = normalize_width(text)
    for match in _YEAR.finditer(flat, title_end):
        if int(match.group(1)) != year:
            continue
        start, end = _sentence(flat, match.start())
        sentence = flat[start:end]
        if len(regex.findall(r"20\d\d", sentence)) != 1 or _PAST_OK.search(sentence):
            continue
        if regex.search(r"[-—～~至]\s*$", flat[max(0, match.start() - 2):match.start()]):
            continue
        tail = 2 if flat[match.end() + 1:match.end() + 2] == "度" else 1
        yield _Edit(match.start(1), match.end(1), str(year - 1), after=tail,
                    note=f"{year} 年度报告的正文中写成 {year - 1} 年")


_FINDERS: dict[str, Callable[[str, Sequence[Check]], Iterator[_Edit]]] = {
    "unit_slip": unit_slip, "wrong_rate": wrong_rate, "wrong_part": wrong_part,
    "wrong_change": wrong_change, "comparison": comparison, "no_problem": no_problem,
    "grade_score": grade_score, "heading_skip": heading_skip, "wrong_year": wrong_year,
}


def mutants(text: str, checks: Sequence[Check], kind: str) -> list[Mutant]:
    """Every distinct single-defect variant of ``kind`` this text allows."""
    if kind not in _FINDERS:
        raise ValueError(f"未知的缺陷类型：{kind}（可选 {', '.join(KINDS)}）")
    seen: set[tuple[int, int, str]] = set()
    result = []
    for edit in _FINDERS[kind](text, checks):
        key = (edit.start, edit.end, edit.replacement)
        if key in seen:
            continue
        seen.add(key)
        mutant = _apply(kind, text, edit)
        if mutant is not None:
            result.append(mutant)
    return result

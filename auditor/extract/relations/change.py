"""Change relations a report states: 比上年增加 D，增长 P%，上年为 B，与上年持平.

A *change group* is a run of change figures joined only by punctuation
(``增加2.55万元，增长1.40%``). The current value C is bound only when the sentence makes
the link plain:

* ``机关运行经费支出184.65万元，比2023年度增加2.55万元`` — C is the figure right before
  the comparison clause, with nothing but the anchor (比/较/与…相比/同比) between;
* ``与2023年度相比，收入支出总计增加307.82万元`` — the subject is restated, and C is the
  nearest earlier ``收入支出总计 307.82 万元`` in this or the three sentences before;
* ``由B增加到C`` / ``减少为0.00万元`` — the new value follows the change word.

A ``，完成预算的100.54%`` clause between C and a money change is skipped. A restated
subject not found word for word is tried by meaning, and such a binding is uncertain:
the same core with filler words only (``“三公”经费支出`` ← ``“三公”经费财政拨款支出决算
合计C``) and the report's own total for ``本项目支出``/``部门整体支出`` (← ``实际支出C``).
A C whose unit differs from D's and fails as written (``支出62.29元，比上年减少8.64万元``,
a unit slip that AU101 reports) is checked in D's unit.

The previous value B is bound from ``较…的B``, ``由B``, ``上年为B``/``上年决算B``. A
relation is checked only when three figures pin it down (C, D, P; or B with two others);
``增长X%`` alone, the usual case in provincial reports, is not checkable and stays silent.
Growth in real terms (生产总值, 增加值, 可比价) is not a ratio of the written figures and is
not checked. Percent-point changes (``提高2.1个百分点``) compare differences of rates.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import HUNDRED, Interval, interval_of, plain, truncation_interval
from auditor.extract.figures import PlacedQuantity
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    Rescale,
    single_reading,
)
from auditor.extract.relations.context import bracketed, comparable, logical_sentences
from auditor.extract.relations.labels import ends_with_plan, names_plan, qualifier
from auditor.extract.relations.readings import decide, scale_name
from auditor.lexicon import alternation, compile_terms, terms
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures
    from auditor.text.sentences import TextRange

_RE_COMPARISON_GAP = regex.compile(r"[ \t,，、]*(?:同比|比上年|较上年)?[ \t]*")
_RE_ENUM_GAP = regex.compile(r"[ \t,，、]*")
_RE_GAP = regex.compile(r"[ \t,，]*")
_RE_HAN_CHAR = regex.compile(r"\p{Han}")

POINTS_UNIT = "个百分点"

_UP = frozenset(terms("changes", "up"))
_WORDS = alternation("changes", "up", "down", spaced=True)
# The change word right before a figure: ``增加2.55万元``, ``增长 1.40%``, ``减少为0.00万元``.
_CHANGE_BEFORE = regex.compile(
    rf"(?<!新)(?P<word>{_WORDS})(?P<to>到|至|为)?了?[ \t]*$"
)
# Compound growth, comparable-price growth and the like are not ratios of written figures.
_NOT_SIMPLE = regex.compile(rf"(?:{alternation('changes', 'not_simple')})[ \t]*$")
# 排名由369位上升到235位: a better rank is a smaller number.
_RANK_TERMS = regex.compile(r"排名|位次|名次|排位|排第|排行")
_REAL_TERMS = compile_terms("changes", "real_terms")

_REF = (rf"(?:{alternation('changes', 'previous')}"
        r"|(?:19|20)[0-9]{2}[ \t]*年度?(?:同期)?|[^,，;；。:：0-9]{1,16}?)")
_ANCHOR = (rf"(?:{alternation('changes', 'anchor_alone')}|(?:{alternation('changes', 'anchor')})"
           rf"[ \t]*{_REF}(?:相比|相较|比较)?)")
#: gap between C and the change word when nothing else is in between
_DIRECT_GAP = regex.compile(rf"^[ \t,，]*(?:{_ANCHOR}[ \t,，]*)?$")
#: gap between C and B (``，较“十三五”末的``) and between B and the change word
_BEFORE_PREVIOUS = regex.compile(rf"^[ \t,，]*(?:比|较|与)[ \t]*{_REF}?的?[ \t]*$")
_AFTER_PREVIOUS = regex.compile(r"^[ \t]*(?:相比|相较)?[ \t,，]*$")
#: ``与2023年度相比，SUBJ`` or ``SUBJ比上年`` right before the change word
_NAME = r"[\p{Han}()（）“”、]"
#: 收入、支出总计**各**增加: an adverb between the subject and the change word
_SUBJECT_ADVERB = r"(?:各|均|共|分别)?"
_SUBJECT = regex.compile(
    rf"(?:{_ANCHOR}[ \t]*[,，][ \t]*(?P<s1>{_NAME}{{2,30}}?)[ \t]*(?:{_ANCHOR})?[ \t]*"
    rf"{_SUBJECT_ADVERB}[ \t]*|(?<!{_NAME})(?P<s2>{_NAME}{{2,30}}?)[ \t]*{_ANCHOR}[ \t]*)$"
)
#: 与上年相比，收入、支出总计与上年持平: the subject right before a 持平 phrase
_FLAT_SUBJECT = regex.compile(
    rf"(?:^|(?<=[\n。；;！？!?])|{_ANCHOR}[ \t]*[,，])[ \t]*(?P<s1>{_NAME}{{2,30}}?)[ \t]*{_SUBJECT_ADVERB}[ \t]*$"
)
_SUBJECT_LINK = r"[ \t]*(?:均为|各为|为|是|达到|达|共计|合计|:|：)?[ \t]*$"
#: words that may stand between a subject's core and its figure without changing what it
#: measures: “三公”经费**财政拨款支出决算合计**21.33万元 restated as “三公”经费支出
_FILLER = r"(?:财政拨款|一般公共预算|实际|全年|本年|年度|支出|决算|合计|总计|共计|总额|数)*"
_CORE_SUFFIX = regex.compile(r"(?:支出决算|决算支出|支出总额|支出数|支出|决算|总额)$")
#: the subject “本项目支出”/“部门整体支出” is the report's own total spending
_TOTAL_SPENDING_SUBJECT = regex.compile(
    r"^(?:本项目|该项目|项目|部门整体|本部门|部门|单位整体|本单位|单位|整体)(?:总)?支出$"
)
_TOTAL_SPENDING_LINK = regex.compile(
    r"(?:(?<![\p{Han}])|(?<=全年|本年|年度|项目|本项目|[0-9]年))"
    r"(?:实际支出|支出决算|决算支出|全年支出)(?:数|金额|资金)?"
    r"[ \t]*(?:为|是|达到|达|共计|合计|:|：)?[ \t]*$"
)
#: ``，完成预算的100.54%``: a rate of C said between C and the change clause
_RATE_CLAUSE = regex.compile(
    rf"^[ \t]*[,，][ \t]*(?:{alternation('cues', 'rate_verb', spaced=True)})[^,，;；。0-9]{{0,16}}?[ \t]*$"
)
_PREVIOUS_PHRASE = regex.compile(
    r"(?:上年同期|去年同期|上年度|上一年度?|上年|去年)(?:决算数?|实际支出|支出数?|数)?"
    r"[ \t]*(?:为|是|:|：)?[ \t]*$"
)
_PREVIOUS_ZERO = regex.compile(
    r"(?:上年同期|去年同期|上年度|上一年度?|上年|去年)(?:决算数?|实际支出|支出数?|数)?"
    r"[ \t]*(?:为|是)?[ \t]*(?:0|零)(?![0-9.])"
)
_PREVIOUS_CLAUSE = regex.compile(r"^[ \t,，]*" + _PREVIOUS_PHRASE.pattern)
#: C，比上一个五年的 B / C，较“十三五”时期（B）: a comparison naming its base between C and B
_BASE_GAP = regex.compile(
    rf"^[ \t,，]*(?:比|较)(?:(?!{_WORDS})[^,，;；。0-9]){{0,16}}?的?[ \t]*[(（]?[ \t]*$")
_BASE_AFTER = regex.compile(r"^[ \t]*[)）]?[ \t]*$")
_BRACKETED = regex.compile(r"[(（][^()（）]*[)）]")
_PREVIOUS_ONLY = regex.compile(rf"(?:{alternation('changes', 'previous')}|(?:19|20)[0-9]{{2}}年度?)(?:同期)?")
#: the words an anchor uses to name its base, right before the change word: 比年初预算增加
_NAMED_REF = regex.compile(
    rf"(?:比|较)(?P<ref>(?:(?!{_WORDS})[^,，;；。0-9(（]){{2,12}})[ \t]*$")
_NAMED_LINK = regex.compile(r"(?:为|是|达到?|:|：)+$")
_FROM = regex.compile(r"(?:由|从)[^,，;；。]{0,12}?$")
_FLAT = regex.compile(
    r"(?<!基本|大致|总体|大体|略有|基本上)"
    r"(?:(?:与|和|同|较)[ \t]*(?:上年同期|去年同期|上年度|上一年度?|上年|去年|同期|(?:19|20)[0-9]{2}[ \t]*年度?)"
    r"(?:同期)?[ \t]*(?:相比|相较)?|同比)[ \t]*(?:基本)?持平"
)


@dataclass(frozen=True)
class ChangeFigure:
    """A figure introduced by a change word."""

    placed: PlacedQuantity
    word: str
    word_start: int
    sign: int
    role: str  # "amount" | "rate" | "points" | "new"


class ChangeCheck(enum.Enum):
    """Which part of a change statement a relation verifies."""

    RATE = "rate"  # P against D/(C−D) or (C−B)/B
    AMOUNT = "amount"  # D against C−B
    POINTS = "points"  # 个百分点 against C−B
    DIRECTION = "direction"  # 增加/减少 against C and B
    OPPOSITE = "opposite"  # one change written both as 增加 and as 减少
    FLAT_CHANGE = "flat_change"  # 持平 beside a non-zero change figure
    FLAT_NEW = "flat_new"  # 持平 beside 减少为/增加到 a value
    FLAT_VALUES = "flat_values"  # 持平 against C and B
    ZERO_BASE = "zero_base"  # a growth rate from a zero (or negative) base


@dataclass(frozen=True)
class ChangeRelation:
    """One verified change statement.

    ``check`` says what is verified; ``stated`` is the figure (or the 持平 wording) being
    verified; ``others`` the figures it was checked against (C then B, or C then D).
    ``certain`` is False when the binding is a restated subject found by meaning, not a
    figure in the same clause chain. ``word`` is the change word as written, ``computed``
    the value the other figures give (as text, for the rule's message), ``sign`` the
    direction the word states.
    """

    check: ChangeCheck
    stated_start: int
    stated_end: int
    stated_text: str
    others: tuple[Quantity, ...]
    holds: bool
    certain: bool
    arithmetic: str
    word: str = ""
    computed: str = ""
    truncated: bool = False
    sign: int = 1
    negative_base: bool = False  # the rate holds against the size of a negative base
    slipped: Quantity | None = None  # a figure read at another scale for the change to hold
    slip_multiplier: Decimal | None = None
    all_readings: tuple[Reading, ...] = ()

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.CHANGE`."""
        return RelationKind.CHANGE

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The figures checked against the stated one (C then B, or C then D)."""
        roles = ("current", "previous") if self.check in _WITH_PREVIOUS else ("current", "amount")
        return tuple(Operand(roles[min(i, 1)], q) for i, q in enumerate(self.others))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """Every binding of C and B tried, best first."""
        if self.all_readings:
            return self.all_readings
        return single_reading(self.operands, self.holds, self.detail, Assumption.CURRENT_BEFORE)

    @property
    def detail(self) -> str:
        """The arithmetic with the verdict, e.g. ``2.55/(184.65−2.55) = 1.40%（所述 1.40%）✓``."""
        note = "（按截断理解）" if self.truncated else ""
        return f"{self.arithmetic}{note}{'✓' if self.holds else '✗'}"


_WITH_PREVIOUS = frozenset({ChangeCheck.AMOUNT, ChangeCheck.POINTS, ChangeCheck.DIRECTION,
                            ChangeCheck.FLAT_VALUES})


def shown(quantity: Quantity) -> str:
    """A figure as written, inner whitespace collapsed."""
    return "".join(quantity.text.split())


def _number(quantity: Quantity) -> str:
    """The written number in the unit of the figure (``184.65``)."""
    return f"{quantity.mantissa:f}"


def sub(a: Interval, b: Interval) -> Interval | None:
    """a − b; None when unbounded."""
    if None in (a.low, a.high, b.low, b.high):
        return None
    return Interval(a.low - b.high, a.high - b.low)  # type: ignore[operator]


def add(a: Interval, b: Interval) -> Interval | None:
    """a + b; None when unbounded."""
    if None in (a.low, a.high, b.low, b.high):
        return None
    return Interval(a.low + b.low, a.high + b.high)  # type: ignore[operator]


def percent_of(part: Interval, base: Interval) -> Interval | None:
    """part / base × 100 for a strictly positive bounded base; part may be any sign."""
    if None in (part.low, part.high, base.low, base.high) or base.low <= 0:  # type: ignore[operator]
        return None
    candidates = [p / b * HUNDRED for p in (part.low, part.high) for b in (base.low, base.high)]  # type: ignore[operator]
    return Interval(min(candidates), max(candidates))


def negated(interval: Interval) -> Interval:
    """−interval."""
    return Interval(None if interval.high is None else -interval.high,
                    None if interval.low is None else -interval.low)


def _bounded(interval: Interval) -> bool:
    return interval.low is not None and interval.high is not None


def _meets_stated(computed: Interval, stated: Quantity) -> tuple[bool, bool]:
    """(holds, holds only as truncation) of a computed interval against a stated figure."""
    if computed.meets(interval_of(stated)):
        return True, False
    if stated.is_exact and computed.meets(truncation_interval(stated)):
        return True, True
    return False, False


_comparable = comparable  # same kind; counts, measures and % (not 个百分点) in one unit


class _Sentence:
    """One sentence with its quantities (flow coordinates)."""

    def __init__(self, doc: AnalysedDocument, figures: Figures, index: int,
                 sentences: list[TextRange], votes: dict[Decimal, int] | None = None) -> None:
        self.doc = doc
        self.votes = votes or {}
        self.figures = figures
        self.index = index
        self.sentences = sentences
        self.range: TextRange = sentences[index]
        self.text = doc.flow.text
        self.quantities = figures.quantities_in(self.range.start, self.range.end)

    def before(self, position: int, width: int = 24) -> str:
        return self.text[max(self.range.start, position - width):position]


def change_figures(sentence: _Sentence) -> list[ChangeFigure]:
    """Figures introduced by a change word, in order."""
    figures = []
    for placed in sentence.quantities:
        quantity = placed.quantity
        before = sentence.before(placed.flow_start, 16)
        match = _CHANGE_BEFORE.search(before)
        if match is None:
            continue
        word_start = placed.flow_start - len(before) + match.start()
        if _NOT_SIMPLE.search(sentence.before(word_start, 8)):
            continue
        word = "".join(match.group("word").split())
        sign = 1 if word in _UP else -1
        if match.group("to"):
            role = "new"
        elif quantity.kind is QuantityKind.PERCENT:
            role = "points" if quantity.unit == POINTS_UNIT else "rate"
        else:
            role = "amount"
        figures.append(ChangeFigure(placed, word, word_start, sign, role))
    return figures


def _groups(sentence: _Sentence, figures: list[ChangeFigure]) -> list[list[ChangeFigure]]:
    groups: list[list[ChangeFigure]] = []
    for figure in figures:
        if groups:
            last = groups[-1][-1]
            gap = sentence.text[last.placed.flow_end:figure.word_start]
            roles = {f.role for f in groups[-1]}
            if _RE_COMPARISON_GAP.fullmatch(gap) and figure.role not in roles:
                groups[-1].append(figure)
                continue
        groups.append([figure])
    return groups


@dataclass
class _Binding:
    """One hypothesis about a change's current value C and previous value B."""

    current: Quantity | None = None
    previous: Quantity | None = None
    certain: bool = True
    found_by: str = ""
    score: float = 2.0
    assumptions: tuple[Assumption, ...] = ()


def _quantities_between(sentence: _Sentence, start: int, end: int) -> list[PlacedQuantity]:
    return [p for p in sentence.quantities if start <= p.flow_start and p.flow_end <= end]


def _bind(sentence: _Sentence, group: list[ChangeFigure]) -> _Binding:
    """The binding the clause structure makes plain (see the module docstring)."""
    binding = _Binding(assumptions=(Assumption.CURRENT_BEFORE,))
    lead = group[0]
    new = next((f for f in group if f.role == "new"), None)
    text = sentence.text
    earlier = [p for p in sentence.quantities if p.flow_end <= lead.word_start]
    if new is not None:
        binding.current = new.placed.quantity
        if earlier:
            candidate = earlier[-1]
            gap = text[candidate.flow_end:lead.word_start]
            if not gap.strip(" \t") and _FROM.search(sentence.before(candidate.flow_start, 14)):
                binding.previous = candidate.quantity
                binding.assumptions = (Assumption.PREVIOUS_STATED,)
        binding.score = 2.5
        return binding
    earlier, gap_start = _skip_rate_clauses(sentence, earlier, group)
    if earlier:
        last = earlier[-1]
        gap = text[gap_start:lead.word_start]
        if len(earlier) >= 2:
            current = earlier[-2]
            between = text[current.flow_end:last.flow_start]
            # C，较…的B增加D  /  C，上年为B，比上年增加D
            if (_BEFORE_PREVIOUS.match(between) and _AFTER_PREVIOUS.match(gap)) or (
                _PREVIOUS_CLAUSE.match(between) and _DIRECT_GAP.match(gap)
            ):
                binding.current = current.quantity
                binding.previous = last.quantity
                binding.found_by = "clause"
                binding.score = 2.5
                binding.assumptions = (Assumption.CURRENT_BEFORE, Assumption.PREVIOUS_STATED)
                return binding
        if _DIRECT_GAP.match(_PREVIOUS_ZERO.sub("", gap)) and \
                _PREVIOUS_PHRASE.search(sentence.before(last.flow_start)) is None:
            binding.current = last.quantity
            binding.found_by = "clause"
            return binding
    subject = _SUBJECT.search(text, sentence.range.start, lead.word_start)
    if subject is not None:
        name = (subject.group("s1") or subject.group("s2") or "").strip("“”")
        found = _find_subject_value(sentence, name, subject.start())
        if found is not None:
            binding.current, binding.certain = found
            binding.found_by = "subject"
            binding.score = 2.0  # a restated subject, by name or by meaning, is a confident link
            binding.assumptions = (Assumption.SUBJECT_BY_NAME if binding.certain
                                   else Assumption.SUBJECT_BY_MEANING,)
    return binding


def _bindings(sentence: _Sentence, group: list[ChangeFigure]) -> list[_Binding]:
    """Every plausible binding of C and B, best first: the one the clause structure makes
    plain, then the other readings a real sentence allows — the figure after 比/较 as the
    base rather than the current value, the nearest figure before the change that is not
    itself a change, and the figure a sentence before when this one states none."""
    primary = _bind(sentence, group)
    found = [primary]
    lead = group[0]
    text = sentence.text
    changes = {f.placed.flow_start for f in group}
    earlier = [p for p in sentence.quantities if p.flow_end <= lead.word_start
               and p.quantity.kind is not QuantityKind.PERCENT and p.flow_start not in changes
               and not _CHANGE_BEFORE.search(sentence.before(p.flow_start, 16))]
    if len(earlier) >= 2:
        current, base = earlier[-2], earlier[-1]
        if _BASE_GAP.match(text[current.flow_end:base.flow_start]) \
                and _BASE_AFTER.match(text[base.flow_end:lead.word_start]):
            # 累计投入 C，比上一个五年的 B 增加 D / 较“十三五”时期（B）增加 D: the base
            found.append(_Binding(current.quantity, base.quantity, True, "base", 2.5,
                                  (Assumption.BASE_AS_CURRENT, Assumption.PREVIOUS_STATED)))
    outside = [p for p in earlier if not bracketed(text, sentence.range.start, p.flow_start)
               and _PREVIOUS_PHRASE.search(sentence.before(p.flow_start)) is None]
    if outside and all(b.current is not outside[-1].quantity for b in found):
        # the nearest figure outside brackets: 安排4019万元（其中：开发区170万元），同比减少165万元
        gap = text[outside[-1].flow_end:lead.word_start]
        direct = _DIRECT_GAP.match(_BRACKETED.sub("", gap)) is not None
        found.append(_Binding(outside[-1].quantity, None, True, "nearest",
                              2.0 if direct else 1.0, (Assumption.NEAREST,)))
    named = _named_base(sentence, lead, earlier)
    if named is not None:
        for binding in list(found):
            if binding.current is not None and binding.current is not named.quantity:
                # 调整后的支出预算为 C，比年初预算增加 D: the base is the figure the anchor names
                found.append(_Binding(binding.current, named.quantity, binding.certain, "named",
                                      max(binding.score, 2.0),
                                      (*binding.assumptions, Assumption.PREVIOUS_STATED)))
                break
    if not earlier and primary.current is None and sentence.index > 0:
        previous = sentence.sentences[sentence.index - 1]
        if previous.paragraph == sentence.range.paragraph:
            amounts = [p for p in sentence.figures.quantities_in(previous.start, previous.end)
                       if p.quantity.kind is not QuantityKind.PERCENT
                       and not _CHANGE_BEFORE.search(text[max(previous.start, p.flow_start - 16):
                                                         p.flow_start])]
            if amounts:
                found.append(_Binding(amounts[-1].quantity, None, False, "previous", 1.0,
                                      (Assumption.PREVIOUS_SENTENCE,)))
    return found


def _named_base(sentence: _Sentence, lead: ChangeFigure,
                earlier: list[PlacedQuantity]) -> PlacedQuantity | None:
    """The figure an anchor names as the base (比年初预算增加 D → the 年初预算 figure), in
    this sentence or the two before it; None for 比上年 and the like (no figure named)."""
    match = _NAMED_REF.search(sentence.before(lead.word_start, 16))
    if match is None:
        return None
    ref = "".join(match.group("ref").split()).removesuffix("的")
    if len(ref) < 2 or _PREVIOUS_ONLY.match(ref):
        return None  # 比上年(决算数)增加: last year's figure, named but not stated here
    doc = sentence.doc
    first = sentence.sentences[max(0, sentence.index - 2)].start
    text = doc.flow.text
    plan = names_plan(ref)
    for placed in reversed(sentence.figures.quantities_in(first, lead.word_start)):
        if placed.quantity.kind is QuantityKind.PERCENT \
                or _CHANGE_BEFORE.search(text[max(0, placed.flow_start - 16):placed.flow_start]):
            continue
        clause = text[max(first, placed.flow_start - 40):placed.flow_start]
        clause = "".join(regex.split(r"[,，;；。]", clause)[-1].split())
        if _NAMED_LINK.sub("", clause).endswith(ref):
            return placed
        # 比年初预算增加 D ← 批准的…支出预算为 X: a plan of the same kind, named otherwise
        if plan and ends_with_plan(_NAMED_LINK.sub("", clause)) \
                and qualifier(clause) in (qualifier(ref), ""):
            return placed
    return None


def _skip_rate_clauses(sentence: _Sentence, earlier: list[PlacedQuantity],
                       group: list[ChangeFigure]) -> tuple[list[PlacedQuantity], int]:
    """Drop ``，完成预算的P%`` clauses between C and a money change (``C，完成预算的
    100.54%，同比减少D``); returns the remaining figures and where the gap to the change
    word starts."""
    if not earlier:
        return earlier, 0
    gap_start = earlier[-1].flow_end
    if not any(f.role == "amount" and f.placed.quantity.kind is not QuantityKind.PERCENT
               for f in group):
        return earlier, gap_start
    kept = list(earlier)
    while len(kept) >= 2 and kept[-1].quantity.kind is QuantityKind.PERCENT \
            and _RATE_CLAUSE.match(sentence.text[kept[-2].flow_end:kept[-1].flow_start]):
        kept.pop()
    if len(kept) == len(earlier) or kept[-1].quantity.kind is QuantityKind.PERCENT:
        return earlier, gap_start
    return kept, gap_start


def _find_subject_value(sentence: _Sentence, name: str, before: int) -> tuple[Quantity, bool] | None:
    """The nearest ``name C`` before ``before`` in this or the three previous sentences.

    When the name is not restated word for word, two readings are tried, each uncertain:
    the same core with only filler words in between (``“三公”经费支出`` ←
    ``“三公”经费财政拨款支出决算合计C``), and the report's own total spending for
    ``本项目支出``/``部门整体支出`` (← ``实际支出C``).
    """
    if len(name) < 2:
        return None
    exact = regex.compile(regex.escape(name) + _SUBJECT_LINK)
    found = _nearest_linked(sentence, before, exact, len(name) + 8)
    if found is not None:
        quantity, start = found
        text = sentence.doc.flow.text
        previous_char = text[start - 1] if start > 0 else ""
        certain = not _RE_HAN_CHAR.match(previous_char) or previous_char in "年度"
        return quantity, certain
    core = _CORE_SUFFIX.sub("", name)
    if len(core) >= 2 and core != name:
        fuzzy = regex.compile(
            rf"(?<![\p{{Han}}])“?{regex.escape(core)}{_FILLER}{_SUBJECT_LINK}"
        )
        found = _nearest_linked(sentence, before, fuzzy, len(core) + 20)
        if found is not None:
            return found[0], False
    if _TOTAL_SPENDING_SUBJECT.match(name):
        found = _nearest_linked(sentence, before, _TOTAL_SPENDING_LINK, 16)
        if found is not None:
            return found[0], False
    return None


def _nearest_linked(sentence: _Sentence, before: int, pattern: regex.Pattern[str],
                    width: int) -> tuple[Quantity, int] | None:
    """The nearest money-or-count figure whose preceding text ends with ``pattern``."""
    doc = sentence.doc
    first = sentence.sentences[max(0, sentence.index - 3)].start
    text = doc.flow.text
    for placed in reversed(sentence.figures.quantities_in(first, before)):
        window = text[max(first, placed.flow_start - width):placed.flow_start]
        match = pattern.search(window)
        if match is None:
            continue
        return placed.quantity, placed.flow_start - len(window) + match.start()
    return None


def _previous_phrase(sentence: _Sentence, exclude: set[int],
                     like: Quantity | None = None) -> Quantity | None:
    """B written as ``上年为B`` / ``上年决算B`` anywhere in the sentence.

    ``上年为0`` (no unit) is read in the unit of ``like``, the current value.
    """
    for placed in sentence.quantities:
        if placed.flow_start in exclude:
            continue
        if _PREVIOUS_PHRASE.search(sentence.before(placed.flow_start, 12)):
            return placed.quantity
    zero = _PREVIOUS_ZERO.search(sentence.text, sentence.range.start, sentence.range.end)
    if zero is None or like is None:
        return None
    start, end = sentence.doc.flow.to_source(zero.end() - 1, zero.end())
    return replace(like, start=start, end=end, text=sentence.doc.text[start:end],
                   mantissa=Decimal(0), decimals=0, qualifier="", low=Decimal(0), high=Decimal(0))


def _evaluate_group(sentence: _Sentence, group: list[ChangeFigure]) -> list[ChangeRelation]:
    """Each stated figure of a change group, decided over the bindings of C and B.

    A stated figure holds when a plausible binding makes it hold (as written, or with one
    money figure read ×10⁴ or ÷10⁴ — a unit slip); it fails only when the confident binding
    fails and no plausible one holds.
    """
    if _RANK_TERMS.search(sentence.before(group[0].word_start, 40)):
        return []
    tried: dict[tuple[int, str], list[tuple[_Binding, ChangeRelation]]] = {}
    for binding in _bindings(sentence, group):
        for relation in _evaluate_binding(sentence, group, binding):
            if not relation.holds:
                relation = _slip_reading(sentence, group, binding, relation) or relation
            key = (relation.stated_start, _family(relation.check))
            tried.setdefault(key, []).append((binding, relation))
    decided: list[ChangeRelation] = []
    for candidates in tried.values():
        readings = []
        by_reading: dict[int, tuple[_Binding, ChangeRelation]] = {}
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
    return sorted(decided, key=lambda r: r.stated_start)


def _family(check: ChangeCheck) -> str:
    """Relations about the same stated words compete; 持平 and direction are one family."""
    return {ChangeCheck.POINTS: "amount", ChangeCheck.ZERO_BASE: "rate",
            ChangeCheck.FLAT_CHANGE: "flat", ChangeCheck.FLAT_NEW: "flat",
            ChangeCheck.FLAT_VALUES: "flat"}.get(check, check.value)


_SLIP_FACTORS = (Decimal(10000), Decimal(1) / Decimal(10000))


def _slip_reading(sentence: _Sentence, group: list[ChangeFigure], binding: _Binding,
                  failed: ChangeRelation) -> ChangeRelation | None:
    """The failed relation once one money figure (C, B or the stated change) is read ×10⁴ or
    ÷10⁴, when that makes it hold: a unit slip on that figure."""
    money = [q for q in (binding.current, binding.previous) if q is not None
             and q.kind is QuantityKind.MONEY and q.is_exact]
    money += [f.placed.quantity for f in group if f.placed.quantity.kind is QuantityKind.MONEY
              and f.placed.quantity.is_exact]
    if len({q.multiplier for q in money}) < 2:
        return None  # every figure at one scale: a slip would not be visible
    holding: list[tuple[tuple[int, int, int], ChangeRelation]] = []
    for suspect in money:
        others = [q.multiplier for q in money if q is not suspect]
        for factor in _SLIP_FACTORS:
            scaled = replace(suspect, multiplier=suspect.multiplier * factor)
            swapped = _Binding(scaled if binding.current is suspect else binding.current,
                               scaled if binding.previous is suspect else binding.previous,
                               binding.certain, binding.found_by, binding.score, binding.assumptions)
            regrouped = [replace(f, placed=replace(f.placed, quantity=scaled))
                         if f.placed.quantity is suspect else f for f in group]
            for relation in _evaluate_binding(sentence, regrouped, swapped):
                if relation.stated_start == failed.stated_start and relation.holds \
                        and _family(relation.check) == _family(failed.check) \
                        and not relation.negative_base:
                    # the likelier slip joins the scale the other figures use, then the
                    # document's usual scale, then is a figure written too small
                    votes = sentence.votes
                    rank = (others.count(scaled.multiplier) - others.count(suspect.multiplier),
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


def _evaluate_binding(sentence: _Sentence, group: list[ChangeFigure], binding: _Binding
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
        ))
        return relations
    sign = group[0].sign
    current, previous = binding.current, binding.previous
    if previous is None:
        exclude = {f.placed.flow_start for f in group}
        previous = _previous_phrase(sentence, exclude, current)
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
    if rate is not None and _REAL_TERMS.search(sentence.range.text):
        rate = None
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
                                      f"{_number(stated_amount)}/{_number(previous)}",
                                      (stated_amount, previous), certain)
            relations += [relation] if relation is not None else []
    return relations


def _in_unit(value: Decimal, *quantities: Quantity) -> str:
    """A base-unit value shown in the first figure's unit, with the figures' precision."""
    places = max(q.decimals for q in quantities)
    return plain(value / quantities[0].multiplier, places) + quantities[0].unit


def _difference_text(current: Quantity, previous: Quantity) -> str:
    if current.multiplier != previous.multiplier:
        return f"{shown(current)}−{shown(previous)}"
    return f"{_number(current)}−{_number(previous)}"


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
            f"{_difference_text(current, previous)} = {_in_unit(diff_value, current, previous)}，"
            f"所述“{change.word}”",
            change.word, sign=sign,
        ))
        return relations
    for figure in (amount, points):
        if figure is None:
            continue
        stated = figure.placed.quantity
        holds, truncated = _meets_stated(signed, stated)
        computed = _in_unit(abs(diff_value), stated, current, previous)
        relations.append(ChangeRelation(
            ChangeCheck.POINTS if figure.role == "points" else ChangeCheck.AMOUNT,
            figure.placed.flow_start, figure.placed.flow_end, shown(stated),
            (current, previous), holds, certain,
            f"{_difference_text(current, previous)} = {computed}（所述{figure.word} {shown(stated)}）",
            figure.word, computed, truncated, figure.sign,
        ))
    if rate is not None:
        relation = _rate_relation(rate, signed, interval_of(previous), diff_value * sign,
                                  previous.value,
                                  f"({_difference_text(current, previous)})/{_number(previous)}",
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
    formula = f"{_number(stated_amount)}/({_number(current)}{op}{_number(stated_amount)})"
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
        base_text = _in_unit(base_value, *others)
        if base.high < 0:
            # a negative base (支出冲减 last year): reports give the change over its size
            computed = percent_of(change, negated(base))
            if computed is not None and _bounded(computed):
                holds, truncated = _meets_stated(computed, stated)
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
    if computed is None or not _bounded(computed):
        return ChangeRelation(ChangeCheck.RATE, rate.placed.flow_start, rate.placed.flow_end,
                              shown(stated), others, True, certain,
                              f"{formula}（所述 {shown(stated)}）", rate.word, sign=rate.sign)
    holds, truncated = _meets_stated(computed, stated)
    midpoint = change_value / base_value * HUNDRED
    return ChangeRelation(
        ChangeCheck.RATE, rate.placed.flow_start, rate.placed.flow_end, shown(stated), others,
        holds, certain, f"{formula} = {plain(midpoint)}%（所述 {shown(stated)}）",
        rate.word, f"{plain(midpoint)}%", truncated, rate.sign,
    )


def _flat_relations(sentence: _Sentence, groups: list[list[ChangeFigure]]) -> list[ChangeRelation]:
    """持平 against a change figure, a change word or C and B in the same sentence."""
    relations = []
    text = sentence.text
    for match in _FLAT.finditer(text, sentence.range.start, sentence.range.end):
        if "基本" in match.group(0):
            continue
        adjacent = [g for g in groups
                    if _RE_ENUM_GAP.fullmatch(text[g[-1].placed.flow_end:match.start()])]
        stated_text = match.group(0)
        if adjacent:
            group = adjacent[-1]
            figures = [f for f in group if f.role != "new"]
            nonzero = [f for f in figures if not interval_of(f.placed.quantity).meets(Interval(Decimal(0), Decimal(0)))]
            if nonzero:
                figure = nonzero[0]
                relations.append(ChangeRelation(
                    ChangeCheck.FLAT_CHANGE, match.start(), match.end(), stated_text,
                    (figure.placed.quantity,), False, True,
                    f"所述“{stated_text}”，同时写明{figure.word} {shown(figure.placed.quantity)}",
                    figure.word, sign=figure.sign,
                ))
                continue
            if len(figures) < len(group):
                new = next(f for f in group if f.role == "new")
                relations.append(ChangeRelation(
                    ChangeCheck.FLAT_NEW, match.start(), match.end(), stated_text,
                    (new.placed.quantity,), False, False,
                    f"“{new.word}为 {shown(new.placed.quantity)}”与“{stated_text}”用语矛盾",
                    new.word, sign=new.sign,
                ))
                continue
            relations.append(ChangeRelation(
                ChangeCheck.FLAT_CHANGE, match.start(), match.end(), stated_text,
                tuple(f.placed.quantity for f in figures), True, True,
                f"变化 {'、'.join(shown(f.placed.quantity) for f in figures)} 为零（所述“{stated_text}”）",
            ))
            continue
        relation = _flat_against_values(sentence, match.start(), match.end(), stated_text)
        if relation is not None:
            relations.append(relation)
    return relations


def _flat_against_values(sentence: _Sentence, start: int, end: int, stated_text: str) -> ChangeRelation | None:
    """持平 against C (the figure right before it, or the restated subject's figure) and
    B (``上年为B`` in the same sentence)."""
    earlier = [p for p in sentence.quantities if p.flow_end <= start]
    certain = True
    if earlier and _RE_GAP.fullmatch(sentence.text[earlier[-1].flow_end:start]):
        current = earlier[-1].quantity
        exclude = {earlier[-1].flow_start}
    else:
        # 与上年相比，本项目支出与上年持平（上年为460.82万元）
        subject = _FLAT_SUBJECT.search(sentence.text, sentence.range.start, start)
        if subject is None or earlier:
            return None
        found = _find_subject_value(sentence, subject.group("s1").strip("“”"), subject.start())
        if found is None:
            return None
        current, certain = found
        exclude = set()
    previous = _previous_phrase(sentence, exclude)
    if previous is None or not _comparable(current, previous):
        return None
    holds = interval_of(current).meets(interval_of(previous))
    return ChangeRelation(
        ChangeCheck.FLAT_VALUES, start, end, stated_text, (current, previous), holds, certain,
        f"{_difference_text(current, previous)} = {_in_unit(current.value - previous.value, current, previous)}"
        f"（所述“{stated_text}”）",
    )


def change_relations(doc: AnalysedDocument, figures: Figures,
                     sentences: list[TextRange] | None = None) -> list[ChangeRelation]:
    """Every checkable change statement of the document, evaluated (over ``sentences``, the
    document's sentences with line cuts rejoined, by default)."""
    relations: list[ChangeRelation] = []
    sentences = sentences if sentences is not None else logical_sentences(doc)
    votes: dict[Decimal, int] = {}
    for placed in figures.quantities:
        if placed.quantity.kind is QuantityKind.MONEY:
            votes[placed.quantity.multiplier] = votes.get(placed.quantity.multiplier, 0) + 1
    for index in range(len(sentences)):
        sentence = _Sentence(doc, figures, index, sentences, votes)
        if not sentence.quantities and "持平" not in sentence.range.text:
            continue
        groups = _groups(sentence, change_figures(sentence))
        for group in groups:
            relations += _evaluate_group(sentence, group)
        relations += _flat_relations(sentence, groups)
    return relations

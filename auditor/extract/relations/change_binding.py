"""Where a change statement's figures are: change words, groups, and the bindings of the
current value C and the previous value B tried as readings (see :mod:`.change`)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from auditor.extract.figures import PlacedQuantity
from auditor.extract.relations.base import Assumption
from auditor.extract.relations.change import POINTS_UNIT, ChangeFigure
from auditor.extract.relations.change_transition import transition_before
from auditor.extract.relations.context import MAX_CANDIDATES, bracket_spans, inside
from auditor.extract.relations.labels import ends_with_plan, names_plan, qualifier
from auditor.lexicon import alternation, compile_terms, terms
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures
    from auditor.text.sentences import TextRange

#: a blank line may cut a change in two (…减少 60841 万元，⏎⏎下降 6.8%)
_RE_COMPARISON_GAP = regex.compile(r"[\s,，、]*(?:同比|比上年|较上年)?\s*")
ENUM_GAP = regex.compile(r"[ \t,，、]*")
PLAIN_GAP = regex.compile(r"[ \t,，]*")
_RE_HAN_CHAR = regex.compile(r"\p{Han}")

_UP = frozenset(terms("changes", "up"))
_WORDS = alternation("changes", "up", "down", spaced=True)
# The change word right before a figure: ``增加2.55万元``, ``增长 1.40%``, ``减少为0.00万元``.
_CHANGE_BEFORE = regex.compile(
    rf"(?<!新)(?P<word>{_WORDS})(?P<to>到|至|为)?了?\s*$"
)
# Compound growth, comparable-price growth and the like are not ratios of written figures.
_NOT_SIMPLE = regex.compile(rf"(?:{alternation('changes', 'not_simple')})[ \t]*$")
# 排名由369位上升到235位: a better rank is a smaller number.
RANK_TERMS = regex.compile(r"排名|位次|名次|排位|排第|排行")
REAL_TERMS = compile_terms("changes", "real_terms")

_REF = (rf"(?:{alternation('changes', 'previous')}"
        r"|(?:19|20)[0-9]{2}[ \t]*年度?(?:同期)?|[^,，;；。:：0-9]{1,16}?)")
_ANCHOR = (rf"(?:{alternation('changes', 'anchor_alone')}|(?:{alternation('changes', 'anchor')})"
           rf"[ \t]*{_REF}(?:相比|相较|比较)?)")
#: gap between C and the change word when nothing else is in between (a line break inside a
#: sentence is layout: a numbered first line kept apart as a heading ends ``C，⏎比上年增加 D``)
_DIRECT_GAP = regex.compile(rf"^[\s,，、]*(?:{_ANCHOR}[\s,，、]*)?$")
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
FLAT_SUBJECT = regex.compile(
    rf"(?:^|(?<=[\n。；;！？!?])|{_ANCHOR}[ \t]*[,，])[ \t]*(?P<s1>{_NAME}{{2,30}}?)[ \t]*{_SUBJECT_ADVERB}[ \t]*$"
)
#: how many figures back the nearest figure outside brackets is looked for
_OUTSIDE_REACH = 60
#: how far before a change word its restated subject is looked for
_SUBJECT_REACH = 160
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
FLAT = regex.compile(
    r"(?<!基本|大致|总体|大体|略有|基本上)"
    r"(?:(?:与|和|同|较)[ \t]*(?:上年同期|去年同期|上年度|上一年度?|上年|去年|同期|(?:19|20)[0-9]{2}[ \t]*年度?)"
    r"(?:同期)?[ \t]*(?:相比|相较)?|同比)[ \t]*(?:基本)?持平"
)


class ChangeSentence:
    """One sentence with its quantities (flow coordinates)."""

    def __init__(self, doc: AnalysedDocument, figures: Figures, index: int,
                 sentences: list[TextRange], votes: dict[Decimal, int] | None = None,
                 heading_starts: frozenset[int] = frozenset()) -> None:
        self.doc = doc
        self.votes = votes or {}
        self.heading_starts = heading_starts
        self.figures = figures
        self.index = index
        self.sentences = sentences
        self.range: TextRange = sentences[index]
        self.text = doc.flow.text
        self.quantities = figures.quantities_in(self.range.start, self.range.end)

    def before(self, position: int, width: int = 24) -> str:
        return self.text[max(self.range.start, position - width):position]

    def earlier(self, position: int) -> list[PlacedQuantity]:
        """The last quantities (at most :data:`_OUTSIDE_REACH`) that end by ``position``, in
        order: only the nearest few are ever read."""
        end = bisect.bisect_right(self._ends, position)
        return self.quantities[max(0, end - _OUTSIDE_REACH):end]

    @cached_property
    def _ends(self) -> list[int]:
        return [p.flow_end for p in self.quantities]

    def in_brackets(self, position: int) -> bool:
        """Whether ``position`` is inside a bracket opened in this sentence."""
        return inside(self._brackets, position)

    @cached_property
    def after_previous_phrase(self) -> list[PlacedQuantity]:
        """The figures written right after ``上年为`` / ``上年决算`` (found once a sentence)."""
        return [p for p in self.quantities
                if _PREVIOUS_PHRASE.search(self.before(p.flow_start, 12))]

    @cached_property
    def previous_zero(self) -> regex.Match[str] | None:
        """``上年为0`` in this sentence."""
        return _PREVIOUS_ZERO.search(self.text, self.range.start, self.range.end)

    @cached_property
    def _brackets(self) -> tuple[list[int], list[int]]:
        return bracket_spans(self.text, self.range.start, self.range.end)


def change_figures(sentence: ChangeSentence) -> list[ChangeFigure]:
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


def group_figures(sentence: ChangeSentence, figures: list[ChangeFigure]) -> list[list[ChangeFigure]]:
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
class Binding:
    """One hypothesis about a change's current value C and previous value B."""

    current: Quantity | None = None
    previous: Quantity | None = None
    certain: bool = True
    found_by: str = ""
    score: float = 2.0
    assumptions: tuple[Assumption, ...] = ()


def _quantities_between(sentence: ChangeSentence, start: int, end: int) -> list[PlacedQuantity]:
    return [p for p in sentence.quantities if start <= p.flow_start and p.flow_end <= end]


def _bind(sentence: ChangeSentence, group: list[ChangeFigure]) -> Binding:
    """The binding the clause structure makes plain (see the module docstring)."""
    binding = Binding(assumptions=(Assumption.CURRENT_BEFORE,))
    lead = group[0]
    new = next((f for f in group if f.role == "new"), None)
    text = sentence.text
    earlier = sentence.earlier(lead.word_start)
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
    # a subject and its anchor are a few dozen characters: searching the whole sentence for
    # every change group was quadratic in a long one
    subject = _SUBJECT.search(text, max(sentence.range.start, lead.word_start - _SUBJECT_REACH),
                              lead.word_start)
    if subject is not None:
        name = (subject.group("s1") or subject.group("s2") or "").strip("“”")
        found = find_subject_value(sentence, name, subject.start())
        if found is not None:
            binding.current, binding.certain = found
            binding.found_by = "subject"
            binding.score = 2.0  # a restated subject, by name or by meaning, is a confident link
            binding.assumptions = (Assumption.SUBJECT_BY_NAME if binding.certain
                                   else Assumption.SUBJECT_BY_MEANING,)
    return binding




def _last(quantities: list[PlacedQuantity], keep, count: int,
          reach: int | None = None) -> list[PlacedQuantity]:
    """The last ``count`` quantities ``keep`` accepts, in order, looking at most ``reach``
    figures back."""
    found: list[PlacedQuantity] = []
    for placed in reversed(quantities[-reach:] if reach else quantities):
        if keep(placed):
            found.append(placed)
            if len(found) == count:
                break
    found.reverse()
    return found


def bindings(sentence: ChangeSentence, group: list[ChangeFigure]) -> list[Binding]:
    """Every plausible binding of C and B, best first: the one the clause structure makes
    plain, then the other readings a real sentence allows — the figure after 比/较 as the
    base rather than the current value, the nearest figure before the change that is not
    itself a change, and the figure a sentence before when this one states none."""
    primary = _bind(sentence, group)
    found = [primary]
    lead = group[0]
    text = sentence.text
    changes = {f.placed.flow_start for f in group}

    def level(p: PlacedQuantity) -> bool:
        return p.quantity.kind is not QuantityKind.PERCENT and p.flow_start not in changes \
            and not _CHANGE_BEFORE.search(sentence.before(p.flow_start, 16))

    # only the nearest few are read: walked back, not filtered over the whole sentence (a
    # sentence with hundreds of changes was cubic)
    earlier = _last(sentence.earlier(lead.word_start), level, MAX_CANDIDATES)
    if len(earlier) >= 2:
        current, base = earlier[-2], earlier[-1]
        if _BASE_GAP.match(text[current.flow_end:base.flow_start]) \
                and _BASE_AFTER.match(text[base.flow_end:lead.word_start]):
            # 累计投入 C，比上一个五年的 B 增加 D / 较“十三五”时期（B）增加 D: the base
            found.append(Binding(current.quantity, base.quantity, True, "base", 2.5,
                                  (Assumption.BASE_AS_CURRENT, Assumption.PREVIOUS_STATED)))
    outside = _last(sentence.earlier(lead.word_start),
                    lambda p: level(p) and not sentence.in_brackets(p.flow_start)
                    and _PREVIOUS_PHRASE.search(sentence.before(p.flow_start)) is None, 1,
                    _OUTSIDE_REACH)
    # a figure read as the base (比上一个五年的 B) is not also the current value of a reading
    if outside and all(outside[-1].quantity not in (b.current, b.previous) for b in found):
        # the nearest figure outside brackets: 安排4019万元（其中：开发区170万元），同比减少165万元
        gap = text[outside[-1].flow_end:lead.word_start]
        direct = _DIRECT_GAP.match(_BRACKETED.sub("", gap)) is not None
        found.append(Binding(outside[-1].quantity, None, True, "nearest",
                              2.0 if direct else 1.0, (Assumption.NEAREST,)))
    named = _named_base(sentence, lead, earlier)
    if named is not None:
        for binding in list(found):
            if binding.current is not None and binding.current is not named.quantity:
                # 调整后的支出预算为 C，比年初预算增加 D: the base is the figure the anchor names
                found.append(Binding(binding.current, named.quantity, binding.certain, "named",
                                      max(binding.score, 2.0),
                                      (*binding.assumptions, Assumption.PREVIOUS_STATED)))
                break
    if primary.previous is None:
        transition = transition_before(sentence, lead.word_start)
        if transition is not None:
            # 总收支从年初预算的 B 调整为 C，……，总收支相应增加 D
            found.append(Binding(transition.current, transition.previous, transition.same_subject,
                                 "transition", 2.0 if transition.same_subject else 1.0,
                                 (Assumption.TRANSITION,)))
    if not earlier and primary.current is None and sentence.index > 0:
        previous = sentence.sentences[sentence.index - 1]
        if previous.start in sentence.heading_starts:
            heading = _heading_amount(sentence, previous)
            if heading is not None:
                # （一）一般公共服务支出 C ⏎ 比上年增加 D: the section's heading states C
                opens = _DIRECT_GAP.match(text[sentence.range.start:lead.word_start]) is not None
                found.append(Binding(heading.quantity, None, opens, "heading", 2.0 if opens else 1.0,
                                     (Assumption.SECTION_SCOPE,)))
        elif previous.paragraph == sentence.range.paragraph:
            # a sentence with no figure between (培训费支出 C。主要用于…。比上年增加 D) is skipped
            back = sentence.index - 1
            while back > 0 and back > sentence.index - _SENTENCES_SKIPPED - 1 \
                    and not sentence.figures.quantities_in(previous.start, previous.end) \
                    and sentence.sentences[back - 1].paragraph == sentence.range.paragraph \
                    and sentence.sentences[back - 1].start not in sentence.heading_starts:
                back -= 1
                previous = sentence.sentences[back]
            amounts = [p for p in sentence.figures.quantities_in(previous.start, previous.end)
                       if p.quantity.kind is not QuantityKind.PERCENT
                       and not _CHANGE_BEFORE.search(text[max(previous.start, p.flow_start - 16):
                                                         p.flow_start])]
            if amounts:
                # 培训费支出 C。比上年增加 D: a sentence that opens with its comparison continues
                # the one before; when that one states a single amount, it is C
                opens = _DIRECT_GAP.match(text[sentence.range.start:lead.word_start]) is not None
                score = 2.0 if opens and len(amounts) == 1 else 1.0
                found.append(Binding(amounts[-1].quantity, None, score == 2.0, "previous", score,
                                      (Assumption.PREVIOUS_SENTENCE,)))
    return found


#: sentences without figures a change may reach back over for its current value
_SENTENCES_SKIPPED = 2


def _heading_amount(sentence: ChangeSentence, heading: TextRange) -> PlacedQuantity | None:
    """The one amount a heading line states (``（一）一般公共服务支出 126.40 万元``), if any."""
    amounts = [p for p in sentence.figures.quantities_in(heading.start, heading.end)
               if p.quantity.kind is QuantityKind.MONEY]
    return amounts[0] if len(amounts) == 1 else None


def _named_base(sentence: ChangeSentence, lead: ChangeFigure,
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
    for placed in reversed(sentence.figures.quantities_in(first, lead.word_start)[-_OUTSIDE_REACH:]):
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


def _skip_rate_clauses(sentence: ChangeSentence, earlier: list[PlacedQuantity],
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


def find_subject_value(sentence: ChangeSentence, name: str, before: int) -> tuple[Quantity, bool] | None:
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


def _nearest_linked(sentence: ChangeSentence, before: int, pattern: regex.Pattern[str],
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


def previous_phrase(sentence: ChangeSentence, exclude: set[int],
                     like: Quantity | None = None) -> Quantity | None:
    """B written as ``上年为B`` / ``上年决算B`` anywhere in the sentence.

    ``上年为0`` (no unit) is read in the unit of ``like``, the current value.
    """
    for placed in sentence.after_previous_phrase:
        if placed.flow_start not in exclude:
            return placed.quantity
    zero = sentence.previous_zero
    if zero is None or like is None:
        return None
    start, end = sentence.doc.flow.to_source(zero.end() - 1, zero.end())
    return replace(like, start=start, end=end, text=sentence.doc.text[start:end],
                   mantissa=Decimal(0), decimals=0, qualifier="", low=Decimal(0), high=Decimal(0))


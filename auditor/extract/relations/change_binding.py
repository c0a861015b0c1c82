"""The bindings of a change statement's current value C and previous value B, tried as
readings (see :mod:`.change`); the sentence and its change figures are read in
:mod:`.change_sentence`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.relations.base import Assumption
from auditor.extract.relations.change import ChangeFigure
from auditor.extract.relations.change_bases import heading_amount, list_head, named_base
from auditor.extract.relations.change_sentence import CHANGE_BEFORE as _CHANGE_BEFORE
from auditor.extract.relations.change_sentence import OUTSIDE_REACH as _OUTSIDE_REACH
from auditor.extract.relations.change_sentence import PREVIOUS_PHRASE as _PREVIOUS_PHRASE
from auditor.extract.relations.change_sentence import PREVIOUS_ZERO as _PREVIOUS_ZERO
from auditor.extract.relations.change_sentence import WORDS as _WORDS
from auditor.extract.relations.change_sentence import ChangeSentence, find_subject_value
from auditor.extract.relations.change_transition import transition_before
from auditor.extract.relations.context import MAX_CANDIDATES
from auditor.lexicon import alternation
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.extract.figures import PlacedQuantity

# a year may be followed by what of it is meant (2019年（疫情前）决算数)
_REF = (rf"(?:{alternation('changes', 'previous')}"
        r"|(?:19|20)[0-9]{2}[ \t]*年度?(?:同期)?[^,，;；。:：0-9]{0,12}?|[^,，;；。:：0-9]{1,16}?)")
# 同比上年度: an anchor that names its period itself may name it again
_ANCHOR = (rf"(?:(?:{alternation('changes', 'anchor_alone')})(?:[ \t]*(?:{alternation('changes', 'previous')}))?"
           rf"|(?:{alternation('changes', 'anchor')})"
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
#: 与上年相比，2023年度的“三公”经费支出减少: the subject may be dated again
_SUBJECT_YEAR = r"(?:(?:19|20)[0-9]{2}[ \t]*年度?的?[ \t]*)?"
_SUBJECT = regex.compile(
    rf"(?:{_ANCHOR}[ \t]*[,，][ \t]*{_SUBJECT_YEAR}(?P<s1>{_NAME}{{2,30}}?)[ \t]*(?:{_ANCHOR})?[ \t]*"
    rf"{_SUBJECT_ADVERB}[ \t]*|(?<!{_NAME})(?P<s2>{_NAME}{{2,30}}?)[ \t]*{_ANCHOR}[ \t]*)$"
)
#: 与上年相比，收入、支出总计与上年持平: the subject right before a 持平 phrase
FLAT_SUBJECT = regex.compile(
    rf"(?:^|(?<=[\n。；;！？!?])|{_ANCHOR}[ \t]*[,，])[ \t]*(?P<s1>{_NAME}{{2,30}}?)[ \t]*{_SUBJECT_ADVERB}[ \t]*$"
)
#: how far before a change word its restated subject is looked for
_SUBJECT_REACH = 160
#: ``，完成预算的100.54%`` / ``，超时间进度3.3个百分点``: a clause whose only figure is a
#: percentage, said between C and a money change, describes C (a money change cannot measure
#: a percentage); a 其中 clause names a part instead
_RATE_CLAUSE = regex.compile(r"^[ \t]*[,，][ \t]*(?!其中)[^,，;；。0-9]{0,16}?[ \t]*$")
#: ``，完成年初预算数 B 的 P%`` / ``，占调整预算 P%``: a rate of C, its base perhaps written in it
_RATE_SPAN = regex.compile(
    rf"[ \t]*[,，][ \t]*(?:{alternation('cues', 'rate_verb', spaced=True)})[^,，;；。%]{{0,30}}?"
    r"[0-9][0-9,.]*[ \t]*%")
#: a clause whose only figure is a percentage (see :data:`_RATE_CLAUSE`), in a gap
_PERCENT_CLAUSE = regex.compile(
    r"[ \t]*[,，][ \t]*(?!其中)[^,，;；。0-9]{0,16}?[0-9][0-9.]*[ \t]*(?:%|个百分点)")
_PREVIOUS_CLAUSE = regex.compile(r"^[ \t,，]*" + _PREVIOUS_PHRASE.pattern)
#: a year naming the base's period (比2025年执行数 B)
_YEAR = r"(?:19|20)[0-9]{2}(?=[ \t]*年)"
#: C，比上一个五年的 B / C，较“十三五”时期（B）: a comparison naming its base between C and B
_BASE_GAP = regex.compile(
    rf"^[ \t,，]*(?:比|较)(?:(?!{_WORDS})(?:[^,，;；。0-9]|{_YEAR})){{0,16}}?的?[ \t]*[(（]?[ \t]*$")
_BASE_AFTER = regex.compile(r"^[ \t]*[)）]?[ \t]*$")
_BRACKETED = regex.compile(r"[(（][^()（）]*[)）]")
_FROM = regex.compile(r"(?:由|从)[^,，;；。]{0,12}?$")

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
    if gap_start and not sentence.in_brackets(lead.word_start):
        # C（县本级 a，高新区 b），完成调整预算的 P%，同比增收 D: a bracket closed before the
        # change says what C holds
        while earlier and sentence.in_brackets(earlier[-1].flow_start):
            earlier = earlier[:-1]
    if earlier:
        last = earlier[-1]
        gap = text[gap_start:lead.word_start]
        base = _unit_less_base(sentence, last, gap_start, lead.word_start)
        if base is not None:
            # 为 C 元，比上年的 B 增加 D: the base written without a unit is in C's unit
            binding.current, binding.previous = last.quantity, base
            binding.found_by, binding.score = "clause", 2.5
            binding.assumptions = (Assumption.CURRENT_BEFORE, Assumption.PREVIOUS_STATED)
            return binding
        if len(earlier) >= 2:
            current = earlier[-2]
            # a bracket after C says what C holds (C（主要包括…），比上年的B增加D)
            between = _RATE_SPAN.sub("", _BRACKETED.sub("", text[current.flow_end:last.flow_start]))
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
        if len(earlier) == 1 and _OPENING_BASE.match(text, sentence.range.start, last.flow_start) \
                and _AFTER_PREVIOUS.match(gap):
            # 比报告数 B 增加 D opening a sentence: B is the base, C is in the sentence before
            binding.previous = last.quantity
            binding.found_by = "opening base"
            binding.assumptions = (Assumption.PREVIOUS_STATED,)
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
        gap = _BRACKETED.sub("", text[outside[-1].flow_end:lead.word_start])
        if any(f.role == "amount" and f.placed.quantity.kind is not QuantityKind.PERCENT for f in group):
            # C（县本级 a，高新区 b），完成调整预算的 P%，同比增收 D: the rate describes C
            gap = _PERCENT_CLAUSE.sub("", gap)
        direct = _DIRECT_GAP.match(gap) is not None
        found.append(Binding(outside[-1].quantity, None, True, "nearest",
                              2.0 if direct else 1.0, (Assumption.NEAREST,)))
    named = named_base(sentence, lead, earlier)
    if named is not None:
        for binding in list(found):
            if binding.current is not None and binding.current is not named.quantity:
                # 调整后的支出预算为 C，比年初预算增加 D: the base is the figure the anchor names
                found.append(Binding(binding.current, named.quantity, binding.certain, "named",
                                      max(binding.score, 2.0),
                                      (*binding.assumptions, Assumption.PREVIOUS_STATED)))
                break
    if primary.current is not None and primary.previous is not None \
            and Assumption.PREVIOUS_STATED in primary.assumptions:
        placed = next((p for p in earlier if p.quantity is primary.current), None)
        head = None if placed is None else list_head(sentence, sentence.range.start, placed.flow_start)
        if head is not None and head.quantity is not primary.previous:
            # 转移性收入 T，其中：a、b、c，比报告数 B 增加 D: the comparison after the list may
            # measure its total; as plausible as its last part
            found.append(Binding(head.quantity, primary.previous, True, "list head", primary.score,
                                  (Assumption.LIST_HEAD, Assumption.PREVIOUS_STATED)))
    if primary.previous is None:
        transition = transition_before(sentence, lead.word_start)
        if transition is not None:
            # 总收支从年初预算的 B 调整为 C，……，总收支相应增加 D; and 由 B 调整为 C，调增 D,
            # the change said right after the C it led to
            same = transition.same_subject or (transition.current is primary.current
                                               and primary.found_by == "clause")
            found.append(Binding(transition.current, transition.previous, same,
                                 "transition", 2.0 if same else 1.0, (Assumption.TRANSITION,)))
    opening_base = primary.found_by == "opening base"
    if (not earlier or opening_base) and primary.current is None and sentence.index > 0:
        previous = sentence.sentences[sentence.index - 1]
        head = list_head(sentence, previous.start, previous.end) if opening_base else None
        if head is not None:
            # 调入资金 T，其中：a、b。比报告数 B 增加 D: the total the list belongs to
            found.append(Binding(head.quantity, primary.previous, True, "list head", 2.0,
                                  (Assumption.PREVIOUS_SENTENCE, Assumption.LIST_HEAD,
                                   Assumption.PREVIOUS_STATED)))
        if previous.start in sentence.heading_starts:
            heading = heading_amount(sentence, previous)
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
            # 决算 C，完成预算 B 的 P%，比上年增加 D1；比2019年减少 D2: the whole a rate clause
            # writes (B 的 P%) is not the level the next comparison continues
            levels = [p for p in amounts if not _WHOLE_OF_RATE.match(text, p.flow_end)]
            if len(levels) == 1 and len(amounts) > 1:
                amounts = levels
            if amounts:
                # 培训费支出 C。比上年增加 D: a sentence that opens with its comparison continues
                # the one before; when that one states a single amount (or several equal ones:
                # 收入总计 C，支出总计 C。收支较上年减少 D), it is C
                opening = text[sentence.range.start:lead.word_start]
                opens = _DIRECT_GAP.match(opening) is not None
                single = len({(p.quantity.value, p.quantity.unit) for p in amounts}) == 1
                score = 2.0 if opens and single else 1.0
                certain = score == 2.0
                if single and not opens and _echoes(opening, text[previous.start:amounts[-1].flow_start]):
                    # 收入总计 C，支出总计 C。收支较上年减少 D: the subject restated in short, each
                    # of its characters taken from the words before C (a reading by meaning)
                    score, certain = 2.0, False
                found.append(Binding(amounts[-1].quantity, primary.previous, certain, "previous",
                                      score, (Assumption.PREVIOUS_SENTENCE,)))

    return found


#: ``，比上年的12,530.03增加``: a base written as a bare number between C and the change word
_BARE_BASE = regex.compile(
    rf"^[ \t,，]*(?:比|较)[ \t]*{_REF}?的?[ \t]*"
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)[ \t]*(?:相比|相较)?[ \t,，]*$")


def _unit_less_base(sentence: ChangeSentence, current: PlacedQuantity, start: int, end: int
                    ) -> Quantity | None:
    """B written with no unit right after ``比…的`` following C, read in C's unit."""
    quantity = current.quantity
    if quantity.kind not in (QuantityKind.MONEY, QuantityKind.COUNT) or not quantity.unit:
        return None
    match = _BARE_BASE.match(sentence.text[start:end])
    if match is None:
        return None
    written = match.group("number")
    first, last = sentence.doc.flow.to_source(start + match.start("number"), start + match.end("number"))
    mantissa = Decimal(written.replace(",", ""))
    decimals = len(written.partition(".")[2])
    return replace(quantity, start=first, end=last, text=sentence.doc.text[first:last],
                   mantissa=mantissa, decimals=decimals, qualifier="", low=None, high=None)


#: ``比报告数`` opening a sentence: the figure after it is the base
_OPENING_BASE = regex.compile(rf"[\s]*(?:比|较)[ \t]*{_REF}?的?[ \t]*$")
#: a sentence opening with a short subject and its anchor: ``收支较上年``
_OPENING_SUBJECT = regex.compile(
    rf"^[\s,，、]*(?:{_ANCHOR}[\s,，、]*)?{_SUBJECT_YEAR}(?P<name>{_NAME}{{2,12}}?)[ \t]*"
    rf"{_SUBJECT_ADVERB}[ \t]*(?:{_ANCHOR})?[ \t]*$")


def _echoes(opening: str, words: str) -> bool:
    """Whether ``opening`` restates a subject every character of which is in ``words``."""
    match = _OPENING_SUBJECT.match(opening)
    if match is None:
        return False
    name = [ch for ch in match.group("name") if _HAN.match(ch)]
    return len(name) >= 2 and all(ch in words for ch in name)


_HAN = regex.compile(r"\p{Han}")
#: ``B 的 P%``: the amount is the whole a rate clause writes
_WHOLE_OF_RATE = regex.compile(r"[ \t]*的[ \t]*[0-9][0-9.,]*[ \t]*%")
#: sentences without figures a change may reach back over for its current value
_SENTENCES_SKIPPED = 2


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
    if len(kept) == len(earlier):
        # the base written in the rate (C，完成年初预算数 B 的 P%，比上年 …) goes with it
        spans = [m.span() for m in _RATE_SPAN.finditer(sentence.text, earlier[0].flow_end, gap_start)]
        kept = [f for f in earlier if not any(a <= f.flow_start < b for a, b in spans)]
    if len(kept) == len(earlier) or not kept or kept[-1].quantity.kind is QuantityKind.PERCENT:
        return earlier, gap_start
    return kept, gap_start

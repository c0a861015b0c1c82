"""Figures a change statement names away from its clause (see :mod:`.change_binding`): the
base an anchor names (比年初预算增加 D), the total of the 其中 list a compared part belongs
to, the one amount a section heading states, and the figures back to an earlier operand."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from auditor.extract.relations.brackets import bracket_spans, inside
from auditor.extract.relations.change import ChangeFigure
from auditor.extract.relations.change_sentence import CHANGE_BEFORE, OUTSIDE_REACH, WORDS, ChangeSentence
from auditor.extract.relations.labels import ends_with_plan, names_plan, qualifier
from auditor.lexicon import alternation
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.extract.figures import PlacedQuantity
    from auditor.text.sentences import TextRange

#: 比上年 / 比2023年: an anchor naming last year's figure, which is not stated here
_PREVIOUS_ONLY = regex.compile(rf"(?:{alternation('changes', 'previous')}|(?:19|20)[0-9]{{2}}年度?)(?:同期)?")
#: the words an anchor uses to name its base, right before the change word: 比年初预算增加
_NAMED_REF = regex.compile(
    rf"(?:比|较)(?P<ref>(?:(?!{WORDS})[^,，;；。0-9(（]){{2,12}})[ \t]*$")
_NAMED_LINK = regex.compile(r"(?:为|是|达到?|:|：)+$")
#: between a list's total and its 其中
_LIST_OPEN = regex.compile(r"[ \t]*[,，:：]?[ \t]*$")


def list_head(sentence: ChangeSentence, start: int, position: int) -> PlacedQuantity | None:
    """The amount right before the last 其中 outside brackets in ``[start, position)``: the
    total of the list a figure at ``position`` belongs to."""
    text = sentence.text
    spans = bracket_spans(text, start, position)
    index = text.rfind("其中", start, position)
    while index >= 0 and inside(spans, index):
        index = text.rfind("其中", start, index)
    if index < 0:
        return None
    amounts = [p for p in sentence.figures.quantities_in(start, index)
               if p.quantity.kind is not QuantityKind.PERCENT]
    if not amounts or not _LIST_OPEN.fullmatch(text, amounts[-1].flow_end, index):
        return None
    return amounts[-1]


def heading_amount(sentence: ChangeSentence, heading: TextRange) -> PlacedQuantity | None:
    """The one amount a heading line states (``（一）一般公共服务支出 126.40 万元``), if any."""
    amounts = [p for p in sentence.figures.quantities_in(heading.start, heading.end)
               if p.quantity.kind is QuantityKind.MONEY]
    return amounts[0] if len(amounts) == 1 else None


def named_base(sentence: ChangeSentence, lead: ChangeFigure,
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
    for placed in reversed(sentence.figures.quantities_in(first, lead.word_start)[-OUTSIDE_REACH:]):
        if placed.quantity.kind is QuantityKind.PERCENT \
                or CHANGE_BEFORE.search(text[max(0, placed.flow_start - 16):placed.flow_start]):
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


def figures_back_to(sentence: ChangeSentence, *operands: Quantity | None) -> list[PlacedQuantity]:
    """The sentence's figures, and those back to an operand stated in an earlier sentence
    (培训费支出 C 万元。比上年增加 D 元: the scale C's own sentence uses counts too)."""
    flows = [sentence.doc.flow.from_source(q.start) for q in operands if q is not None]
    start = min([sentence.range.start, *flows])
    return sentence.figures.quantities_in(start, sentence.range.end)

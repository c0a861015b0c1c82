"""Years a sentence itself shows to be slips, whatever the period of its part.

Two clauses of one sentence that give one item with the same year and two different
figures (``2024年参保人数204万人，2024年参保人数198万人``) were a pair of years, the later
one written as the earlier; a year compared with itself (``2024年参保人数较2024年下降``)
was the later year of a comparison. A year-start against a year-end of the same year
(``2024年末余额较2024年初增加``) compares two times and is no slip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from auditor.extract.quantity import YearMention
from auditor.extract.year_text import PHRASE_MARK, REACH, SPACE, bounds, opens_clause

#: the cues of :class:`Slip`
REPEATED = "repeated"
SELF_COMPARED = "self_compared"
#: two clauses of one cause opening with the same year (``主要是2023年免缴利润，2023年
#: 政策到期恢复上缴``): a cause of a change between two years dates its clauses with both
CAUSE_REPEATED = "cause_repeated"

_SPACE = regex.compile(r"[ \t\u3000]+")
#: the words between a year and its figure (the item), up to the figure
_FRAME = regex.compile(r"[^0-9,，。;；:：\n]{0,30}?(?=[0-9])")
_FIGURE = regex.compile(r"[0-9][0-9,.]*")
_REACH = 120
#: how far after a year, inside its clause, the year it is compared with may stand
_COMPARED_REACH = 40
_COMPARISON = regex.compile(r"(?:较|比|与|同)$")
_YEAR_PART = "初末底"
_CLAUSE_MARK = regex.compile(r"[,，。;；:：!?！？\n]")
#: across sentences, the item of a run by year must be named by this many characters
#: (``中央下达专项转移支付预算``, not ``增长``)
_SERIES_ITEM = 6
_ITEM_WORDS = regex.compile(r"[^\p{Han}A-Za-z]")
#: the verb that joins an item to its figure (执行率为 / 执行率仅达): not part of the item
_LINK = regex.compile(r"(?:仅|只|约|共|累计|合计|分别)?(?:为|是|达到|达|完成)?$")
#: a rate may be named by its head alone (预算执行率 / 执行率); an amount may not (收入 is
#: not 税收收入)
_RATE = "率"


@dataclass(frozen=True)
class Slip:
    """A year the sentence shows to be wrong: ``kind`` says how, ``other`` the year that
    shows it (the earlier clause, or the base it is compared with)."""

    kind: str
    other: YearMention


def _item(text: str, mention: YearMention) -> tuple[str, str] | None:
    """The words after a year up to its figure, and the figure."""
    # 2022年，省级下达……: the item after the clause the year opens
    after = _SPACE.sub("", text[mention.end:mention.end + _REACH]).removeprefix("，").removeprefix(",")
    frame = _FRAME.match(after)
    if frame is None:
        return None
    figure = _FIGURE.match(after, frame.end())
    return (frame.group(), figure.group() if figure else "")


def _same_item(first: str, second: str, series: bool) -> bool:
    """Whether two frames name one item: word for word across sentences; within one
    sentence also with another verb before the figure, and a rate also by its head."""
    if first == second:
        return True
    if series:
        return False
    first, second = _LINK.sub("", first), _LINK.sub("", second)
    if first == second:
        return bool(first)
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= 3 and shorter.endswith(_RATE) and longer.endswith(shorter)


_MEMBER_MARK = regex.compile(r"[;；]")


def _own_member(text: str, earlier: YearMention, mention: YearMention) -> bool:
    """Whether ``mention`` stands in a later member of a list (；) led by words of its own
    (``第一类…，2023年上交收入540亿元；第二类…，收取比例20%，2023年上交收入770亿元``):
    the item belongs to that member's subject, not to the year's pair."""
    marks = list(_MEMBER_MARK.finditer(text, earlier.end, mention.start))
    if not marks:
        return False
    return bool(_SPACE.sub("", text[marks[-1].end():mention.start]))


def _part_of_year(text: str, mention: YearMention) -> bool:
    following = text[mention.end:mention.end + 3].lstrip(" \t")
    return following[:1] != "" and following[:1] in _YEAR_PART


def _repeated(text: str, mention: YearMention, item: tuple[str, str],
              earlier: Sequence[YearMention], series: bool) -> YearMention | None:
    """The earlier year that gives ``mention``'s item with another figure; with ``series``
    only in a run of that item by year (another year gives it too, with a frame long
    enough to name it)."""
    if series and len(_ITEM_WORDS.sub("", item[0])) < _SERIES_ITEM:
        return None
    same: YearMention | None = None
    other_years = False
    for other in earlier:
        if other.kind != mention.kind or (not series and _own_member(text, other, mention)):
            continue
        found = _item(text, other)
        if found is None or not _same_item(found[0], item[0], series):
            continue
        if other.year != mention.year:
            other_years = True
        elif found[1] != item[1] and same is None:
            same = other
    return same if same is not None and (other_years or not series) else None


def slip(text: str, mention: YearMention, earlier: list[YearMention],
         later: list[YearMention], opens_clause: bool,
         paragraph: Sequence[YearMention] = ()) -> Slip | None:
    """How the sentence shows ``mention`` to be a slip, or None. ``earlier``/``later`` are
    the years of its sentence before and after it, ``paragraph`` those of the sentences
    before it in its paragraph; ``opens_clause`` whether it opens its clause (only a
    clause's own time is read as one of a pair). Across sentences a year is read as one of
    a pair only in a run of the item by year (``2022年，中央下达……54914万元。2023年，
    中央下达……104120万元。2023年，中央下达……93718万元。``)."""
    if mention.kind not in ("year", "date") or _part_of_year(text, mention):
        return None
    item = _item(text, mention) if opens_clause else None
    if item is not None:
        other = _repeated(text, mention, item, earlier, series=False) \
            or _repeated(text, mention, item, paragraph, series=True)
        if other is not None:
            return Slip(REPEATED, other)
    clause_end = _CLAUSE_MARK.search(text, mention.end, mention.end + _COMPARED_REACH)
    stop = clause_end.start() if clause_end else mention.end + _COMPARED_REACH
    for other in later:
        if other.start >= stop:
            break
        if other.year == mention.year and not _part_of_year(text, other) \
                and _COMPARISON.search(_SPACE.sub("", text[mention.end:other.start])):
            return Slip(SELF_COMPARED, other)
    return None


def cause_repeated(text: str, mention: YearMention, cue: str,
                   earlier: Sequence[YearMention]) -> Slip | None:
    """The earlier clause of the cause ``mention`` stands in (after its cause word ``cue``)
    that opens with the same year, when ``mention`` opens its clause too. A cause of a
    change sets the year before against the year itself (``主要是2023年免缴利润，2024年
    政策到期恢复上缴``); the same year at the head of both clauses leaves the change
    unexplained: one of them is the other year. ``earlier`` are the years of its sentence
    before it."""
    if not cue or not opens_clause(text, mention):
        return None
    start = earlier[0].start if earlier else mention.start
    said = text.rfind(cue, max(0, start - REACH), mention.start)
    if said < 0:
        return None
    for other in reversed(earlier):
        if other.start < said:
            break
        if other.year == mention.year and other.kind in ("year", "date") \
                and _leads_clause(text, other, cue):
            return Slip(CAUSE_REPEATED, other)
    return None


def _leads_clause(text: str, mention: YearMention, cue: str) -> bool:
    """Whether ``mention`` opens its clause, perhaps after the cause word (主要是2023年…)."""
    start = bounds(PHRASE_MARK, text, mention.start, mention.end)[0]
    lead = SPACE.sub("", text[max(start, mention.start - REACH):mention.start])
    return not lead or lead.endswith(cue)

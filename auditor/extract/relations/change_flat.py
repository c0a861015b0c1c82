"""持平 statements checked: against a change figure or a change word in the same sentence, or
against C and ``上年为 B`` (see :mod:`.change`)."""

from __future__ import annotations

from decimal import Decimal

from auditor.extract.arithmetic import Interval, interval_of
from auditor.extract.relations.change import (
    ChangeCheck,
    ChangeFigure,
    ChangeRelation,
    difference_text,
    in_unit,
    shown,
)
from auditor.extract.relations.change_binding import FLAT_SUBJECT
from auditor.extract.relations.change_sentence import (
    ENUM_GAP,
    FLAT,
    PLAIN_GAP,
    ChangeSentence,
    find_subject_value,
    previous_phrase,
)
from auditor.extract.relations.context import comparable as _comparable


def flat_relations(sentence: ChangeSentence, groups: list[list[ChangeFigure]]) -> list[ChangeRelation]:
    """持平 against a change figure, a change word or C and B in the same sentence."""
    relations = []
    text = sentence.text
    for match in FLAT.finditer(text, sentence.range.start, sentence.range.end):
        if "基本" in match.group(0):
            continue
        adjacent = [g for g in groups
                    if ENUM_GAP.fullmatch(text[g[-1].placed.flow_end:match.start()])]
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


def _flat_against_values(sentence: ChangeSentence, start: int, end: int, stated_text: str) -> ChangeRelation | None:
    """持平 against C (the figure right before it, or the restated subject's figure) and
    B (``上年为B`` in the same sentence)."""
    earlier = [p for p in sentence.quantities if p.flow_end <= start]
    certain = True
    if earlier and PLAIN_GAP.fullmatch(sentence.text[earlier[-1].flow_end:start]):
        current = earlier[-1].quantity
        exclude = {earlier[-1].flow_start}
    else:
        # 与上年相比，本项目支出与上年持平（上年为460.82万元）
        subject = FLAT_SUBJECT.search(sentence.text, sentence.range.start, start)
        if subject is None or earlier:
            return None
        found = find_subject_value(sentence, subject.group("s1").strip("“”"), subject.start())
        if found is None:
            return None
        current, certain = found
        exclude = set()
    previous = previous_phrase(sentence, exclude)
    if previous is None or not _comparable(current, previous):
        return None
    holds = interval_of(current).meets(interval_of(previous))
    return ChangeRelation(
        ChangeCheck.FLAT_VALUES, start, end, stated_text, (current, previous), holds, certain,
        f"{difference_text(current, previous)} = {in_unit(current.value - previous.value, current, previous)}"
        f"（所述“{stated_text}”）",
    )

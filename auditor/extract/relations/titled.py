"""A figure a heading names, restated later in its chapter: ``(2)上级转移支付收入情况。上级转移支付
收入 139,512 万元，…`` and, in the balance item of the same chapter, ``其中：本级收入 …，上级转移
支付收入 139,512 万元``.

A numbered heading titled ``X情况`` (the title word in ``cues.tsv``, ``title_subject``) is about
X, and the first amount of its body called exactly X is X's statement. A later amount called
exactly X under the same parent heading (the chapter: the same year and scope) states the same
figure again. A name this short says nothing on its own (``上级转移支付收入`` recurs in every
year's chapter); the heading that names it, and the one chapter, are what make the two one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from auditor.extract.relations.enumeration_items import HEADING_NUMBER, clean_label
from auditor.lexicon import alternation
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.extract.facts import PlacedFact
    from auditor.extract.relations.context import FigureContext

_SUBJECT = regex.compile(rf"^(?P<name>\p{{Han}}{{4,20}}?)(?:{alternation('cues', 'title_subject')})$")
_YEAR = regex.compile(r"(?:19|20)[0-9]{2}[ \t]*年度?")


def _name(placed_label: str) -> str:
    return _YEAR.sub("", clean_label(placed_label))


def _money(placed: PlacedFact) -> bool:
    quantity = placed.fact.quantity
    return quantity.kind is QuantityKind.MONEY and quantity.is_exact


def titled_figures(ctx: FigureContext, exclude: frozenset[int] = frozenset()
                   ) -> list[tuple[PlacedFact, PlacedFact]]:
    """(the heading's statement, a later statement in its chapter) pairs; ``exclude``: flow
    starts compared already."""
    headings = ctx.doc.headings
    starts = [h.start for h in headings]
    pairs = []
    for number, heading in enumerate(headings):
        match = _SUBJECT.match(HEADING_NUMBER.sub("", heading.title).strip())
        if match is None or heading.parent is None:
            continue
        name = match["name"]
        body_end = starts[number + 1] if number + 1 < len(starts) else len(ctx.text)
        first = next((f for f in ctx.facts_in(heading.end, body_end)
                      if _money(f) and _name(ctx.label(f)) == name), None)
        if first is None or first.flow_start in exclude:
            continue
        # the chapter ends at the first heading outside the parent's (a sibling of the parent)
        chapter_end = next((h.start for h in headings[number + 1:]
                            if h.parent is None or h.parent < heading.parent), len(ctx.text))
        later = ctx.facts_in(body_end, chapter_end)
        named = [f for f in later if _money(f) and f.flow_start not in exclude
                 and _name(ctx.label(f)) == name]
        if len(named) == 1:
            pairs.append((first, named[0]))
    return pairs

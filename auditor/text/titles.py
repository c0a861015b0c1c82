"""Titles reduced to their words, for matching a contents entry with its body heading.

A contents entry and the heading it announces differ in everything but their words: the
entry has dot leaders and a page number, a table number (``表5：``, ``2.18``), a part
number; the heading its own numbering, spaces, sometimes the unit's name in front.
:func:`bare_title` keeps only the words.
"""

from __future__ import annotations

import regex

from auditor.text.headings import parse_heading_mark
from auditor.text.normalize import normalize_width

_LEADERS_AND_PAGE = regex.compile(
    r"(?:[.·…_—\-]\s*){2,}.*$"  # leaders and whatever follows them (第…5…页……)
    r"|[(（]\s*\d{1,3}\s*[)）]\s*$"  # (12) at the end
    r"|(?:\s|\t)+\d{1,3}\s*$"  # a page number after a gap
)
_NUMBERING = regex.compile(
    r"^(?:附?表\s*\d+(?:[-.]\d+)*\s*[:：.、]?"  # 表5： 附表3
    r"|说明\s*\d+\s*[:：]"  # 说明2：
    r"|\d{1,3}(?:\.\d{1,3})+(?!\d)"  # 2.18
    r"|\d{1,3}\s*[.．、]?(?=\s*\p{Han})"  # 1 全市…  12.全市…
    r"|\d{1,3}\s*[.．、](?=\s*(?:19|20)\d{2})"  # 12.2024年度…
    r")\s*"
)
_PART = regex.compile(r"^第[一二三四五六七八九十\d]+(?:部分|章|节)\s*[:：]?\s*")
_NOISE = regex.compile(r"[\s\u3000:：,，、。;；()（）“”\"'《》\[\]【】]")


def bare_title(line: str) -> str:
    """The words of a title line: no leaders, page number, numbering, spaces or quotes."""
    text = normalize_width(line).strip()
    text = _LEADERS_AND_PAGE.sub("", text).strip()
    mark = parse_heading_mark(text)
    if mark is not None:
        text = text[mark.marker_end:].strip()
    else:
        text = _PART.sub("", text)
        text = _NUMBERING.sub("", text, count=1)
    return _NOISE.sub("", text)


_ZONE_REACH = 120
_FIRST_ENTRIES = 3


def contents_zone(titles: list[str], heads: list[bool], stops: list[bool]) -> list[bool]:
    """Which lines lie in a table of contents, from the lines' bare titles, whether each is
    a ``目录`` line (``heads``) and whether it cannot be an entry (``stops``: a sentence, a
    row of figures).

    The contents run from a ``目录`` line to the line that repeats one of its first entries
    (the body starts there), a stop line, or 120 lines; whatever format the entries have
    (leaders, page numbers, table numbers, none at all) lies in between. A ``目录`` line
    while the block is open heads its next page: the entries go on, the first ones stay.
    """
    inside = [False] * len(titles)
    entries: list[str] | None = None
    opened = 0
    for position, title in enumerate(titles):
        if heads[position]:
            if entries is None:
                entries = []
            opened = position
            continue
        if entries is None:
            continue
        if stops[position] or title in entries[:_FIRST_ENTRIES] \
                or position - opened > _ZONE_REACH:
            entries = None
            continue
        inside[position] = True
        if len(title) >= 2:
            entries.append(title)
    return inside

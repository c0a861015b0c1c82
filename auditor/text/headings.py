"""Numbered headings (一、 （一） 1. （1） ① 第一部分) and the tree they form."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex


class HeadingStyle(enum.IntEnum):
    """Numbering styles, ordered from the outermost level of a 公文 to the innermost."""

    PART = 0  # 第一部分 / 第一章
    CHINESE = 1  # 一、
    CHINESE_PAREN = 2  # （一）
    ARABIC = 3  # 1.  1、
    ARABIC_PAREN = 4  # （1）
    CIRCLED = 5  # ①


_CN = "一二三四五六七八九十"
_PATTERNS: list[tuple[HeadingStyle, regex.Pattern[str]]] = [
    (HeadingStyle.PART, regex.compile(rf"^第([{_CN}]+)(?:部分|章|节)")),
    # —、 is 一、 whose character a PDF's font mapped to a dash
    (HeadingStyle.CHINESE, regex.compile(rf"^([{_CN}]+|—(?=\s*、))\s*(?:、|\.(?![\d{_CN}]))")),
    (HeadingStyle.CHINESE_PAREN, regex.compile(rf"^[(（]\s*([{_CN}](?: ?[{_CN}])*)\s*[)）]")),
    # 1.2024年… is item 1 on the year 2024, not the decimal 1.2024
    # 1 1 . 2 0 2 6年 is item 11 of a letter-spaced PDF line
    (HeadingStyle.ARABIC, regex.compile(
        r"^(\d(?: ?\d)?)\s*(?:、|\.(?![\d.])|\.(?=(?:19|20)\d{2}\s*年))")),
    (HeadingStyle.ARABIC_PAREN, regex.compile(r"^[(（]\s*(\d{1,2})\s*[)）]")),
    (HeadingStyle.CIRCLED, regex.compile(r"^([①-⑳])")),
]

#: the first characters a pattern of _PATTERNS can match, digits and circled numbers aside
_FIRST = frozenset(f"第{_CN}—(（")


@dataclass(frozen=True)
class HeadingMark:
    """A heading number found at the start of a line: its style, number and marker text."""

    style: HeadingStyle
    number: int
    marker_end: int


# Lines repeat within a document (every pass over its lines asks), rarely across documents:
# a larger cache only grows a batch worker's memory with every document's lines.
@lru_cache(maxsize=4096)
def parse_heading_mark(line: str) -> HeadingMark | None:
    """Recognise a heading number at the start of ``line`` (already normalized or not)."""
    text = line.lstrip()
    if not text or not (text[0] in _FIRST or text[0].isdigit() or "①" <= text[0] <= "⑳"):
        return None  # what every pattern starts with (most lines: six matches saved)
    lead = len(line) - len(text)
    for style, pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        token = match.group(1)
        if style is HeadingStyle.CIRCLED:
            number = ord(token) - ord("①") + 1
        elif token == "—":
            number = 1
        elif token.replace(" ", "").isdigit():
            number = int(token.replace(" ", ""))
        else:
            try:
                number = chinese_heading_number(token.replace(" ", ""))
            except (ValueError, KeyError):
                continue  # 十四五、…: numerals that are no number (cn2an raised, and the audit with it)
        return HeadingMark(style, number, lead + match.end())
    return None


_DIGIT_VALUES = {char: value for value, char in enumerate(_CN[:9], start=1)}


def chinese_heading_number(token: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23; anything else as cn2an reads it ("smart" mode).

    Heading numbers are nearly always 一 … 九十九, read here directly: importing cn2an
    costs a tenth of a second of every start-up.
    """
    tens, ten, units = token.partition("十")
    if ten and len(tens) <= 1 and len(units) <= 1 and all(c in _DIGIT_VALUES for c in tens + units):
        return _DIGIT_VALUES.get(tens, 1) * 10 + _DIGIT_VALUES.get(units, 0)
    if len(token) == 1 and token in _DIGIT_VALUES:
        return _DIGIT_VALUES[token]
    import cn2an

    return int(cn2an.cn2an(token, "smart"))


def is_heading_line(line: str) -> bool:
    """True when the line starts with a heading number."""
    return parse_heading_mark(line) is not None


@dataclass(frozen=True)
class Heading:
    """A numbered heading: where it is in the flow view, its number and its parent."""

    index: int
    style: HeadingStyle
    number: int
    start: int
    end: int
    title: str
    parent: int | None


_TITLE_END = regex.compile(r"[。!?！？;；:：]")


def build_heading_tree(
    paragraphs: list[tuple[int, int, str]],
    eligible: Callable[[int], bool] | None = None,
) -> list[Heading]:
    """Headings of a document from its flow paragraphs ``(start, end, text)``.

    ``eligible(start)`` says whether a paragraph may be a heading at all (the line-type
    model keeps numbered table rows and contents entries out). ``title`` is the heading's
    text up to its first sentence punctuation.

    The parent follows the open headings the way a reader does: a heading whose style is
    already open closes back to that level (a sibling); a heading right after a bare
    title line (nothing but the title) is that title's child whatever its style
    (``（1）实施情况`` / ``1.城乡生活污水…`` in a report that nests 1. under （1）); otherwise
    the standard order of 公文 numbering decides (一、 > （一） > 1. > （1） > ①).
    """
    headings: list[Heading] = []
    stack: list[Heading] = []
    previous_bare: Heading | None = None
    for start, _end, text in paragraphs:
        mark = parse_heading_mark(text) if eligible is None or eligible(start) else None
        if mark is None:
            previous_bare = None
            continue
        stop = _TITLE_END.search(text, mark.marker_end)
        title_end = stop.start() if stop else len(text)
        if any(open_heading.style is mark.style for open_heading in stack):
            while stack and stack.pop().style is not mark.style:
                pass
        elif previous_bare is not None and stack and stack[-1] is previous_bare:
            pass  # the child of the title line just above
        else:
            while stack and stack[-1].style >= mark.style:
                stack.pop()
        heading = Heading(len(headings), mark.style, mark.number, start, start + title_end,
                          text[:title_end], stack[-1].index if stack else None)
        headings.append(heading)
        stack.append(heading)
        previous_bare = heading if not text[title_end:].strip() and stop is None else None
    return headings

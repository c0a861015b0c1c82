"""Brackets in a stretch of text, found in one scan: which positions a bracket encloses
(其中：开发区 0.8 in （…）); shared by the figure context, lists and change sentences."""

from __future__ import annotations

import bisect

import regex

_BRACKET_CHAR = regex.compile(r"[()（）]")


def bracketed(text: str, start: int, position: int) -> bool:
    """Whether ``position`` is inside a bracket opened after ``start``."""
    return inside(bracket_spans(text, start, position), position)


def bracket_spans(text: str, start: int, last: int) -> tuple[list[int], list[int]]:
    """(opening, closing) positions of the outermost brackets opened in ``text[start:last]``;
    one left open closes at ``last``; a stray ``)`` is ignored. With :func:`inside`, one scan
    answers :func:`bracketed` for every position up to ``last``."""
    opens: list[int] = []
    closes: list[int] = []
    depth = 0
    for match in _BRACKET_CHAR.finditer(text, start, last):
        if match.group() in "(（":
            depth += 1
            if depth == 1:
                opens.append(match.start())
        elif depth > 0:
            depth -= 1
            if depth == 0:
                closes.append(match.start())
    if depth > 0:
        closes.append(last)
    return opens, closes


def inside(spans: tuple[list[int], list[int]], position: int) -> bool:
    """Whether a bracket of ``spans`` is open right before ``position``."""
    index = bisect.bisect_left(spans[0], position) - 1
    return index >= 0 and position <= spans[1][index]

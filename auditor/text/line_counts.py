"""Per-line counts over a whole document at once, for the line features: matches of a
pattern and characters of a class, each in one pass over all lines joined by newlines."""

from __future__ import annotations

import re

import numpy as np

#: How many of a line's last characters an end-anchored pattern is tried on.
TAIL = 40


def _table(*ranges: tuple[int, int], chars: str = "") -> np.ndarray:
    """A lookup table over the Basic Multilingual Plane: True for the ranges and characters."""
    table = np.zeros(0x10000, dtype=bool)
    for low, high in ranges:
        table[low:high + 1] = True
    for char in chars:
        table[ord(char)] = True
    return table


CHARACTER_CLASSES = {
    "han": _table((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)),
    "digit": _table((0x30, 0x39)),
    "latin": _table((0x41, 0x5A), (0x61, 0x7A)),
    "blank": _table(chars=" "),
    "space": _table(chars=" \t\f\v\r\u3000\xa0"),
    "sentence": _table(chars="。！？!?；;"),
    "comma": _table(chars=",，、"),
    "quote": _table(chars="“”\"《》"),
    "percent": _table(chars="%"),
    "leader": _table(chars=".·…_—"),
    "code": _table(chars="{};=$<>/\\'[]"),
    "form_feed": _table(chars="\f"),
    "colon": _table(chars=":："),
}


#: characters that mark a match in :meth:`LineCounter.__call__` (the first the text lacks)
_MARKS = ("\x00", "\ufffe", "\uffff", "\x01")


class LineCounter:
    """Per-line counts over all lines joined by newlines: of pattern matches (one pass per
    pattern) and of character classes (one numpy pass over the code points)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.joined = "\n".join(texts)
        self.count = len(texts)
        lengths = np.fromiter((len(text) for text in texts), dtype=np.int64, count=len(texts))
        self.starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
        self.ends = self.starts + lengths
        points = np.frombuffer(self.joined.encode("utf-32-le"), dtype=np.uint32)
        self.points = np.minimum(points, 0xFFFF).astype(np.int64)
        self.filled = lengths > 0
        self.mark = next((mark for mark in _MARKS if mark not in self.joined), None)

    def __call__(self, pattern: re.Pattern[str]) -> np.ndarray:
        if self.mark is not None:
            # each match replaced by a character the text lacks, counted line by line: a
            # Python step per line rather than per match (a dense line holds a dozen)
            marked, found = pattern.subn(self.mark, self.joined)
            if not found:
                return np.zeros(self.count)
            lines = marked.split("\n")
            if len(lines) == self.count:
                mark = self.mark
                return np.fromiter((line.count(mark) for line in lines), dtype=np.float64, count=self.count)
        positions = [match.start() for match in pattern.finditer(self.joined)]
        if not positions:
            return np.zeros(self.count)
        lines = np.searchsorted(self.starts, positions, side="right") - 1
        return np.bincount(lines, minlength=self.count).astype(np.float64)

    def flag(self, pattern: re.Pattern[str]) -> np.ndarray:
        return (self(pattern) > 0).astype(np.float64)

    def head(self, pattern: re.Pattern[str]) -> np.ndarray:
        """1 where a line starts with a match (per line: an anchored pattern need not scan
        the whole text)."""
        match = pattern.match
        return np.fromiter((match(text) is not None for text in self.texts), dtype=np.float64,
                           count=self.count)

    def tail(self, pattern: re.Pattern[str]) -> np.ndarray:
        """1 where a line's last few characters hold a match of an end-anchored pattern."""
        search = pattern.search
        return np.fromiter((search(text[-TAIL:]) is not None for text in self.texts),
                           dtype=np.float64, count=self.count)

    def chars(self, name: str) -> np.ndarray:
        """How many characters of a class each line holds."""
        if not len(self.points):
            return np.zeros(self.count)
        return self._per_line(CHARACTER_CLASSES[name][self.points])

    def last_is(self, name: str) -> np.ndarray:
        """1 where a line's last character is of a class."""
        found = np.zeros(self.count)
        if len(self.points):
            last = self.points[np.maximum(self.ends - 1, 0)]
            found[self.filled] = CHARACTER_CLASSES[name][last[self.filled]]
        return found

    def tokens(self) -> np.ndarray:
        """Whitespace-separated tokens per line."""
        if not len(self.points):
            return np.zeros(self.count)
        solid = ~(CHARACTER_CLASSES["space"][self.points] | (self.points == 0x0A))
        begins = solid & ~np.concatenate([[False], solid[:-1]])
        return self._per_line(begins)

    def _per_line(self, flags: np.ndarray) -> np.ndarray:
        # sums from a line's start to the next one's (its newline included, as before), by
        # cumulative sums: np.add.reduceat fails on a last line that is empty
        total = np.concatenate([[0.0], np.cumsum(flags, dtype=np.float64)])
        following = np.append(self.starts[1:], len(self.points))
        return total[following] - total[self.starts]

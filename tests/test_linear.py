"""Fast paths that keep dense text linear give exactly the answers of the direct code."""

from __future__ import annotations

import random

from auditor.extract.relations.context import FigureContext


class _TextOnly(FigureContext):
    def __init__(self, text: str) -> None:  # only the text-based look-ups are exercised
        self.text = text


def test_clause_start_by_bisection_equals_the_walk_back():
    rng = random.Random(3)
    alphabet = "甲乙1,2，、;。：\n（）"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        context = _TextOnly(text)
        for position in range(len(text) + 1):
            for floor in range(position + 2):
                start = position
                while start > floor and not context.is_clause_mark(start - 1):
                    start -= 1
                assert context.clause_start(position, floor) == start, (text, position, floor)

"""Fast paths that keep dense text linear give exactly the answers of the direct code."""

from __future__ import annotations

import random

from auditor.extract.relations.context import FigureContext
from auditor.text.sentences import TextRange


class _TextOnly(FigureContext):
    def __init__(self, text: str) -> None:  # only the text-based look-ups are exercised
        self.text = text
        self.facts = []  # no figure spans a comma here
        self.fact_starts = []


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


class _Placed:
    def __init__(self, start: int, end: int, tag: int) -> None:
        self.flow_start, self.flow_end, self.tag = start, end, tag


class _Facts(FigureContext):
    def __init__(self, facts: list[_Placed]) -> None:
        self.facts = facts  # type: ignore[assignment]
        self.fact_starts = [f.flow_start for f in facts]


def test_nearest_and_last_facts_equal_sorting_the_whole_range():
    rng = random.Random(5)
    for _ in range(3000):
        starts = sorted(rng.sample(range(200), rng.randint(0, 25)))
        facts = [_Placed(s, s + rng.randint(1, 6), rng.randint(0, 3)) for s in starts]
        context = _Facts(facts)
        start, end = sorted(rng.sample(range(210), 2))
        around = rng.randint(0, 209)
        count = rng.randint(1, 7)

        def keep(f):
            return f.tag != 0

        inside = [f for f in context.facts_in(start, end) if keep(f)]
        by_distance = sorted(inside, key=lambda f: abs(f.flow_start - around))
        assert context.nearest_facts(start, end, around, keep, count) == by_distance[:count]
        assert context.last_facts(start, end, keep, count) == inside[-count:]


class _Sentences(FigureContext):
    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        self.sentence_starts = starts
        self.sentences = [TextRange(s, e, text[s:e], 0)  # type: ignore[assignment]
                          for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_brackets_found_once_equal_scanning_each_sentence():
    rng = random.Random(11)
    alphabet = "甲1(（)）,。"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        starts = sorted({0, *rng.sample(range(len(text)), rng.randint(0, min(4, len(text))))})
        context = _Sentences(text, starts)
        for position in range(len(text) + 1):
            sentence = context.sentence(position)
            depth = 0
            for char in text[sentence.start:position]:
                if char in "(（":
                    depth += 1
                elif char in ")）" and depth > 0:
                    depth -= 1
            placed = _Placed(position, position + 1, 0)
            assert context.in_brackets(placed) == (depth > 0), (text, starts, position)

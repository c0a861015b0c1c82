"""Parser for the Markdown rule fixtures in ``tests/fixtures/rules/AUxxx.md``.

Format::

    # AU301 heading-sequence

    ## flagged: restarted numbering
    ```text
    一、概况
    （一）甲
    （一）乙
    ```
    - expect: AU301 `（一）乙`

    ## clean: lists under different parents
    ```text
    …
    ```

Characters that cannot be seen (AU504's subject) are written ``\\u{202E}`` in text blocks and
anchors, so a fixture never hides what it contains.

A flagged case lists each expected finding as ``- expect: CODE `anchor```: a finding of
CODE whose span overlaps the first occurrence of ``anchor`` (``#2`` after the closing
backtick picks the second occurrence). Every finding of the fixture's own code must be
expected. A clean case must produce no finding of the fixture's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "rules"


@dataclass(frozen=True)
class Expectation:
    code: str
    anchor: str
    occurrence: int


@dataclass(frozen=True)
class FixtureCase:
    rule: str
    kind: str  # "flagged" | "clean"
    title: str
    text: str
    expectations: tuple[Expectation, ...]
    xfail: str

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.kind}-{self.title}"


_CASE = re.compile(r"^## (flagged|clean)(?: \((xfail): ([^)]*)\))?: (.+)$", re.M)
_BLOCK = re.compile(r"```text\n(.*?)\n```", re.S)
_EXPECT = re.compile(r"^- expect: (AU\d{3}) `([^`]+)`(?:#(\d+))?", re.M)
_ESCAPE = re.compile(r"\\u\{([0-9A-Fa-f]{1,6})\}")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def parse_fixture(path: Path) -> list[FixtureCase]:
    """All cases of one fixture file."""
    content = path.read_text(encoding="utf-8")
    rule = path.stem
    cases = []
    headers = list(_CASE.finditer(content))
    for index, header in enumerate(headers):
        body_end = headers[index + 1].start() if index + 1 < len(headers) else len(content)
        body = content[header.end():body_end]
        block = _BLOCK.search(body)
        if block is None:
            raise ValueError(f"{path.name}: case {header.group(4)!r} has no ```text block")
        expectations = tuple(
            Expectation(m.group(1), _unescape(m.group(2)), int(m.group(3) or 1))
            for m in _EXPECT.finditer(body)
        )
        cases.append(FixtureCase(rule, header.group(1), header.group(4).strip(),
                                 _unescape(block.group(1)), expectations, header.group(3) or ""))
    return cases


def all_cases() -> list[FixtureCase]:
    """Cases of every fixture file, sorted by rule."""
    cases: list[FixtureCase] = []
    for path in sorted(FIXTURE_DIR.glob("AU*.md")):
        cases.extend(parse_fixture(path))
    return cases


def anchor_range(text: str, anchor: str, occurrence: int) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th occurrence of ``anchor`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.find(anchor, start + 1)
        if start < 0:
            raise ValueError(f"anchor {anchor!r} #{occurrence} not in fixture text")
    return start, start + len(anchor)

"""Vocabulary as data: the ``models/lexicon/*.tsv`` files, loaded once and composed into patterns.

Every file is ``term<TAB>category[<TAB>…]`` lines (``#`` starts a comment). Code asks for
the terms of one category (:func:`terms`) or a regular-expression alternation of them
(:func:`alternation`, longest first); no module writes the same word list twice.
:data:`CONSUMERS` records which categories the code reads, so a test can check that every
entry of every file is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from auditor.paths import models_dir


@dataclass(frozen=True)
class Entry:
    """One line of a lexicon file."""

    term: str
    category: str
    extra: tuple[str, ...] = ()


#: (file stem, category) pairs some module reads; filled by :func:`terms`
CONSUMERS: set[tuple[str, str]] = set()


def parse_entries(lines: list[str]) -> tuple[Entry, ...]:
    """Parse ``term<TAB>category[<TAB>…]`` lines; blank lines and ``#`` comments skipped."""
    entries = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.rstrip("\n").split("\t")]
        if len(fields) >= 2 and fields[0] and fields[1]:
            entries.append(Entry(fields[0], fields[1], tuple(fields[2:])))
    return tuple(entries)


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """Every entry of ``models/lexicon/<name>.tsv``."""
    path = models_dir() / "lexicon" / f"{name}.tsv"
    return parse_entries(path.read_text(encoding="utf-8").splitlines())


def terms(name: str, category: str) -> tuple[str, ...]:
    """The terms of one category, longest first."""
    CONSUMERS.add((name, category))
    found = {entry.term for entry in entries(name) if entry.category == category}
    return tuple(sorted(found, key=lambda term: (-len(term), term)))


def alternation(name: str, *categories: str, spaced: bool = False) -> str:
    """A regex alternation (no group) of the terms of ``categories``, longest first.

    ``spaced`` lets a space, tab or line break stand between the characters of a term, as
    text layers of some PDFs put them (``下 降``, ``占 比``, ``增⏎加`` at a line end).
    """
    words = sorted({t for c in categories for t in terms(name, c)}, key=lambda t: (-len(t), t))
    if spaced:
        return "|".join(r"\s?".join(regex.escape(char) for char in word) for word in words)
    return "|".join(regex.escape(word) for word in words)


def compile_terms(name: str, *categories: str, spaced: bool = False) -> regex.Pattern[str]:
    """The alternation of ``categories`` compiled (search it, or ``fullmatch`` one term)."""
    return regex.compile(f"(?:{alternation(name, *categories, spaced=spaced)})")

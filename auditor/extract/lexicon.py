"""The attribute lexicon: which words say what a figure measures (预算, 支出, 执行率 …)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from auditor.paths import models_dir


@dataclass(frozen=True)
class AttributeLexicon:
    """Terms mapped to attributes, with one compiled longest-first pattern over them."""

    terms: dict[str, str]
    pattern: regex.Pattern[str]

    def attribute_of(self, term: str) -> str:
        """The attribute a matched term stands for."""
        return self.terms[term]


def parse_lexicon(lines: list[str]) -> dict[str, str]:
    """Parse ``term<TAB>attribute`` lines; ``#`` starts a comment line."""
    terms: dict[str, str] = {}
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        term, _, attribute = line.rstrip("\n").partition("\t")
        if term and attribute:
            terms[term.strip()] = attribute.strip()
    return terms


def compile_lexicon(terms: dict[str, str]) -> AttributeLexicon:
    """Compile the terms into a longest-first alternation."""
    ordered = sorted(terms, key=len, reverse=True)
    pattern = regex.compile("|".join(regex.escape(term) for term in ordered))
    return AttributeLexicon(dict(terms), pattern)


@lru_cache(maxsize=4)
def load_attribute_lexicon(path: Path | None = None, extra: tuple[tuple[str, str], ...] = ()) -> AttributeLexicon:
    """Load ``models/lexicon/attributes.tsv`` plus ``extra`` (term, attribute) pairs."""
    source = path or models_dir() / "lexicon" / "attributes.tsv"
    terms = parse_lexicon(source.read_text(encoding="utf-8").splitlines())
    terms.update(dict(extra))
    return compile_lexicon(terms)

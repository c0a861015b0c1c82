"""The attribute lexicon: which words say what a figure measures (预算, 支出, 执行率 …).

The words are matched by the spaCy concept matcher (:mod:`auditor.nlp.concepts`); the
sum reader also uses them to tell a bare attribute word from the name of a part.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.lexicon import CONSUMERS
from auditor.paths import models_dir


@dataclass(frozen=True)
class AttributeLexicon:
    """Terms mapped to attribute ids (``budget``, ``spent``, ``exec_rate`` …)."""

    terms: dict[str, str]

    def attribute_of(self, term: str) -> str:
        """The attribute a term stands for."""
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


@lru_cache(maxsize=4)
def load_attribute_lexicon(path: Path | None = None) -> AttributeLexicon:
    """Load ``models/lexicon/attributes.tsv`` (or ``path``)."""
    source = path or models_dir() / "lexicon" / "attributes.tsv"
    if path is None:
        CONSUMERS.add(("attributes", ""))  # every entry is a concept: the file is read whole
    return AttributeLexicon(parse_lexicon(source.read_text(encoding="utf-8").splitlines()))

"""Small tab-separated vocabularies under ``models/lexicon/`` (periods, claims, grades).

One row a line, ``#`` starts a comment line, columns separated by a tab. Each file is read
once per process; the rows come back as tuples of stripped strings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from auditor.paths import models_dir


@cache
def _read(path: Path) -> tuple[tuple[str, ...], ...]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def vocabulary(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """The rows of ``models/lexicon/<name>.tsv``, each with exactly ``columns`` cells."""
    return _vocabulary(models_dir(), name, columns)


@cache
def _vocabulary(models: Path, name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    # checked once per process: rules ask per document
    path = models / "lexicon" / f"{name}.tsv"
    rows = _read(path)
    for row in rows:
        if len(row) != columns:
            raise ValueError(f"{path}: 每行应有 {columns} 列：{row}")
    return rows


def words(name: str) -> tuple[str, ...]:
    """The first column of ``models/lexicon/<name>.tsv``, longest first (for alternations)."""
    path = models_dir() / "lexicon" / f"{name}.tsv"
    return tuple(sorted({row[0] for row in _read(path)}, key=lambda w: (-len(w), w)))

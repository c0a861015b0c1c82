"""The public documents in ``../shared/real``: where they are, their fixed tune/check split.

The split is by a hash of the file name, fixed once: rules are tuned on the *tune* half
and the *check* half is only looked at to measure. Labelled units taken from these
documents (lines, sentences) record the file name, so the same split applies to them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "real"
#: What the documents are, from their file names (the folder's README says the same).
GENRES = ("budget", "final_accounts", "work_report", "department_final_accounts")
REPORT_SUFFIXES = frozenset({".txt", ".docx", ".doc", ".pdf", ".html", ".htm"})


def split_of(name: str) -> str:
    """``tune`` or ``check`` for a document's file name (its base name, not its path)."""
    digest = hashlib.sha256(Path(name).name.encode("utf-8")).hexdigest()
    return "tune" if int(digest, 16) % 2 == 0 else "check"


def genre_of(name: str) -> str:
    """The genre of a document in ``../shared/real``, read from its file name."""
    stem = Path(name).stem
    if "政府工作报告" in stem:
        return "work_report"
    if "部门决算" in stem:
        return "department_final_accounts"
    if "final_accounts" in stem:
        return "final_accounts"
    return "budget"


def real_documents(folder: Path = DEFAULT_FOLDER, half: str = "all") -> Iterator[Path]:
    """The report files of ``folder`` (recursively, sorted), optionally one half only."""
    if half not in {"all", "tune", "check"}:
        raise ValueError(f"half must be all, tune or check, not {half!r}")
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in REPORT_SUFFIXES:
            continue
        if half == "all" or split_of(path.name) == half:
            yield path

"""Validate the gold labels in ``corpora/gold/*.jsonl`` against the corpus documents.

Checks, for every line of every gold file:

- the line is a JSON object with a known ``kind`` (``defect``, ``acceptable``, ``clean``);
- ``document`` (relative to ``corpora/``) exists and can be read by the auditor's ingest;
- ``codes`` are rule codes of the catalogue (``AU1xx``–``AU6xx``), non-empty for defects;
- the ``anchor`` occurs in the document's text at least ``occurrence`` times;
- a document labelled ``clean`` has no ``defect`` line;
- every document of a corpus folder that has a gold file is labelled at least once.

Usage: ``python benchmarks/check_gold.py [GOLD.jsonl …]`` (default: all of ``corpora/gold``).
Exit status 0 when everything holds, 1 otherwise; problems are listed on stdout.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
KINDS = {"defect", "acceptable", "clean"}
CODE = regex.compile(r"^AU[1-6]\d\d$")
DOCUMENT_SUFFIXES = {".txt", ".docx", ".pdf"}


@dataclass(frozen=True)
class Problem:
    """One violated expectation, located by gold file and line."""

    gold: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.gold}:{self.line}: {self.message}"


def document_text(path: Path) -> str:
    """Return the text of *path* as the auditor sees it (ingest first, plain decode as fallback)."""
    try:
        from auditor.ingest import read_source
    except ImportError:
        read_source = None
    if read_source is not None:
        try:
            return read_source(path).text
        except Exception:
            if path.suffix.lower() != ".txt":
                raise
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def check_gold_file(gold: Path, texts: dict[Path, str]) -> tuple[list[Problem], set[Path]]:
    """Check one gold file; return its problems and the documents it labels."""
    problems: list[Problem] = []
    labelled: set[Path] = set()
    kinds_by_doc: dict[Path, set[str]] = defaultdict(set)
    name = gold.name
    for number, raw in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(Problem(name, number, f"not JSON: {exc}"))
            continue
        problems.extend(_check_entry(name, number, entry, texts, labelled, kinds_by_doc))
    for doc, kinds in kinds_by_doc.items():
        if "clean" in kinds and "defect" in kinds:
            problems.append(Problem(name, 0, f"{doc.name} is labelled clean and has defects"))
    return problems, labelled


def _check_entry(
    name: str,
    number: int,
    entry: object,
    texts: dict[Path, str],
    labelled: set[Path],
    kinds_by_doc: dict[Path, set[str]],
) -> list[Problem]:
    if not isinstance(entry, dict):
        return [Problem(name, number, "line is not a JSON object")]
    kind = entry.get("kind")
    if kind not in KINDS:
        return [Problem(name, number, f"unknown kind {kind!r}")]
    document = entry.get("document")
    if not isinstance(document, str):
        return [Problem(name, number, "missing document")]
    path = CORPORA / document
    if not path.is_file():
        return [Problem(name, number, f"document not found: {document}")]
    labelled.add(path)
    kinds_by_doc[path].add(kind)
    if kind == "clean":
        return []
    problems: list[Problem] = []
    codes = entry.get("codes")
    if not isinstance(codes, list) or not all(isinstance(c, str) and CODE.match(c) for c in codes):
        problems.append(Problem(name, number, f"bad codes {codes!r}"))
    elif kind == "defect" and not codes:
        problems.append(Problem(name, number, "a defect needs at least one code"))
    anchor = entry.get("anchor")
    occurrence = entry.get("occurrence", 1)
    if not isinstance(anchor, str) or not anchor:
        return [*problems, Problem(name, number, "missing anchor")]
    if not isinstance(occurrence, int) or occurrence < 1:
        return [*problems, Problem(name, number, f"bad occurrence {occurrence!r}")]
    if path not in texts:
        try:
            texts[path] = document_text(path)
        except Exception as exc:
            return [*problems, Problem(name, number, f"cannot read {document}: {exc}")]
    found = texts[path].count(anchor)
    if found < occurrence:
        message = f"anchor {anchor!r} found {found}× in {document}, need {occurrence}"
        problems.append(Problem(name, number, message))
    return problems


def unlabelled_documents(gold: Path, labelled: set[Path]) -> list[Path]:
    """Documents in the folder named after *gold* (reports.jsonl → reports/) with no line."""
    folder = CORPORA / gold.stem
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and p not in labelled
    )


def main(argv: list[str]) -> int:
    """Check the given gold files (default: all) and print a summary; return the exit status."""
    golds = [Path(a) for a in argv] or sorted((CORPORA / "gold").glob("*.jsonl"))
    texts: dict[Path, str] = {}
    failed = False
    for gold in golds:
        problems, labelled = check_gold_file(gold, texts)
        missing = unlabelled_documents(gold, labelled)
        for problem in problems:
            print(problem)
        for path in missing:
            print(f"{gold.name}: no gold line for {path.relative_to(CORPORA)}")
        counts: dict[str, int] = defaultdict(int)
        for raw in gold.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                counts[json.loads(raw).get("kind", "?")] += 1
        summary = ", ".join(f"{k} {counts[k]}" for k in sorted(counts))
        status = "FAIL" if problems or missing else "ok"
        print(f"{gold.name}: {len(labelled)} documents, {summary}: {status}")
        failed = failed or bool(problems or missing)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

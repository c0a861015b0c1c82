"""Gold labels: the JSON Lines files under ``corpora/gold`` and where their anchors are.

A line is ``{"document": "reports/x.txt", "kind": "defect"|"acceptable"|"clean",
"codes": [...], "anchor": "...", "occurrence": 1, "note": "..."}``; ``document`` is relative
to the corpus root (the folder above the gold file). Anchors are located by text: the
``occurrence``-th non-overlapping occurrence of ``anchor`` in the document text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex

KINDS = ("defect", "acceptable", "clean")
_CODE = regex.compile(r"^AU[0-9]\d\d$")


class GoldError(ValueError):
    """A gold file that cannot be used (bad JSON, unknown kind, missing document …)."""


@dataclass(frozen=True)
class GoldEntry:
    """One labelled line: a planted defect, a trap that must stay silent, or a clean mark."""

    document: str
    kind: str
    codes: tuple[str, ...] = ()
    anchor: str = ""
    occurrence: int = 1
    note: str = ""
    origin: str = ""


@dataclass(frozen=True)
class GoldDocument:
    """All labels of one document, with the file they refer to."""

    document: str
    path: Path
    entries: tuple[GoldEntry, ...]

    @property
    def clean(self) -> bool:
        """True when the document is labelled as carrying no planted defect."""
        return any(e.kind == "clean" for e in self.entries)

    @property
    def defects(self) -> tuple[GoldEntry, ...]:
        """The planted defects, in file order."""
        return tuple(e for e in self.entries if e.kind == "defect")

    @property
    def acceptable(self) -> tuple[GoldEntry, ...]:
        """The traps that must produce no finding."""
        return tuple(e for e in self.entries if e.kind == "acceptable")


def parse_entry(raw: object, origin: str = "") -> GoldEntry:
    """Validate one decoded JSON line; raise :class:`GoldError` with the reason."""
    if not isinstance(raw, dict):
        raise GoldError(f"{origin}：不是 JSON 对象")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise GoldError(f"{origin}：未知的 kind {kind!r}")
    document = raw.get("document")
    if not isinstance(document, str) or not document:
        raise GoldError(f"{origin}：缺少 document")
    if kind == "clean":
        return GoldEntry(document, kind, origin=origin)
    codes = raw.get("codes", [])
    if not isinstance(codes, list) or not all(isinstance(c, str) and _CODE.match(c) for c in codes):
        raise GoldError(f"{origin}：codes 无效 {codes!r}")
    if kind == "defect" and not codes:
        raise GoldError(f"{origin}：defect 至少需要一个规则代码")
    anchor = raw.get("anchor")
    if not isinstance(anchor, str) or not anchor:
        raise GoldError(f"{origin}：缺少 anchor")
    occurrence = raw.get("occurrence", 1)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        raise GoldError(f"{origin}：occurrence 无效 {occurrence!r}")
    note = raw.get("note") or ""
    return GoldEntry(document, kind, tuple(codes), anchor, occurrence, str(note), origin)


def read_gold(path: Path) -> list[GoldEntry]:
    """Read one gold JSONL file; raise :class:`GoldError` on any malformed line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"无法读取标注文件 {path}：{exc}") from exc
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{path.name}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{origin}：不是合法的 JSON（{exc.msg}）") from exc
        entries.append(parse_entry(raw, origin))
    return entries


def corpus_root(gold: Path) -> Path:
    """The folder ``document`` paths are relative to: the parent of the gold folder."""
    return gold.resolve().parent.parent


def load_gold(paths: Iterable[Path], root: Path | None = None) -> list[GoldDocument]:
    """Read gold files and group their lines by document, in first-seen order.

    ``root`` overrides the corpus root (default: the folder above each gold file).
    Raises :class:`GoldError` when a labelled document does not exist.
    """
    grouped: dict[str, list[GoldEntry]] = {}
    where: dict[str, Path] = {}
    for gold in paths:
        base = root if root is not None else corpus_root(gold)
        for entry in read_gold(gold):
            grouped.setdefault(entry.document, []).append(entry)
            where.setdefault(entry.document, base / entry.document)
    documents = []
    for document, entries in grouped.items():
        path = where[document]
        if not path.is_file():
            raise GoldError(f"{entries[0].origin}：文档不存在 {document}")
        documents.append(GoldDocument(document, path, tuple(entries)))
    return documents


def locate(text: str, anchor: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the ``occurrence``-th non-overlapping occurrence of ``anchor`` (1-based)."""
    position = -1
    start = 0
    for _ in range(occurrence):
        position = text.find(anchor, start)
        if position < 0:
            return None
        start = position + len(anchor)
    return position, position + len(anchor)

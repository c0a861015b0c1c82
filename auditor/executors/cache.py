"""The result cache: an unchanged file under unchanged settings is not audited again.

An entry is keyed by everything a document's result depends on: the file's content
(sha256) and suffix (which reader reads it), the tool (its version and a digest of its
code, so a development checkout never reuses a stale result), the effective configuration
(rule selection, thresholds, lexicon) and the models (a digest of every file under
``models/``, plus the segmenter's version). The path is not part of the key: a result is
stored without the per-file ignores and relocated to the path being scanned.

Entries are JSON (:mod:`auditor.executors.codec`), one file per key, written atomically.
A missing, damaged or foreign entry (another key, another format) is a miss: the file is
audited again and the entry rewritten. Only results that depend on the content alone are
stored (not time-outs, crashes or unreadable files).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.config import Config
from auditor.executors import relocate
from auditor.executors.codec import CodecError, decode_result, encode_result
from auditor.fsutil import write_atomic
from auditor.paths import models_dir, user_cache_dir
from auditor.result import DocumentResult

ENTRY_FORMAT = "auditor-cache-entry"
ENTRY_VERSION = 1
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_cache_dir() -> Path:
    """Where ``auditor scan`` keeps results unless told otherwise."""
    return user_cache_dir() / "results"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over the package's Python sources (paths and contents)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def models_digest(folder: Path | None = None) -> str:
    """sha256 over every file under the models folder, and the segmenter's version."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    root = folder or models_dir()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for package in ("jieba", "spacy"):
        with contextlib.suppress(PackageNotFoundError):
            digest.update(f"{package}={version(package)}\0".encode())
    return digest.hexdigest()


def configuration_key(config: Config) -> dict[str, Any]:
    """The parts of ``config`` a document's result depends on (per-file ignores are applied after)."""
    return {
        "select": list(config.select), "ignore": list(config.ignore),
        "grade_bands": [[grade, str(low)] for grade, low in config.grade_bands],
        "grade_scale": None if config.grade_scale is None else str(config.grade_scale),
        "amount_bounds": [str(config.amount_bounds.low), str(config.amount_bounds.high)],
        "lexicon": sorted([str(k), sorted(map(str, v))] for k, v in dict(config.lexicon).items()),
    }


def context_key(config: Config) -> str:
    """The digest of everything but the file that a result depends on."""
    context = {"version": __version__, "code": code_digest(), "models": models_digest(),
               "config": configuration_key(config)}
    return hashlib.sha256(json.dumps(context, sort_keys=True).encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str | None:
    """sha256 of the file's bytes, or ``None`` when it cannot be read (the audit will say why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass
class CacheStats:
    """How a scan used the cache."""

    hits: int = 0
    misses: int = 0
    rejected: int = 0  # entries that existed but were damaged or foreign
    stored: int = 0


class ResultCache:
    """Results on disk under ``folder``, for one context (see :func:`context_key`)."""

    def __init__(self, folder: Path, context: str) -> None:
        self.folder = folder
        self.context = context
        self.stats = CacheStats()

    def key_of(self, digest: str, path: Path) -> str:
        """The entry key of content ``digest`` read as ``path`` (its suffix picks the reader)."""
        material = f"{self.context}\0{digest}\0{path.suffix.lower()}"
        return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()

    def _entry_path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str, path: Path, *, facts: bool = True) -> DocumentResult | None:
        """The stored result for ``key``, relocated to ``path``; ``None`` on a miss.

        ``facts=False``: without its facts (see :func:`~auditor.executors.codec.decode_result`).
        """
        entry = self._entry_path(key)
        try:
            data = json.loads(entry.read_bytes())
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except (OSError, ValueError):
            self.stats.rejected += 1
            return None
        try:
            if (not isinstance(data, dict) or data.get("format") != ENTRY_FORMAT
                    or data.get("version") != ENTRY_VERSION or data.get("key") != key):
                raise CodecError("foreign entry")
            result = decode_result(data.get("result"), facts=facts)
        except CodecError:
            self.stats.rejected += 1
            return None
        self.stats.hits += 1
        return relocate(result, path)

    def store(self, key: str, result: DocumentResult) -> None:
        """Keep ``result`` (a complete audit) under ``key``; failures to write are ignored."""
        if result.error is not None or result.source is None:
            return
        entry = {"format": ENTRY_FORMAT, "version": ENTRY_VERSION, "key": key,
                 "result": encode_result(result)}
        payload = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        try:
            write_atomic(self._entry_path(key), payload, durable=False)
        except OSError:
            return  # a read-only or full cache folder costs speed, never the scan
        self.stats.stored += 1

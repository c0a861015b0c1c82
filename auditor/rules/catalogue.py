"""The rule catalogue for commands that only read it (``explain``, ``rules``).

Importing the rules imports the whole extract stage (hundreds of compiled patterns, about
half a second), while ``auditor explain`` needs only a code, a name, a severity and a
docstring. The catalogue is built from the registry once and kept as JSON in the user's
cache folder, keyed by the tool's version and the size and modification time of every
rule source file; a missing, damaged, foreign or stale file is rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from auditor import __version__
from auditor.paths import user_cache_dir

FORMAT = "auditor-rule-catalogue"
_RULES_DIR = Path(__file__).resolve().parent
_SOURCE_DIRS = (_RULES_DIR, _RULES_DIR.parent / "types.py")


@dataclass(frozen=True)
class RuleEntry:
    """What ``explain`` and ``rules`` show of a rule."""

    code: str
    name: str
    severity: str
    documentation: str

    def summary(self) -> str:
        """First line of the documentation."""
        return self.documentation.splitlines()[0] if self.documentation else ""


def source_key() -> str:
    """The tool's version and every rule source file's name, size and modification time."""
    stamps = [__version__]
    for root in _SOURCE_DIRS:
        files = sorted(root.rglob("*.py")) if root.is_dir() else [root]
        for path in files:
            with contextlib.suppress(OSError):
                stat = path.stat()
                stamps.append(f"{path.relative_to(_RULES_DIR.parent)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(stamps).encode("utf-8")).hexdigest()


def catalogue(cache_dir: Path | None = None) -> list[RuleEntry]:
    """Every rule ordered by code: from the cache when it is current, else from the registry."""
    path = (cache_dir or user_cache_dir()) / "rules.json"
    key = source_key()
    cached = _read(path, key)
    if cached is not None:
        return cached
    from auditor.rules.registry import all_rules

    entries = [RuleEntry(rule.code, rule.name, rule.severity.value, rule.documentation())
               for rule in all_rules()]
    with contextlib.suppress(OSError):  # a read-only cache only costs the next start-up
        from auditor.fsutil import write_atomic

        data = {"format": FORMAT, "key": key, "rules": [entry.__dict__ for entry in entries]}
        write_atomic(path, json.dumps(data, ensure_ascii=False), durable=False)
    return entries


def entry_by_code(code: str, cache_dir: Path | None = None) -> RuleEntry | None:
    """The rule with this code (case-insensitive), or None."""
    wanted = code.upper()
    return next((entry for entry in catalogue(cache_dir) if entry.code == wanted), None)


def _read(path: Path, key: str) -> list[RuleEntry] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["key"] != key:
            return None
        entries = [RuleEntry(**row) for row in data["rules"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not all(isinstance(value, str) for entry in entries for value in entry.__dict__.values()):
        return None
    return entries

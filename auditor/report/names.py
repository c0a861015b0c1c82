"""File names of the report's pages and images: the document's own name, made safe.

A page is named after its document (``2026_广东省_政府工作报告.txt.html``) so a colleague
can find it in a folder listing. Characters that file systems or URLs reject, and
characters a reader cannot see (a U+202E would make ``‮gnp.txt.html`` display reversed),
are replaced; names stay under 200 bytes; a name already taken in this batch, or one of the
report's own files, gets ``~2``, ``~3``, ….
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from auditor.hidden_chars import hidden_pattern

#: Files of the report itself that a page name must never replace.
RESERVED = frozenset({"index.html", "findings.json", "findings.csv", "findings.sarif", "assets"})
MAX_NAME_BYTES = 200
_UNSAFE = re.compile(r'[\\/:*?"<>|#%]')


def _safe_stem(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = hidden_pattern().sub("_", name)
    name = "".join("_" if unicodedata.category(char).startswith(("C", "Z")) and char != " "
                   else char for char in name)
    name = _UNSAFE.sub("_", name).replace(" ", "_")
    name = re.sub(r"_+", "_", name).strip("._") or "文档"
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name


def page_file_name(path: str, taken: set[str], suffix: str = ".html") -> str:
    """A unique, safe file name for the page of the document at ``path``; adds it to ``taken``."""
    stem = _safe_stem(PurePath(path.replace("\\", "/")).name)
    candidate = f"{stem}{suffix}"
    number = 1
    while candidate.lower() in taken or candidate.lower() in RESERVED:
        number += 1
        candidate = f"{stem}~{number}{suffix}"
    taken.add(candidate.lower())
    return candidate

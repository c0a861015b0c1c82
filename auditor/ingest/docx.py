"""DOCX reader: paragraphs and tables in document order, every table cell addressable.

Text layout (what ``auditor extract --text`` prints and what offsets index):

- each body paragraph is one line (its own ``<w:br/>`` breaks stay inside as ``\\n``);
- each table row is one line, its cells separated by ``\\t``; newlines and tabs inside a
  cell become spaces so a row stays one line;
- a merged cell (``gridSpan`` / ``vMerge``) is written once, at its top-left grid position,
  and recorded once in ``Source.cells`` with that position; the grid positions it covers
  stay empty between their tabs (so the n-th tab field of a row is grid column n and no
  figure is read twice);
- paragraphs inside body-level content controls (``w:sdt``, e.g. a table of contents) are
  read in place.

Heading styles need no marker: a heading paragraph is already its own line, and its
numbering (一、 / （一）) is part of its text when the author typed it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.errors import InputProblem
from auditor.ingest.limits import DEFAULT_LIMITS, Limits, check_zip_expansion
from auditor.types import TableCell

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, tuple[TableCell, ...]]:
    """Extract ``(text, cells)`` from a .docx; raise :class:`InputProblem` when unreadable.

    The zip directory is checked against ``limits`` before any XML is parsed (AU005).
    """
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        raise InputProblem(
            "AU008", "该 .docx 是加密的 Office 文件（设置了打开密码），请去除密码后再审核"
        )
    check_zip_expansion(path, limits)
    document = _open(path)
    builder = _TextBuilder()
    try:
        _walk(document.element.body, document, builder)
    except InputProblem:
        raise
    except Exception as exc:
        raise InputProblem("AU001", f"DOCX 内容结构损坏，无法解析：{type(exc).__name__}") from exc
    return builder.text(), tuple(builder.cells)


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise InputProblem("AU001", "文件不是有效的 DOCX 文档（已损坏或被截断）") from exc
    except (OSError, MemoryError):
        raise
    except Exception as exc:
        raise InputProblem("AU001", f"DOCX 文件已损坏，无法解析：{type(exc).__name__}") from exc


class _TextBuilder:
    """Accumulates lines and cell offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._lines = 0
        self.cells: list[TableCell] = []
        self.tables = 0

    def start_line(self) -> None:
        if self._lines:
            self._append("\n")
        self._lines += 1

    def add(self, text: str) -> tuple[int, int]:
        start = self._length
        self._append(text)
        return start, self._length

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    def text(self) -> str:
        return "".join(self._parts)


def _walk(container: Any, parent: Any, builder: _TextBuilder) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            builder.start_line()
            builder.add(Paragraph(child, parent).text)
        elif tag == f"{_W}tbl":
            _add_table(Table(child, parent), builder)
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _walk(content, parent, builder)


def _add_table(table: Any, builder: _TextBuilder) -> None:
    index = builder.tables
    builder.tables += 1
    seen: set[Any] = set()
    keep_alive: list[Any] = []
    for row_index, row in enumerate(table.rows):
        builder.start_line()
        for column_index, cell in enumerate(row.cells):
            if column_index:
                builder.add("\t")
            element = cell._tc
            # lxml proxies are reused while referenced, so identity works as a key.
            keep_alive.append(element)
            if element in seen:
                continue
            seen.add(element)
            start, end = builder.add(_cell_text(cell.text))
            builder.cells.append(TableCell(index, row_index, column_index, start, end))


def _cell_text(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")

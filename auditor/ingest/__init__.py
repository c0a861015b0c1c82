"""Readers, one per format, each turning a file into a :class:`~auditor.types.Source`."""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

from auditor.errors import InputProblem
from auditor.ingest.limits import DEFAULT_LIMITS, Limits, check_file_size
from auditor.ingest.tab_tables import tab_table_cells
from auditor.ingest.txt import decode_text, read_text
from auditor.types import Source

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
LEGACY_OFFICE_SUFFIXES = {".doc", ".wps"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OS_MESSAGES = {
    errno.ELOOP: "符号链接形成循环，无法读取",
    errno.ENAMETOOLONG: "文件名或路径过长，无法读取",
    errno.EIO: "磁盘读取错误",
}


def read_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> Source:
    """Read one report file into a :class:`Source`; raise :class:`InputProblem` on failure.

    The file size is checked against ``limits`` before anything is parsed (AU005); an empty
    file, or a document without any text, is AU007.
    """
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        check_file_size(size, limits)
        if size == 0:
            raise InputProblem("AU007", "文件为空（0 字节）")
        data_hash = _sha256(path)
        if suffix in TEXT_SUFFIXES:
            text, encoding, guessed = read_text(path)
            notes = ("AU004",) if guessed else ()
            return Source(str(path), "txt", text, encoding, data_hash, notes=notes,
                          cells=tab_table_cells(text))
        if suffix == ".docx":
            return _docx_source(path, path, "docx", data_hash, limits)
        if suffix == ".pdf":
            return _pdf_source(path, data_hash)
        if suffix in HTML_SUFFIXES:
            return _html_source(path, "html", data_hash)
        if suffix in LEGACY_OFFICE_SUFFIXES:
            return _legacy_office_source(path, data_hash, limits)
    except InputProblem:
        raise
    except FileNotFoundError as exc:
        raise InputProblem("AU001", f"文件不存在或在读取前被删除：{exc.filename}") from exc
    except PermissionError as exc:
        raise InputProblem("AU001", "没有读取该文件的权限") from exc
    except IsADirectoryError as exc:
        raise InputProblem("AU001", "路径是目录而不是文件") from exc
    except OSError as exc:
        message = _OS_MESSAGES.get(exc.errno or 0, f"读取文件失败：{exc.strerror or exc}")
        raise InputProblem("AU001", message) from exc
    raise InputProblem("AU002", f"不支持的文件格式：{suffix or '（无扩展名）'}")


def _docx_source(path: Path, origin: Path, fmt: str, data_hash: str, limits: Limits) -> Source:
    from auditor.ingest.docx import read_docx

    text, cells = read_docx(path, limits)
    _require_text(text)
    return Source(str(origin), fmt, text, "utf-8", data_hash, cells=cells)


def _pdf_source(path: Path, data_hash: str) -> Source:
    from auditor.ingest.pdf import read_pdf

    extracted = read_pdf(path)
    _require_text(extracted.text)
    # Some pages are scans: the text of the others is audited, the gap is flagged.
    notes = ("AU003",) if extracted.empty_pages else ()
    return Source(
        str(path), "pdf", extracted.text, "utf-8", data_hash,
        page_starts=extracted.page_starts, notes=notes, boxes=extracted.boxes,
        empty_pages=extracted.empty_pages,
    )


def _html_source(path: Path, fmt: str, data_hash: str) -> Source:
    from auditor.ingest.html import html_to_text

    markup, encoding, guessed = decode_text(path.read_bytes())
    text = html_to_text(markup)
    _require_text(text)
    return Source(str(path), fmt, text, encoding, data_hash, notes=("AU004",) if guessed else (),
                  cells=tab_table_cells(text))


def _legacy_office_source(path: Path, data_hash: str, limits: Limits) -> Source:
    """.doc/.wps: often a renamed DOCX or HTML in practice; real binaries go to LibreOffice."""
    from auditor.ingest import office

    fmt = path.suffix.lower().lstrip(".")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if head.startswith(b"PK"):
        return _docx_source(path, path, fmt, data_hash, limits)
    if b"<html" in head.lower() or head.lstrip().startswith(b"<"):
        return _html_source(path, fmt, data_hash)
    if not head.startswith(_OLE_MAGIC) and not head.startswith(b"{\\rtf"):
        raise InputProblem("AU001", f"文件不是有效的 {fmt.upper()} 文档，可能已损坏")
    with office.temporary_folder() as folder:
        converted = office.convert_to_docx(path, Path(folder))
        return _docx_source(converted, path, fmt, data_hash, limits)


def _require_text(text: str) -> None:
    if not text.strip():
        raise InputProblem("AU007", "文档没有可审核的文字")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

"""Builders shared by the tests: real input files (DOCX, PDF, broken files) for the ingest and
CLI tests, and the extraction of a plain text for the relation tests.

Everything is generated at test time with python-docx and reportlab, so the tests need no
binary fixtures and no files outside the repository.
"""

from __future__ import annotations

import codecs
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.document import AnalysedDocument
from auditor.extract.extraction import Extraction, build_extraction
from auditor.text.lines import Line, LineType, TypedLines
from auditor.types import Source

Rows = Sequence[Sequence[str]]


def extraction_of(text: str) -> Extraction:
    """Facts and relations of ``text`` read as a plain-text document."""
    return build_extraction(AnalysedDocument(Source("<test>", "txt", text)))


def typed_lines(rows: Sequence[tuple[str, LineType]]) -> TypedLines:
    """Lines of a text joined by newlines, each with the type given next to it."""
    lines, start = [], 0
    for index, (text, _) in enumerate(rows):
        lines.append(Line(index, start, start + len(text), text))
        start += len(text) + 1
    return TypedLines(tuple(lines), tuple(kind for _, kind in rows))

#: The 绩效自评表 header used by the tests (columns of a project self-evaluation table).
SELF_EVALUATION_HEADER = (
    "项目名称", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
)
SELF_EVALUATION_TABLE: tuple[tuple[str, ...], ...] = (
    SELF_EVALUATION_HEADER,
    ("项目资金（万元）", "100.00", "120.00", "110.00", "10", "91.67%", "9.17"),
    ("其中：财政拨款", "100.00", "120.00", "110.00", "—", "91.67%", "—"),
)


@dataclass(frozen=True)
class Heading:
    """A paragraph written with Word's built-in heading style of ``level``."""

    text: str
    level: int = 1


Block = str | Heading | Rows


def make_docx(
    path: Path,
    paragraphs: Sequence[Block] = (),
    tables: Sequence[Rows] = (),
    merges: Sequence[tuple[int, tuple[int, int], tuple[int, int]]] = (),
) -> Path:
    """Write a DOCX: ``paragraphs`` in order (a nested sequence is a table in place), then
    ``tables``. ``merges`` holds ``(table, (row, col), (row, col))`` corner pairs to merge;
    the merged cell keeps the text of its top-left cell.
    """
    import docx

    document = docx.Document()
    for block in paragraphs:
        if isinstance(block, Heading):
            document.add_heading(block.text, block.level)
        elif isinstance(block, str):
            document.add_paragraph(block)
        else:
            _add_table(document, block)
    for rows in tables:
        _add_table(document, rows)
    for index, (first, last) in ((m[0], m[1:]) for m in merges):
        table = document.tables[index]
        top_left = table.cell(*first)
        text = top_left.text
        merged = top_left.merge(table.cell(*last))
        merged.text = text
    document.save(str(path))
    return path


def _add_table(document: object, rows: Rows) -> None:
    columns = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=columns)  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def make_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    page_numbers: str | None = None,
    header: str | None = None,
    encrypt: str | None = None,
) -> Path:
    """Write a text PDF with the CID font STSong-Light (Chinese in the text layer).

    ``pages`` is a list of pages, each a list of lines. ``page_numbers`` is a format such
    as ``"- {n} -"`` or ``"第 {n} 页"`` drawn at the bottom of every page (``{total}`` is the
    page count); ``header`` is drawn at the top of every page; ``encrypt`` sets a user
    password.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    width, height = A4
    for number, lines in enumerate(pages, 1):
        pdf.setFont("STSong-Light", 12)
        if header:
            pdf.drawString(72, height - 40, header)
        y = height - 80
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 20
        if page_numbers:
            label = page_numbers.format(n=number, total=len(pages))
            pdf.drawCentredString(width / 2, 30, label)
        pdf.showPage()
    pdf.save()
    return path


def make_positioned_pdf(path: Path, pages: Sequence[Sequence[tuple[float, float, str]]]) -> Path:
    """Write a text PDF drawing each ``(x, y, text)`` in the order given: the content stream
    order, which need not be the order a reader sees (y from the bottom of an A4 page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for strings in pages:
        pdf.setFont("STSong-Light", 12)
        for x, y, text in strings:
            pdf.drawString(x, y, text)
        pdf.showPage()
    pdf.save()
    return path


def make_image_pdf(path: Path, pages: int = 2) -> Path:
    """Write a PDF that only draws shapes, like a scan: no text layer at all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for index in range(pages):
        pdf.rect(50 + index, 50, 400, 600, fill=1)
        pdf.circle(300, 400, 80)
        pdf.showPage()
    pdf.save()
    return path


def truncate(source: Path, target: Path, keep: float = 0.5) -> Path:
    """Copy the first ``keep`` fraction of ``source`` to ``target`` (a damaged download)."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def make_zip_bomb_docx(path: Path, expanded_mb: int = 400) -> Path:
    """A valid DOCX plus a member of ``expanded_mb`` MB of zeros (compresses to ~1/1000)."""
    plain = path.with_name(path.stem + ".plain.docx")
    make_docx(plain, ["正文"])
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(
        path, "w", zipfile.ZIP_DEFLATED, compresslevel=9
    ) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        info = zipfile.ZipInfo("word/media/padding.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = bytes(1 << 20)
        with target.open(info, "w", force_zip64=True) as member:
            for _ in range(expanded_mb):
                member.write(chunk)
    plain.unlink()
    return path


def make_fault_corpus(folder: Path) -> dict[str, str | None]:
    """Fill ``folder`` with good and broken inputs; return file name → expected AU code.

    ``None`` means the file must be read successfully. Files that a scan must ignore
    (hidden, Office lock files) or skip (unknown extension) are created but not listed.
    """
    from auditor.ingest.office import find_soffice

    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str | None] = {}
    prose = ["一、基本情况", "2024年项目预算100.00万元，实际支出95.00万元，执行率95.00%。"]

    (folder / "good.txt").write_text("\n".join(prose), encoding="utf-8")
    expected["good.txt"] = None
    make_docx(folder / "good.docx", prose, [SELF_EVALUATION_TABLE])
    expected["good.docx"] = None
    make_pdf(folder / "good.pdf", [prose, ["二、存在问题", "无。"]], page_numbers="- {n} -")
    expected["good.pdf"] = None
    (folder / "good.html").write_text(
        "<html><body><h1>一、基本情况</h1><p>预算100万元。</p></body></html>", encoding="utf-8"
    )
    expected["good.html"] = None
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "\n".join(prose).encode("utf-16-le"))
    expected["utf16.txt"] = None
    (folder / "gb18030.txt").write_bytes("\n".join(prose).encode("gb18030"))
    expected["gb18030.txt"] = None
    odd_names = ["报告 第1版 #2 %20.txt", "a" * 200 + ".txt", "年度 绩效（自评）报告.txt"]
    for name in odd_names:
        (folder / name).write_text("\n".join(prose), encoding="utf-8")
        expected[name] = None

    (folder / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "AU007"
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 64)
    expected["junk.txt"] = "AU001"
    truncate(folder / "good.docx", folder / "truncated.docx")
    expected["truncated.docx"] = "AU001"
    truncate(folder / "good.pdf", folder / "truncated.pdf", keep=0.3)
    expected["truncated.pdf"] = "AU001"
    make_image_pdf(folder / "scanned.pdf")
    expected["scanned.pdf"] = "AU003"
    make_pdf(folder / "encrypted.pdf", [prose], encrypt="secret")
    expected["encrypted.pdf"] = "AU008"
    make_zip_bomb_docx(folder / "bomb.docx")
    expected["bomb.docx"] = "AU005"
    (folder / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    expected["legacy.doc"] = "AU001" if find_soffice() else "AU002"
    os.symlink("loop.txt", folder / "loop.txt")
    expected["loop.txt"] = "AU001"
    os.symlink("missing-target.txt", folder / "dangling.txt")
    expected["dangling.txt"] = "AU001"

    (folder / ".hidden.txt").write_text("隐藏文件", encoding="utf-8")
    (folder / "~$good.docx").write_bytes(b"lock")
    (folder / "notes.xyz").write_text("不支持的类型", encoding="utf-8")
    return expected

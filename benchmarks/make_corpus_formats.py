"""Turn corpus reports that carry a ``[表格]`` block into .docx and .pdf, with gold lines.

- DOCX (python-docx): each non-empty line a paragraph (一、 → Heading 1, （一） → Heading 2),
  the tab-separated ``[表格]…[/表格]`` block a real Word table.
- PDF (reportlab, CID font STSong-Light, text layer): prose wrapped to the page width, never
  inside a gold anchor; table rows drawn cell by cell; ``- n -`` page numbers.

The new files go to ``corpora/reports/`` as ``046_…docx`` and on; every gold line of the
original is copied to the new document when its anchor still occurs often enough in the
text the auditor extracts (``read_source``). A defect whose anchor would be lost is an
error (exit 1): a converted document must not carry an unlabelled defect. Re-running
replaces the files and gold lines it wrote before.

Usage: ``python benchmarks/make_corpus_formats.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.eval.gold import locate  # noqa: E402
from auditor.ingest import read_source  # noqa: E402
from tests.builders import Heading, make_docx  # noqa: E402

CORPORA = ROOT / "corpora"
REPORTS = CORPORA / "reports"
GOLD = CORPORA / "gold" / "reports.jsonl"
DOCX_SOURCES = ("001", "002", "008", "013", "020", "026", "036", "043")
PDF_SOURCES = ("015", "001", "026")
FIRST_NUMBER = 46
_TOP = regex.compile(r"^[一二三四五六七八九十]+、")
_SUB = regex.compile(r"^（[一二三四五六七八九十]+）")


def source_of(number: str) -> Path:
    """The .txt report whose name starts with ``number``."""
    return next(REPORTS.glob(f"{number}_*.txt"))


def blocks(text: str) -> list[str | list[list[str]]]:
    """Non-empty lines, and each ``[表格]`` block as a list of rows of cells."""
    result: list[str | list[list[str]]] = []
    table: list[list[str]] | None = None
    for line in text.splitlines():
        if line.strip() == "[表格]":
            table = []
        elif line.strip() == "[/表格]":
            result.append(table or [])
            table = None
        elif table is not None:
            table.append(line.split("\t"))
        elif line.strip():
            result.append(line)
    return result


def write_docx(text: str, path: Path) -> None:
    """One paragraph per line, headings by their numbering, tables as Word tables."""
    items: list[object] = []
    for block in blocks(text):
        if isinstance(block, list):
            width = max(len(row) for row in block)
            items.append([row + [""] * (width - len(row)) for row in block])
        elif _TOP.match(block):
            items.append(Heading(block, 1))
        elif _SUB.match(block):
            items.append(Heading(block, 2))
        else:
            items.append(block)
    make_docx(path, items)  # type: ignore[arg-type]


def protected_ranges(line: str, anchors: list[str]) -> list[tuple[int, int]]:
    """Where in ``line`` an anchor (or its start/end inside this line) must not be cut."""
    ranges = []
    for anchor in anchors:
        start = 0
        while (found := line.find(anchor, start)) >= 0:
            ranges.append((found, found + len(anchor)))
            start = found + 1
    return ranges


def wrap(line: str, anchors: list[str], fits: object) -> list[str]:
    """Cut ``line`` into pieces that fit the width, never inside an anchor."""
    ranges = protected_ranges(line, anchors)
    pieces = []
    while line:
        end = len(line)
        while end > 1 and not fits(line[:end]):  # type: ignore[operator]
            end -= 1
        if end < len(line):
            inside = [r for r in ranges if r[0] < end < r[1]]
            while inside and min(r[0] for r in inside) > 0:
                end = min(r[0] for r in inside)
                inside = [r for r in ranges if r[0] < end < r[1]]
            if inside:  # an anchor wider than the line: keep it whole on an overlong line
                end = max(r[1] for r in inside)
        pieces.append(line[:end])
        line = line[end:]
        ranges = [(a - end, b - end) for a, b in ranges if b > end]
    return pieces


def write_pdf(text: str, path: Path, anchors: list[str]) -> None:
    """A text PDF: wrapped prose, table rows cell by cell, page numbers at the bottom."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font, size, leading = "STSong-Light", 11, 17
    width, height = A4
    usable = width - 2 * 64

    def fits(piece: str) -> bool:
        return pdfmetrics.stringWidth(piece, font, size) <= usable

    rows: list[list[str]] = []
    for block in blocks(text):
        if isinstance(block, list):
            rows.extend(block)
        else:
            rows.extend([piece] for piece in wrap(block, anchors, fits))
    pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    page = 1
    y = height - 72
    pdf.setFont(font, size)
    for row in rows:
        if y < 72:
            pdf.drawCentredString(width / 2, 36, f"- {page} -")
            pdf.showPage()
            pdf.setFont(font, size)
            page += 1
            y = height - 72
        if len(row) == 1:
            pdf.drawString(64, y, row[0])
        else:
            column = usable / len(row)
            pdf.setFont(font, 7)
            for index, cell in enumerate(row):
                pdf.drawString(64 + index * column, y, cell)
            pdf.setFont(font, size)
        y -= leading
    pdf.drawCentredString(width / 2, 36, f"- {page} -")
    pdf.showPage()
    pdf.save()


def main() -> int:
    """Write the files, then rewrite the gold file with their lines; report what was kept."""
    lines = [json.loads(raw) for raw in GOLD.read_text(encoding="utf-8").splitlines() if raw.strip()]
    ours = {f"reports/{p.name}" for p in REPORTS.glob("*") if p.suffix in (".docx", ".pdf")
            and int(p.name[:3]) >= FIRST_NUMBER}
    lines = [line for line in lines if line["document"] not in ours]
    for old in ours:
        (CORPORA / old).unlink()
    plan = [(n, ".docx") for n in DOCX_SOURCES] + [(n, ".pdf") for n in PDF_SOURCES]
    failed = False
    for offset, (number, suffix) in enumerate(plan):
        source = source_of(number)
        document = f"reports/{source.name}"
        entries = [line for line in lines if line["document"] == document]
        text = source.read_text(encoding="utf-8-sig")
        target = REPORTS / f"{FIRST_NUMBER + offset:03d}_{source.stem[4:]}{suffix}"
        if suffix == ".docx":
            write_docx(text, target)
        else:
            write_pdf(text, target, [e["anchor"] for e in entries if e.get("anchor")])
        extracted = read_source(target).text
        kept, lost = [], []
        for entry in entries:
            anchor = entry.get("anchor")
            if anchor and locate(extracted, anchor, entry.get("occurrence", 1)) is None:
                lost.append(entry)
                continue
            kept.append({**entry, "document": f"reports/{target.name}"})
        lines.extend(kept)
        print(f"{target.name}: {target.stat().st_size // 1024} KB, {len(extracted)} 字符，"
              f"标注 {len(kept)} 条，丢弃 {len(lost)} 条")
        for entry in lost:
            print(f"  丢弃 {entry['kind']} “{entry['anchor'][:50]}”")
            failed = failed or entry["kind"] == "defect"
    with GOLD.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Compare PDF text extractors on real reports: pages, characters, seconds, orphaned figures.

Usage: python benchmarks/pdf_libraries.py [PDF or folder …]  (default: ../shared/real/pdf)

"orphans" counts lines that hold nothing but a figure (``２２００``, ``76.1%``, ``2025``):
the known failure where an extractor pulls numbers out of their sentence, after which a
year reads as an amount. "tables" is pdfplumber's ruled-table finder alone, to see whether
table detection would be cheap enough to run on every page. pdfplumber is only needed for
this benchmark, not by the tool.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex

ORPHAN = regex.compile(r"^\s*[0-9０-９][0-9０-９.,．，\p{Co}]*\s*[%％]?\s*$", regex.MULTILINE)
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "real" / "pdf"


def with_pypdfium2(path: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def with_auditor(path: Path) -> list[str]:
    from auditor.ingest.pdf import read_pdf

    result = read_pdf(path)
    ends = [*result.page_starts[1:], len(result.text)]
    return [result.text[a:b] for a, b in zip(result.page_starts, ends, strict=True)]


def with_pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def pdfplumber_tables(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [str(len(page.find_tables())) for page in pdf.pages]


def with_pdftotext(path: Path) -> list[str]:
    output = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True, check=True,
    ).stdout.decode("utf-8", "replace")
    return output.split("\f")[:-1] or [output]


EXTRACTORS: dict[str, Callable[[Path], list[str]]] = {
    "pypdfium2": with_pypdfium2,
    "auditor(pdfium)": with_auditor,
    "pdfplumber": with_pdfplumber,
}
if shutil.which("pdftotext"):
    EXTRACTORS["pdftotext"] = with_pdftotext


def main(arguments: list[str]) -> None:
    """Print one row per file and extractor."""
    targets = [Path(a) for a in arguments] or [DEFAULT]
    files = sorted(
        f for t in targets for f in (t.glob("*.pdf") if t.is_dir() else [t])
    )
    print(f"{'file':42} {'library':16} {'pages':>5} {'chars':>7} {'orphans':>7} {'seconds':>8}")
    for path in files:
        for name, extract in EXTRACTORS.items():
            started = time.perf_counter()
            try:
                pages = extract(path)
            except Exception as exc:  # a benchmark row, not a crash
                print(f"{path.name[:42]:42} {name:16} failed: {exc}")
                continue
            seconds = time.perf_counter() - started
            text = "\n".join(pages)
            orphans = len(ORPHAN.findall(text))
            print(
                f"{path.name[:42]:42} {name:16} {len(pages):5} {len(text):7} {orphans:7} "
                f"{seconds:8.3f}"
            )
        started = time.perf_counter()
        tables = sum(int(n) for n in pdfplumber_tables(path))
        print(
            f"{path.name[:42]:42} {'pdfplumber-tbl':16} {'':5} {tables:7} {'tables':>7} "
            f"{time.perf_counter() - started:8.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])

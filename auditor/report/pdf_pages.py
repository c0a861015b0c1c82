"""The original PDF pages behind the findings, rendered once as PNG files beside the report,
and where on the page each finding sits.

Only pages with a finding are rendered (at most :data:`MAX_PAGES` per document), in
grayscale at :data:`SCALE` × (an A4 page is 893 × 1263 pixels, about 100 KB). An image is
written once: its PNG carries the document's SHA-256, the page and the scale in a text
chunk, so a rescan reuses a file that is still right and rewrites one that is not.

A finding's box comes from its span (``Span.bbox``, from the PDF reader) when it has one.
Until every span carries one, :func:`locate_on_page` finds the span's text among the page's
characters (the same pypdfium2 text the reader extracted, compared without whitespace,
the k-th occurrence for the k-th in the extracted page) and unites their boxes, one
rectangle per line.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from auditor.fsutil import write_atomic

SCALE = 1.5
MAX_PAGES = 40
_KEY = b"auditor-page"


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin bottom left


@dataclass(frozen=True)
class PageImage:
    """A rendered page: its 1-based number, image file name, size in PDF points, and the
    boxes found for findings without their own (finding index → one box per line)."""

    page: int
    file: str
    width: float
    height: float
    boxes: Mapping[int, tuple[Box, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Wanted:
    """A finding to locate on its page: its index, its text, and which occurrence it is."""

    index: int
    text: str
    occurrence: int


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_gray_png(pixels: bytes, width: int, height: int, stride: int, note: str) -> bytes:
    """An 8-bit grayscale PNG (no dependency beyond zlib) with ``note`` in a tEXt chunk."""
    rows = b"".join(b"\x00" + pixels[y * stride:y * stride + width] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"tEXt", _KEY + b"\x00" + note.encode("ascii"))
            + _chunk(b"IDAT", zlib.compress(rows, 6)) + _chunk(b"IEND", b""))


def _note(sha256: str, page: int, width: float, height: float) -> str:
    return f"{sha256}|{page}|{SCALE:g}|{width:.3f}|{height:.3f}"


def _cached(path: Path, sha256: str, page: int) -> PageImage | None:
    """The image already at ``path`` when it is this page of this document, else None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return None
    start = head.find(b"tEXt" + _KEY + b"\x00")
    if start < 0:
        return None
    length = struct.unpack(">I", head[start - 4:start])[0]
    text = head[start + 4 + len(_KEY) + 1:start + 4 + length].decode("ascii", "replace")
    parts = text.split("|")
    if len(parts) != 5 or parts[0] != sha256 or parts[1] != str(page) or parts[2] != f"{SCALE:g}":
        return None
    return PageImage(page, path.name, float(parts[3]), float(parts[4]))


def render_pages(pdf_path: Path, pages: Iterable[int], out_dir: Path, stem: str,
                 sha256: str, locate: Mapping[int, Sequence[Wanted]] | None = None
                 ) -> dict[int, PageImage]:
    """Render ``pages`` (1-based) of ``pdf_path`` as ``{stem}.p{N}.png`` in ``out_dir``, and
    find the boxes of the findings in ``locate`` (page → findings without a box).

    A page that cannot be rendered (file gone, damaged, password) is left out: the report
    then shows the text without the picture, never fails because of it.
    """
    wanted = sorted({page for page in pages if page >= 1})[:MAX_PAGES]
    locate = locate or {}
    images: dict[int, PageImage] = {}
    missing = []
    for page in wanted:
        found = _cached(out_dir / f"{stem}.p{page}.png", sha256, page)
        if found is not None:
            images[page] = found
        else:
            missing.append(page)
    if not missing and not any(locate.get(page) for page in images):
        return images
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(pdf_path))
    except Exception:
        return images
    try:
        for page in wanted:
            if page > len(document) or (page in images and not locate.get(page)):
                continue
            try:
                pdf_page = document[page - 1]
                if page not in images:
                    width, height = pdf_page.get_size()
                    bitmap = pdf_page.render(scale=SCALE, grayscale=True)
                    png = encode_gray_png(bytes(bitmap.buffer), bitmap.width, bitmap.height,
                                          bitmap.stride, _note(sha256, page, width, height))
                    name = f"{stem}.p{page}.png"
                    write_atomic(out_dir / name, png, durable=False)
                    images[page] = PageImage(page, name, width, height)
                if locate.get(page):
                    boxes = locate_on_page(pdf_page.get_textpage(), locate[page])
                    image = images[page]
                    images[page] = PageImage(image.page, image.file, image.width, image.height,
                                             boxes)
            except Exception:
                continue
    finally:
        document.close()
    return images


def locate_on_page(text_page: object, wanted: Sequence[Wanted]) -> dict[int, tuple[Box, ...]]:
    """Boxes of each wanted text on a pypdfium2 text page (one rectangle per line)."""
    count = text_page.count_chars()  # type: ignore[attr-defined]
    text = text_page.get_text_range(0, count)  # type: ignore[attr-defined]
    kept = [index for index, char in enumerate(text[:count]) if not char.isspace()]
    squeezed = "".join(text[index] for index in kept)
    found: dict[int, tuple[Box, ...]] = {}
    for item in wanted:
        needle = "".join(item.text.split())
        if not needle:
            continue
        start = -1
        for _ in range(item.occurrence + 1):
            start = squeezed.find(needle, start + 1)
            if start < 0:
                break
        if start < 0:
            continue
        chars = [text_page.get_charbox(kept[i]) for i in range(start, start + len(needle))]  # type: ignore[attr-defined]
        found[item.index] = _lines(chars)
    return found


def _lines(chars: Sequence[Box]) -> tuple[Box, ...]:
    """Character boxes united line by line (a new line when a box no longer overlaps)."""
    rows: list[list[float]] = []
    for x0, y0, x1, y1 in chars:
        if x1 <= x0 or y1 <= y0:
            continue
        row = rows[-1] if rows else None
        if row is not None and y0 < row[3] and y1 > row[1] and x0 >= row[0] - 1:
            row[0], row[1] = min(row[0], x0), min(row[1], y0)
            row[2], row[3] = max(row[2], x1), max(row[3], y1)
        else:
            rows.append([x0, y0, x1, y1])
    return tuple((r[0], r[1], r[2], r[3]) for r in rows)

"""The original PDF pages behind the findings, rendered once as PNG files beside the report.

Only pages with a finding are rendered (at most :data:`MAX_PAGES` per document), in
grayscale at :data:`SCALE` × (an A4 page is 893 × 1263 pixels, about 100 KB). An image is
written once: its PNG carries the document's SHA-256, the page and the scale in a text
chunk, so a rescan reuses a file that is still right and rewrites one that is not.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from auditor.fsutil import write_atomic

SCALE = 1.5
MAX_PAGES = 40
_KEY = b"auditor-page"


@dataclass(frozen=True)
class PageImage:
    """A rendered page: its 1-based number, image file name and size in PDF points."""

    page: int
    file: str
    width: float
    height: float


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
                 sha256: str) -> dict[int, PageImage]:
    """Render ``pages`` (1-based) of ``pdf_path`` as ``{stem}.p{N}.png`` in ``out_dir``.

    A page that cannot be rendered (file gone, damaged, password) is left out: the report
    then shows the text without the picture, never fails because of it.
    """
    wanted = sorted({page for page in pages if page >= 1})[:MAX_PAGES]
    images: dict[int, PageImage] = {}
    missing = []
    for page in wanted:
        found = _cached(out_dir / f"{stem}.p{page}.png", sha256, page)
        if found is not None:
            images[page] = found
        else:
            missing.append(page)
    if not missing:
        return images
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(pdf_path))
    except Exception:
        return images
    try:
        for page in missing:
            if page > len(document):
                continue
            try:
                pdf_page = document[page - 1]
                width, height = pdf_page.get_size()
                bitmap = pdf_page.render(scale=SCALE, grayscale=True)
                png = encode_gray_png(bytes(bitmap.buffer), bitmap.width, bitmap.height,
                                      bitmap.stride, _note(sha256, page, width, height))
            except Exception:
                continue
            name = f"{stem}.p{page}.png"
            write_atomic(out_dir / name, png, durable=False)
            images[page] = PageImage(page, name, width, height)
    finally:
        document.close()
    return images

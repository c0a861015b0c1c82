"""PDF reader: the text layer page by page (pypdfium2), page furniture kept out of the prose.

Why pypdfium2: on Word/WPS exports it returns lines in reading order with figures inside
their sentences, where pdfplumber/pdfminer pull numbers set in another font onto lines of
their own (``重达 ,财政收入…\\n７６.１％``), which turns years and amounts into orphans
(measured in ``benchmarks/pdf_libraries.py``).

Text layout (what offsets index): each page's text with ``\\r\\n`` turned into ``\\n``;
pages joined by ``\\n``; ``page_starts[i]`` is where page ``i + 1`` begins. Running page
numbers (``- 1 -``, ``— １ —``, ``第 1 页``, ``第1页 共12页``, ``1/12``, a bare number that
follows the page count) and header/footer lines repeated on most pages are *dropped* from
the text, so a sentence cut by a page break is only cut by a newline. Glyphs the PDF maps
to private-use code points between two digits (Founder fonts' decimal point) become a
decimal point of the same width as the digits, and ASCII punctuation drawn with a
full-width advance (fonts that map ``，。`` to ``,.``) becomes the full-width mark. Ruled
tables come out as lines of cells separated by spaces; they are not turned into
:class:`~auditor.types.TableCell` values (pdfplumber's table finder costs ~30x the text
extraction, see the benchmark).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from auditor.errors import InputProblem
from auditor.ingest.pdf_layout import (
    Boxes,
    PageLine,
    out_of_order,
    rebuilt,
    split_lines,
    with_words,
)
from auditor.types import TextBox

_RE_WHITESPACE_RUN = regex.compile(r"\s+")

_PAGE_NUMBER = regex.compile(
    r"""^\s*(?:
        [-—–－‐―~〜一_\s]*[0-9０-９]{1,4}[-—–－‐―~〜一_\s]*            # - 1 -, — １ —
      | 第\s*[0-9０-９]{1,4}\s*页(?:\s*[,，/／]?\s*共\s*[0-9０-９]{1,4}\s*页)?
      | 共\s*[0-9０-９]{1,4}\s*页\s*[,，]?\s*第\s*[0-9０-９]{1,4}\s*页
      | [0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}
      | (?i:page)\s*[0-9]{1,4}(?:\s*(?i:of)\s*[0-9]{1,4})?
    )\s*$""",
    regex.VERBOSE,
)
_BARE_NUMBER = regex.compile(r"^\s*([0-9０-９]{1,4})\s*$")
_PRIVATE_BETWEEN_DIGITS = regex.compile(
    r"(?<=[0-9０-９])[\p{Co}](?=[0-9０-９])"
)
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DIGITS = regex.compile(r"[0-9０-９]+")
_EDGE_LINES = 2
_PUNCTUATION_WIDE = {
    ",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）",
}
_ASCII_PUNCTUATION = regex.compile(r"[,.:;!?()]")
_HAN = regex.compile(r"\p{Han}")
_ALL_DIGITS = frozenset("0123456789０１２３４５６７８９")
_WORDS = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class PdfText:
    """The extracted text of a PDF with where each page starts, and the box of every word."""

    text: str
    page_starts: tuple[int, ...]
    empty_pages: tuple[int, ...]
    boxes: tuple[TextBox, ...] = ()


def read_pdf(path: Path) -> PdfText:
    """Extract the text layer of a PDF; raise :class:`InputProblem` when there is none.

    AU001 for a damaged or truncated file, AU008 when a password is needed, AU003 when no
    page has any text besides page furniture (a scan: OCR is out of scope). Pages without
    text in an otherwise textual PDF are listed in ``empty_pages``.
    """
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF" not in head:
        raise InputProblem("AU001", "文件不是有效的 PDF（缺少 PDF 文件头），可能已损坏")
    pages = _page_texts(path)
    if not pages:
        raise InputProblem("AU007", "PDF 没有任何页面")
    keep = _without_furniture([[line.text for line in page] for page in pages])
    kept = [[page[index] for index in indexes] for page, indexes in zip(pages, keep, strict=True)]
    lines = [[line.text for line in page] for page in kept]
    empty_pages = tuple(
        number for number, page_lines in enumerate(lines, 1) if not "".join(page_lines).strip()
    )
    if len(empty_pages) == len(pages):
        raise InputProblem(
            "AU003",
            "PDF 没有文本层（疑似扫描件或图片），OCR 不在本工具范围内；"
            "请提供由 Word/WPS 导出的 PDF 或原始 DOCX 文件",
        )
    text_parts: list[str] = []
    starts: list[int] = []
    boxes: list[TextBox] = []
    offset = 0
    for number, page_lines in enumerate(kept, 1):
        starts.append(offset)
        position = offset
        for line in page_lines:
            boxes.extend(TextBox(position + w.start, position + w.end, number,
                                 round(w.x0, 2), round(w.y0, 2), round(w.x1, 2), round(w.y1, 2))
                         for w in line.words)
            position += len(line.text) + 1
        page_text = "\n".join(line.text for line in page_lines)
        text_parts.append(page_text)
        offset += len(page_text) + 1
    return PdfText("\n".join(text_parts), tuple(starts), empty_pages, tuple(boxes))



def _page_texts(path: Path) -> list[list[PageLine]]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputProblem("AU008", "PDF 已加密（需要打开密码），请提供未加密的文件") from exc
        raise InputProblem("AU001", "PDF 文件已损坏或被截断，无法打开") from exc
    try:
        return [_page_lines(document, index) for index in range(len(document))]
    except pypdfium2.PdfiumError as exc:
        raise InputProblem("AU001", "PDF 页面内容损坏，无法读取") from exc
    finally:
        document.close()


def _page_lines(document: Any, index: int) -> list[PageLine]:
    """A page's lines in reading order, cleaned, each word with its box."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            raw = widen_punctuation(raw, _wide_ascii_positions(textpage, raw))
            boxes = Boxes(textpage)
            lines = [with_words(boxes, _cleaned(line)) for line in split_lines(raw)]
            if out_of_order(lines, page.get_width(), page.get_height()):
                lines = [with_words(boxes, _cleaned(line))
                         for line in rebuilt(textpage, boxes, raw)]
        finally:
            textpage.close()
    finally:
        page.close()
    return lines


def _cleaned(line: PageLine) -> PageLine:
    """Control characters dropped and private-use decimal points restored, indices kept."""
    if _CONTROL.search(line.text):
        pairs = [(char, index) for char, index in zip(line.text, line.indices, strict=True)
                 if not _CONTROL.match(char)]
        line = PageLine("".join(char for char, _ in pairs), tuple(index for _, index in pairs))
    text = _PRIVATE_BETWEEN_DIGITS.sub(_decimal_point, line.text)
    return PageLine(text, line.indices, line.words) if text != line.text else line


def _wide_ascii_positions(textpage: Any, raw: str) -> set[int]:
    """Positions in ``raw`` of ASCII punctuation drawn with a full-width (Han) advance.

    Some typesetting fonts (方正 in official documents) map their full-width ``，。：；``
    glyphs to ASCII in the text layer; the glyph's loose box still shows the full width.
    """
    if not _ASCII_PUNCTUATION.search(raw):
        return set()
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    # Characters of the text page, surrogate pairs joined, with their char index.
    chars: list[tuple[str, int]] = []
    index = 0
    while index < count:
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if 0xD800 <= code < 0xDC00 and index + 1 < count:
            low = pdfium_c.FPDFText_GetUnicode(textpage, index + 1)
            chars.append((chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), index))
            index += 2
            continue
        chars.append((chr(code), index))
        index += 1
    han_widths: list[float] = []
    candidates: list[tuple[int, float]] = []
    cursor = 0
    for position, char in enumerate(raw):
        while cursor < len(chars) and chars[cursor][0] != char:
            cursor += 1
        if cursor == len(chars):
            break
        char_index = chars[cursor][1]
        cursor += 1
        if char in _PUNCTUATION_WIDE or (_HAN.match(char) and len(han_widths) < 200):
            left, _, right, _ = textpage.get_charbox(char_index, loose=True)
            if char in _PUNCTUATION_WIDE:
                candidates.append((position, right - left))
            else:
                han_widths.append(right - left)
    if not han_widths:
        return set()
    han = sorted(han_widths)[len(han_widths) // 2]
    return {position for position, width in candidates if width >= 0.8 * han}


def widen_punctuation(raw: str, positions: set[int]) -> str:
    """Replace the ASCII punctuation at ``positions`` by its full-width form (same length).

    A full-width ``.`` between two digits is the full-width decimal point ``．``; elsewhere
    it is the ideographic full stop ``。``.
    """
    if not positions:
        return raw
    chars = list(raw)
    for position in positions:
        char = chars[position]
        if char == "." and _between_digits(raw, position):
            chars[position] = "．"
        else:
            chars[position] = _PUNCTUATION_WIDE[char]
    return "".join(chars)


def _between_digits(text: str, position: int) -> bool:
    return (
        0 < position < len(text) - 1
        and text[position - 1] in _ALL_DIGITS
        and text[position + 1] in _ALL_DIGITS
    )


def clean_page_text(raw: str) -> str:
    """Normalise one page's raw text layer: newlines, control characters, PUA decimal points."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return _PRIVATE_BETWEEN_DIGITS.sub(_decimal_point, text)


def _decimal_point(match: Any) -> str:
    before = match.string[match.start() - 1]
    return "．" if "０" <= before <= "９" else "."


def _without_furniture(pages: list[list[str]]) -> list[list[int]]:
    """The indexes of each page's lines that are not page furniture."""
    marked = [list(lines) for lines in pages]
    _drop_page_furniture(marked)
    return [[index for index, line in enumerate(lines) if line != "\0"] for lines in marked]


def _drop_page_furniture(pages: list[list[str]]) -> None:
    """Mark running page numbers and repeated headers/footers with ``\\0`` in place."""
    bare_offsets = _bare_number_offsets(pages)
    for number, lines in enumerate(pages, 1):
        for index in _edge_indexes(lines):
            if _is_page_number(lines[index], number, bare_offsets):
                lines[index] = "\0"
    repeated = _repeated_edge_lines(pages)
    for lines in pages:
        for index in _edge_indexes(lines):
            if _edge_key(lines[index]) in repeated:
                lines[index] = "\0"


def _is_page_number(line: str, number: int, bare_offset: int | None) -> bool:
    """A decorated page number, or a bare one that follows the page count."""
    bare = _BARE_NUMBER.match(line)
    if bare is None:
        return _PAGE_NUMBER.match(line) is not None
    return bare_offset is not None and _to_int(bare.group(1)) - number == bare_offset


def _bare_number_offsets(pages: list[list[str]]) -> int | None:
    """The constant ``printed number − page index`` of bare page numbers, if one dominates."""
    if len(pages) < 2:
        return None
    offsets: collections.Counter[int] = collections.Counter()
    for number, lines in enumerate(pages, 1):
        for index in _edge_indexes(lines):
            if bare := _BARE_NUMBER.match(lines[index]):
                offsets[_to_int(bare.group(1)) - number] += 1
    if not offsets:
        return None
    offset, count = offsets.most_common(1)[0]
    return offset if count >= max(2, len(pages) // 2) else None


def _repeated_edge_lines(pages: list[list[str]]) -> set[str]:
    if len(pages) < 3:
        return set()
    counts: collections.Counter[str] = collections.Counter()
    for lines in pages:
        counts.update({_edge_key(lines[index]) for index in _edge_indexes(lines)})
    threshold = max(3, (len(pages) + 1) // 2)
    # A key needs words: digit-only lines ("#") are table figures unless they are page numbers.
    return {
        key for key, count in counts.items() if count >= threshold and _WORDS.search(key)
    }


def _edge_indexes(lines: list[str]) -> list[int]:
    """Indexes of the first and last few non-blank lines of a page."""
    filled = [index for index, line in enumerate(lines) if line.strip() and line != "\0"]
    return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", _RE_WHITESPACE_RUN.sub("", line))


def _to_int(digits: str) -> int:
    return int(digits.translate(str.maketrans("０１２３４５６７８９", "0123456789")))

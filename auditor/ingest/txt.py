"""Plain-text reader: strict UTF-8 (BOM or not), then GB18030, then a detector."""

from __future__ import annotations

import codecs
from pathlib import Path

from auditor.errors import InputProblem


def decode_text(data: bytes) -> tuple[str, str, bool]:
    """Decode report bytes; return ``(text, encoding, guessed)``.

    The text is exactly the decoded content with a leading BOM removed and nothing else
    changed, so offsets the tool reports index it directly. ``guessed`` is True when only
    the statistical detector could decode it.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig", False
        except UnicodeDecodeError:
            pass
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), "utf-16", False
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030", False
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputProblem("AU001", "无法识别文本编码，文件可能不是文本文件")
    return str(best), best.encoding, True


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly control characters (a binary file named .txt)."""
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bad / len(sample) > 0.05


def read_text(path: Path) -> tuple[str, str, bool]:
    """Read and decode a text file; raise :class:`InputProblem` when it is not text."""
    data = path.read_bytes()
    text, encoding, guessed = decode_text(data)
    if looks_binary(text):
        raise InputProblem("AU001", "文件内容不是文本（疑似二进制文件）")
    return text, encoding, guessed

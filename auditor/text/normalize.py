"""Length-preserving width normalization: full-width digits, letters and punctuation → ASCII.

Every character maps to exactly one character, so an offset into the normalized text is
the same offset into the original text.
"""

from __future__ import annotations

_PUNCT = {
    "．": ".",
    "％": "%",
    "，": ",",
    "：": ":",
    "；": ";",
    "（": "(",
    "）": ")",
    "－": "-",
    "＋": "+",
    "／": "/",
    "［": "[",
    "］": "]",
    "\u3000": " ",
    "\u00a0": " ",
}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in _PUNCT.items()}
    for offset in range(10):
        table[0xFF10 + offset] = chr(0x30 + offset)
    for offset in range(26):
        table[0xFF21 + offset] = chr(0x41 + offset)
        table[0xFF41 + offset] = chr(0x61 + offset)
    return table


WIDTH_TABLE = _build_table()


def normalize_width(text: str) -> str:
    """Map full-width digits, Latin letters and ``．％，：；（）`` to ASCII, one-to-one."""
    return text.translate(WIDTH_TABLE)

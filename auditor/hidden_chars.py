"""Characters a reader cannot see: bidi controls, zero-width and other invisible characters.

One table serves the AU504 rule (which reports them) and every output that shows report
text to a person (HTML markers, terminal and CSV escapes), so what the tool analysed and
what the reader sees cannot differ. Form feeds (page breaks in extracted text), tabs and
line breaks are layout, not hidden characters.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cache


class HiddenKind(enum.Enum):
    """Why a hidden character matters; the value is the marker's CSS class suffix."""

    BIDI = "bidi"  # reorders what follows: the text shown is not the text analysed
    CONTROL = "control"  # C0/C1 controls, NUL, tag characters: converter garbage, or smuggled
    INVISIBLE = "invisible"  # zero-width and other blank characters: break search, hide text


@dataclass(frozen=True)
class HiddenChar:
    """One hidden character: its marker label, Chinese name and kind."""

    char: str
    label: str
    name: str
    kind: HiddenKind

    @property
    def code(self) -> str:
        """``U+202E``."""
        return f"U+{ord(self.char):04X}"

    @property
    def escaped(self) -> str:
        """How terminals, CSV cells and tooltips show it: ``⟨RLO U+202E⟩``."""
        return f"⟨{self.label} {self.code}⟩"


_BIDI = {
    "\u202a": ("LRE", "从左到右嵌入"),
    "\u202b": ("RLE", "从右到左嵌入"),
    "\u202c": ("PDF", "结束方向格式"),
    "\u202d": ("LRO", "从左到右覆盖"),
    "\u202e": ("RLO", "从右到左覆盖"),
    "\u2066": ("LRI", "从左到右隔离"),
    "\u2067": ("RLI", "从右到左隔离"),
    "\u2068": ("FSI", "首强字符隔离"),
    "\u2069": ("PDI", "结束方向隔离"),
    "\u200e": ("LRM", "从左到右标记"),
    "\u200f": ("RLM", "从右到左标记"),
    "\u061c": ("ALM", "阿拉伯字母标记"),
}
_INVISIBLE = {
    "\u200b": ("ZWSP", "零宽空格"),
    "\u200c": ("ZWNJ", "零宽不连字"),
    "\u200d": ("ZWJ", "零宽连字"),
    "\u2060": ("WJ", "零宽不换行"),
    "\u2061": ("FA", "不可见函数符"),
    "\u2062": ("IT", "不可见乘号"),
    "\u2063": ("IS", "不可见分隔符"),
    "\u2064": ("IP", "不可见加号"),
    "\ufeff": ("BOM", "字节顺序标记（零宽不换行空格）"),
    "\u00ad": ("SHY", "软连字符"),
    "\u034f": ("CGJ", "组合用字形连接符"),
    "\u180e": ("MVS", "蒙古文元音分隔符"),
    "\u115f": ("HCF", "韩文初声填充符"),
    "\u1160": ("HJF", "韩文中声填充符"),
    "\u3164": ("HF", "韩文填充符"),
    "\uffa0": ("HWHF", "半角韩文填充符"),
    "\u17b4": ("KIVAQ", "高棉文不可见元音"),
    "\u17b5": ("KIVAA", "高棉文不可见元音"),
    "\u2028": ("LS", "行分隔符"),
    "\u2029": ("PS", "段分隔符"),
    "\ufff9": ("IAA", "行间注释开始"),
    "\ufffa": ("IAS", "行间注释分隔"),
    "\ufffb": ("IAT", "行间注释结束"),
}
_LAYOUT = "\t\n\r\f"


@cache
def hidden_table() -> dict[str, HiddenChar]:
    """Every hidden character, by character."""
    table: dict[str, HiddenChar] = {}
    for char, (label, name) in _BIDI.items():
        table[char] = HiddenChar(char, label, name, HiddenKind.BIDI)
    for char, (label, name) in _INVISIBLE.items():
        table[char] = HiddenChar(char, label, name, HiddenKind.INVISIBLE)
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        char = chr(code)
        if char not in _LAYOUT:
            label = "NUL" if code == 0 else f"{code:02X}"
            table[char] = HiddenChar(char, label, "空字符" if code == 0 else "控制字符",
                                     HiddenKind.CONTROL)
    # Tag characters spell invisible ASCII text inside the text: a way to smuggle words.
    for code in range(0xE0000, 0xE0080):
        table[chr(code)] = HiddenChar(chr(code), "TAG", "不可见标签字符", HiddenKind.CONTROL)
    return table


@cache
def hidden_pattern() -> re.Pattern[str]:
    """Matches one hidden character."""
    # Consecutive code points as ranges: a class of 200 single members searches ~50× slower.
    codes = sorted(ord(char) for char in hidden_table())
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    members = "".join(re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
                      for low, high in ranges)
    return re.compile(f"[{members}]")


def hidden_at(char: str) -> HiddenChar | None:
    """The table entry of ``char`` if it is hidden."""
    return hidden_table().get(char)


def has_hidden(text: str) -> bool:
    """True when ``text`` holds any hidden character."""
    return hidden_pattern().search(text) is not None


def escape_hidden(text: str) -> str:
    """``text`` with each hidden character written out visibly (``⟨RLO U+202E⟩``)."""
    if not has_hidden(text):
        return text
    table = hidden_table()
    return hidden_pattern().sub(lambda match: table[match.group()].escaped, text)

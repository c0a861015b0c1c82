"""AU504: hidden characters that make what a reader sees differ from what the text says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING

from auditor.hidden_chars import HiddenChar, HiddenKind, hidden_pattern, hidden_table
from auditor.rules.base import Rule
from auditor.types import Check, Finding, Severity, Span

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.extraction import Extraction

#: Bidi controls are reported one by one (each reorders its own stretch of text), up to this
#: many per document; the other kinds are summed up in one finding per kind.
MAX_BIDI_FINDINGS = 20
_SEVERITY = {
    HiddenKind.BIDI: Severity.ERROR,
    HiddenKind.CONTROL: Severity.WARNING,
    HiddenKind.INVISIBLE: Severity.INFO,
}


def _describe(entry: HiddenChar) -> str:
    return f"{entry.label}（{entry.code}，{entry.name}）"


def _tally(entries: list[HiddenChar]) -> str:
    counts = Counter(entry.label for entry in entries)
    return "、".join(f"{label} ×{count}" for label, count in counts.most_common())


class HiddenCharacters(Rule):
    """文中或文件名中有看不见的控制字符，读者看到的与实际内容可能不同。

    检查内容
        双向文本控制字符（RLO、LRO、RLE、LRE、PDF、RLI、LRI、FSI、PDI、LRM、RLM、ALM），
        空字符 NUL 与其他控制字符、不可见标签字符，零宽空格（ZWSP、ZWJ、ZWNJ、WJ）、文中的
        BOM、软连字符、行/段分隔符（U+2028/U+2029）等不可见字符，正文和文件名都检查。
        双向控制字符逐个报告（错误）；控制字符（警告）和零宽等不可见字符（提示）每种合并为
        一条。换页符、制表符和换行不算。

    为什么重要
        “从右到左覆盖”（U+202E）会让其后的文字倒序显示：文件名“⟨RLO⟩gnp.txt”看起来是
        “txt.png”，金额和单位可以看起来换了位置，审核人员看到的与文件实际内容不同。零宽
        字符和标签字符看不见，却会让检索、比对失效，也可能藏着读者看不到的文字。报告中的
        这些字符多半是复制粘贴或格式转换留下的，也可能是有意为之，都应删除。

    示例
        “预算执行率为 ⟨RLO⟩%09”（显示为“预算执行率为 90%”）；“绩效⟨ZWSP⟩目标”。
        HTML 报告中这些字符显示为带框的标记（如 RLO、ZWSP），不会生效。

    依据
        Unicode 技术报告 UTS #39《Unicode 安全机制》与 CVE-2021-42574（Trojan Source）
        所述的双向文本欺骗；公文应内容真实、准确（《党政机关公文处理工作条例》）。
    """

    code = "AU504"
    name = "hidden-characters"
    severity = Severity.ERROR
    family = "wording"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        yield from self._in_file_name(doc)
        table = hidden_table()
        found: dict[HiddenKind, list[tuple[int, HiddenChar]]] = {kind: [] for kind in HiddenKind}
        for match in hidden_pattern().finditer(doc.text):
            entry = table[match.group()]
            found[entry.kind].append((match.start(), entry))
        for offset, entry in found[HiddenKind.BIDI][:MAX_BIDI_FINDINGS]:
            yield self.finding(
                doc.span(offset, offset + 1),
                f"此处有看不见的双向文本控制字符 {_describe(entry)}：其后的文字会改变显示方向，"
                "读者看到的与实际内容不同，应删除。",
                evidence={"character": entry.code, "name": entry.name},
            )
        for kind, summary in ((HiddenKind.CONTROL, "控制字符，多半是格式转换留下的，可能截断或藏起内容"),
                              (HiddenKind.INVISIBLE, "零宽或不可见字符，会使检索和比对失效，也可能藏有看不见的文字")):
            hits = found[kind]
            if not hits:
                continue
            spans = [doc.span(offset, offset + 1) for offset, _ in hits]
            entries = [entry for _, entry in hits]
            yield self.finding(
                spans[0],
                f"文中有 {len(hits)} 个看不见的{summary}（{_tally(entries)}），应删除。",
                related=spans[1:6],
                severity=_SEVERITY[kind],
                evidence={"count": len(hits), "characters": _tally(entries),
                          "lines": _lines(spans)},
            )

    def _in_file_name(self, doc: AnalysedDocument) -> Iterator[Finding]:
        name = PurePath(doc.source.path.replace("\\", "/")).name
        entries = [hidden_table()[match.group()] for match in hidden_pattern().finditer(name)]
        if not entries:
            return
        worst = min(entries, key=lambda entry: list(HiddenKind).index(entry.kind))
        visible = hidden_pattern().sub(lambda match: hidden_table()[match.group()].escaped, name)
        yield self.finding(
            Span(0, 0, "", 1, 1),
            f"文件名中有看不见的字符 {_describe(worst)}：文件名在文件管理器和浏览器里的显示与"
            f"实际不同，实际文件名是“{visible}”。",
            severity=_SEVERITY[worst.kind],
            evidence={"file_name": visible, "characters": _tally(entries)},
        )


def _lines(spans: list[Span]) -> str:
    first, last = spans[0].line, spans[-1].line
    return f"第{first}行" if first == last else f"第{first}–{last}行"

"""Wording rules: known misspellings (AU501), half-width punctuation (AU502), template
residue (AU503)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from auditor.paths import models_dir
from auditor.rules.base import Rule
from auditor.types import Check, Finding, Severity

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.extraction import Extraction


_RE_FULL_WIDTH_MARK = regex.compile(r"[，；：]")

@dataclass(frozen=True)
class Confusion:
    """A known misspelling: the wrong form, the right one and why."""

    wrong: str
    right: str
    note: str
    followed_by: str = ""
    not_after: str = ""

    def pattern(self) -> str:
        """The regex for this entry (with its context conditions)."""
        pattern = regex.escape(self.wrong)
        if self.not_after:
            pattern = f"(?<![{regex.escape(self.not_after)}])" + pattern
        if self.followed_by:
            pattern += f"(?={self.followed_by})"
        return pattern


@dataclass(frozen=True)
class ConfusionMatcher:
    """All confusions compiled into one alternation (one pass over the text)."""

    entries: tuple[Confusion, ...]
    pattern: regex.Pattern[str]

    def finditer(self, text: str) -> Iterator[tuple[int, int, Confusion]]:
        """``(start, end, entry)`` for every misspelling in ``text``."""
        for match in self.pattern.finditer(text):
            index = int(match.lastgroup[1:])  # type: ignore[index]
            yield match.start(), match.end(), self.entries[index]


def load_confusions(path: Path) -> tuple[Confusion, ...]:
    """Read a ``wrong<TAB>right<TAB>note[<TAB>followed_by[<TAB>not_after]]`` list."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")] + ["", "", ""]
        entries.append(Confusion(*fields[:5]))
    return tuple(entries)


def build_matcher(entries: tuple[Confusion, ...]) -> ConfusionMatcher:
    """One compiled alternation; longer wrong forms first so they win over their parts."""
    order = sorted(range(len(entries)), key=lambda index: -len(entries[index].wrong))
    alternation = "|".join(f"(?P<e{index}>{entries[index].pattern()})" for index in order)
    return ConfusionMatcher(entries, regex.compile(alternation))


@cache
def _shipped_matcher(models: Path) -> ConfusionMatcher:
    # keyed by the models folder: the file's path was built and hashed for every document
    return build_matcher(load_confusions(models / "lexicon" / "typos.tsv"))


def confusion_matcher() -> ConfusionMatcher:
    """The matcher over ``models/lexicon/typos.tsv``."""
    return _shipped_matcher(models_dir())


class Typo(Rule):
    """报告中出现常见错别字或不规范用字。

    检查内容
        按 ``models/lexicon/typos.tsv`` 中的易混词表查找：形近、音近误输（按要式→按要求、
        拔付→拨付、贯策→贯彻）、公文规范用字（其它→其他、帐户→账户、签定→签订）、
        成语误写（再接再励→再接再厉），以及有条件的误用（“截止”后接日期时应为“截至”）。

    为什么重要
        错别字出现在正式报送的报告中，影响报告的严肃性；财政部门审核时往往以此判断报告
        是否经过认真校对。

    示例
        “才能按要式完成本部门绩效自评工作” —— 应为“按要求”。
        “截止2023年12月31日” —— 应为“截至2023年12月31日”；“申报截止日期”不报。

    依据
        《通用规范汉字表》；《党政机关公文处理工作条例》；《现代汉语词典》（第7版）对
        “其它”“截至/截止”的释义。
    """

    code = "AU501"
    name = "typo"
    severity = Severity.WARNING
    family = "wording"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for start, end, entry in confusion_matcher().finditer(doc.flow.text):
            span = doc.flow_span(start, end)
            yield self.finding(
                span,
                f"“{span.text}”疑为错别字，应为“{entry.right}”（{entry.note}）。",
                evidence={"wrong": entry.wrong, "right": entry.right},
            )


_HALF = ",:;()?!"
_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_CJK = regex.compile(r"[\p{Han}，。、；：？！“”‘’（）《》【】…—]")
_URL = regex.compile(r"(?:https?://|www\.)[^\s\p{Han}，。]+")
_DOUBLED = regex.compile(r"([。，、；：])\1+|(?<=\p{Han})(,)\2+(?=\p{Han})")


def _neighbour(text: str, position: int, step: int) -> str:
    """The nearest non-space character from ``position`` in direction ``step``."""
    index = position + step
    while 0 <= index < len(text) and text[index] in " \t\u3000":
        index += step
    return text[index] if 0 <= index < len(text) else "\n"


_CODE = regex.compile(r"[{}]|//|/\*|</?[a-zA-Z]|[a-zA-Z-]+\s*:\s*[#\w-]+\s*;")


def _looks_like_code(chunk: str) -> bool:
    """Style sheets and scripts left in scraped pages are not prose."""
    return bool(_CODE.search(chunk))


def half_width_marks(text: str) -> list[int]:
    """Offsets of ASCII ``, : ; ( ) ? !`` that sit in Chinese text.

    A mark counts when a Chinese character or full-width mark is next to it (spaces
    skipped), and it is not inside a number (1,234), a time (10:30), a URL or English
    text (letters or digits on both sides without Chinese next to it).
    """
    urls = [m.span() for m in _URL.finditer(text)]
    found = []
    for index, char in enumerate(text):
        if char not in _HALF:
            continue
        left, right = _neighbour(text, index, -1), _neighbour(text, index, 1)
        if not (_CJK.match(left) or _CJK.match(right)):
            continue
        if char in ",:" and text[index - 1:index].isdigit() and text[index + 1:index + 2].isdigit():
            continue
        if any(start <= index < end for start, end in urls):
            continue
        if char in "()" and _encloses_latin(text, index):
            continue
        found.append(index)
    return found


def _encloses_latin(text: str, index: int) -> bool:
    """True for a parenthesis of an English gloss: ``BIM (Building Information Modeling)``."""
    if text[index] == "(":
        close = text.find(")", index)
        inner = text[index + 1:close] if close > 0 else ""
    else:
        opening = text.rfind("(", 0, index)
        inner = text[opening + 1:index] if opening >= 0 else ""
    return bool(inner.strip()) and not _CJK.search(inner)


class PunctuationWidth(Rule):
    """中文正文中使用了半角标点，或标点重复。

    检查内容
        夹在中文里的半角 ``, : ; ( ) ? !``（数字中的千分位 1,234、时间 10:30、网址和英文
        内容除外），以及连续重复的“。。”“，，”。半角标点按连续的段落归并为一条，
        消息中给出处数和行号范围，不逐字报告。

    为什么重要
        公文正文应使用全角标点；半角标点成片出现，通常说明该部分是从其他文件或 PDF 中
        复制而来、未经统一校对，重复标点则是编辑残留。

    示例
        “实际支出 91.67 万元,预算执行率 94.09%。其中:预算项目 1 个” —— 应为“，”“：”。

    依据
        《标点符号用法》（GB/T 15834—2011）；《党政机关公文格式》（GB/T 9704—2012）。
    """

    code = "AU502"
    name = "punctuation-width"
    severity = Severity.INFO
    family = "wording"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        yield from self._half_width_runs(doc)
        yield from self._doubled(doc)

    def _half_width_runs(self, doc: AnalysedDocument) -> Iterator[Finding]:
        run: list[list[int]] = []
        for paragraph in doc.paragraphs:
            start, end = doc.flow.to_source(paragraph.start, paragraph.end)
            chunk = doc.text[start:end]
            if _looks_like_code(chunk):
                continue
            marks = [start + offset for offset in half_width_marks(chunk)]
            if marks:
                run.append(marks)
            elif _RE_FULL_WIDTH_MARK.search(chunk):  # a full-width paragraph ends the run
                yield from self._report(doc, run)
                run = []
        yield from self._report(doc, run)

    def _report(self, doc: AnalysedDocument, run: list[list[int]]) -> Iterator[Finding]:
        if not run:
            return
        marks = [mark for paragraph in run for mark in paragraph]
        first = doc.span(marks[0], marks[0] + 1)
        last = doc.span(marks[-1], marks[-1] + 1)
        kinds = "".join(sorted({doc.text[m] for m in marks}, key=_HALF.index))
        fixes = "".join(_FULL[char] for char in kinds)
        lines = f"第{first.line}行" if first.line == last.line else f"第{first.line}–{last.line}行"
        yield self.finding(
            first,
            f"{lines}的中文正文中有{len(marks)}处半角标点（{' '.join(kinds)}），"
            f"应使用全角标点（{fixes}）。",
            related=[doc.span(p[0], p[0] + 1) for p in run[1:]],
            evidence={"count": len(marks), "marks": kinds, "lines": lines},
        )

    def _doubled(self, doc: AnalysedDocument) -> Iterator[Finding]:
        for match in _DOUBLED.finditer(doc.text):
            yield self.finding(
                doc.span(match.start(), match.end()),
                f"标点“{match.group()}”重复。",
                evidence={"doubled": match.group()},
            )


_PLACEHOLDERS = regex.compile(
    r"""
      (?<![A-Za-z])(?:[Xx]{2,}|××+|ＸＸ+)(?![A-Za-z])       # XX局, XXX, ××县
    | (?<![A-Za-z])[Xx×]\s*月\s*[Xx×]\s*日                 # X月X日
    | 某某
    | [【\[［〔(（]\s*(?:此处|请)?[^】\]］〕)）\n]{0,10}?
        (?:填写|填报|输入|待补充|待填)[^】\]］〕)）\n]{0,8}[】\]］〕)）]   # 【填写】（此处填写）
    | [【\[［][^】\]］\n]{0,6}(?:名称|单位|姓名|日期|金额)[】\]］]     # [单位名称]
    | (?<=[\p{Han}：:，,\s]{1})_{3,}|_{3,}(?=[\p{Han}，。：:])       # ___ blanks
    """,
    regex.VERBOSE,
)


class PlaceholderResidue(Rule):
    """报告中残留模板占位符。

    检查内容
        “XX局”“XXX”“××县”“某某”“X月X日”、“【填写】”“（此处填写……）”“[单位名称]”
        以及中文旁边的“____”填空线。

    为什么重要
        占位符说明报告由模板改写而来、有内容没有填写，报送前应替换为实际内容。

    示例
        “XX局2023年度部门整体支出绩效自评报告”、“（此处填写项目实施内容）”。

    依据
        绩效自评报告应内容完整、数据真实（《项目支出绩效评价管理办法》财预〔2020〕10号）。
    """

    code = "AU503"
    name = "placeholder-residue"
    severity = Severity.WARNING
    family = "wording"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        for match in _PLACEHOLDERS.finditer(doc.flow.text):
            span = doc.flow_span(match.start(), match.end())
            yield self.finding(
                span,
                f"“{span.text}”是模板占位符，报告中应替换为实际内容。",
                evidence={"placeholder": span.text},
            )

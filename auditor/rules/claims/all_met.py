"""AU203 all-met-vs-shortfall: "完成各项指标" in a report whose figures show a shortfall."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import regex

from auditor.document import AnalysedDocument
from auditor.extract.relations.base import RelationKind
from auditor.rules.base import Rule
from auditor.rules.claims.common import (
    clause_start,
    role_evidence,
    role_gated,
    sentence_at,
    table_rows,
    units,
)
from auditor.rules.table_items import table_items
from auditor.text.sentences import TextRange
from auditor.types import Check, Finding, QuantityKind, Severity

#: an 执行率 below this (percent) contradicts a claim that every target was met
DEFAULT_EXEC_RATE_FLOOR = Decimal(90)
_ALL_MET = regex.compile(
    r"(?:全面|全部|圆满|均已|均|已)?完成(?:了)?(?:年初设定的|年初|年度|全年|既定|预期)?(?:的)?"
    r"各项(?:绩效)?(?:指标|目标)(?:设定值|值|任务)?"
    r"|全面完成(?:了)?(?:年初设定的|年度|全年|既定|预期)?(?:的)?(?:绩效)?(?:目标|指标)(?:任务)?"
    r"|各项(?:绩效)?(?:指标|目标)(?:值)?(?:均|全部|都)(?:已|已经)?(?:完成|达到|达标|实现)"
    r"|(?:所有|全部)(?:绩效)?指标(?:均|全部|都)?(?:已|已经)?(?:完成|达到|达标)"
    r"|(?:没有|无|未出现|不存在)(?:较大|明显|重大)?(?:的)?偏离(?:绩效)?目标"
    r"|绩效目标(?:全部|均已|均|已全面|全面)(?:完成|实现|达成)"
)
# Commitments, hedges and negations before the cue in its clause: not a claim of completion.
_NOT_A_CLAIM = regex.compile(
    r"确保|力争|争取|保证|努力|计划|拟|将|以便|为了|要求|是否|能否|未能|尚未|没能|未|基本|大部分"
    r"|部分|大体|按要|如期|若|如果|一旦"
)
_TARGET_CONTEXT = regex.compile(r"目标|要求|不低于|不少于|力争|考核|序时|以上|达到\s*$")
_PAST_CONTEXT = regex.compile(r"上年|去年|上一年|同期|以前年度")
# a cut-off before the year's end (截至2024年7月30日, 1-8月)
_INTERIM = regex.compile(
    r"(?:截至|截止)(?:到)?\s*\d{4}\s*年\s*(?:[1-9]|1[01])\s*月|\d{1,2}\s*[-—～~至]\s*(?:[1-9]|1[01])\s*月"
)
_SHORTFALL_WORDS = regex.compile(
    r"未(?:能)?(?:全部|全面)?(?:达到|完成|实现)(?:年度|全年|预期|既定|年初)?(?:的)?"
    r"(?:指标值|目标值|绩效目标|目标|指标|预期)"
)
_NUMBER_UNIT = r"(?P<{n}>\d+(?:\.\d+)?)\s*(?P<{u}>%|[\p{{Han}}]{{1,3}})"
_TARGET_ACTUAL = regex.compile(
    r"(?:指标值|目标值|计划值|预期值)\s*(?:为|是|:)?\s*(?P<sign>[≥>≤<]?)\s*"
    + _NUMBER_UNIT.format(n="target", u="tunit")
    + r"[^。;]{0,12}?实际(?:完成|达到|实现)?(?:值|数)?\s*(?:为|是|:)?\s*"
    + _NUMBER_UNIT.format(n="actual", u="aunit")
)

if TYPE_CHECKING:
    from auditor.extract.extraction import Extraction
    from auditor.extract.facts import FactTable
_CELL_VALUE = regex.compile(r"^(?P<sign>[≥>≤<]?)\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>%|[\p{Han}]{0,3})$")
# Lower is better, or no direction: cost, time and money targets are not compared.
_UNDIRECTED_UNITS = regex.compile(r"元|天|日|小时|月|年|分钟|工作日|秒")
_TARGET_HEADER = regex.compile(r"^(?:年度)?(?:指标值|目标值)$|^年度目标$|^计划值$")
_ACTUAL_HEADER = regex.compile(r"^实际(?:完成)?(?:值|数)?$|^完成值$|^全年实际值$")
_ALL_MET_ROLES = ("all_met",)


@dataclass(frozen=True)
class Shortfall:
    """A figure that shows a target was not met, and how it shows it."""

    start: int
    end: int
    detail: str

    @classmethod
    def at(cls, unit: TextRange, match: regex.Match[str], detail: str) -> Shortfall:
        """The shortfall a match within ``unit`` shows (flow coordinates)."""
        return cls(unit.start + match.start(), unit.start + match.end(), detail)


def _exec_rate_floor(doc: AnalysedDocument) -> Decimal:
    value = doc.settings.get("all_met_exec_rate_floor")
    try:
        return Decimal(str(value)) if value is not None else DEFAULT_EXEC_RATE_FLOOR
    except InvalidOperation:
        return DEFAULT_EXEC_RATE_FLOOR


def all_met_claims(doc: AnalysedDocument) -> list[tuple[TextRange, regex.Match[str]]]:
    """Sentences claiming every target was met (a claim, not a commitment), with the cue."""
    found = []
    for unit in units(doc):
        for match in _ALL_MET.finditer(unit.text):
            before = unit.text[clause_start(unit.text, match.start(), ",，;:。"):match.start()]
            if _NOT_A_CLAIM.search(before):
                continue
            found.append((unit, match))
            break
    return found


def shortfalls(doc: AnalysedDocument, facts: FactTable) -> list[Shortfall]:
    """Execution rates below the floor and indicators whose actual value is below the target."""
    found = _low_exec_rates(doc, facts)
    for sentence in units(doc):
        for match in _TARGET_ACTUAL.finditer(sentence.text):
            shortfall = _compare(match.group("sign"), match.group("target"), match.group("tunit"),
                                 match.group("actual"), match.group("aunit"))
            if shortfall:
                found.append(Shortfall.at(sentence, match, shortfall))
        words = _SHORTFALL_WORDS.search(sentence.text)
        if words and not any(f.start >= sentence.start and f.end <= sentence.end for f in found):
            found.append(Shortfall.at(sentence, words, f"文中写明“{words.group(0)}”"))
    found += _table_shortfalls(doc)
    return sorted(found, key=lambda s: s.start)


def _low_exec_rates(doc: AnalysedDocument, facts: FactTable) -> list[Shortfall]:
    floor = _exec_rate_floor(doc)
    flow_text = doc.flow.text
    found = []
    for placed in facts.facts:
        fact = placed.fact
        quantity = fact.quantity
        if (fact.attribute != "exec_rate" or quantity.kind is not QuantityKind.PERCENT
                or not quantity.is_exact or quantity.value >= floor):
            continue
        before = flow_text[clause_start(flow_text, placed.flow_start, ",;。\n"):placed.flow_start]
        if _TARGET_CONTEXT.search(before) or _PAST_CONTEXT.search(before):
            continue
        paragraph = flow_text[flow_text.rfind("\n", 0, placed.flow_start) + 1:placed.flow_start]
        if _INTERIM.search(paragraph):
            continue  # 截至2024年7月30日…执行率71.44%: a rate part-way through, not a shortfall
        found.append(Shortfall(placed.flow_start, placed.flow_end,
                               f"执行率 {quantity.text.strip()} 低于 {floor}%"))
    return found


def _compare(sign: str, target: str, target_unit: str, actual: str, actual_unit: str) -> str | None:
    """A description of the shortfall when ``actual`` is below a ≥-style ``target``."""
    if sign in ("≤", "<") or target_unit != actual_unit or _UNDIRECTED_UNITS.search(target_unit):
        return None
    if Decimal(actual) >= Decimal(target):
        return None
    return f"实际值 {actual}{actual_unit} 低于指标值 {sign}{target}{target_unit}"


def _table_shortfalls(doc: AnalysedDocument) -> list[Shortfall]:
    found = []
    columns: tuple[int, int] | None = None
    for row in table_rows(doc):
        cells = dict(row)
        target_columns = [c for c, cell in row if _TARGET_HEADER.match(cell.text)]
        actual_columns = [c for c, cell in row if _ACTUAL_HEADER.match(cell.text)]
        if target_columns and actual_columns:
            columns = (target_columns[0], actual_columns[0])
            continue
        if columns is None or columns[0] not in cells or columns[1] not in cells:
            continue
        target = _CELL_VALUE.match(cells[columns[0]].text)
        actual = _CELL_VALUE.match(cells[columns[1]].text)
        if not target or not actual:
            continue
        shortfall = _compare(target.group("sign"), target.group("number"), target.group("unit"),
                             actual.group("number"), actual.group("unit"))
        if shortfall:
            first = row[0][1]
            name = next((cell.text for c, cell in row if c < columns[0]), first.text)
            found.append(Shortfall(cells[columns[1]].start, cells[columns[1]].end,
                                   f"绩效自评表“{name}”：{shortfall}"))
    return found


class AllMetVsShortfall(Rule):
    """自称“全面完成各项指标”，但有数据显示未完成。

    检查内容
        报告称完成了全部目标（“完成各项指标设定值”“全面完成各项绩效指标”“各项指标均已
        完成/达到”“没有较大偏离绩效目标”等），同一报告中却有数据显示未完成：执行率低于
        90%（可在配置中调整），或某项指标的实际完成值低于年度指标值（正文或绩效自评表），
        或正文写明“未达到年度指标值”。“确保/力争完成各项任务”之类的表态、“基本完成”
        不算完成全部目标的声明。发现位置在声明上，显示未完成的数据作为关联位置。
        此外，绩效自评表中实际完成值未达到年度指标值、而“偏差原因”一栏为空的指标行，
        也在此报出（位置为该行的实际完成值单元格）。

    为什么重要
        “全面完成”是自评结论的依据，与报告自身的数据相矛盾时，结论不可信，
        自评等级也往往随之偏高。

    示例
        错误：年初预算25万元，实际支出20万元，执行率为80%。……评价结论：完成各项指标设定值，
        没有较大偏离绩效目标，自评为优。
        正确：……评价结论：除预算执行率（80%）外，其余指标均已完成，自评为良。

    依据
        《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十八条：绩效自评应对照年初设定的
        绩效目标，如实反映目标完成情况，未完成的应说明偏离原因。
    """

    code = "AU203"
    name = "all-met-vs-shortfall"
    severity = Severity.WARNING
    family = "claims"

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        yield from table_items(self, extraction, RelationKind.TABLE_DEVIATION)
        claims = all_met_claims(doc)
        if not claims:
            return
        everywhere = shortfalls(doc, extraction.facts)
        if not everywhere:
            return
        part = extraction.period.part if extraction.period is not None else (lambda _: 0)
        for sentence, match in role_gated(doc, claims, _ALL_MET_ROLES, lambda c: c[0].text):
            # a report bound into a book answers for its own figures only
            found = [s for s in everywhere if part(s.start) == part(sentence.start)]
            if not found:
                continue
            span = doc.flow_span(sentence.start + match.start(), sentence.start + match.end())
            shown = found[:3]
            related = [doc.flow_span(s.start, s.end) for s in shown]
            witness = [sentence_at(doc, s.start) for s in shown]
            roles = role_evidence(doc, [sentence, *witness])
            details = "；".join(dict.fromkeys(s.detail for s in shown))
            more = f"等 {len(found)} 处" if len(found) > len(shown) else ""
            message = (
                f"报告称“{span.text}”，但文中数据显示有目标未完成（{details}{more}）。"
                "请核实完成情况，或说明偏离原因。"
            )
            yield self.finding(
                span, message, related=related,
                evidence={"roles": roles, "cues": [match.group(0)],
                          "shortfalls": [s.detail for s in found]},
            )


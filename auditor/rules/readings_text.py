"""The readings a relation was checked under, in words an auditor reads (``evidence``)."""

from __future__ import annotations

from auditor.extract.relations.base import Assumption, Relation
from auditor.extract.relations.readings import KEPT

#: what each assumption of a reading means, in Chinese
ASSUMPTION_NAMES = {
    Assumption.ATTRIBUTE_WORDS: "按“预算/支出”等用语取数",
    Assumption.SAME_CLAUSE: "取同一分句的数字",
    Assumption.SAME_SENTENCE: "取同一句的数字",
    Assumption.PREVIOUS_SENTENCE: "取前一两句的数字",
    Assumption.SECTION_SCOPE: "取本节前文的数字",
    Assumption.PREVIOUS_SECTION: "取上一小节所写的数字",
    Assumption.SIBLING_RATE: "同段同一说法的另一比率以此数为基数且相符，取同一基数",
    Assumption.NEAREST: "取最近的数字",
    Assumption.SUBTOTAL: "以所列分项之和为总数",
    Assumption.IMPLIED_WHOLE: "以同段其他占比推算的总数为总数",
    Assumption.NESTED_LIST: "分项下的细项不重复相加",
    Assumption.OPEN_LIST: "“其中”只列部分分项",
    Assumption.CLOSED_LIST: "分项列全",
    Assumption.BASE_AS_CURRENT: "“比/较”后的数字为上年数",
    Assumption.CURRENT_BEFORE: "增减前的数字为本年数",
    Assumption.PREVIOUS_STATED: "按写明的上年数",
    Assumption.LIST_HEAD: "“其中”所列分项之后的比较，以分项所属的总数为本年数",
    Assumption.TRANSITION: "按前文“由B调整为C”取变化前后的数",
    Assumption.SUBJECT_BY_NAME: "按重述的主语找本年数",
    Assumption.SUBJECT_BY_MEANING: "按主语含义找本年数",
    Assumption.UNIT_RESCALED: "将一个金额按相差一万倍的单位读",
    Assumption.RESTATED_VALUE: "将一个数字按报告别处所写的值读",
    Assumption.SAME_PASSAGE: "同一段话说了两遍，按对应位置比较",
    Assumption.SAME_NAME: "同一范围、期间内名称相同且前后有共同数字，按同一数字比较",
    Assumption.TRUNCATED: "按截断而非四舍五入理解",
    Assumption.IMPRECISE: "所用数字精度太粗，区分不了相近的比例",
    Assumption.CELL: "按表格列名取数",
}

#: how many readings a finding lists: those a relation keeps (:data:`~auditor.extract.relations.readings.KEPT`)
SHOWN = KEPT


def describe(assumptions: tuple[Assumption, ...]) -> str:
    """The assumptions of one reading, joined."""
    return "，".join(ASSUMPTION_NAMES[a] for a in assumptions) or "按所写数字"


def readings_tried(relation: Relation) -> list[str]:
    """Each reading tried (best first): what it assumed and its arithmetic."""
    return [f"{describe(reading.assumptions)}：{reading.detail}"
            for reading in relation.readings[:SHOWN]]

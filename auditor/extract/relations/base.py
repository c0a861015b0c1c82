"""The one protocol every relation follows, whatever its kind.

A relation is a *hypothesis* about how some figures of a report belong together (a rate
and the two amounts it is computed from, a total and its parts, a change and its base).
It records:

* ``kind`` — what sort of relation (:class:`RelationKind`); rules map kinds to their codes;
* ``operands`` — the located figures it binds, each with the role it plays;
* ``readings`` — the ways of binding and reading those figures that were tried, each with
  what it assumes (:class:`Assumption`), a score for how plausible the reading is, whether
  the arithmetic holds under it, and the arithmetic itself;
* ``holds`` — whether the relation holds under a plausible reading;
* ``detail`` — the arithmetic of the reading that decided.

Relations never carry a rule code or a message: what a failed relation *means* to a user
is written by the rule that reports it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, runtime_checkable

from auditor.quick_init import quick_init
from auditor.types import Quantity


class RelationKind(enum.Enum):
    """What sort of relation: the key a rule uses to pick the relations it reports."""

    RATE = "rate"  # 执行率 / 完成预算的X% / 到位率 = part ÷ whole
    SHARE = "share"  # 占X% = part ÷ total
    CHANGE = "change"  # 增加 D / 增长 P% / 上年 B / 持平
    SUM = "sum"  # total = Σ parts (an enumeration)
    BOUND = "bound"  # a figure beyond the bound its meaning allows (到位 > 预算, 占比 > 100 %)
    COMPARISON = "comparison"  # 大于 / 小于 / 持平 wording against two figures
    RESTATEMENT = "restatement"  # the same figure stated twice
    UNIT_TWIN = "unit_twin"  # the same digits written at two scales in one clause group
    TABLE_RATE = "table_rate"  # a table row's 执行率 = 执行数 ÷ 预算数
    TABLE_SCORE = "table_score"  # a table row's 得分 = 执行率 × 分值
    TABLE_DEVIATION = "table_deviation"  # 实际完成值 short of 指标值 with no 偏差原因
    TABLE_ROW_SUM = "table_row_sum"  # a row's 合计 = Σ its cells across columns
    TABLE_COLUMN_SUM = "table_column_sum"  # a column's 合计 row = Σ the rows above/below
    TABLE_HIERARCHY = "table_hierarchy"  # 类 = Σ 款 = Σ 项 by 科目编码
    TABLE_TEXT = "table_text"  # a table cell and the prose that states the same figure
    TABLE_TABLE = "table_table"  # the same line item in two tables
    TABLE_BLANK = "table_blank"  # blank cells where the prose states an amount


class Assumption(enum.Enum):
    """What a reading takes for granted; the rules name these in Chinese in ``evidence``."""

    ATTRIBUTE_WORDS = "attribute_words"  # operands named by their attribute words (预算, 支出)
    SAME_CLAUSE = "same_clause"
    SAME_SENTENCE = "same_sentence"
    PREVIOUS_SENTENCE = "previous_sentence"
    SECTION_SCOPE = "section_scope"  # a figure stated once at the top of the section
    PREVIOUS_SECTION = "previous_section"  # a figure the item just before the rate's states
    SIBLING_RATE = "sibling_rate"  # the whole another rate of the same words in the paragraph holds with
    NEAREST = "nearest"  # the nearest figures, whatever they are called
    SUBTOTAL = "subtotal"  # adjacent parts summed into one operand
    IMPLIED_WHOLE = "implied_whole"  # the whole another stated share of the same text implies
    NESTED_LIST = "nested_list"  # a part with parts of its own is not summed twice
    OPEN_LIST = "open_list"  # 其中 names some parts only
    CLOSED_LIST = "closed_list"  # the parts exhaust the total
    BASE_AS_CURRENT = "base_as_current"  # the figure before a change is its base, not its result
    CURRENT_BEFORE = "current_before"  # the figure before a change is its result
    PREVIOUS_STATED = "previous_stated"  # the base is written (上年为 B / 由 B 增加到 C)
    LIST_HEAD = "list_head"  # a comparison after a 其中 list measures the list's total
    TRANSITION = "transition"  # 由 B 调整为 C said before a change that names no base of its own
    SUBJECT_BY_NAME = "subject_by_name"  # a restated subject found word for word
    SUBJECT_BY_MEANING = "subject_by_meaning"  # a restated subject found by meaning only
    UNIT_RESCALED = "unit_rescaled"  # one amount read at another scale (×10⁴ / ÷10⁴)
    RESTATED_VALUE = "restated_value"  # one figure read as the document states it elsewhere
    SAME_PASSAGE = "same_passage"  # a passage said twice: its figures compared place by place
    SAME_NAME = "same_name"  # one long name in one scope and period, passages sharing a figure
    TRUNCATED = "truncated"  # the stated figure read as truncated, not rounded
    IMPRECISE = "imprecise"  # operands so coarse (20 亿元) that the ratio fits many rates
    CELL = "cell"  # figures read from table cells by their column headers


@quick_init
@dataclass(frozen=True)
class Operand:
    """A located figure and the role it plays in a relation.

    ``quantity`` is in source coordinates; ``flow_start`` is its start in the flow view
    (``-1`` for a figure read from a table cell); ``label`` is what the text calls it.
    """

    role: str
    quantity: Quantity
    flow_start: int = -1
    label: str = ""


@dataclass(frozen=True)
class Rescale:
    """One operand read at another unit scale (a unit-slip hypothesis)."""

    operand: Operand
    multiplier: Decimal


@quick_init
@dataclass(frozen=True)
class Reading:
    """One way of binding and reading a relation's figures, checked."""

    operands: tuple[Operand, ...]
    assumptions: tuple[Assumption, ...]
    score: float
    holds: bool
    detail: str
    rescale: Rescale | None = None

    @property
    def truncated(self) -> bool:
        """True when the reading holds only with the stated figure read as truncated."""
        return Assumption.TRUNCATED in self.assumptions


@runtime_checkable
class Relation(Protocol):
    """What every relation offers (see the module documentation)."""

    @property
    def kind(self) -> RelationKind: ...

    @property
    def operands(self) -> tuple[Operand, ...]: ...

    @property
    def readings(self) -> tuple[Reading, ...]: ...

    @property
    def holds(self) -> bool: ...

    @property
    def detail(self) -> str: ...


class DecidedRelation:
    """The protocol's ``operands`` / ``readings`` / ``detail`` of a relation that keeps every
    reading it tried (``all_readings``) and the one that decided (``decided``)."""

    all_readings: tuple[Reading, ...]
    decided: Reading

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The operands of the deciding reading."""
        return self.decided.operands

    @property
    def readings(self) -> tuple[Reading, ...]:
        """Every reading tried, best first."""
        return self.all_readings

    @property
    def detail(self) -> str:
        """The arithmetic of the deciding reading."""
        return self.decided.detail

    @property
    def truncated(self) -> bool:
        """True when the relation holds only with a stated figure read as truncated."""
        return self.decided.truncated

    @property
    def slip_multiplier(self) -> Decimal | None:
        """The scale a slipped amount was meant at (None without a slip)."""
        return self.decided.rescale.multiplier if self.decided.rescale is not None else None


def deciding(readings: Sequence[Reading]) -> Reading | None:
    """The reading that decides a relation: the best-scored one that holds, else the best."""
    if not readings:
        return None
    holding = [r for r in readings if r.holds]
    pool = holding or list(readings)
    return max(pool, key=lambda r: r.score)


def single_reading(operands: Sequence[Operand], holds: bool, detail: str,
                   *assumptions: Assumption, score: float = 1.0,
                   rescale: Rescale | None = None) -> tuple[Reading, ...]:
    """The readings of a relation checked one way only."""
    return (Reading(tuple(operands), tuple(assumptions), score, holds, detail, rescale),)

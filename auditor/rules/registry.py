"""The rule catalogue: every rule listed explicitly, no import-time discovery."""

from __future__ import annotations

from auditor.rules.base import Rule
from auditor.rules.claims import (
    AllMetVsShortfall,
    CountConflict,
    GradeVsScore,
    NoProblemVsRectification,
)
from auditor.rules.figures import RateMismatch, UnitScaleMismatch
from auditor.rules.figures_change import ChangeMismatch, ComparisonMismatch
from auditor.rules.figures_sum import PartExceedsWhole, SumMismatch
from auditor.rules.figures_values import ImplausibleAmount, ValueConflict
from auditor.rules.headings import HeadingSequence
from auditor.rules.hidden import HiddenCharacters
from auditor.rules.period import PeriodMismatch, RelativeTime
from auditor.rules.structure import DuplicatePassage, EmptySection, MissingSection
from auditor.rules.tables import (
    BlankTableWithAmounts,
    CrossTableMismatch,
    TableHierarchyMismatch,
    TableTextMismatch,
    TableTotalMismatch,
)
from auditor.rules.wording import PlaceholderResidue, PunctuationWidth, Typo

RULES: list[type[Rule]] = [
    UnitScaleMismatch,
    RateMismatch,
    SumMismatch,
    PartExceedsWhole,
    ValueConflict,
    ImplausibleAmount,
    NoProblemVsRectification,
    GradeVsScore,
    AllMetVsShortfall,
    CountConflict,
    HeadingSequence,
    MissingSection,
    EmptySection,
    DuplicatePassage,
    PeriodMismatch,
    RelativeTime,
    Typo,
    PunctuationWidth,
    PlaceholderResidue,
    HiddenCharacters,
    ChangeMismatch,
    ComparisonMismatch,
    TableTotalMismatch,
    TableHierarchyMismatch,
    TableTextMismatch,
    CrossTableMismatch,
    BlankTableWithAmounts,
]


def all_rules() -> list[type[Rule]]:
    """All rule classes, ordered by code."""
    return sorted(RULES, key=lambda rule: rule.code)


def rule_by_code(code: str) -> type[Rule] | None:
    """The rule with this code (case-insensitive), or None."""
    wanted = code.upper()
    return next((rule for rule in RULES if rule.code == wanted), None)

"""The rule catalogue: every rule listed explicitly, no import-time discovery."""

from __future__ import annotations

from auditor.rules.base import Rule
from auditor.rules.claims import NoProblemVsRectification
from auditor.rules.figures import RateMismatch, UnitScaleMismatch
from auditor.rules.headings import HeadingSequence

RULES: list[type[Rule]] = [
    UnitScaleMismatch,
    RateMismatch,
    NoProblemVsRectification,
    HeadingSequence,
]


def all_rules() -> list[type[Rule]]:
    """All rule classes, ordered by code."""
    return sorted(RULES, key=lambda rule: rule.code)


def rule_by_code(code: str) -> type[Rule] | None:
    """The rule with this code (case-insensitive), or None."""
    wanted = code.upper()
    return next((rule for rule in RULES if rule.code == wanted), None)

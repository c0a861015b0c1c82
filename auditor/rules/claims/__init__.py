"""Claim rules: what a report asserts about itself against what it says elsewhere (AU2xx).

One module per rule (:mod:`.no_problem` AU201, :mod:`.grade` AU202, :mod:`.all_met` AU203,
:mod:`.counts` AU204) over the shared units, table rows and role gating of :mod:`.common`.
Each finding's ``evidence`` names the sentence roles and the cues that led to it.
"""

from __future__ import annotations

from auditor.rules.claims.all_met import (
    DEFAULT_EXEC_RATE_FLOOR,
    AllMetVsShortfall,
    Shortfall,
    all_met_claims,
    shortfalls,
)
from auditor.rules.claims.common import ROLE_FLOOR, table_rows
from auditor.rules.claims.counts import CountConflict, CountRelation, count_relations, listed_items
from auditor.rules.claims.grade import (
    DEFAULT_GRADE_BANDS,
    GRADE_WORDS,
    GradeVsScore,
    band_of,
    grade_bands,
    total_scores,
)
from auditor.rules.claims.grades import Figure, grade_statements
from auditor.rules.claims.no_problem import NoProblemVsRectification, no_problem_assertions
from auditor.rules.claims.problems import Cue, denial, described_problem, problem_evidence

__all__ = [
    "DEFAULT_EXEC_RATE_FLOOR",
    "DEFAULT_GRADE_BANDS",
    "GRADE_WORDS",
    "ROLE_FLOOR",
    "AllMetVsShortfall",
    "CountConflict",
    "CountRelation",
    "Cue",
    "Figure",
    "GradeVsScore",
    "NoProblemVsRectification",
    "Shortfall",
    "all_met_claims",
    "band_of",
    "count_relations",
    "denial",
    "described_problem",
    "grade_bands",
    "grade_statements",
    "listed_items",
    "no_problem_assertions",
    "problem_evidence",
    "shortfalls",
    "table_rows",
    "total_scores",
]

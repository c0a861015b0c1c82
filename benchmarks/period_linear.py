"""The period model and the claim rules stay linear on hostile text.

Usage: ``python benchmarks/period_linear.py``

Builds one paragraph with no punctuation, dense with years, problem words, denials, scores
and grades, at two sizes (×4), and prints the time of the period model and of AU201/AU202
on each, with the ratio of the larger to the smaller: about 4 means linear; quadratic work
would show about 16.
"""

from __future__ import annotations

import time

from auditor.document import AnalysedDocument
from auditor.extract.period import build_period
from auditor.rules.claims import GradeVsScore, NoProblemVsRectification
from auditor.types import Source

UNIT = "还存在一些困难和问题未发现任何问题综合得分85分评价等级为优2023年全市收入增长"


class _Extraction:
    """What the two claim rules read from an extraction: the period only."""

    def __init__(self, period: object) -> None:
        self.period = period


def _timed(size: int) -> tuple[float, float]:
    text = "关于某市2025年预算执行情况的报告\n" + UNIT * size
    doc = AnalysedDocument(Source("<hostile>", "txt", text))
    _ = (doc.flow, doc.paragraphs, doc.sentences, doc.sections, doc.text_units)
    started = time.perf_counter()
    period = build_period(doc)
    period_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for rule in (NoProblemVsRectification(), GradeVsScore()):
        list(rule.run(doc, _Extraction(period)))  # type: ignore[arg-type]
    return period_seconds, time.perf_counter() - started


def main() -> None:
    small, large = 2_000, 8_000
    small_times, large_times = _timed(small), _timed(large)
    for name, low, high in zip(("period model", "AU201+AU202"), small_times, large_times,
                               strict=True):
        ratio = high / low if low else float("inf")
        print(f"{name:14} {len(UNIT) * small:>8} chars {low:7.3f}s   "
              f"{len(UNIT) * large:>8} chars {high:7.3f}s   ratio {ratio:5.1f} (linear ≈ 4)")


if __name__ == "__main__":
    main()

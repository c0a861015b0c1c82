"""The extraction stage (figures and every relation) stays linear on hostile text.

Usage: ``python benchmarks/extraction_linear.py [--quick]``

Two inputs, each at three sizes n, 2n, 4n:

* one sentence with n amounts (200, 400, 800), each followed by a change, a rate and a
  share, separated by commas only, so every relation builder sees every amount in one
  sentence;
* one paragraph with no punctuation at all, dense with amounts, rates, change words and
  list introducers (256 K, 512 K and 1 M characters).

Prints the time of :func:`build_extraction` and of the AU1xx rules on each size (the
document's text views are built before the clock starts) and the ratio of each time to
the one before: about 2 means linear; quadratic work would show about 4.
"""

from __future__ import annotations

import argparse
import time

from auditor.document import AnalysedDocument
from auditor.extract.extraction import build_extraction
from auditor.pipeline import run_rules
from auditor.rules.registry import all_rules
from auditor.types import Source

TITLE = "某部门2025年度部门决算说明\n"


def _sentence(amounts: int) -> str:
    items = [f"第{i}项支出{100 + i % 97}.{i % 100:02d}万元，比上年增加{1 + i % 9}.50万元，"
             f"增长{2 + i % 7}.1%，为预算的{90 + i % 10}.5%，占比{i % 30}.2%"
             for i in range(amounts)]
    return TITLE + "本年支出合计3200.00万元，其中：" + "，".join(items) + "。\n"


_UNIT = "预算执行率95支出123万元其中基本支出100万元项目支出23万元比上年增加3万元增长2"


def _paragraph(chars: int) -> str:
    return TITLE + _UNIT * (chars // len(_UNIT)) + "\n"


def _timed(text: str) -> tuple[float, float]:
    doc = AnalysedDocument(Source("<hostile>", "txt", text))
    _ = (doc.flow, doc.paragraphs, doc.sentences, doc.clauses, doc.lines, doc.text_tables,
         doc.sections, doc.text_units)
    started = time.perf_counter()
    extraction = build_extraction(doc)
    extraction_seconds = time.perf_counter() - started
    figures = [rule for rule in all_rules() if rule.code.startswith("AU1")]
    started = time.perf_counter()
    run_rules(doc, extraction, figures)
    return extraction_seconds, time.perf_counter() - started


def _series(name: str, sizes: tuple[int, ...], make, unit: str) -> None:
    previous: tuple[float, float] | None = None
    for size in sizes:
        text = make(size)
        extraction, rules = _timed(text)
        ratios = ""
        if previous is not None:
            ratios = (f"   ratio {extraction / max(previous[0], 1e-9):4.1f} / "
                      f"{rules / max(previous[1], 1e-9):4.1f} (linear ≈ 2)")
        print(f"{name:22} {size:>8} {unit:6} {len(text):>8} chars   extraction "
              f"{extraction:7.3f}s   AU1xx rules {rules:7.3f}s{ratios}", flush=True)
        previous = (extraction, rules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes ÷4 (a smoke run)")
    args = parser.parse_args()
    scale = 4 if args.quick else 1
    _timed(_sentence(5))  # loads the segmenter's dictionary before any clock starts
    _series("one sentence", tuple(n // scale for n in (200, 400, 800)), _sentence, "amounts")
    _series("no punctuation", tuple(n // scale for n in (256_000, 512_000, 1_024_000)),
            _paragraph, "chars")


if __name__ == "__main__":
    main()

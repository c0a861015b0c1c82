"""Where a line stands in the runs around it, for the line-type model.

A table's header lies between its unit line and its first row of figures; a row name
wrapped inside a table has rows of figures above *and* below; a wrapped prose line fills
the width its paragraph's lines fill and has no sentence end since the last one. These
facts are distances and ratios over the neighbouring lines, whatever the words are.
"""

from __future__ import annotations

import numpy as np

RUN_FEATURES: tuple[str, ...] = (
    "figures_above", "figures_below", "since_figures", "until_figures", "since_caption",
    "since_sentence", "until_sentence", "fill", "fill_median", "indent_excess",
    "since_title", "rows_since_title",
)
#: How far the runs look (lines); distances are capped there and scaled to [0, 1].
REACH = 8
_FILL_REACH = 5


def _since(flags: np.ndarray) -> np.ndarray:
    """For each line, how many lines back the nearest earlier flagged line is (capped)."""
    count = len(flags)
    found = np.full(count, REACH, dtype=np.float64)
    last = -REACH - 1
    for position in range(count):
        found[position] = min(position - last, REACH)
        if flags[position]:
            last = position
    return found / REACH


def _rows_since(titles: np.ndarray, figures: np.ndarray) -> np.ndarray:
    """For each line, how many rows of figures lie between the nearest title line above
    (within twice ``REACH``) and it: none under a table's title is its header block."""
    found = np.full(len(titles), 1.0)
    rows: int | None = None
    since = 0
    for position in range(len(titles)):
        if rows is not None and since <= 2 * REACH:
            found[position] = min(rows, REACH) / REACH
        since += 1
        if titles[position]:
            rows, since = 0, 0
        elif figures[position] and rows is not None:
            rows += 1
    return found


def _count_near(flags: np.ndarray, step: int) -> np.ndarray:
    """How many of the ``REACH`` lines above (step -1) or below (step 1) are flagged."""
    sums = np.concatenate([[0.0], np.cumsum(flags.astype(np.float64))])
    positions = np.arange(len(flags))
    if step < 0:
        low, high = np.maximum(positions - REACH, 0), positions
    else:
        low, high = positions + 1, np.minimum(positions + 1 + REACH, len(flags))
    return (sums[high] - sums[low]) / REACH


def _rolling(values: np.ndarray, reach: int, reduce) -> np.ndarray:
    count = len(values)
    return np.array([reduce(values[max(0, i - reach):i + reach + 1]) for i in range(count)],
                    dtype=np.float64) if count else np.zeros(0)


def run_matrix(figures: np.ndarray, captions: np.ndarray, titles: np.ndarray,
               sentence_ends: np.ndarray, lengths: np.ndarray, indents: np.ndarray) -> np.ndarray:
    """Columns as in ``RUN_FEATURES``, one row per line: ``figures`` marks rows of figures,
    ``captions`` lines with a caption cue (``单位：万元``, ``注：``), ``titles`` those and
    the lines that read like a table's title, ``sentence_ends`` lines ending a sentence;
    ``lengths`` and ``indents`` are characters."""
    count = len(figures)
    if not count:
        return np.zeros((0, len(RUN_FEATURES)))
    widest = np.maximum(_rolling(lengths, _FILL_REACH, np.max), 1.0)
    median = np.maximum(_rolling(lengths, _FILL_REACH, np.median), 1.0)
    least_indent = _rolling(indents, 3, np.min)
    columns = [
        _count_near(figures, -1),
        _count_near(figures, 1),
        _since(figures),
        _since(figures[::-1])[::-1],
        _since(captions),
        _since(sentence_ends),
        _since(sentence_ends[::-1])[::-1],
        lengths / widest,
        np.minimum(lengths / median, 3.0),
        np.log1p(indents - least_indent),
        _since(titles),
        _rows_since(titles, figures),
    ]
    return np.column_stack(columns)

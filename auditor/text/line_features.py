"""Cheap layout features of a line and of its neighbours, for the line-type model.

Every feature is a number computed from the line's text (numbers, their share, column
gaps, dot leaders, a trailing page number, heading numbering, sentence marks, length),
its place on the page and in the document, and the same few facts about the lines around
it. The training script and the classifier call the same :func:`feature_matrix`, so the
features at prediction time are exactly those the model was fitted on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from math import log1p

import numpy as np
import regex

from auditor.lexicon import alternation, terms
from auditor.text.headings import HeadingStyle, parse_heading_mark
from auditor.text.line_counts import LineCounter
from auditor.text.line_layout import LAYOUT_FEATURES, layout_matrix
from auditor.text.normalize import normalize_width
from auditor.text.titles import bare_title, contents_zone


@dataclass(frozen=True)
class LineInput:
    """What the features see of a line: its text, its number among all lines of the
    document, and its place among the non-blank lines of its page (None without pages)."""

    text: str
    index: int
    page_line: int | None = None
    page_lines: int | None = None
    #: The whole line's length when ``text`` is a clipped copy of it (labelled corpora).
    length: int | None = None


# The patterns (stdlib re: these need no Unicode properties, and it is faster) run over all
# lines joined by newlines (one pass per pattern per document),
# so none may cross a newline: horizontal space is written [^\S\n], and ^/$ are per line.
_M = re.MULTILINE
_H = r"[^\S\n]"
_NUMBER = re.compile(r"(?<![\d.])-?\d[\d,]*(?:\.\d+)?%?")
_NUMBER_TOKEN = re.compile(rf"(?:^|(?<={_H}))-?\d[\d,]*(?:\.\d+)?%?(?={_H}|$)", _M)
_DECIMAL = re.compile(r"\d\.\d|\d,\d{3}")
_CODE_START = re.compile(r"^\d{3,9}(?=\s|[㐀-鿿])", _M)
_ENDS_NUMBER = re.compile(r"\d%?$", _M)
_SENTENCE = re.compile(r"[。！？!?；;]")
_GAP = re.compile(r"\S(?: {2,}|\t+)(?=\S)")
_SPACE = re.compile(r"\S (?=\S)")
_LEADER = re.compile(rf"(?:[.·…_—\-]{_H}*){{4,}}|…{{2,}}")
_TOC_PAGE = re.compile(rf"(?:[.·…_—\-]{_H}*){{2,}}{_H}*第?{_H}*\d{{1,3}}{_H}*页?{_H}*$|{_H}\d{{1,3}}{_H}*$", _M)
_PAGE_NUMBER = re.compile(
    rf"^[-—–~_ \t]*\d{{1,4}}[-—–~_ \t]*$|^第{_H}*\d{{1,4}}{_H}*页|^\d{{1,4}}{_H}*/{_H}*\d{{1,4}}$", _M)
_YEAR = re.compile(rf"(?:19|20)\d{{2}}{_H}*年")
_LEVEL = re.compile(r"[(（](?:类|款|项)[)）]")
_TITLE_END = re.compile(rf"(?:表|情况|说明|报告){_H}*$", _M)
_PAGE_REF = re.compile(rf"第[^\d\n]{{0,3}}\d{{1,3}}[^\d\n]{{0,3}}页|\t\d{{1,3}}{_H}*$", _M)
_HAN_SPACED = re.compile(r"[㐀-鿿] (?=[㐀-鿿])")
_DATE_TAIL = re.compile(rf"(?:\d{{2}}-\d{{2}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}:\d{{2}}){_H}*$", _M)
_TABLE_HEAD = re.compile(rf"(?:附?表{_H}*\d+|说明{_H}*\d+)")
_TABLE_TAIL = re.compile(rf"附?表{_H}*\d+{_H}*$")
_INDEX_TITLE = re.compile(rf"^\d{{1,3}}(?:\.\d{{1,2}})?{_H}*[.、]?{_H}*[㐀-鿿]", _M)
_TRAILING_NUMBER = re.compile(
    rf"(?<={_H})-?\d[\d,]*(?:\.\d+)?%?(?=(?:{_H}+-?\d[\d,]*(?:\.\d+)?%?)*{_H}*$)", _M)
_TOC_HEAD = re.compile(rf"^{_H}*目{_H}*录{_H}*$", _M)
_TOTAL_START = re.compile(rf"^(?:{alternation('cues', 'total_row', 'subtotal_row')})", _M)

_STYLES = tuple(HeadingStyle)
_CUE_KINDS = ("furniture", "caption", "header", "total")


@cache
def _cues() -> dict[str, regex.Pattern[str]]:
    """One pattern per cue kind of ``models/lexicon/line_cues.tsv`` (longest cue first)."""
    return {kind: regex.compile("|".join(regex.escape(normalize_width(word))
                                         for word in terms("line_cues", kind)))
            for kind in _CUE_KINDS}


OWN_FEATURES: tuple[str, ...] = (
    "length", "short", "han_share", "digit_share", "latin_share", "space_share",
    "numbers", "number_token_share", "decimals", "code_start", "ends_number",
    "sentences", "ends_sentence", "ends_colon", "commas", "gaps", "spaces", "leaders",
    "toc_page", *(f"mark_{style.name.lower()}" for style in _STYLES), "no_mark",
    "mark_short_title", "page_number", *(f"cue_{kind}" for kind in _CUE_KINDS),
    "total_start", "percents", "years", "levels", "title_end", "quotes",
    "paged", "page_fraction", "page_first", "page_last", "document_position",
    "blank_before", "blank_after", "indent",
    "leader_share", "page_ref", "form_feed", "leading_spaces", "han_spaced", "date_tail",
    "code_chars", "table_ref", "index_title", "trailing_numbers", "toc_head",
)
#: The own features repeated for each neighbour (a short list keeps the model small).
NEIGHBOUR_FEATURES: tuple[str, ...] = (
    "length", "numbers", "number_token_share", "sentences", "ends_sentence", "gaps",
    "leaders", "toc_page", "no_mark", "mark_short_title", "code_start", "cue_header",
    "title_end",
)
NEIGHBOURS: tuple[int, ...] = (-2, -1, 1, 2)
#: Features averaged over the lines around (a table is a run of lines with figures).
WINDOW = 4
WINDOW_FEATURES: tuple[str, ...] = ("numbers", "sentences", "leaders", "gaps", "no_mark",
                                    "trailing_numbers", "cue_header", "page_ref")
SEQUENCE_FEATURES: tuple[str, ...] = ("toc_near", "toc_prose_since", "seen_before", "toc_zone")
FEATURES: tuple[str, ...] = OWN_FEATURES + tuple(
    f"{'p' if step < 0 else 'n'}{abs(step)}_{name}" for step in NEIGHBOURS
    for name in (*NEIGHBOUR_FEATURES, "present")
) + tuple(f"w_{name}" for name in WINDOW_FEATURES) + SEQUENCE_FEATURES + LAYOUT_FEATURES
_NEIGHBOUR_COLUMNS = [OWN_FEATURES.index(name) for name in NEIGHBOUR_FEATURES]
_WINDOW_COLUMNS = [OWN_FEATURES.index(name) for name in WINDOW_FEATURES]
_TOC_REACH = 120
_LONGEST_TITLE = 90
_SHORT_TITLE = 40
_FIRST_ENTRY_REACH = 6
_TWO_FIGURES = log1p(1.5)


def _marks(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """One-hot heading style (last column: none) and whether the title after it is short."""
    styles = np.zeros((len(texts), len(_STYLES) + 1))
    short = np.zeros(len(texts))
    for row, text in enumerate(texts):
        mark = parse_heading_mark(text)
        if mark is None:
            styles[row, -1] = 1.0
            continue
        styles[row, _STYLES.index(mark.style)] = 1.0
        rest = text[mark.marker_end:].strip()
        short[row] = 1.0 if len(rest) <= 25 and not _SENTENCE.search(rest) else 0.0
    return styles, short


def own_matrix(lines: Sequence[LineInput]) -> np.ndarray:
    """The own features of a run of consecutive lines (one row per line)."""
    count = len(lines)
    if not count:
        return np.zeros((0, len(OWN_FEATURES)))
    raws = normalize_width("\n".join(line.text for line in lines)).split("\n")
    texts = [raw.strip() for raw in raws]
    c = LineCounter(texts)
    actual = np.fromiter((len(text) for text in texts), dtype=np.float64, count=count)
    size = np.maximum(actual, 1.0)
    length = np.fromiter((line.length or len(text) for line, text in zip(lines, texts, strict=True)),
                         dtype=np.float64, count=count)
    indexes = np.fromiter((line.index for line in lines), dtype=np.float64, count=count)
    page_line = np.fromiter((-1 if line.page_line is None else line.page_line for line in lines),
                            dtype=np.float64, count=count)
    page_lines = np.fromiter((line.page_lines or 0 for line in lines), dtype=np.float64,
                             count=count)
    paged = ((page_line >= 0) & (page_lines > 0)).astype(np.float64)
    gaps = np.diff(indexes) > 1
    styles, short_title = _marks(texts)
    cues = _cues()
    leading = np.fromiter((len(raw) - len(raw.lstrip()) for raw in raws), dtype=np.float64,
                          count=count)
    tokens = c.tokens()
    columns = [
        np.log1p(length),
        (length <= 20).astype(np.float64),
        c.chars("han") / size,
        c.chars("digit") / size,
        c.chars("latin") / size,
        c.chars("blank") / size,
        np.log1p(c(_NUMBER)),
        c(_NUMBER_TOKEN) / np.maximum(tokens, 1.0),
        np.log1p(c(_DECIMAL)),
        c.head(_CODE_START),
        c.tail(_ENDS_NUMBER),
        np.log1p(c.chars("sentence")),
        c.last_is("sentence"),
        c.last_is("colon"),
        np.log1p(c.chars("comma")),
        np.log1p(c(_GAP)),
        np.log1p(c(_SPACE)),
        c.flag(_LEADER),
        c.tail(_TOC_PAGE),
        *styles.T,
        short_title,
        c.head(_PAGE_NUMBER),
        *(np.log1p(c(cues[kind])) for kind in _CUE_KINDS),
        c.head(_TOTAL_START),
        np.log1p(c.chars("percent")),
        np.log1p(c(_YEAR)),
        np.log1p(c(_LEVEL)),
        c.tail(_TITLE_END),
        np.log1p(c.chars("quote")),
        paged,
        np.where(paged > 0, np.maximum(page_line, 0) / np.maximum(page_lines - 1, 1), 0.0),
        paged * (page_line == 0),
        paged * (page_line == page_lines - 1),
        np.log1p(indexes) / 10.0,
        np.concatenate([[1.0], gaps]),
        np.concatenate([gaps, [1.0]]),
        (leading > 0).astype(np.float64),
        c.chars("leader") / size,
        np.fromiter((_PAGE_REF.search(raw.strip(" ")) is not None for raw in raws), dtype=np.float64, count=count),
        np.fromiter(("\f" in raw for raw in raws), dtype=bool, count=count),
        np.log1p(leading),
        c(_HAN_SPACED) / size,
        c.tail(_DATE_TAIL),
        c.chars("code") / size,
        np.maximum(c.head(_TABLE_HEAD), c.tail(_TABLE_TAIL)),
        c.head(_INDEX_TITLE),
        np.log1p(c(_TRAILING_NUMBER)),
        c.head(_TOC_HEAD),
    ]
    return np.column_stack(columns)


def shifted(matrix: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``matrix`` moved by ``step`` (row i gets row i+step) and a presence column;
    rows past either end are zero."""
    count = matrix.shape[0]
    moved = np.zeros_like(matrix)
    present = np.zeros((count, 1))
    if step > 0 and step < count:
        moved[:-step] = matrix[step:]
        present[:-step] = 1.0
    elif step < 0 and -step < count:
        moved[-step:] = matrix[:step]
        present[-step:] = 1.0
    return moved, present


def window_mean(matrix: np.ndarray, reach: int) -> np.ndarray:
    """Each row replaced by the mean of the rows within ``reach`` of it (itself included)."""
    count = matrix.shape[0]
    if count == 0:
        return matrix.copy()
    padded = np.vstack([np.zeros((1, matrix.shape[1])), np.cumsum(matrix, axis=0)])
    low = np.clip(np.arange(count) - reach, 0, count)
    high = np.clip(np.arange(count) + reach + 1, 0, count)
    return (padded[high] - padded[low]) / (high - low)[:, None]


def _sequence(lines: Sequence[LineInput], own: np.ndarray) -> np.ndarray:
    """Where a line is relative to a ``目录`` line above it, whether its bare title was
    already seen (a body heading repeats its contents entry), and whether it lies in the
    contents block (:func:`~auditor.text.titles.contents_zone`)."""
    heads = own[:, OWN_FEATURES.index("toc_head")] > 0
    sentences = own[:, OWN_FEATURES.index("ends_sentence")] > 0
    stops = sentences | (own[:, OWN_FEATURES.index("trailing_numbers")] > _TWO_FIGURES)
    rows = np.zeros((len(lines), len(SEQUENCE_FEATURES)))
    titles = []
    # Headings are short; only a contents block's first entries may be long.
    head_at = -_TOC_REACH
    for position, line in enumerate(lines):
        if heads[position]:
            head_at = position
        short = len(line.text) <= _SHORT_TITLE or 0 < position - head_at <= _FIRST_ENTRY_REACH
        titles.append(bare_title(line.text) if short and len(line.text) <= _LONGEST_TITLE else "")
    last_toc: int | None = None
    prose_since = 0
    seen: dict[str, int] = {}
    for position, title in enumerate(titles):
        if heads[position]:
            last_toc, prose_since = position, 0
        elif last_toc is not None and position - last_toc <= _TOC_REACH:
            rows[position, 0] = 1.0 - (position - last_toc) / _TOC_REACH
            rows[position, 1] = log1p(prose_since)
        if sentences[position]:
            prose_since += 1
        if len(title) >= 4:
            if title in seen and position - seen[title] <= _TOC_REACH:
                rows[position, 2] = 1.0
            seen.setdefault(title, position)
    rows[:, 3] = contents_zone(titles, heads.tolist(), stops.tolist())
    return rows


def feature_matrix(lines: Sequence[LineInput]) -> np.ndarray:
    """Own and neighbour features of a run of consecutive lines, columns as in ``FEATURES``."""
    own = own_matrix(lines)
    parts = [own]
    for step in NEIGHBOURS:
        moved, present = shifted(own[:, _NEIGHBOUR_COLUMNS], step)
        parts.extend([moved, present])
    parts.append(window_mean(own[:, _WINDOW_COLUMNS], WINDOW))
    parts.append(_sequence(lines, own))
    texts = normalize_width("\n".join(line.text for line in lines)).split("\n")
    parts.append(layout_matrix([text.strip() for text in texts], [line.index for line in lines],
                               [line.length or len(text.strip()) for line, text in zip(lines, texts, strict=True)],
                               [line.text for line in lines]))
    return np.hstack(parts)


def context_matrix(probabilities: np.ndarray) -> np.ndarray:
    """The neighbours' predicted type probabilities (second stage of the model): each of
    the nearest lines, and the mean over a wider window."""
    parts = []
    for step in NEIGHBOURS:
        moved, _ = shifted(probabilities, step)
        parts.append(moved)
    parts.append(window_mean(probabilities, 2 * WINDOW))
    return np.hstack(parts)

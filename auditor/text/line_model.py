"""The line-type classifier as plain arrays: safe JSON load/save and numpy scoring.

Two stages, each a forest of decision trees (extremely randomised trees: they stay sober
on layouts unlike any they were trained on, where linear models extrapolate). The first sees a line's own
features and a few of its neighbours' (:func:`~auditor.text.line_features.feature_matrix`);
the second adds the first stage's type probabilities of the neighbouring lines, so a
line between table rows leans towards a row and a line after a contents entry towards an
entry. Everything is stored as JSON (``models/lines.json``); loading never unpickles and
scoring needs neither scikit-learn nor a trusted file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from auditor.packed import pack, unpack
from auditor.paths import models_dir
from auditor.text.line_features import (
    FEATURES,
    NEIGHBOURS,
    LineInput,
    context_matrix,
    feature_matrix,
)
from auditor.text.line_runs import (
    with_closed_titles,
    with_headers_heading_rows,
    with_link_lists,
    with_paragraphs_unbroken,
    with_web_artefacts,
)
from auditor.text.lines import (
    Line,
    LineType,
    TypedLines,
    with_captions_continued,
    with_cell_rows,
    with_menus,
    with_page_marks,
    with_report_titles,
    with_rows_by_cells,
    with_rows_in_tables,
    with_sections_not_furniture,
    with_sentences_unbroken,
    with_titles_after_tables,
)

MODEL_FORMAT = "auditor-line-types"
MODEL_VERSION = 1
MODEL_FILE = "lines.json"
MAX_MODEL_BYTES = 16 * 1024 * 1024


class LineModelError(ValueError):
    """A line-type model file that is missing, not JSON, or not shaped like our model."""


@dataclass(frozen=True)
class Stage:
    """A forest of decision trees, all trees' nodes in flat arrays.

    ``feature[i]`` is the input column node ``i`` tests (-1 for a leaf), ``threshold[i]``
    the split (``x <= threshold`` goes to ``left[i]``, else ``right[i]``), ``value[i]`` a
    leaf's class probabilities; ``roots`` are the trees' first nodes. A line's probabilities
    are the mean over the trees of the leaf it reaches.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per input row."""
        count, width = matrix.shape
        trees = len(self.roots)
        cells = np.ascontiguousarray(matrix).ravel()
        # flat arrays, row-major (row, tree): a short document pays few numpy calls per level
        row_start = np.repeat(np.arange(count) * width, trees)
        node = np.tile(self.roots, count)
        feature, threshold, children = self._walk
        for _ in range(self.depth):
            right = ~(cells.take(row_start + feature.take(node)) <= threshold.take(node))
            node = children.take(node * 2 + right)
        return self.value[node.reshape(count, trees)].mean(axis=1)

    @cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Column tested, split and (left, right) children of every node, each leaf its own
        child either way (testing column 0): a row that reached its leaf stays there."""
        leaf = self.feature < 0
        own = np.arange(len(self.feature))
        children = np.stack([np.where(leaf, own, self.left), np.where(leaf, own, self.right)], axis=1)
        return np.where(leaf, 0, self.feature), np.where(leaf, 0.0, self.threshold), children.ravel()

    def to_json(self) -> dict[str, object]:
        """Packed arrays for JSON (probabilities rounded: they are averaged over many trees)."""
        return {"feature": pack(self.feature, "<i4"), "threshold": pack(self.threshold, "<f8"),
                "left": pack(self.left, "<i4"), "right": pack(self.right, "<i4"),
                "value": pack(np.round(self.value, 4), "<f8"), "roots": pack(self.roots, "<i4"),
                "depth": self.depth}

    @classmethod
    def from_json(cls, data: dict, inputs: int, classes: int) -> Stage:
        """Rebuild and check the shapes and the node references."""
        try:
            feature = unpack(data["feature"], "<i4").astype(np.int64)
            threshold = unpack(data["threshold"], "<f8")
            left = unpack(data["left"], "<i4").astype(np.int64)
            right = unpack(data["right"], "<i4").astype(np.int64)
            value = unpack(data["value"], "<f8")
            roots = unpack(data["roots"], "<i4").astype(np.int64)
            depth = int(data["depth"])
        except (KeyError, TypeError, ValueError) as error:
            raise LineModelError(f"行类型模型的参数不完整：{error}") from error
        nodes = feature.shape[0]
        shapes_ok = (feature.ndim == 1 and threshold.shape == (nodes,) and left.shape == (nodes,)
                     and right.shape == (nodes,) and value.shape == (nodes, classes)
                     and roots.ndim == 1 and roots.size > 0 and 0 < depth <= 64)
        if not shapes_ok:
            raise LineModelError("行类型模型的参数形状与特征不符")
        inner = feature >= 0
        references = np.concatenate([left[inner], right[inner], roots])
        if np.any(feature >= inputs) or np.any(references < 0) or np.any(references >= nodes) \
                or not np.all(np.isfinite(threshold[inner])):
            raise LineModelError("行类型模型的树结构无效")
        return cls(feature, threshold, left, right, value, roots, depth)


@dataclass(frozen=True)
class LineModel:
    """Both stages, the class order and what the model was trained on."""

    classes: tuple[LineType, ...]
    first: Stage
    second: Stage
    meta: dict[str, object] = field(default_factory=dict)

    def probabilities(self, lines: Sequence[LineInput]) -> np.ndarray:
        """Second-stage type probabilities of a run of consecutive lines."""
        if not lines:
            return np.zeros((0, len(self.classes)))
        features = feature_matrix(lines)
        first = self.first.probabilities(features)
        return self.second.probabilities(np.hstack([features, context_matrix(first)]))

    def predict(self, lines: Sequence[LineInput]) -> list[LineType]:
        """The most probable type of each line."""
        probabilities = self.probabilities(lines)
        return [self.classes[index] for index in probabilities.argmax(axis=1)]

    def to_json(self) -> dict[str, object]:
        """The model as a JSON object."""
        return {"format": MODEL_FORMAT, "version": MODEL_VERSION,
                "classes": [kind.value for kind in self.classes], "features": list(FEATURES),
                "first": self.first.to_json(), "second": self.second.to_json(), "meta": self.meta}


def save_line_model(model: LineModel, out_dir: Path) -> Path:
    """Write ``lines.json`` into ``out_dir`` (atomically) and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / MODEL_FILE
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")),
                         encoding="utf-8")
    temporary.replace(path)
    return path


def load_line_model(path: Path) -> LineModel:
    """Read and validate a line-type model; :class:`LineModelError` when it is unusable."""
    try:
        if path.stat().st_size > MAX_MODEL_BYTES:
            raise LineModelError(f"行类型模型文件过大：{path}")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LineModelError(f"无法读取行类型模型 {path}：{error}") from error
    except json.JSONDecodeError as error:
        raise LineModelError(f"行类型模型不是有效的 JSON：{path}") from error
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT \
            or data.get("version") != MODEL_VERSION:
        raise LineModelError(f"不是本工具的行类型模型：{path}")
    if data.get("features") != list(FEATURES):
        raise LineModelError("行类型模型的特征与当前版本不符，请运行 auditor train --model lines")
    try:
        classes = tuple(LineType(value) for value in data["classes"])
    except (KeyError, ValueError) as error:
        raise LineModelError(f"行类型模型的类别无效：{error}") from error
    inputs = len(FEATURES)
    first = Stage.from_json(data.get("first", {}), inputs, len(classes))
    second = Stage.from_json(data.get("second", {}), inputs + (len(NEIGHBOURS) + 1) * len(classes), len(classes))
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    return LineModel(classes, first, second, meta)


@cache
def shipped_line_model() -> LineModel:
    """The model shipped in ``models/lines.json`` (loaded once per process)."""
    return load_line_model(models_dir() / MODEL_FILE)


def with_structure(typed: TypedLines, cell_starts: Sequence[int] = ()) -> TypedLines:
    """The model's types corrected by the layout facts that hold for any document: page
    marks, a list of dated links, links to files and lines of script, the contents block,
    a list of titles, the header block under a table's unit line, a group row between a
    table's rows, numbered titles after a table, a sentence a title cannot cut into, a
    section title closed by a full stop, a header no row follows, the rows of a file's own
    tables (``cell_starts``: where their cells start in the text)."""
    from auditor.text.contents import with_contents_zone, with_title_lists
    from auditor.text.text_tables import with_table_headers

    typed = with_paragraphs_unbroken(with_web_artefacts(with_link_lists(with_page_marks(typed))))
    typed = with_rows_by_cells(with_sections_not_furniture(with_menus(typed)))
    typed = with_table_headers(with_title_lists(with_contents_zone(typed)))
    typed = with_sentences_unbroken(with_titles_after_tables(with_rows_in_tables(typed)))
    typed = with_closed_titles(with_report_titles(with_captions_continued(typed)))
    return with_cell_rows(with_headers_heading_rows(typed), cell_starts)


def type_lines(lines: Sequence[Line], model: LineModel | None = None) -> TypedLines:
    """Classify every line of a document."""
    chosen = model or shipped_line_model()
    inputs = [LineInput(line.text, line.index, line.page_line, line.page_lines) for line in lines]
    return TypedLines(tuple(lines), tuple(chosen.predict(inputs)))

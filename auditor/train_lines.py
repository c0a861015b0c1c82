"""``auditor train --model lines``: fit the line-type classifier and report how well it does.

The labelled lines (``corpora/lines/*.jsonl``: ``doc``, ``split``, ``block``, ``index``,
``text``, ``label``, ``page_line``, ``page_lines``) come in blocks of consecutive lines.
Lines of *check*-half documents are the held-out part: never used for fitting or for
choosing anything. Lines of *dev* documents (development documents no structure rule was
written from, ``corpora/lines/round5``) are scored apart the same way, never fitted on. On
the rest, grouped cross-validation (a document's lines never
straddle folds) gives out-of-fold predictions for every line; the macro-F1 over them is
the cross-validated score. The second stage is always fitted on out-of-fold first-stage
probabilities, as it will see them at prediction time.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from auditor.paths import PROJECT_ROOT, models_dir
from auditor.text.line_features import LineInput, context_matrix, feature_matrix
from auditor.text.line_model import LineModel, Stage, save_line_model
from auditor.text.lines import LineType
from auditor.train import Evaluation, evaluate, table_lines

DEFAULT_DATA = PROJECT_ROOT / "corpora" / "lines"
TREES = 30
DEPTH = 12
#: Share of the features each split draws from (more than sqrt: the informative ones are few).
MAX_FEATURES = 0.5
HELD_OUT_SPLIT = "check"
#: documents no rule was written from: scored like the held-out part, reported apart
DEV_SPLIT = "dev"
CLASSES = tuple(LineType)


@dataclass(frozen=True)
class Block:
    """A run of consecutive labelled lines of one document."""

    doc: str
    split: str
    lines: tuple[LineInput, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class LineTrainReport:
    """What training measured and where the model went."""

    cross_validation: Evaluation
    held_out: Evaluation | None
    folds: int
    n_train: int
    n_test: int
    documents: int
    model_path: Path
    cross_validation_ruled: Evaluation | None = None
    held_out_ruled: Evaluation | None = None
    dev: Evaluation | None = None
    dev_ruled: Evaluation | None = None
    n_dev: int = 0


def load_blocks(path: Path) -> list[Block]:
    """Read every ``*.jsonl`` under ``path``, its sub-folders included (the labelling rounds),
    or the file itself, into labelled blocks."""
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path} 中没有 .jsonl 标注文件")
    grouped: dict[tuple[str, int], list[dict]] = {}
    for file in files:
        for number, raw in enumerate(file.read_text("utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            record = json.loads(raw)
            label = record.get("label")
            if label not in {kind.value for kind in CLASSES}:
                raise ValueError(f"{file}:{number} 未知的行类型：{label!r}")
            grouped.setdefault((record["doc"], int(record["block"])), []).append(record)
    blocks = []
    for (doc, _), records in sorted(grouped.items()):
        records.sort(key=lambda r: r["index"])
        lines = tuple(LineInput(r["text"], int(r["index"]), r.get("page_line"),
                                r.get("page_lines"), r.get("chars"))
                      for r in records)
        blocks.append(Block(doc, str(records[0].get("split", "tune")), lines,
                            tuple(r["label"] for r in records)))
    return blocks


def _features(blocks: Sequence[Block]) -> np.ndarray:
    return np.vstack([feature_matrix(block.lines) for block in blocks])


def _labels(blocks: Sequence[Block]) -> np.ndarray:
    return np.array([label for block in blocks for label in block.labels])


def _fit_stage(matrix: np.ndarray, labels: np.ndarray, seed: int = 0) -> Stage:
    from sklearn.ensemble import ExtraTreesClassifier

    forest = ExtraTreesClassifier(n_estimators=TREES, max_depth=DEPTH, min_samples_leaf=2, max_features=MAX_FEATURES,
                                  class_weight="balanced", random_state=seed, n_jobs=1)
    forest.fit(matrix, labels)
    order = [str(label) for label in forest.classes_]
    columns = [order.index(kind.value) if kind.value in order else -1 for kind in CLASSES]
    features, thresholds, lefts, rights, values, roots = [], [], [], [], [], []
    offset = 0
    for estimator in forest.estimators_:
        tree = estimator.tree_
        leaf = tree.children_left < 0
        raw = tree.value[:, 0, :]
        raw = raw / np.maximum(raw.sum(axis=1, keepdims=True), 1e-12)
        value = np.zeros((tree.node_count, len(CLASSES)))
        for position, column in enumerate(columns):
            if column >= 0:
                value[:, position] = raw[:, column]
        features.append(np.where(leaf, -1, tree.feature))
        thresholds.append(np.where(leaf, 0.0, tree.threshold))
        lefts.append(np.where(leaf, -1, tree.children_left + offset))
        rights.append(np.where(leaf, -1, tree.children_right + offset))
        values.append(np.where(leaf[:, None], value, 0.0))
        roots.append(offset)
        offset += tree.node_count
    return Stage(np.concatenate(features), np.concatenate(thresholds), np.concatenate(lefts),
                 np.concatenate(rights), np.vstack(values), np.array(roots), DEPTH)


def _block_rows(blocks: Sequence[Block]) -> list[np.ndarray]:
    rows, start = [], 0
    for block in blocks:
        rows.append(np.arange(start, start + len(block.lines)))
        start += len(block.lines)
    return rows


def _context(blocks: Sequence[Block], probabilities: np.ndarray) -> np.ndarray:
    return np.vstack([context_matrix(probabilities[rows]) for rows in _block_rows(blocks)])


def _out_of_fold_first(blocks: Sequence[Block], features: np.ndarray, labels: np.ndarray,
                       folds: int, seed: int) -> np.ndarray:
    """First-stage probabilities of every line from a model that never saw its document."""
    docs = sorted({block.doc for block in blocks})
    probabilities = np.zeros((len(labels), len(CLASSES)))
    line_docs = np.array([block.doc for block in blocks for _ in block.lines])
    for fold in range(min(folds, len(docs))):
        held = {doc for i, doc in enumerate(docs) if i % folds == fold}
        test = np.isin(line_docs, list(held))
        stage = _fit_stage(features[~test], labels[~test], seed)
        probabilities[test] = stage.probabilities(features[test])
    return probabilities


def fit(blocks: Sequence[Block], folds: int, seed: int) -> tuple[Stage, Stage]:
    """Both stages fitted on ``blocks`` (the second on out-of-fold first-stage output)."""
    features, labels = _features(blocks), _labels(blocks)
    first = _fit_stage(features, labels, seed)
    oof = _out_of_fold_first(blocks, features, labels, folds, seed)
    second = _fit_stage(np.hstack([features, _context(blocks, oof)]), labels, seed)
    return first, second


def _predict(model: LineModel, block: Block) -> tuple[list[str], list[str]]:
    """The model's types for a block, and the same after the structure rules the analysed
    document applies (page marks, the contents block, the header block under a unit line)."""
    from auditor.text.line_model import with_structure
    from auditor.text.lines import Line, TypedLines

    kinds = model.predict(block.lines)
    lines = tuple(Line(line.index, 0, 0, line.text) for line in block.lines)
    refined = with_structure(TypedLines(lines, tuple(kinds)))
    return [kind.value for kind in kinds], [kind.value for kind in refined.types]


def cross_validate(blocks: Sequence[Block], folds: int, seed: int) -> tuple[Evaluation, Evaluation]:
    """Grouped k-fold over documents: out-of-fold predictions of the full two-stage model,
    as it is and with the structure rules."""
    from sklearn.model_selection import StratifiedGroupKFold

    labels = _labels(blocks)
    line_docs = [block.doc for block in blocks for _ in block.lines]
    predicted = np.empty(len(labels), dtype=object)
    refined = np.empty(len(labels), dtype=object)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, _ in splitter.split(np.zeros(len(labels)), labels, line_docs):
        train_docs = {line_docs[i] for i in train_index}
        fold_train = [block for block in blocks if block.doc in train_docs]
        fold_test = [block for block in blocks if block.doc not in train_docs]
        model = LineModel(CLASSES, *fit(fold_train, folds, seed))
        pairs = [_predict(model, block) for block in fold_test]
        positions = [i for i, doc in enumerate(line_docs) if doc not in train_docs]
        predicted[positions] = [kind for plain, _ in pairs for kind in plain]
        refined[positions] = [kind for _, ruled in pairs for kind in ruled]
    classes = [kind.value for kind in CLASSES]
    return (evaluate(list(labels), list(predicted), classes),
            evaluate(list(labels), list(refined), classes))


def _score(model: LineModel, part: Sequence[Block]) -> tuple[Evaluation | None, Evaluation | None]:
    """The model's scores on lines it was not fitted on, as it is and with the structure rules."""
    if not part:
        return None, None
    pairs = [_predict(model, block) for block in part]
    gold = list(_labels(part))
    classes = [kind.value for kind in CLASSES]
    return (evaluate(gold, [kind for plain, _ in pairs for kind in plain], classes),
            evaluate(gold, [kind for _, ruled in pairs for kind in ruled], classes))


def _rounded(evaluation: Evaluation | None) -> float | None:
    return round(evaluation.macro_f1, 4) if evaluation else None


def train_lines(data: Path = DEFAULT_DATA, out_dir: Path | None = None, *, folds: int = 5,
                seed: int = 0, echo: bool = True, fit_dev: bool = False) -> LineTrainReport:
    """Cross-validate on the tune/corpus lines, fit on them, score the check-half lines and
    the unseen development documents, save. ``fit_dev``: the development documents join the
    cross-validation and the fit instead (then only the check half is scored apart)."""
    blocks = load_blocks(data)
    held_apart = {HELD_OUT_SPLIT} if fit_dev else {HELD_OUT_SPLIT, DEV_SPLIT}
    train_part = [block for block in blocks if block.split not in held_apart]
    test_part = [block for block in blocks if block.split == HELD_OUT_SPLIT]
    dev_part = [block for block in blocks if block.split == DEV_SPLIT and not fit_dev]
    if not train_part:
        raise ValueError(f"{data} 中没有可用于训练的行")
    cv, cv_ruled = cross_validate(train_part, folds, seed)
    first, second = fit(train_part, folds, seed)
    model = LineModel(CLASSES, first, second)
    held_out, held_ruled = _score(model, test_part)
    dev, dev_ruled = _score(model, dev_part)
    n_train = sum(len(block.lines) for block in train_part)
    meta: dict[str, object] = {
        "trained_on": n_train, "documents": len({block.doc for block in train_part}),
        "trees": TREES, "depth": DEPTH,
        "cv_macro_f1": round(cv.macro_f1, 4),
        "held_out_macro_f1": _rounded(held_out),
        "cv_macro_f1_with_structure": round(cv_ruled.macro_f1, 4),
        "held_out_macro_f1_with_structure": _rounded(held_ruled),
    }
    if dev_part:
        meta |= {"dev_macro_f1": _rounded(dev), "dev_macro_f1_with_structure": _rounded(dev_ruled)}
    path = save_line_model(LineModel(CLASSES, first, second, meta), out_dir or models_dir())
    report = LineTrainReport(cv, held_out, folds, n_train,
                             sum(len(block.lines) for block in test_part),
                             len({block.doc for block in blocks}), path, cv_ruled, held_ruled,
                             dev, dev_ruled, sum(len(block.lines) for block in dev_part))
    if echo:
        print(format_line_report(report))
    return report


def format_line_report(report: LineTrainReport) -> str:
    """The summary ``auditor train --model lines`` prints, in Chinese."""
    lines = [
        f"行类型：训练 {report.n_train} 行，留出（check 半数文档）{report.n_test} 行，"
        + (f"未见过的开发文档 {report.n_dev} 行，" if report.n_dev else "")
        + f"共 {report.documents} 份文档。",
        f"{report.folds} 折按文档分组交叉验证（同一文档的行不跨折）：",
        *table_lines(report.cross_validation, "行类型"),
    ]
    if report.held_out is not None:
        lines += ["留出集（check 半数文档，未参与训练与调参）：",
                  *table_lines(report.held_out, "行类型")]
    if report.cross_validation_ruled is not None:
        lines += ["加上结构规则（页码、目录与标题清单、表头、表内分组行，分析文档时同样使用）后，交叉验证：",
                  *table_lines(report.cross_validation_ruled, "行类型")]
        if report.held_out_ruled is not None:
            lines += ["加上结构规则后，留出集：", *table_lines(report.held_out_ruled, "行类型")]
    if report.dev is not None:
        lines += ["未见过的开发文档（dev：结构规则编写时未看过，未参与训练与调参）：",
                  *table_lines(report.dev, "行类型")]
    if report.dev_ruled is not None:
        lines += ["加上结构规则后，未见过的开发文档：", *table_lines(report.dev_ruled, "行类型")]
    lines.append(f"模型已保存：{report.model_path}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m auditor.train_lines [--data PATH] [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="auditor train --model lines", description="训练行类型分类器")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="标注的行（JSONL 文件或目录）")
    parser.add_argument("--out", type=Path, default=None, help="模型输出目录")
    parser.add_argument("--folds", type=int, default=5, help="交叉验证折数")
    parser.add_argument("--seed", type=int, default=0, help="随机种子")
    parser.add_argument("--fit-dev", action="store_true", help="开发文档（dev）也参与交叉验证与训练")
    args = parser.parse_args(argv)
    try:
        train_lines(args.data, args.out, folds=args.folds, seed=args.seed, fit_dev=args.fit_dev)
    except (OSError, ValueError) as error:
        print(f"训练失败：{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

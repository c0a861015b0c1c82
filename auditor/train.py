"""``auditor train``: fit the sentence-role classifier and report how well it does.

Reads the labelled set (JSON lines: ``text``, ``role``, ``group``, ``split``), runs
grouped, stratified k-fold cross-validation on the ``train`` part (a template's sentences
never straddle folds), fits the final model on the whole ``train`` part, scores the
untouched ``test`` part, and saves the model as JSON (see ``auditor/nlp/role_model.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from auditor.nlp.role_model import (
    DEFAULT_MODELS_DIR,
    ROLES,
    RoleModel,
    Tokenize,
    analyze,
    jieba_tokenizer,
    save_model,
    score,
    user_dict_digest,
)

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "corpora" / "roles" / "sentences.jsonl"
DEFAULT_C = 10.0


@dataclass(frozen=True)
class Example:
    """One labelled sentence of the corpus."""

    text: str
    role: str
    group: str
    split: str


@dataclass(frozen=True)
class RoleScore:
    """Precision, recall and F1 of one role, with its number of gold examples."""

    role: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Evaluation:
    """Per-role scores and their macro average over the roles present."""

    roles: tuple[RoleScore, ...]
    macro_f1: float
    accuracy: float
    size: int


@dataclass(frozen=True)
class TrainReport:
    """What ``train`` measured and where it saved the model."""

    cross_validation: Evaluation
    folds: int
    held_out: Evaluation | None
    n_train: int
    n_test: int
    model_path: Path
    parity_max_diff: float


def load_examples(path: Path) -> list[Example]:
    """Read the JSON-lines corpus; every line must carry a known role and a split."""
    examples: list[Example] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        role = record.get("role")
        if role not in ROLES:
            raise ValueError(f"{path}:{number} 未知的句子角色：{role!r}")
        split = record.get("split", "train")
        if split not in ("train", "test"):
            raise ValueError(f"{path}:{number} split 只能是 train 或 test：{split!r}")
        examples.append(
            Example(record["text"], role, str(record.get("group", f"line-{number}")), split)
        )
    return examples


def _pipeline(tokenize: Tokenize, c: float):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    vectorizer = TfidfVectorizer(
        analyzer=lambda text: analyze(text, tokenize),
        sublinear_tf=True,
        min_df=2,
        norm="l2",
    )
    classifier = LogisticRegression(C=c, max_iter=5000)
    return Pipeline([("tfidf", vectorizer), ("model", classifier)])


def evaluate(gold: Sequence[str], predicted: Sequence[str],
             classes: Sequence[str] = ROLES) -> Evaluation:
    """Per-class precision/recall/F1 over the ``classes`` that occur in ``gold``."""
    from sklearn.metrics import precision_recall_fscore_support

    labels = [role for role in classes if role in set(gold)]
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
    )
    scores = tuple(
        RoleScore(role, float(p), float(r), float(f), int(s))
        for role, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    )
    accuracy = float(np.mean([g == p for g, p in zip(gold, predicted, strict=True)]))
    return Evaluation(scores, float(np.mean(f1)), accuracy, len(gold))


def cross_validate(
    examples: Sequence[Example], tokenize: Tokenize, folds: int, seed: int, c: float
) -> Evaluation:
    """Grouped, stratified k-fold: out-of-fold predictions for every training example."""
    from sklearn.model_selection import StratifiedGroupKFold

    texts = [example.text for example in examples]
    roles = np.array([example.role for example in examples])
    groups = [example.group for example in examples]
    predicted = np.empty(len(examples), dtype=object)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(texts, roles, groups):
        pipeline = _pipeline(tokenize, c)
        pipeline.fit([texts[i] for i in train_index], roles[train_index])
        predicted[test_index] = pipeline.predict([texts[i] for i in test_index])
    return evaluate(list(roles), list(predicted))


def export(pipeline, meta: dict[str, object]) -> RoleModel:  # type: ignore[no-untyped-def]
    """Turn a fitted scikit-learn pipeline into plain arrays."""
    vectorizer = pipeline.named_steps["tfidf"]
    classifier = pipeline.named_steps["model"]
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    coef = np.asarray(classifier.coef_, dtype=np.float64)
    intercept = np.asarray(classifier.intercept_, dtype=np.float64)
    if len(classifier.classes_) == 2:
        # Binary logistic regression keeps one row; softmax over [0, z] equals sigmoid(z).
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        intercept = np.array([0.0, intercept[0]])
    return RoleModel(
        roles=tuple(str(role) for role in classifier.classes_),
        vocabulary=tuple(vocabulary),
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        coef=coef,
        intercept=intercept,
        meta=meta,
    )


def train(
    data_path: Path = DEFAULT_DATA,
    out_dir: Path = DEFAULT_MODELS_DIR,
    *,
    folds: int = 5,
    seed: int = 0,
    c: float = DEFAULT_C,
    echo: bool = True,
) -> TrainReport:
    """Cross-validate, fit on the ``train`` split, score the ``test`` split, save the model."""
    examples = load_examples(data_path)
    train_part = [example for example in examples if example.split == "train"]
    test_part = [example for example in examples if example.split == "test"]
    if not train_part:
        raise ValueError(f"{data_path} 中没有 split 为 train 的样本")
    tokenize = jieba_tokenizer(out_dir)

    cv = cross_validate(train_part, tokenize, folds, seed, c)
    pipeline = _pipeline(tokenize, c)
    pipeline.fit([example.text for example in train_part], [e.role for e in train_part])

    held_out = None
    if test_part:
        predicted = pipeline.predict([example.text for example in test_part])
        held_out = evaluate([example.role for example in test_part], list(predicted))

    meta: dict[str, object] = {
        "trained_on": len(train_part),
        "c": c,
        "user_dict_sha256": user_dict_digest(out_dir),
        "cv_macro_f1": round(cv.macro_f1, 4),
        "held_out_macro_f1": round(held_out.macro_f1, 4) if held_out else None,
    }
    model = export(pipeline, meta)
    sample = [example.text for example in (test_part or train_part)[:200]]
    ours = score(model, model.index(), sample, tokenize).probabilities
    theirs = pipeline.predict_proba(sample)
    parity = float(np.max(np.abs(ours - theirs))) if sample else 0.0
    path = save_model(model, out_dir)

    report = TrainReport(cv, folds, held_out, len(train_part), len(test_part), path, parity)
    if echo:
        print(format_report(report))
    return report


def table_lines(evaluation: Evaluation, what: str = "角色") -> list[str]:
    """Per-class rows and the macro average, for a terminal."""
    # Han characters are two columns wide in a terminal: pad the header by hand.
    lines = [f"  {what}{' ' * (17 - 2 * len(what))}精确率    召回率        F1    样本数"]
    for item in evaluation.roles:
        lines.append(
            f"  {item.role:<14}{item.precision:>10.3f}{item.recall:>10.3f}"
            f"{item.f1:>10.3f}{item.support:>10d}"
        )
    lines.append(f"  宏平均 F1：{evaluation.macro_f1:.3f}    准确率：{evaluation.accuracy:.3f}")
    return lines


def format_report(report: TrainReport) -> str:
    """The training summary shown by ``auditor train``, in Chinese."""
    lines = [
        f"训练集 {report.n_train} 句，留出测试集 {report.n_test} 句。",
        f"{report.folds} 折分组交叉验证（训练集内，同一模板的句子不跨折）：",
        *table_lines(report.cross_validation),
    ]
    if report.held_out is not None:
        lines += ["留出测试集（未参与调参与训练）：", *table_lines(report.held_out)]
    lines.append(f"模型已保存：{report.model_path}（与 scikit-learn 概率最大差 "
                 f"{report.parity_max_diff:.2e}）")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``auditor train [--data FILE] [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="auditor train", description="训练句子角色分类器")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="标注语料（JSONL）")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODELS_DIR, help="模型输出目录")
    parser.add_argument("--folds", type=int, default=5, help="交叉验证折数")
    parser.add_argument("--seed", type=int, default=0, help="随机种子")
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="正则化强度的倒数 C")
    args = parser.parse_args(argv)
    try:
        train(args.data, args.out, folds=args.folds, seed=args.seed, c=args.c)
    except (OSError, ValueError) as error:
        print(f"训练失败：{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

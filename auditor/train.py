"""``auditor train``: fit the sentence-role classifier and report how well it does.

Reads the labelled sets (JSON lines): the sentences written from templates
(``corpora/roles/sentences.jsonl``: ``text``, ``role``, ``group``, ``split``) and the
sentences labelled from public reports (``corpora/roles/real.jsonl``: ``text``, ``role``,
``doc``, ``split`` — the fixed tune/check split of the documents: a *tune* document's
sentences are trained on, a *check* document's are held out). Runs grouped, stratified
k-fold cross-validation on the training part (a template's or a document's sentences never
straddle folds), fits the final model on the whole training part, scores the two untouched
held-out parts separately (template sentences, real sentences), and saves the model as
JSON (see ``auditor/nlp/role_model.py``).
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

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpora" / "roles"
DEFAULT_DATA = CORPUS_DIR / "sentences.jsonl"
DEFAULT_REAL = CORPUS_DIR / "real.jsonl"
DEFAULT_C = 10.0
#: how much a real sentence counts against a template one in the fit (there are fewer, and
#: they are what the model meets)
DEFAULT_REAL_WEIGHT = 2.0
#: the split names of the real corpus (documents' tune/check halves) → train/test
_REAL_SPLITS = {"tune": "train", "check": "test", "train": "train", "test": "test"}


@dataclass(frozen=True)
class Example:
    """One labelled sentence of the corpus (``source``: template or real)."""

    text: str
    role: str
    group: str
    split: str
    source: str = "template"


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
    #: the held-out real sentences (check-half documents), scored apart from the templates
    real_held_out: Evaluation | None = None
    n_real_train: int = 0
    n_real_test: int = 0


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
        real = "doc" in record
        split = record.get("split", "train")
        split = _REAL_SPLITS.get(split) if real else split
        if split not in ("train", "test"):
            raise ValueError(f"{path}:{number} split 只能是 train 或 test：{record.get('split')!r}")
        group = f"doc:{record['doc']}" if real else str(record.get("group", f"line-{number}"))
        examples.append(Example(record["text"], role, group, split, "real" if real else "template"))
    return examples


def _weights(examples: Sequence[Example], real_weight: float) -> np.ndarray:
    return np.array([real_weight if e.source == "real" else 1.0 for e in examples])


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
    examples: Sequence[Example], tokenize: Tokenize, folds: int, seed: int, c: float,
    real_weight: float = DEFAULT_REAL_WEIGHT,
) -> Evaluation:
    """Grouped, stratified k-fold: out-of-fold predictions for every training example."""
    from sklearn.model_selection import StratifiedGroupKFold

    texts = [example.text for example in examples]
    roles = np.array([example.role for example in examples])
    groups = [example.group for example in examples]
    predicted = np.empty(len(examples), dtype=object)
    weights = _weights(examples, real_weight)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(texts, roles, groups):
        pipeline = _pipeline(tokenize, c)
        pipeline.fit([texts[i] for i in train_index], roles[train_index],
                     model__sample_weight=weights[train_index])
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


def _held_out(pipeline, part: Sequence[Example]) -> Evaluation | None:  # type: ignore[no-untyped-def]
    if not part:
        return None
    predicted = pipeline.predict([example.text for example in part])
    return evaluate([example.role for example in part], list(predicted))


def train(
    data_path: Path | Sequence[Path] = (DEFAULT_DATA, DEFAULT_REAL),
    out_dir: Path = DEFAULT_MODELS_DIR,
    *,
    folds: int = 5,
    seed: int = 0,
    c: float = DEFAULT_C,
    real_weight: float = DEFAULT_REAL_WEIGHT,
    echo: bool = True,
) -> TrainReport:
    """Cross-validate, fit on the ``train`` split, score the ``test`` splits (template and
    real sentences apart), save the model."""
    paths = [data_path] if isinstance(data_path, Path) else list(data_path)
    examples = [example for path in paths if path.is_file() for example in load_examples(path)]
    train_part = [example for example in examples if example.split == "train"]
    test_part = [e for e in examples if e.split == "test" and e.source == "template"]
    real_test = [e for e in examples if e.split == "test" and e.source == "real"]
    if not train_part:
        raise ValueError(f"{', '.join(map(str, paths))} 中没有 split 为 train 的样本")
    tokenize = jieba_tokenizer(out_dir)

    cv = cross_validate(train_part, tokenize, folds, seed, c, real_weight)
    pipeline = _pipeline(tokenize, c)
    pipeline.fit([example.text for example in train_part], [e.role for e in train_part],
                 model__sample_weight=_weights(train_part, real_weight))
    held_out = _held_out(pipeline, test_part)
    real_held_out = _held_out(pipeline, real_test)

    meta: dict[str, object] = {
        "trained_on": len(train_part),
        "real_trained_on": sum(e.source == "real" for e in train_part),
        "c": c,
        "real_weight": real_weight,
        "user_dict_sha256": user_dict_digest(out_dir),
        "cv_macro_f1": round(cv.macro_f1, 4),
        "held_out_macro_f1": round(held_out.macro_f1, 4) if held_out else None,
        "real_held_out_macro_f1": round(real_held_out.macro_f1, 4) if real_held_out else None,
    }
    model = export(pipeline, meta)
    sample = [example.text for example in (test_part or real_test or train_part)[:200]]
    ours = score(model, model.index(), sample, tokenize).probabilities
    theirs = pipeline.predict_proba(sample)
    parity = float(np.max(np.abs(ours - theirs))) if sample else 0.0
    path = save_model(model, out_dir)

    report = TrainReport(cv, folds, held_out, len(train_part), len(test_part), path, parity,
                         real_held_out, sum(e.source == "real" for e in train_part), len(real_test))
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
        f"训练集 {report.n_train} 句（其中真实报告句 {report.n_real_train} 句），"
        f"留出：模板句 {report.n_test} 句，真实报告句 {report.n_real_test} 句。",
        f"{report.folds} 折分组交叉验证（训练集内，同一模板或同一文档的句子不跨折）：",
        *table_lines(report.cross_validation),
    ]
    if report.held_out is not None:
        lines += ["留出测试集·模板句（未参与调参与训练）：", *table_lines(report.held_out)]
    if report.real_held_out is not None:
        lines += ["留出测试集·真实报告句（检验半的文档，未参与调参与训练）：",
                  *table_lines(report.real_held_out)]
    lines.append(f"模型已保存：{report.model_path}（与 scikit-learn 概率最大差 "
                 f"{report.parity_max_diff:.2e}）")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``auditor train [--data FILE] [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="auditor train", description="训练句子角色分类器")
    parser.add_argument("--data", type=Path, action="append",
                        help="标注语料（JSONL，可多次给出；默认模板句与真实报告句两份）")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODELS_DIR, help="模型输出目录")
    parser.add_argument("--folds", type=int, default=5, help="交叉验证折数")
    parser.add_argument("--seed", type=int, default=0, help="随机种子")
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="正则化强度的倒数 C")
    parser.add_argument("--real-weight", type=float, default=DEFAULT_REAL_WEIGHT,
                        help="真实报告句在拟合中的权重（模板句为1）")
    args = parser.parse_args(argv)
    try:
        train(args.data or (DEFAULT_DATA, DEFAULT_REAL), args.out, folds=args.folds,
              seed=args.seed, c=args.c, real_weight=args.real_weight)
    except (OSError, ValueError) as error:
        print(f"训练失败：{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

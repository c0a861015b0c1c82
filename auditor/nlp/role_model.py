"""The sentence-role model as plain arrays: features, safe JSON load/save, numpy scoring.

The model is a tf-idf (sublinear tf, L2 norm) over two feature families — character
1–3-grams and jieba tokens — followed by a multinomial linear model. Everything needed to
score a sentence is stored as JSON (vocabulary, idf, coefficients, intercepts), so loading
never unpickles anything and needs neither scikit-learn nor a trusted file.

Training (``auditor/train.py``) uses the very same ``analyze`` function as scoring, so the
features at prediction time are identical to those the coefficients were fitted on.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import regex

from auditor.packed import PackedArrayError, pack, unpack
from auditor.paths import models_dir as shipped_models_dir
from auditor.text.normalize import normalize_width

ROLES: tuple[str, ...] = (
    "no_problem",
    "problem",
    "measure",
    "rating",
    "all_met",
    "shortfall",
    "figure",
    "other",
)
MODEL_FORMAT = "auditor-sentence-roles"
MODEL_VERSION = 1
MODEL_FILE = "roles.json"
USER_DICT_FILE = "user_dict.txt"
MAX_MODEL_BYTES = 64 * 1024 * 1024
CHAR_NGRAMS = (1, 3)
CHAR_PREFIX = "c:"
WORD_PREFIX = "w:"

DEFAULT_MODELS_DIR = shipped_models_dir()

Tokenize = Callable[[str], Sequence[str]]

_SPACE = regex.compile(r"\s+")
_DIGITS = regex.compile(r"\d")
_EXPECTED_KEYS = frozenset(
    {"format", "version", "roles", "features", "vocabulary", "idf", "coef", "intercept", "meta"}
)
_EXPECTED_FEATURES = {
    "char_ngrams": list(CHAR_NGRAMS),
    "words": "jieba",
    "tf": "sublinear",
    "norm": "l2",
    "digits": "0",
}


class RoleModelError(ValueError):
    """A role-model file that is missing, not JSON, or not shaped like our model."""


def prepare(text: str) -> str:
    """The text the features are computed on: ASCII width, no spaces, every digit as 0.

    PDF extraction scatters spaces around numbers (``97.43 万元``) and the exact figures
    carry no role information, so both are flattened away.
    """
    text = normalize_width(text).lower()
    text = _SPACE.sub("", text)
    return _DIGITS.sub("0", text)


def char_ngrams(text: str, low: int = CHAR_NGRAMS[0], high: int = CHAR_NGRAMS[1]) -> list[str]:
    """All character n-grams of ``text`` with ``low <= n <= high``, prefixed ``c:``."""
    grams: list[str] = []
    for size in range(low, high + 1):
        grams.extend(CHAR_PREFIX + text[i : i + size] for i in range(len(text) - size + 1))
    return grams


def analyze(text: str, tokenize: Tokenize) -> list[str]:
    """Feature strings of one sentence: character n-grams plus ``w:``-prefixed tokens."""
    prepared = prepare(text)
    words = [WORD_PREFIX + token for token in tokenize(prepared) if token.strip()]
    return char_ngrams(prepared) + words


def jieba_tokenizer(models_dir: Path | None = None) -> Tokenize:
    """jieba's default segmenter, with ``models/user_dict.txt`` loaded once if it exists.

    The default (global) segmenter is used on purpose: the spaCy pipeline segments with
    it too, so the classifier sees the same words as the rest of the NLP stage.
    """
    from auditor.nlp.segmenter import load_user_dictionary, ready_jieba

    jieba = ready_jieba()
    load_user_dictionary((models_dir or DEFAULT_MODELS_DIR) / USER_DICT_FILE)

    def tokenize(text: str) -> list[str]:
        return jieba.lcut(text)

    return tokenize


def user_dict_digest(models_dir: Path) -> str | None:
    """sha256 of the user dictionary, recorded so a model can tell which one it saw."""
    path = models_dir / USER_DICT_FILE
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class RoleModel:
    """Validated model arrays; ``coef`` is (roles × features), ``intercept`` (roles,)."""

    roles: tuple[str, ...]
    vocabulary: tuple[str, ...]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    meta: dict[str, object]

    def index(self) -> dict[str, int]:
        """Feature string → column."""
        return {feature: column for column, feature in enumerate(self.vocabulary)}


@dataclass(frozen=True)
class Scored:
    """Raw scoring of a batch: class probabilities and, per sentence, the features used."""

    probabilities: np.ndarray
    columns: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]


def score(
    model: RoleModel, index: dict[str, int], sentences: Sequence[str], tokenize: Tokenize
) -> Scored:
    """Tf-idf transform and softmax over the linear scores, in numpy only."""
    logits = np.tile(model.intercept, (len(sentences), 1))
    all_columns: list[np.ndarray] = []
    all_weights: list[np.ndarray] = []
    for row, sentence in enumerate(sentences):
        counts = Counter(
            index[feature] for feature in analyze(sentence, tokenize) if feature in index
        )
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        weights = (1.0 + np.log(tf)) * model.idf[columns] if len(counts) else tf
        norm = float(np.sqrt(np.dot(weights, weights)))
        if norm > 0:
            weights = weights / norm
        logits[row] += model.coef[:, columns] @ weights
        all_columns.append(columns)
        all_weights.append(weights)
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    return Scored(probabilities, tuple(all_columns), tuple(all_weights))


def model_to_json(model: RoleModel) -> str:
    """Serialise to the JSON document ``load_model`` accepts (floats rounded to 7 digits)."""
    document = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "roles": list(model.roles),
        "features": _EXPECTED_FEATURES,
        "vocabulary": list(model.vocabulary),
        "idf": _rounded(model.idf),
        "coef": _rounded(model.coef),
        "intercept": _rounded(model.intercept),
        "meta": model.meta,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _rounded(array: np.ndarray) -> dict[str, object]:
    # Python's round is exact on the decimal value; the packed file keeps what it gives.
    flat = [round(float(value), 7) for value in np.ravel(array)]
    return pack(np.array(flat, dtype=np.float64).reshape(array.shape), "<f8")


def save_model(model: RoleModel, models_dir: Path) -> Path:
    """Write ``roles.json`` atomically into ``models_dir``; returns its path."""
    from auditor.fsutil import write_atomic

    models_dir.mkdir(parents=True, exist_ok=True)
    path = models_dir / MODEL_FILE
    write_atomic(path, model_to_json(model).encode("utf-8"))
    return path


def load_model(path: Path) -> RoleModel:
    """Read and validate a model file; anything unexpected raises ``RoleModelError``."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise RoleModelError(f"无法读取句子角色模型文件 {path}：{error.strerror}") from error
    if size > MAX_MODEL_BYTES:
        raise RoleModelError(f"句子角色模型文件过大（{size} 字节）：{path}")
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RoleModelError(f"句子角色模型文件不是有效的 JSON：{path}") from error
    return model_from_document(document)


def model_from_document(document: object) -> RoleModel:
    """Validate a decoded JSON document and build the arrays."""
    if not isinstance(document, dict):
        raise RoleModelError("句子角色模型的顶层必须是 JSON 对象")
    if set(document) != _EXPECTED_KEYS:
        raise RoleModelError(
            f"句子角色模型字段不符：缺少 {sorted(_EXPECTED_KEYS - set(document))}，"
            f"多出 {sorted(set(document) - _EXPECTED_KEYS)}"
        )
    if document["format"] != MODEL_FORMAT or document["version"] != MODEL_VERSION:
        raise RoleModelError("句子角色模型格式或版本不受支持")
    if document["features"] != _EXPECTED_FEATURES:
        raise RoleModelError("句子角色模型的特征配置与本程序不一致")
    roles = _string_list(document["roles"], "roles")
    if not roles or len(set(roles)) != len(roles) or not set(roles) <= set(ROLES):
        raise RoleModelError(f"句子角色模型的角色列表无效：{roles}")
    vocabulary = _string_list(document["vocabulary"], "vocabulary")
    if len(set(vocabulary)) != len(vocabulary):
        raise RoleModelError("句子角色模型的词表有重复项")
    idf = _float_array(document["idf"], (len(vocabulary),), "idf")
    coef = _float_array(document["coef"], (len(roles), len(vocabulary)), "coef")
    intercept = _float_array(document["intercept"], (len(roles),), "intercept")
    meta = document["meta"]
    if not isinstance(meta, dict):
        raise RoleModelError("句子角色模型的 meta 必须是 JSON 对象")
    return RoleModel(tuple(roles), tuple(vocabulary), idf, coef, intercept, meta)


def _string_list(value: object, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RoleModelError(f"句子角色模型的 {name} 必须是字符串列表")
    return value


_NUMBER_TYPES = frozenset({int, float})


def _float_array(value: object, shape: tuple[int, ...], name: str) -> np.ndarray:
    if isinstance(value, dict):
        try:
            array = unpack(value, "<f8")
        except PackedArrayError as error:
            raise RoleModelError(f"句子角色模型的 {name} 无效：{error}") from error
        return _checked(array, shape, name)
    rows = value if len(shape) == 2 else [value]
    # the exact types JSON numbers decode to (a bool is not a number here): the type set of
    # a row is built at C speed, a per-item check cost a third of a start-up
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and set(map(type, row)) <= _NUMBER_TYPES for row in rows
    ):
        raise RoleModelError(f"句子角色模型的 {name} 必须是数值数组")
    try:
        array = np.asarray(value, dtype=np.float64)
    except ValueError as error:
        raise RoleModelError(f"句子角色模型的 {name} 不是规则的数值数组") from error
    return _checked(array, shape, name)


def _checked(array: np.ndarray, shape: tuple[int, ...], name: str) -> np.ndarray:
    if array.shape != shape or not np.all(np.isfinite(array)):
        raise RoleModelError(f"句子角色模型的 {name} 形状应为 {shape}，实际为 {array.shape}")
    return array


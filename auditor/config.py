"""Configuration: ``[tool.auditor]`` in ``pyproject.toml`` or an ``auditor.toml``.

Keys (kebab-case; ``_`` is accepted for ``-``)::

    select = ["AU1", "AU201"]          # code prefixes; empty/absent = all rules
    ignore = ["AU502"]
    fail-on = "error"                  # error | warning | info | never
    [per-file-ignores]                 # glob (path or trailing part of it) → code prefixes
    "旧报告/*.txt" = ["AU4"]
    [grade-bands]                      # lowest score of each grade
    "优" = 90                          # (non-ASCII TOML keys must be quoted)
    "良" = 80
    "中" = 60
    "差" = 0
    [implausible-amount]               # 元; amounts outside are implausible for a project
    min = 100
    max = 1e12
    [lexicon]                          # extra entries: attribute → words
    "支出" = ["列支"]

A more specific prefix wins over a shorter one (``select = ["AU101"]`` with
``ignore = ["AU1"]`` keeps AU101); at equal length ``ignore`` wins.
"""

from __future__ import annotations

import contextlib
import fnmatch
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath
from typing import Any

import regex

from auditor.fsutil import os_reason

CONFIG_ERROR_CODE = "AU010"
CONFIG_FILES = ("auditor.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
DEFAULT_GRADE_BANDS: tuple[tuple[str, Decimal], ...] = (
    ("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)),
)
_PREFIX = regex.compile(r"AU[0-9]{0,3}|ALL")
_KNOWN_KEYS = {
    "select", "ignore", "fail-on", "per-file-ignores", "grade-bands", "grade-scale",
    "implausible-amount", "lexicon",
}


class ConfigError(Exception):
    """A configuration that cannot be used; ``message`` is Chinese, ``code`` is AU010."""

    code = CONFIG_ERROR_CODE

    def __init__(self, message: str, path: Path | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:
        where = f"{self.path}：" if self.path else ""
        return f"{self.code} 配置错误：{where}{self.message}"


@dataclass(frozen=True)
class AmountBounds:
    """Amounts (in 元) outside ``[low, high]`` are implausible for a project's figures."""

    low: Decimal = Decimal(100)
    high: Decimal = Decimal(10) ** 12


@dataclass(frozen=True)
class Config:
    """The settings in force for a scan."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: str = "error"
    grade_bands: tuple[tuple[str, Decimal], ...] = DEFAULT_GRADE_BANDS
    #: the points a total score is out of (None: read from each report, else 100)
    grade_scale: Decimal | None = None
    amount_bounds: AmountBounds = field(default_factory=AmountBounds)
    lexicon: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path | None = None

    @property
    def root(self) -> Path | None:
        """The folder the configuration file sits in (per-file globs are relative to it)."""
        return self.path.parent if self.path else None

    def rule_enabled(self, code: str, document: str | PurePath | None = None) -> bool:
        """Whether findings of ``code`` are reported (for ``document``, if given)."""
        if not code_selected(code, self.select or ("ALL",), self.ignore):
            return False
        if document is not None:
            for pattern, prefixes in self.per_file_ignores:
                if _path_matches(document, pattern, self.root) and _longest(code, prefixes) >= 0:
                    return False
        return True

    def grade_for(self, score: Decimal) -> str:
        """The grade whose band holds ``score``."""
        for grade, lowest in sorted(self.grade_bands, key=lambda band: -band[1]):
            if score >= lowest:
                return grade
        return self.grade_bands[-1][0]

    def with_overrides(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        fail_on: str | None = None,
    ) -> Config:
        """Command-line options over the file: ``--select`` replaces, ``--ignore`` extends."""
        changes: dict[str, Any] = {}
        if select is not None:
            changes["select"] = _prefixes(list(select), "--select", None)
        if ignore is not None:
            changes["ignore"] = self.ignore + _prefixes(list(ignore), "--ignore", None)
        if fail_on is not None:
            changes["fail_on"] = _fail_on(fail_on, None)
        return replace(self, **changes)

    def settings(self) -> dict[str, str]:
        """The settings as short strings for the report's settings table."""
        return {
            "配置文件": str(self.path) if self.path else "（默认设置）",
            "启用规则": ", ".join(self.select) or "全部",
            "忽略规则": ", ".join(self.ignore) or "无",
            "失败阈值": self.fail_on,
            "等级分数线": "，".join(f"{grade}≥{low}" for grade, low in self.grade_bands),
            "金额合理范围": f"{self.amount_bounds.low}–{self.amount_bounds.high} 元",
        }


def parse_codes(text: str) -> tuple[str, ...]:
    """``"AU1, au201"`` → ``("AU1", "AU201")`` (for ``--select``/``--ignore``)."""
    return _prefixes([part for part in text.split(",") if part.strip()], "规则代码", None)


def code_selected(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Prefix selection: the longest matching prefix decides; a tie goes to ``ignore``."""
    selected = _longest(code, select)
    return selected >= 0 and selected > _longest(code, ignore)


def _longest(code: str, prefixes: Iterable[str]) -> int:
    best = -1
    code = code.upper()
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 0)
        elif code.startswith(prefix):
            best = max(best, len(prefix))
    return best


def _path_matches(document: str | PurePath, pattern: str, root: Path | None) -> bool:
    posix = str(document).replace("\\", "/")
    parts = PurePath(posix).parts
    # Like .gitignore without an anchor: a pattern matches the path or any trailing part
    # of it, so "旧报告/*.txt" applies wherever that folder sits.
    candidates = {posix} | {"/".join(parts[index:]) for index in range(len(parts))}
    if root is not None:
        with contextlib.suppress(ValueError, OSError):
            candidates.add(Path(posix).resolve().relative_to(root.resolve()).as_posix())
    return any(fnmatch.fnmatchcase(candidate, pattern) for candidate in candidates)


# ----------------------------------------------------------------------------- loading


def find_config(start: Path) -> Path | None:
    """The nearest ``auditor.toml``, or ``pyproject.toml`` with ``[tool.auditor]``, at or above
    ``start`` (a folder, or a file whose folder is used)."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        own = candidate / "auditor.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A broken pyproject.toml of another tool is not our configuration.
        return False
    return isinstance(data.get("tool"), dict) and "auditor" in data["tool"]


def load_config(path: Path) -> Config:
    """Read a configuration file; raise :class:`ConfigError` (AU010) when it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        reason = "没有读取权限" if isinstance(error, PermissionError) else os_reason(error)
        raise ConfigError(f"无法读取配置文件：{reason}", path) from error
    except UnicodeDecodeError as error:
        raise ConfigError("配置文件不是 UTF-8 编码", path) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"TOML 格式错误：{_toml_position(error)}", path) from error
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor", {})
    elif isinstance(data.get("tool"), dict) and "auditor" in data["tool"]:
        data = data["tool"]["auditor"]
    if not isinstance(data, dict):
        raise ConfigError("[tool.auditor] 必须是一个表", path)
    return config_from_mapping(data, path)


def _toml_position(error: tomllib.TOMLDecodeError) -> str:
    """Where tomllib stopped, in Chinese (its own message is English)."""
    found = regex.search(r"line (\d+), column (\d+)", str(error))
    if found:
        return f"第 {found.group(1)} 行第 {found.group(2)} 列附近无法解析"
    return "文件末尾不完整" if "end of document" in str(error) else "无法解析"


def config_for(paths: Iterable[Path]) -> Config:
    """The configuration found from the first of ``paths`` (defaults when there is none)."""
    for path in paths:
        found = find_config(path)
        return load_config(found) if found else Config()
    return Config()


def config_from_mapping(data: Mapping[str, Any], path: Path | None = None) -> Config:
    """Validate a parsed ``[tool.auditor]`` table into a :class:`Config`."""
    table = {str(key).replace("_", "-"): value for key, value in data.items()}
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        known = "、".join(sorted(_KNOWN_KEYS))
        raise ConfigError(f"未知的配置项：{'、'.join(unknown)}（可用：{known}）", path)
    return Config(
        select=_prefixes(table.get("select", []), "select", path),
        ignore=_prefixes(table.get("ignore", []), "ignore", path),
        per_file_ignores=_per_file(table.get("per-file-ignores", {}), path),
        fail_on=_fail_on(table.get("fail-on", "error"), path),
        grade_bands=_grade_bands(table.get("grade-bands"), path),
        grade_scale=_grade_scale(table.get("grade-scale"), path),
        amount_bounds=_bounds(table.get("implausible-amount", {}), path),
        lexicon=_lexicon(table.get("lexicon", {}), path),
        path=path,
    )


def _prefixes(value: Any, key: str, path: Path | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{key} 应为规则代码前缀的列表，例如 [\"AU1\", \"AU201\"]", path)
    result = []
    for item in value:
        prefix = str(item).strip().upper()
        if not isinstance(item, str) or not _PREFIX.fullmatch(prefix):
            raise ConfigError(f"{key} 中的“{item}”不是规则代码前缀（应形如 AU、AU1、AU101 或 ALL）",
                              path)
        result.append(prefix)
    return tuple(result)


def _fail_on(value: Any, path: Path | None) -> str:
    if value not in FAIL_ON:
        raise ConfigError(f"fail-on 应为 {'、'.join(FAIL_ON)} 之一，而不是“{value}”", path)
    return str(value)


def _per_file(value: Any, path: Path | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError("per-file-ignores 应为“路径通配符 = [规则代码前缀]”的表", path)
    return tuple(
        (str(pattern), _prefixes(codes, f"per-file-ignores.{pattern}", path))
        for pattern, codes in value.items()
    )


def _decimal(value: Any, key: str, path: Path | None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ConfigError(f"{key} 应为数字，而不是“{value}”", path)
    try:
        # str() keeps a TOML float such as 1e12 exact as written.
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise ConfigError(f"{key} 应为数字，而不是“{value}”", path) from error
    if not number.is_finite():
        raise ConfigError(f"{key} 应为有限的数字", path)
    return number


def _grade_bands(value: Any, path: Path | None) -> tuple[tuple[str, Decimal], ...]:
    if value is None:
        return DEFAULT_GRADE_BANDS
    if not isinstance(value, dict) or not value:
        raise ConfigError("grade-bands 应为“等级 = 最低分”的表，例如 \"优\" = 90", path)
    bands = tuple(
        sorted(((str(grade), _decimal(low, f"grade-bands.{grade}", path))
                for grade, low in value.items()), key=lambda band: -band[1])
    )
    for grade, low in bands:
        if not Decimal(0) <= low <= Decimal(100):
            raise ConfigError(f"grade-bands.{grade} 的分数线 {low} 不在 0–100 之间", path)
    return bands


def _grade_scale(value: Any, path: Path | None) -> Decimal | None:
    if value is None:
        return None
    scale = _decimal(value, "grade-scale", path)
    if scale <= 0:
        raise ConfigError(f"grade-scale 应为正数（总分的满分），而不是 {scale}", path)
    return scale


def _bounds(value: Any, path: Path | None) -> AmountBounds:
    if not isinstance(value, dict):
        raise ConfigError("implausible-amount 应为包含 min、max 的表", path)
    extra = sorted(set(value) - {"min", "max"})
    if extra:
        names = "、".join(extra)
        raise ConfigError(f"implausible-amount 中未知的项：{names}（可用：min、max）", path)
    default = AmountBounds()
    low = default.low
    high = default.high
    if "min" in value:
        low = _decimal(value["min"], "implausible-amount.min", path)
    if "max" in value:
        high = _decimal(value["max"], "implausible-amount.max", path)
    if low < 0 or low >= high:
        raise ConfigError(
            f"implausible-amount 的 min（{low}）必须不小于 0 且小于 max（{high}）", path
        )
    return AmountBounds(low, high)


def _lexicon(value: Any, path: Path | None) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError("lexicon 应为“指标 = [词语]”的表", path)
    result: dict[str, tuple[str, ...]] = {}
    for attribute, words in value.items():
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ConfigError(f"lexicon.{attribute} 应为非空词语的列表", path)
        result[str(attribute)] = tuple(word.strip() for word in words)
    return result

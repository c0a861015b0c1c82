"""Chinese labels for rule codes, check kinds, attributes and evidence (``labels.toml``).

People read the HTML report; machines read findings.json. So the report shows 比率,
预算数 and 关系类型 where the JSON keeps ``rate``, ``budget`` and ``kind``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

_FILE = Path(__file__).with_name("labels.toml")


@cache
def _tables() -> dict[str, dict[str, str]]:
    with _FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {section: {str(k): str(v) for k, v in table.items()} for section, table in data.items()}


def _lookup(section: str, key: str) -> str | None:
    return _tables().get(section, {}).get(key)


def rule_label(code: str) -> str:
    """A rule's short Chinese name: an override, else its docstring up to "：" or "。"."""
    override = _lookup("rule", code)
    if override:
        return override
    from auditor.errors import INPUT_CODES

    if code in INPUT_CODES:
        return INPUT_CODES[code][1].split("（")[0].split("，")[0]
    from auditor.rules.registry import rule_by_code

    rule = rule_by_code(code)
    summary = rule.summary() if rule else ""
    return summary.split("：")[0].rstrip("。") or code


def check_label(kind: str) -> str:
    """比率, 合计 … for a check kind (the kind itself when unknown)."""
    return _lookup("check", kind) or kind


def status_label(status: str) -> str:
    """通过 / 未通过 / 按更正后的单位成立."""
    return _lookup("status", status) or status


def attribute_label(attribute: str) -> str:
    """预算数, 执行率 … for a fact attribute (``budget_percent`` → 预算数（百分比））."""
    found = _lookup("attribute", attribute)
    if found is None and attribute.endswith("_percent"):
        base = _lookup("attribute", attribute[: -len("_percent")])
        found = f"{base}（百分比）" if base else None
    return found or attribute


def evidence_label(key: str) -> str:
    """The Chinese name of an evidence key."""
    return _lookup("evidence", key) or key


def value_label(value: Any) -> str:
    """An evidence value for people: internal names translated, mappings and lists joined."""
    if isinstance(value, dict):
        return "；".join(f"{value_label(k)}：{value_label(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(value_label(item) for item in value)
    text = str(value)
    return (_lookup("value", text) or attribute_label(text)) if text else ""


def known(section: str, key: str) -> bool:
    """True when ``section`` has a label for ``key`` (for tests)."""
    return _lookup(section, key) is not None

"""Configuration loading, validation and code-prefix selection."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.config import (
    Config,
    ConfigError,
    code_selected,
    config_for,
    find_config,
    load_config,
    parse_codes,
)


def test_prefix_selects_family():
    assert code_selected("AU101", ["AU1"], [])
    assert code_selected("AU199", ["AU1"], [])
    assert not code_selected("AU201", ["AU1"], [])
    assert code_selected("AU201", ["ALL"], ["AU1"])


@pytest.mark.parametrize(
    ("select", "ignore", "code", "enabled"),
    [
        (["AU101"], ["AU1"], "AU101", True),  # more specific select wins
        (["AU1"], ["AU101"], "AU101", False),  # more specific ignore wins
        (["AU1"], ["AU1"], "AU102", False),  # a tie goes to ignore
        (["AU1"], ["AU101"], "AU102", True),
    ],
)
def test_specificity(select, ignore, code, enabled):
    assert code_selected(code, select, ignore) is enabled


def test_pyproject_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        """
[project]
name = "x"

[tool.auditor]
select = ["AU1", "au201"]
ignore = ["AU106"]
fail_on = "warning"

[tool.auditor.per-file-ignores]
"旧报告/*.txt" = ["AU4"]

[tool.auditor.grade-bands]
"优" = 85
"良" = 75
"中" = 60
"差" = 0

[tool.auditor.implausible-amount]
min = 50
max = 1e9

[tool.auditor.lexicon]
"支出" = ["列支", "开支"]
""",
        encoding="utf-8",
    )
    reports = tmp_path / "reports" / "旧报告"
    reports.mkdir(parents=True)
    found = find_config(reports)
    assert found == (tmp_path / "pyproject.toml").resolve()
    config = load_config(found)
    assert config.select == ("AU1", "AU201") and config.fail_on == "warning"
    assert config.rule_enabled("AU101") and not config.rule_enabled("AU106")
    assert not config.rule_enabled("AU301")
    assert config.grade_for(Decimal("86")) == "优" and config.grade_for(Decimal("84.9")) == "良"
    assert config.amount_bounds.low == 50 and config.amount_bounds.high == Decimal("1e9")
    assert config.lexicon["支出"] == ("列支", "开支")
    old = reports / "a.txt"
    config_all = config.with_overrides(select=["ALL"])
    assert not config_all.rule_enabled("AU401", old)
    assert config_all.rule_enabled("AU401", tmp_path / "reports" / "新.txt")
    assert config_for([old]).path == found


def test_auditor_toml_wins_and_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "auditor.toml").write_text('ignore = ["AU5"]\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    found = find_config(inner)
    assert found == (tmp_path / "auditor.toml").resolve()
    config = load_config(found)
    assert not config.rule_enabled("AU502") and config.rule_enabled("AU101")


def test_defaults_when_nothing_found(tmp_path):
    config = config_for([tmp_path / "nowhere"])
    assert config == Config() or config.path is not None  # a config above tmp_path is allowed
    assert Config().rule_enabled("AU999") and Config().grade_for(Decimal(59)) == "差"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('select = ["XY1"]\n', "XY1"),
        ('selct = ["AU1"]\n', "selct"),
        ('fail-on = "sometimes"\n', "fail-on"),
        ("[grade-bands]\n\"优\" = 120\n", "0–100"),
        ('[implausible-amount]\nmin = 100\nmax = 10\n', "min"),
        ("select = [\n", "TOML"),
        ('[lexicon]\n"支出" = [""]\n', "lexicon"),
    ],
)
def test_bad_config_is_au010_in_chinese(tmp_path, content, needle):
    path = tmp_path / "auditor.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.code == "AU010"
    assert needle in caught.value.message
    assert str(caught.value).startswith("AU010 配置错误")


def test_cli_codes():
    assert parse_codes("AU1, au201") == ("AU1", "AU201")
    with pytest.raises(ConfigError):
        parse_codes("E501")
    config = Config(ignore=("AU5",)).with_overrides(select=["AU5"], ignore=["AU502"])
    assert config.ignore == ("AU5", "AU502") and config.select == ("AU5",)

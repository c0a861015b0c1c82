"""What several ``auditor`` commands share: common options, the configuration in force, exit codes."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli_support import UsageProblem, fail


class FailOn(StrEnum):
    """Lowest severity that makes the exit code 1."""

    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def one_file(file: Path, command: str) -> None:
    """``check``/``extract`` take one existing file: anything else is a usage error."""
    if not file.exists():
        raise UsageProblem(f"文件不存在：{file}")
    if file.is_dir():
        raise UsageProblem(f"{file} 是文件夹；auditor {command} 只审核一个文件，文件夹请用 auditor scan")


def config_in_force(paths: list[Path], select: str | None, ignore: str | None,
                 fail_on: FailOn | None, config_file: Path | None):
    """The configuration in force: file (explicit or found near the reports) + options."""
    from auditor.config import ConfigError, config_for, load_config, parse_codes

    try:
        config = load_config(config_file) if config_file else config_for(paths)
        return config.with_overrides(
            select=parse_codes(select) if select else None,
            ignore=parse_codes(ignore) if ignore else None,
            fail_on=fail_on.value if fail_on else None,
        )
    except ConfigError as error:
        raise fail(str(error)) from None


def exit_code(worst_rank: int, unreadable: int, fail_on: str) -> int:
    if unreadable:
        return 1
    threshold = {"error": 3, "warning": 2, "info": 1, "never": 99}[fail_on]
    return 1 if worst_rank >= threshold else 0


SelectOption = Annotated[str | None, typer.Option(
    "--select", metavar="CODES", show_default="全部规则",
    help="只运行这些规则：逗号分隔的代码前缀，如 AU1,AU201")]
IgnoreOption = Annotated[str | None, typer.Option(
    "--ignore", metavar="CODES", show_default="不排除",
    help="不运行这些规则：逗号分隔的代码前缀，如 AU502")]
FailOnOption = Annotated[FailOn | None, typer.Option(
    "--fail-on", metavar="LEVEL", show_default="error",
    help="有这一级别（error、warning、info）或更严重的问题时退出码为 1；never 表示从不")]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", metavar="FILE", show_default="从报告所在文件夹向上查找 auditor.toml 或 pyproject.toml",
    help="配置文件")]

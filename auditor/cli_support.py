"""Chinese help and one-line Chinese usage errors for the typer command line.

Typer (and the click it builds on) prints English: "Invalid value for '--jobs'", "Show
this message and exit.", "Usage:", a usage block and a hint before every error. Every
user error of ``auditor`` is instead one line on stderr, ``auditor: …`` naming the flag or
path, with exit code 2; help headings are Chinese. The translation keys on the exception
class and its parameter, never on click's English wording, except for the few messages
click raises as a bare ``UsageError`` (unknown command, extra arguments).
"""

from __future__ import annotations

import difflib
import enum
import inspect
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import click
import typer
from typer.core import TyperCommand, TyperGroup

#: The exit codes of every command (DESIGN §3), shown in ``--help`` and the README.
EXIT_CODES = (
    ("0", "完成，没有达到 --fail-on 级别的问题"),
    ("1", "发现达到 --fail-on 级别（默认 error）的问题，或有文件无法读取"),
    ("2", "用法错误：选项或路径无效、配置错误、输出位置不可写、没有找到报告"),
    ("3", "程序内部错误（请报告；设 AUDITOR_DEBUG=1 可看到详细信息）"),
    ("130", "被 Ctrl-C 中断（已完成文件的结果已写出）"),
)

HELP_WIDTH = 100
_NO_LINE_START = "，。：；、）》」』！？,.:;)"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns (CJK characters count two)."""
    lines: list[str] = []
    current = ""
    for char in text:
        # Closing punctuation never starts a line (kinsoku), it overhangs instead.
        if _width(current + char) > width and current and char not in _NO_LINE_START:
            lines.append(current.rstrip())
            current = char.lstrip()
        else:
            current += char
    return [*lines, current.rstrip()] if current.strip() else lines


def _table(rows: Sequence[tuple[str, str]], indent: int = 2) -> list[str]:
    left = max((len(name) for name, _ in rows), default=0)
    left = min(left, 28)
    out: list[str] = []
    for name, text in rows:
        pieces = _wrap(text, max(30, HELP_WIDTH - indent - left - 2)) or [""]
        if len(name) > left:
            out.append(" " * indent + name)
            out.extend(" " * (indent + left + 2) + piece for piece in pieces)
            continue
        out.append(" " * indent + name.ljust(left) + "  " + pieces[0])
        out.extend(" " * (indent + left + 2) + piece for piece in pieces[1:])
    return out


def _default_text(param: Any) -> str:
    shown = getattr(param, "show_default", None)
    if isinstance(shown, str):
        return shown
    if getattr(param, "is_flag", False) or param.default is None:
        return ""
    default = param.default
    if isinstance(default, enum.Enum):
        default = default.value
    if isinstance(default, float) and default.is_integer():
        default = int(default)
    return str(default)


def _param_rows(params: Sequence[Any], kind: str) -> list[tuple[str, str]]:
    rows = []
    for param in params:
        if getattr(param, "hidden", False) or param.param_type_name != kind:
            continue
        if kind == "argument":
            name = param.metavar or param.name.upper()
        else:
            # short names first: click keeps the help option's names in a set
            name = ", ".join(sorted([*param.opts, *param.secondary_opts], key=lambda o: o.startswith("--")))
            if not getattr(param, "is_flag", False) and param.metavar:
                name += f" {param.metavar}"
        text = param.help or ""
        default = _default_text(param)
        if default:
            text += f"（默认：{default}）"
        rows.append((name, text))
    return rows


def render_help(command: Any, ctx: Any, subcommands: Sequence[tuple[str, str]] = ()) -> str:
    """The whole ``--help`` text of ``command``, in Chinese, laid out by us.

    Laid out here rather than by click so metavars, defaults and headings are the same in
    every command whatever the typer version.
    """
    params = command.get_params(ctx)
    arguments = _param_rows(params, "argument")
    usage = [ctx.command_path]
    if any(param.param_type_name == "option" for param in params):
        usage.append("[选项]")
    usage += [name for name, _ in arguments]
    if subcommands:
        usage.append("命令 [参数]...")
    lines = ["用法：" + " ".join(usage), ""]
    description = inspect.cleandoc(command.help or "")
    if description:
        lines += ["  " + line for line in description.splitlines()] + [""]
    if arguments:
        lines += ["参数：", *_table(arguments), ""]
    lines += ["选项：", *_table(_param_rows(params, "option")), ""]
    if subcommands:
        lines += ["命令（按常用顺序）：", *_table(subcommands), ""]
    lines += ["退出码（所有命令相同）：", *_table(EXIT_CODES)]
    return "\n".join(lines) + "\n"


class UsageProblem(Exception):
    """A user error found by a command itself: one Chinese line, exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fail(message: str) -> typer.Exit:
    """Print ``auditor: message`` on stderr and return the exit to raise (code 2)."""
    typer.echo(f"auditor: {message}", err=True)
    return typer.Exit(2)


class _ChineseHelpOption:
    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本帮助并退出"
        return option


class ChineseCommand(_ChineseHelpOption, TyperCommand):
    """A command whose help is Chinese."""

    def get_help(self, ctx: Any) -> str:
        return render_help(self, ctx)


class ChineseGroup(_ChineseHelpOption, TyperGroup):
    """The ``auditor`` group: Chinese help, and every usage error as one Chinese line."""

    #: option → what a valid value looks like, filled in by the CLI module
    value_hints: Mapping[str, str] = {}

    def get_help(self, ctx: Any) -> str:
        commands = [(name, inspect.cleandoc(command.help or "").split("\n")[0])
                    for name, command in self.commands.items() if not command.hidden]
        return render_help(self, ctx, commands)

    def list_commands(self, ctx: Any) -> list[str]:
        # Declaration order (the README's), not alphabetical.
        return list(self.commands)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """Run the command; usage errors become one Chinese line and exit code 2."""
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(argv, prog_name="auditor", complete_var=complete_var,
                                standalone_mode=False, **extra)
        except UsageProblem as problem:
            typer.echo(f"auditor: {problem.message}", err=True)
            code = 2
        except click.exceptions.Abort:  # Ctrl-C before a scan had started or after it ended
            typer.echo("已中断。", err=True)
            code = 130
        except Exception as error:
            if not _is_usage_error(error):
                raise
            if type(error).__name__ == "NoArgsIsHelpError":
                typer.echo(error.ctx.get_help())  # type: ignore[attr-defined]
            else:
                typer.echo(f"auditor: {usage_message(error, argv, self.value_hints)}", err=True)
            code = 2
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _is_usage_error(error: BaseException) -> bool:
    return any(cls.__name__ == "UsageError" for cls in type(error).__mro__)


def _option_of(error: Any) -> str:
    param = getattr(error, "param", None)
    if param is not None:
        opts = [opt for opt in getattr(param, "opts", []) if opt.startswith("--")]
        if opts:
            return opts[0]
        if getattr(param, "param_type_name", "") == "argument":
            return (getattr(param, "metavar", None) or param.name or "").upper()
        return param.name or ""
    hint = getattr(error, "param_hint", None)
    if isinstance(hint, (list, tuple)):
        hint = hint[0] if hint else None
    return str(hint or "").strip("'\"")


def _value_given(option: str, argv: Sequence[str]) -> str | None:
    for index, token in enumerate(argv):
        if token == option and index + 1 < len(argv):
            return argv[index + 1]
        if token.startswith(option + "="):
            return token[len(option) + 1:]
    return None


def usage_message(error: Any, argv: Sequence[str], hints: Mapping[str, str]) -> str:
    """The one Chinese line for a click/typer usage error."""
    name = type(error).__name__
    command = getattr(getattr(error, "ctx", None), "command_path", "auditor") or "auditor"
    help_hint = f"（用 {command} --help 查看用法）"
    if name == "NoSuchOption":
        option = getattr(error, "option_name", "")
        possible = sorted(getattr(error, "possibilities", None) or [])
        suggestion = f"，是不是想用 {'、'.join(possible)}？" if possible else help_hint
        return f"没有这个选项：{option}{suggestion}"
    if name == "BadOptionUsage":
        option = getattr(error, "option_name", "")
        return f"选项 {option} 需要一个值{help_hint}"
    if name == "MissingParameter":
        option = _option_of(error)
        return f"缺少{'参数' if not option.startswith('-') else '选项'} {option}{help_hint}"
    if name == "BadParameter":
        option = _option_of(error)
        value = _value_given(option, argv)
        shown = f"“{value}”" if value is not None else ""
        command_name = getattr(getattr(getattr(error, "ctx", None), "command", None), "name", "")
        hint = hints.get(f"{command_name} {option}", hints.get(option, ""))
        return f"选项 {option} 的值{shown}无效" + (f"：{hint}" if hint else help_hint)
    message = str(getattr(error, "message", "") or error)
    unknown = re.match(r"No such command '([^']*)'", message)
    if unknown:
        group = getattr(getattr(error, "ctx", None), "command", None)
        names = list(getattr(group, "commands", {}) or {})
        close = difflib.get_close_matches(unknown.group(1), names, n=1)
        guess = f"是不是想用 auditor {close[0]}？" if close else ""
        return f"没有这个命令：{unknown.group(1)}。{guess}（用 auditor --help 查看全部命令）"
    extra = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", message)
    if extra:
        return f"多余的参数：{extra.group(1)}{help_hint}"
    if message.startswith("Missing command"):
        return f"缺少命令（用 {command} --help 查看全部命令）"
    return f"命令行用法有误：{message}{help_hint}"

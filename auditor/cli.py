"""The ``auditor`` command line (typer). Thin: parsing and exit codes only."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from auditor import __version__, cli_tools
from auditor.cli_options import (
    ConfigOption,
    FailOnOption,
    IgnoreOption,
    SelectOption,
    config_in_force,
    exit_code,
    one_file,
)
from auditor.cli_support import ChineseCommand, ChineseGroup, fail

app = typer.Typer(
    cls=ChineseGroup,
    add_completion=False,
    no_args_is_help=True,
    help="审核绩效自评报告、部门决算/预算说明中的数字、表述和结构问题。",
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

KNOWN_FORMATS = {"html", "json", "csv", "sarif"}


class ExecutorKind(StrEnum):
    """Where ``auditor scan`` audits the documents."""

    local = "local"
    dask = "dask"


class CheckFormat(StrEnum):
    """Output of ``auditor check``."""

    text = "text"
    json = "json"




def _command(name: str | None = None):
    """``app.command`` with Chinese help and the exit-code table under every command."""
    return app.command(name, cls=ChineseCommand)


#: What a valid value of an option looks like, for the one-line error on a bad one.
ChineseGroup.value_hints = {
    "--jobs": "应为不小于 1 的整数",
    "--time-limit": "应为秒数（数字），0 表示不限",
    "--fail-on": "可选 error、warning、info、never",
    "--format": "可选 html、json、csv、sarif，逗号分隔",
    "check --format": "可选 text、json",
    "extract --format": "可选 csv、json",
    "eval --format": "可选 text、json",
    "--folds": "应为不小于 2 的整数",
    "--seed": "应为整数",
    "--executor": "可选 local、dask",
    "--min-precision": "应为 0 到 1 之间的小数",
    "--min-recall": "应为 0 到 1 之间的小数",
}


@_command()
def scan(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH...", show_default=False, help="报告文件或文件夹（文件夹递归查找报告）")],
    out: Annotated[Path, typer.Option(
        "--out", metavar="DIR", help="输出文件夹（不存在则创建）")] = Path("audit-report"),
    format: Annotated[str, typer.Option(
        "--format", metavar="FORMATS", help="输出格式，逗号分隔：html、json、csv、sarif（findings.json 总会写出）"
    )] = "html,json",
    jobs: Annotated[int, typer.Option("--jobs", min=1, metavar="N", help="并行处理的进程数")] = 1,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    config_file: ConfigOption = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", metavar="FILE", show_default="不使用", help="基线文件：其中已记录的问题不再报告")] = None,
    write_baseline: Annotated[Path | None, typer.Option(
        "--write-baseline", metavar="FILE", show_default="不写", help="把本次发现的全部问题记入这个基线文件")] = None,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", metavar="SECONDS", help="单个文件的处理时限（秒），0 表示不限")] = 120.0,
    include: Annotated[list[str] | None, typer.Option(
        "--include", metavar="GLOB", show_default=".txt .docx .doc .wps .pdf .html .htm",
        help="只审核匹配的文件（可重复）；不含 / 的模式匹配文件名，含 / 的匹配相对路径，如 '*.md'、'2024/*'")] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", metavar="GLOB", show_default="不排除",
        help="不审核匹配的文件或文件夹（可重复），如 '旧报告'、'*草稿*'；隐藏文件和 ~$ 临时文件总会跳过")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="不显示进度条（进度条只在终端上显示）")] = False,
    cache: Annotated[Path | None, typer.Option(
        "--cache", metavar="DIR", show_default="用户缓存目录下的 report-auditor/results",
        help="结果缓存文件夹：内容、配置、版本与模型都未变的文件直接使用上次的结果")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不读也不写结果缓存")] = False,
    executor: Annotated[ExecutorKind, typer.Option(
        "--executor", metavar="WHERE",
        help="local：本机 --jobs 个进程；dask：Dask 集群（未给 --scheduler 时在本机启动 --jobs 个工作进程）"
    )] = ExecutorKind.local,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", show_default="不使用",
        help="已运行的 Dask 调度器地址，如 tcp://10.0.0.1:8786（隐含 --executor dask）")] = None,
) -> None:
    """审核一批报告，写出 HTML 报告与 findings.json。"""
    from auditor.baseline import Baseline, read_baseline
    from auditor.baseline import write_baseline as save_baseline
    from auditor.batch import FileSelection
    from auditor.config import ConfigError
    from auditor.fsutil import OutputProblem, os_reason, prepare_output_dir, prepare_output_file
    from auditor.scan import ScanOutcome, ScanRequest, list_files, run_scan

    formats = {item.strip().lower() for item in format.split(",") if item.strip()}
    unknown = formats - KNOWN_FORMATS
    if unknown:
        raise fail(f"--format 中有未知的输出格式：{', '.join(sorted(unknown))}（可选 html、json、csv、sarif）")
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise fail(f"路径不存在：{', '.join(missing)}")
    config = config_in_force(paths, select, ignore, fail_on, config_file)
    try:
        accepted = read_baseline(baseline) if baseline else None
    except ConfigError as error:
        raise fail(str(error)) from None
    if cache is not None and no_cache:
        raise fail("--cache 与 --no-cache 不能同时使用")
    if cache is not None and cache.exists() and not cache.is_dir():
        raise fail(f"--cache 应指向一个文件夹，但 {cache} 是文件")
    if executor is ExecutorKind.dask or scheduler:
        from auditor.executors.dask import dask_missing

        if (missing_dask := dask_missing()) is not None:
            raise fail(missing_dask)
    cache_dir = cache
    if cache_dir is None and not no_cache:
        from auditor.executors.cache import default_cache_dir

        cache_dir = default_cache_dir()
    outcome = ScanOutcome()
    files = list_files(paths, outcome, FileSelection(tuple(include or ()), tuple(exclude or ())))
    _report_skipped(outcome.skipped)
    if not files:
        skipped = f"（跳过了 {len(outcome.skipped)} 个其他文件）" if outcome.skipped else ""
        raise fail(
            f"在 {' '.join(map(str, paths))} 中没有找到报告文件{skipped}；"
            "支持的格式：.txt .docx .doc .wps .pdf .html .htm")
    try:
        prepare_output_dir(out)
        if write_baseline is not None:
            prepare_output_file(write_baseline, "--write-baseline")
    except OutputProblem as problem:
        raise fail(problem.message) from None
    recorder = Baseline(write_baseline.parent) if write_baseline else None
    where = scheduler or ("本机 Dask 集群" if executor is ExecutorKind.dask else "本机")
    request = ScanRequest(
        out_dir=out, formats=formats, config=config, jobs=jobs,
        time_limit=time_limit or None, baseline=accepted, record_baseline=recorder,
        cache_dir=cache_dir, executor=executor.value, scheduler=scheduler,
        settings={"扫描路径": " ".join(map(str, paths)), "输出格式": ",".join(sorted(formats)),
                  "并行进程数": str(jobs), "单文件时限": f"{time_limit:g} 秒" if time_limit else "不限",
                  "执行位置": where, "结果缓存": str(cache_dir) if cache_dir else "不使用",
                  **({"只审核（--include）": " ".join(include)} if include else {}),
                  **({"排除（--exclude）": " ".join(exclude)} if exclude else {})},
    )
    show_progress = not quiet and sys.stderr.isatty()
    from auditor.executors import ExecutorUnavailable

    try:
        if show_progress:
            from auditor.progress import progress_bar

            with progress_bar(len(files)) as advance:
                run_scan(files, request, outcome, advance)
        else:
            run_scan(files, request, outcome)
        if recorder is not None and write_baseline is not None:
            save_baseline(recorder, write_baseline)
            outcome.outputs.append(write_baseline)
    except ExecutorUnavailable as error:
        raise fail(str(error)) from None
    except OSError as error:
        where = f"{error.filename}：" if error.filename else ""
        raise fail(f"写入输出失败：{where}{os_reason(error)}") from None
    _report_outcome(outcome)
    if outcome.interrupted:
        raise typer.Exit(130)
    worst = outcome.worst.rank if outcome.worst else 0
    raise typer.Exit(exit_code(worst, outcome.unreadable, config.fail_on))


def _report_skipped(skipped) -> None:
    """One line on stderr for the files not audited; the index lists each with why."""
    if not skipped:
        return
    names = "、".join(item.path.name for item in skipped[:3])
    more = f" 等 {len(skipped)} 个" if len(skipped) > 3 else ""
    typer.echo(f"auditor: 跳过 {names}{more}（不是报告、隐藏、临时或被排除的文件；"
               "原因见 index.html）", err=True)


def _report_outcome(outcome) -> None:
    counts = outcome.counts
    typer.echo(
        f"已审核 {outcome.documents} 个文件（{outcome.unreadable} 个无法读取）："
        f"错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}。",
        err=True,
    )
    if outcome.cache is not None and (outcome.cache.hits or outcome.cache.rejected):
        stats = outcome.cache
        rejected = f"，{stats.rejected} 个缓存条目损坏或不匹配、已重新审核" if stats.rejected else ""
        typer.echo(f"结果缓存：{stats.hits} 个文件未变、直接使用缓存结果{rejected}。", err=True)
    if outcome.hidden_by_baseline:
        typer.echo(f"基线中已记录、本次隐藏的问题：{outcome.hidden_by_baseline} 个。", err=True)
    for path in outcome.outputs:
        typer.echo(f"输出：{path}", err=True)
    if outcome.interrupted:
        typer.echo("已中断：上面列出的输出只包含已完成的文件，已完成文件的结果均已保存。", err=True)


@_command()
def check(
    file: Annotated[Path, typer.Argument(metavar="FILE", show_default=False, help="一个报告文件")],
    format: Annotated[CheckFormat, typer.Option(
        "--format", metavar="FORMAT", help="text：每个问题一行“路径:行:列: 代码 说明”；json：与 findings.json 相同")
    ] = CheckFormat.text,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    config_file: ConfigOption = None,
) -> None:
    """审核一个文件，结果输出到终端。"""
    from auditor.job import AuditJob
    from auditor.report.json_report import batch_to_json, document_to_json, dumps

    one_file(file, "check")
    config = config_in_force([file], select, ignore, fail_on, config_file)
    result = AuditJob(config)(file)
    if format is CheckFormat.json:
        typer.echo(dumps(batch_to_json([document_to_json(result)])))
    else:
        from auditor.report.text_report import render_text, should_color

        typer.echo(render_text(result, color=should_color(sys.stdout)), nl=False)
    worst = max((f.severity.rank for f in result.findings), default=0)
    raise typer.Exit(exit_code(worst, 1 if result.error else 0, config.fail_on))


for _name, _function in (("rules", cli_tools.rules), ("explain", cli_tools.explain),
                         ("extract", cli_tools.extract), ("eval", cli_tools.eval_command),
                         ("train", cli_tools.train)):
    _command(_name)(_function)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="显示版本并退出")] = False,
) -> None:
    if version:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)


def main() -> None:
    """Console-script entry point: a bug ends in one line and exit code 3, not a traceback.

    ``AUDITOR_DEBUG=1`` shows the traceback (for a bug report).
    """
    import os

    try:
        app()
    except Exception as error:
        if os.environ.get("AUDITOR_DEBUG"):
            raise
        typer.echo(f"auditor: 内部错误（程序缺陷，请报告；设 AUDITOR_DEBUG=1 可看到详情）："
                   f"{type(error).__name__}: {error}", err=True)
        sys.exit(3)

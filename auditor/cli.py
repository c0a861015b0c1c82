"""The ``auditor`` command line (typer). Thin: parsing and exit codes only."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from auditor import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="审核绩效自评报告、部门决算/预算说明中的数字、表述和结构问题。",
    rich_markup_mode=None,
)

KNOWN_FORMATS = {"html", "json", "csv", "sarif"}


class FailOn(StrEnum):
    """Lowest severity that makes the exit code 1."""

    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class CheckFormat(StrEnum):
    """Output of ``auditor check``."""

    text = "text"
    json = "json"


class ExtractFormat(StrEnum):
    """Output of ``auditor extract``."""

    csv = "csv"
    json = "json"


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"auditor: {message}", err=True)
    return typer.Exit(2)


def _load_config(paths: list[Path], select: str | None, ignore: str | None,
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
        raise _usage_error(str(error)) from None


def _exit_code(worst_rank: int, unreadable: int, fail_on: str) -> int:
    if unreadable:
        return 1
    threshold = {"error": 3, "warning": 2, "info": 1, "never": 99}[fail_on]
    return 1 if worst_rank >= threshold else 0


SelectOption = Annotated[str | None, typer.Option("--select", help="只运行这些规则（代码前缀，如 AU1,AU201）")]
IgnoreOption = Annotated[str | None, typer.Option("--ignore", help="不运行这些规则（代码前缀）")]
FailOnOption = Annotated[FailOn | None, typer.Option("--fail-on", help="达到该级别即退出码 1（默认 error）")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="配置文件（默认向上查找 auditor.toml）")]


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或文件夹（递归）")],
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")] = Path("audit-report"),
    format: Annotated[str, typer.Option("--format", help="html,json,csv,sarif")] = "html,json",
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="并行进程数")] = 1,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    config_file: ConfigOption = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="基线文件：只报新问题")] = None,
    write_baseline: Annotated[Path | None, typer.Option("--write-baseline", help="把本次全部问题记入基线文件")] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", help="单个文件的处理时限（秒），0 表示不限")] = 120.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度")] = False,
) -> None:
    """审核一批报告，写出 HTML 报告与 findings.json。"""
    from auditor.baseline import Baseline, read_baseline
    from auditor.baseline import write_baseline as save_baseline
    from auditor.config import ConfigError
    from auditor.scan import ScanOutcome, ScanRequest, list_files, run_scan

    formats = {item.strip().lower() for item in format.split(",") if item.strip()}
    unknown = formats - KNOWN_FORMATS
    if unknown:
        raise _usage_error(f"未知的输出格式：{', '.join(sorted(unknown))}（可选 html,json,csv,sarif）")
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise _usage_error(f"路径不存在：{', '.join(missing)}")
    config = _load_config(paths, select, ignore, fail_on, config_file)
    try:
        accepted = read_baseline(baseline) if baseline else None
    except ConfigError as error:
        raise _usage_error(str(error)) from None
    recorder = Baseline(write_baseline.parent) if write_baseline else None
    request = ScanRequest(
        out_dir=out, formats=formats, config=config, jobs=jobs,
        time_limit=time_limit or None, baseline=accepted, record_baseline=recorder,
        settings={"扫描路径": " ".join(map(str, paths)), "输出格式": ",".join(sorted(formats)),
                  "并行进程数": str(jobs), "单文件时限": f"{time_limit:g} 秒" if time_limit else "不限"},
    )
    outcome = ScanOutcome()
    files = list_files(paths, outcome, lambda notice: typer.echo(f"auditor: {notice}", err=True))
    show_progress = not quiet and sys.stderr.isatty()
    if show_progress:
        from auditor.progress import progress_bar

        with progress_bar(len(files)) as advance:
            run_scan(files, request, outcome, advance)
    else:
        run_scan(files, request, outcome)
    if recorder is not None and write_baseline is not None:
        save_baseline(recorder, write_baseline)
        outcome.outputs.append(write_baseline)
    _report_outcome(outcome)
    if outcome.interrupted:
        raise typer.Exit(130)
    worst = outcome.worst.rank if outcome.worst else 0
    raise typer.Exit(_exit_code(worst, outcome.unreadable, config.fail_on))


def _report_outcome(outcome) -> None:
    counts = outcome.counts
    typer.echo(
        f"已审核 {outcome.documents} 个文件（{outcome.unreadable} 个无法读取）："
        f"错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}。",
        err=True,
    )
    if outcome.hidden_by_baseline:
        typer.echo(f"基线中已记录、本次隐藏的问题：{outcome.hidden_by_baseline} 个。", err=True)
    for path in outcome.outputs:
        typer.echo(f"输出：{path}", err=True)
    if outcome.interrupted:
        typer.echo("已中断：上面列出的输出只包含已完成的文件，已完成文件的结果均已保存。", err=True)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="一个报告文件")],
    format: Annotated[CheckFormat, typer.Option("--format")] = CheckFormat.text,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    config_file: ConfigOption = None,
) -> None:
    """审核一个文件，结果输出到终端。"""
    from auditor.job import AuditJob
    from auditor.report.json_report import batch_to_json, document_to_json, dumps

    if not file.exists():
        raise _usage_error(f"文件不存在：{file}")
    config = _load_config([file], select, ignore, fail_on, config_file)
    result = AuditJob(config)(file)
    if format is CheckFormat.json:
        typer.echo(dumps(batch_to_json([document_to_json(result)])))
    else:
        from auditor.report.text_report import render_text, should_color

        typer.echo(render_text(result, color=should_color(sys.stdout)), nl=False)
    worst = max((f.severity.rank for f in result.findings), default=0)
    raise typer.Exit(_exit_code(worst, 1 if result.error else 0, config.fail_on))


@app.command()
def rules() -> None:
    """列出全部规则。"""
    from auditor.errors import INPUT_CODES
    from auditor.rules.registry import all_rules

    for code, (name, description) in INPUT_CODES.items():
        # AU004 is a note on a document that was read; the others stop a document.
        severity = "info" if code == "AU004" else "error"
        typer.echo(f"{code}  {name:<28} {severity:<8} {description}")
    for rule in all_rules():
        typer.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary()}")


@app.command()
def explain(code: Annotated[str, typer.Argument(help="规则代码，如 AU101")]) -> None:
    """显示一条规则的说明。"""
    from auditor.errors import INPUT_CODES
    from auditor.rules.registry import rule_by_code

    rule = rule_by_code(code)
    if rule is not None:
        typer.echo(f"{rule.code} {rule.name}（{rule.severity.value}）\n")
        typer.echo(rule.documentation())
        return
    if code.upper() in INPUT_CODES:
        name, description = INPUT_CODES[code.upper()]
        typer.echo(f"{code.upper()} {name}\n\n{description}")
        return
    raise _usage_error(f"没有这条规则：{code}（用 auditor rules 查看全部）")


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="一个报告文件")],
    format: Annotated[ExtractFormat, typer.Option("--format")] = ExtractFormat.csv,
    text: Annotated[bool, typer.Option("--text", help="只输出抽取出的文本（偏移量以此为准）")] = False,
) -> None:
    """列出报告中的数字事实（范围、属性、数值、单位、位置）。"""
    from auditor.document import AnalysedDocument
    from auditor.errors import InputProblem
    from auditor.extract.fact_rows import facts_rows, write_facts_csv
    from auditor.ingest import read_source

    try:
        source = read_source(file)
    except InputProblem as problem:
        typer.echo(f"auditor: {file}: {problem.code} {problem.message}", err=True)
        raise typer.Exit(1) from None
    if text:
        typer.echo(source.text, nl=False)
        return
    rows = facts_rows(AnalysedDocument(source))
    if format is ExtractFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        write_facts_csv(rows, sys.stdout)


@app.command()
def train(
    data: Annotated[Path | None, typer.Option("--data", help="标注语料（JSONL）")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="模型输出目录，默认 models/")] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="交叉验证折数")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="随机种子")] = 0,
) -> None:
    """训练句子角色分类器，输出交叉验证与留出集的各角色精确率/召回率。"""
    from auditor.train import main as train_main

    argv = ["--folds", str(folds), "--seed", str(seed)]
    if data is not None:
        argv += ["--data", str(data)]
    if out is not None:
        argv += ["--out", str(out)]
    raise typer.Exit(train_main(argv))


class EvalFormat(StrEnum):
    """Output of ``auditor eval``."""

    text = "text"
    json = "json"


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Argument(help="标注文件（JSON Lines，如 corpora/gold/*.jsonl）")],
    format: Annotated[EvalFormat, typer.Option("--format")] = EvalFormat.text,
    min_precision: Annotated[float | None, typer.Option("--min-precision", help="总体精确率下限（0–1）")] = None,
    min_recall: Annotated[float | None, typer.Option("--min-recall", help="总体召回率下限（0–1）")] = None,
    min_rule_recall: Annotated[
        list[str] | None,
        typer.Option("--min-rule-recall", help="某规则或某类的召回率下限，如 AU101=0.8、AU2=0.5（可重复）"),
    ] = None,
    root: Annotated[
        Path | None, typer.Option("--root", help="文档路径的根目录（默认：标注文件的上一级目录）")
    ] = None,
    config_file: ConfigOption = None,
) -> None:
    """用标注语料评测审核结果：每条规则、每类的 TP/FP/FN、精确率、召回率，以及漏报和误报。"""
    from auditor.eval.score import run_eval_command

    code = run_eval_command(
        gold, format.value, min_precision, min_recall, min_rule_recall or [], root,
        lambda paths: _load_config(paths, None, None, None, config_file),
    )
    raise typer.Exit(code)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="显示版本")] = False,
) -> None:
    if version:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)


def main() -> None:
    """Console-script entry point."""
    app()

"""The ``auditor`` commands around the audit: rules, explain, extract, eval, train.

Plain functions; :mod:`auditor.cli` registers them on the command line. Everything heavy is
imported inside the command that needs it, so ``auditor explain`` starts quickly.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli_options import ConfigOption, config_in_force, one_file
from auditor.cli_support import fail


class ExtractFormat(StrEnum):
    """Output of ``auditor extract``."""

    csv = "csv"
    json = "json"


def rules() -> None:
    """列出全部规则（代码、名称、级别、说明）。"""
    from auditor.errors import INPUT_CODES
    from auditor.rules.catalogue import catalogue

    for code, (name, description) in INPUT_CODES.items():
        # AU004 is a note on a document that was read; the others stop a document.
        severity = "info" if code == "AU004" else "error"
        typer.echo(f"{code}  {name:<28} {severity:<8} {description}")
    for rule in catalogue():
        typer.echo(f"{rule.code}  {rule.name:<28} {rule.severity:<8} {rule.summary()}")


def explain(code: Annotated[str, typer.Argument(
        metavar="CODE", show_default=False, help="规则代码，如 AU101（不区分大小写）")]) -> None:
    """显示一条规则的说明：检查内容、为什么重要、示例、依据。"""
    from auditor.errors import INPUT_CODES
    from auditor.rules.catalogue import entry_by_code

    rule = entry_by_code(code)
    if rule is not None:
        typer.echo(f"{rule.code} {rule.name}（{rule.severity}）\n")
        typer.echo(rule.documentation)
        return
    if code.upper() in INPUT_CODES:
        name, description = INPUT_CODES[code.upper()]
        typer.echo(f"{code.upper()} {name}\n\n{description}")
        return
    raise fail(f"没有这条规则：{code}（用 auditor rules 查看全部）")


def extract(
    file: Annotated[Path, typer.Argument(metavar="FILE", show_default=False, help="一个报告文件")],
    format: Annotated[ExtractFormat, typer.Option(
        "--format", metavar="FORMAT", help="csv 或 json")] = ExtractFormat.csv,
    text: Annotated[bool, typer.Option(
        "--text", help="只输出抽取出的文本（findings.json 中的偏移量以此为准）")] = False,
) -> None:
    """列出报告中的数字事实（范围、属性、数值、单位、位置）。"""
    from auditor.document import AnalysedDocument
    from auditor.errors import InputProblem
    from auditor.extract.fact_rows import facts_rows, write_facts_csv
    from auditor.ingest import read_source

    one_file(file, "extract")
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


class EvalFormat(StrEnum):
    """Output of ``auditor eval``."""

    text = "text"
    json = "json"


def eval_command(
    gold: Annotated[list[Path], typer.Argument(
        metavar="GOLD...", show_default=False, help="标注文件（JSON Lines，如 corpora/gold/*.jsonl）")],
    format: Annotated[EvalFormat, typer.Option("--format", metavar="FORMAT", help="text 或 json")] = EvalFormat.text,
    min_precision: Annotated[float | None, typer.Option(
        "--min-precision", metavar="P", show_default="不检查", help="总体精确率下限（0–1），低于它退出码为 1")] = None,
    min_recall: Annotated[float | None, typer.Option(
        "--min-recall", metavar="R", show_default="不检查", help="总体召回率下限（0–1），低于它退出码为 1")] = None,
    min_rule_recall: Annotated[
        list[str] | None,
        typer.Option("--min-rule-recall", metavar="CODE=R", show_default="不检查",
                     help="某规则或某类的召回率下限，如 AU101=0.8、AU2=0.5（可重复）"),
    ] = None,
    root: Annotated[
        Path | None, typer.Option("--root", metavar="DIR", show_default="标注文件的上一级目录",
                                  help="文档路径的根目录")
    ] = None,
    config_file: ConfigOption = None,
) -> None:
    """用标注语料评测审核结果：每条规则、每类的 TP/FP/FN、精确率、召回率，以及漏报和误报。"""
    from auditor.eval.score import run_eval_command

    code = run_eval_command(
        gold, format.value, min_precision, min_recall, min_rule_recall or [], root,
        lambda paths: config_in_force(paths, None, None, None, config_file),
    )
    raise typer.Exit(code)


class TrainedModel(StrEnum):
    """Which model ``auditor train`` fits."""

    roles = "roles"
    lines = "lines"


def train(
    data: Annotated[list[Path] | None, typer.Option(
        "--data", metavar="FILE", show_default="corpora/roles/sentences.jsonl 与 real.jsonl（lines：corpora/lines/）",
        help="标注语料（JSONL，可多次给出）")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="DIR", show_default="models/", help="模型输出目录")] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, metavar="N", help="交叉验证折数")] = 5,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="随机种子")] = 0,
    model: Annotated[TrainedModel, typer.Option(
        "--model", help="roles：句子角色分类器；lines：行类型分类器")] = TrainedModel.roles,
    fit_dev: Annotated[bool, typer.Option(
        "--fit-dev", help="仅 lines：开发文档（dev）也参与交叉验证与训练，不再单独评分")] = False,
) -> None:
    """训练句子角色分类器（或 --model lines 行类型分类器），输出交叉验证与留出集的各类精确率/召回率。"""
    if model is TrainedModel.lines:
        from auditor.train_lines import main as train_main
    else:
        from auditor.train import main as train_main

    argv = ["--folds", str(folds), "--seed", str(seed)]
    for path in data or []:
        argv += ["--data", str(path)]
    if out is not None:
        argv += ["--out", str(out)]
    if fit_dev and model is TrainedModel.lines:
        argv.append("--fit-dev")
    raise typer.Exit(train_main(argv))

"""What ``auditor eval`` prints: the evaluation as a plain-text table or as JSON (``eval-1``)."""

from __future__ import annotations

from collections.abc import Sequence

from auditor.eval.score import FAMILIES, Counts, Evaluation


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _row(label: str, counts: Counts) -> str:
    return (f"{label:<12}{counts.tp:>5}{counts.fp:>5}{counts.fn:>5}"
            f"{_rate(counts.precision):>9}{_rate(counts.recall):>9}")


def _clip(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def render_text(evaluation: Evaluation, failures: Sequence[str] = ()) -> str:
    """The evaluation as a plain-text table followed by the misses and false alarms."""
    header = f"{'规则':<10}{'TP':>5}{'FP':>5}{'FN':>5}{'精确率':>6}{'召回率':>6}"
    lines = [f"评测文档 {evaluation.documents} 个", "", header]
    lines += [_row(code, counts) for code, counts in evaluation.rules.items()]
    lines += ["", f"{'类别':<10}{'TP':>5}{'FP':>5}{'FN':>5}{'精确率':>6}{'召回率':>6}"]
    for family, counts in evaluation.families.items():
        lines.append(_row(f"{family} {FAMILIES.get(family, '')}", counts))
    lines += [_row("合计", evaluation.overall), ""]
    for document, message in evaluation.errors:
        lines.append(f"无法读取：{document}：{message}")
    lines.append(f"漏报（{len(evaluation.misses)}）：")
    for miss in evaluation.misses:
        lines.append(f"  {miss.document}  {'/'.join(miss.codes)}  “{_clip(miss.anchor)}”")
    names = {"clean": "无缺陷文档中的报告", "acceptable": "可接受文本上的报告",
             "unlabelled": "未标注位置的报告"}
    for category, title in names.items():
        alarms = [a for a in evaluation.false_alarms if a.category == category]
        lines.append(f"误报·{title}（{len(alarms)}）：")
        for alarm in alarms:
            lines.append(f"  {alarm.document}  {alarm.code}  “{_clip(alarm.text)}”"
                         + (f"  —— {_clip(alarm.message, 60)}" if alarm.message else ""))
    if failures:
        lines += ["", "未达到下限："] + [f"  {failure}" for failure in failures]
    return "\n".join(lines) + "\n"


def _counts_json(counts: Counts) -> dict[str, object]:
    return {"tp": counts.tp, "fp": counts.fp, "fn": counts.fn,
            "precision": counts.precision, "recall": counts.recall}


def to_json(evaluation: Evaluation, failures: Sequence[str] = ()) -> dict[str, object]:
    """The evaluation as a JSON-ready dict (``schema`` ``"eval-1"``)."""
    return {
        "schema": "eval-1",
        "documents": evaluation.documents,
        "overall": _counts_json(evaluation.overall),
        "families": {k: _counts_json(v) for k, v in evaluation.families.items()},
        "rules": {k: _counts_json(v) for k, v in evaluation.rules.items()},
        "misses": [
            {"document": m.document, "codes": list(m.codes), "anchor": m.anchor,
             "start": m.start, "note": m.note} for m in evaluation.misses
        ],
        "false_alarms": [
            {"document": a.document, "code": a.code, "category": a.category, "text": a.text,
             "start": a.start, "message": a.message, "note": a.note}
            for a in evaluation.false_alarms
        ],
        "errors": [{"document": d, "message": m} for d, m in evaluation.errors],
        "below_floors": list(failures),
    }

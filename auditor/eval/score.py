"""Score the pipeline's findings against gold labels: per rule, per family, overall.

Matching (one definition, used by ``auditor eval`` and the mutation benchmark):

- a ``defect`` is a **true positive** when at least one finding whose code is in the
  defect's ``codes`` overlaps its anchor; several such findings make ONE true positive
  (credited to the first listed code that has one), and none of them is a false alarm;
- a missed defect is a **false negative** of its first listed code;
- every other finding is a **false positive**, in one of three categories:
  ``clean`` (the document is labelled clean), ``acceptable`` (it overlaps an acceptable
  anchor that forbids its code, or forbids every code), ``unlabelled`` (a defective
  document, text no label covers — listed separately so a reviewer can look at it).

Input notes (AU0xx, such as "encoding guessed") are not scored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from auditor.eval.gold import GoldDocument, GoldEntry, GoldError, locate
from auditor.result import DocumentResult

FAMILIES: dict[str, str] = {
    "AU1": "数字",
    "AU2": "表述",
    "AU3": "结构",
    "AU4": "期间",
    "AU5": "文字",
    "AU6": "跨文档",
}
_SCORED = regex.compile(r"^AU[1-6]\d\d$")


@dataclass(frozen=True)
class Hit:
    """A finding as the scorer sees it: its code and where it points."""

    code: str
    start: int
    end: int
    text: str
    message: str = ""


@dataclass(frozen=True)
class Observed:
    """What the pipeline produced for one gold document (text is None when unreadable)."""

    document: str
    text: str | None
    findings: tuple[Hit, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Counts:
    """True positives, false positives, false negatives, and the rates derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp); None when nothing was reported."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn); None when nothing was labelled."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Miss:
    """A labelled defect no finding of its codes overlapped."""

    document: str
    codes: tuple[str, ...]
    anchor: str
    note: str
    start: int | None


@dataclass(frozen=True)
class FalseAlarm:
    """A finding that matches no defect; ``category`` is clean, acceptable or unlabelled."""

    document: str
    code: str
    category: str
    text: str
    start: int
    message: str = ""
    note: str = ""


@dataclass(frozen=True)
class Evaluation:
    """The whole score: per-rule and per-family counts, misses and false alarms."""

    rules: dict[str, Counts]
    misses: tuple[Miss, ...]
    false_alarms: tuple[FalseAlarm, ...]
    documents: int
    errors: tuple[tuple[str, str], ...] = ()
    hits: tuple[tuple[str, str, str], ...] = field(default=())

    @property
    def families(self) -> dict[str, Counts]:
        """Counts summed by family prefix (AU1 … AU6)."""
        totals: dict[str, Counts] = {}
        for code, counts in self.rules.items():
            totals[code[:3]] = totals.get(code[:3], Counts()) + counts
        return dict(sorted(totals.items()))

    @property
    def overall(self) -> Counts:
        """Counts summed over every rule."""
        total = Counts()
        for counts in self.rules.values():
            total = total + counts
        return total


def observe(document: str, result: DocumentResult) -> Observed:
    """Turn a pipeline result into what the scorer needs."""
    if result.source is None:
        message = result.error[1] if result.error else "无法读取"
        return Observed(document, None, error=message)
    hits = tuple(
        Hit(f.code, f.span.start, f.span.end, f.span.text, f.message) for f in result.findings
    )
    return Observed(document, result.source.text, hits)


def _overlaps(hit: Hit, span: tuple[int, int]) -> bool:
    start, end = span
    if hit.start == hit.end:
        return start <= hit.start <= end
    return hit.start < end and start < hit.end


def matching_code(hits: Iterable[Hit], codes: Sequence[str], span: tuple[int, int]) -> str | None:
    """The first of ``codes`` that some hit overlapping ``span`` carries (None: a miss)."""
    found = {hit.code for hit in hits if hit.code in codes and _overlaps(hit, span)}
    return next((code for code in codes if code in found), None)


def _span_of(entry: GoldEntry, text: str) -> tuple[int, int]:
    span = locate(text, entry.anchor, entry.occurrence)
    if span is None:
        raise GoldError(
            f"{entry.origin}：在 {entry.document} 中找不到第 {entry.occurrence} 处“{entry.anchor}”"
        )
    return span


@dataclass
class _Tally:
    rules: dict[str, Counts] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    alarms: list[FalseAlarm] = field(default_factory=list)
    hits: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, code: str, counts: Counts) -> None:
        self.rules[code] = self.rules.get(code, Counts()) + counts


def score(documents: Sequence[GoldDocument], observed: Mapping[str, Observed]) -> Evaluation:
    """Match every document's findings to its labels; raise GoldError for an unlocatable anchor."""
    tally = _Tally()
    errors: list[tuple[str, str]] = []
    for gold in documents:
        seen = observed[gold.document]
        if seen.text is None:
            errors.append((gold.document, seen.error or "无法读取"))
            for entry in gold.defects:
                tally.add(entry.codes[0], Counts(fn=1))
                tally.misses.append(Miss(gold.document, entry.codes, entry.anchor, entry.note, None))
            continue
        _score_document(gold, seen, tally)
    return Evaluation(
        dict(sorted(tally.rules.items())), tuple(tally.misses), tuple(tally.alarms),
        len(documents), tuple(errors), tuple(tally.hits),
    )


def _score_document(gold: GoldDocument, seen: Observed, tally: _Tally) -> None:
    text = seen.text or ""
    findings = [hit for hit in seen.findings if _SCORED.match(hit.code)]
    matched: set[int] = set()
    for entry in gold.defects:
        span = _span_of(entry, text)
        overlapping = [i for i, hit in enumerate(findings)
                       if hit.code in entry.codes and _overlaps(hit, span)]
        if overlapping:
            matched.update(overlapping)
            found = {findings[i].code for i in overlapping}
            credited = next(code for code in entry.codes if code in found)
            tally.add(credited, Counts(tp=1))
            tally.hits.append((gold.document, credited, entry.anchor))
        else:
            tally.add(entry.codes[0], Counts(fn=1))
            tally.misses.append(Miss(gold.document, entry.codes, entry.anchor, entry.note, span[0]))
    traps = [(entry, _span_of(entry, text)) for entry in gold.acceptable]
    for index, hit in enumerate(findings):
        if index in matched:
            continue
        category, note = "clean" if gold.clean else "unlabelled", ""
        for entry, span in traps:
            if (not entry.codes or hit.code in entry.codes) and _overlaps(hit, span):
                category, note = "acceptable", entry.note
                break
        tally.add(hit.code, Counts(fp=1))
        tally.alarms.append(
            FalseAlarm(gold.document, hit.code, category, hit.text, hit.start, hit.message, note)
        )


def evaluate(
    documents: Sequence[GoldDocument],
    audit: Callable[[Path], DocumentResult],
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Run ``audit`` on every gold document and score the results."""
    observed: dict[str, Observed] = {}
    for gold in documents:
        if progress is not None:
            progress(gold.document)
        observed[gold.document] = observe(gold.document, audit(gold.path))
    return score(documents, observed)


# ---- floors ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Floors:
    """Minimum precision/recall overall, and minimum recall per rule code or family prefix."""

    precision: float | None = None
    recall: float | None = None
    rule_recall: tuple[tuple[str, float], ...] = ()


def parse_rule_floors(items: Iterable[str]) -> tuple[tuple[str, float], ...]:
    """Parse ``AU101=0.8`` / ``AU1=0.5`` items; raise ValueError with a Chinese message."""
    floors = []
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().upper()
        if not sep or not regex.fullmatch(r"AU[0-9](?:\d\d)?", key):
            raise ValueError(f"下限格式应为 AU101=0.8 或 AU1=0.5：{item!r}")
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"下限不是数字：{item!r}") from None
        if not 0.0 <= number <= 1.0:
            raise ValueError(f"下限应在 0 到 1 之间：{item!r}")
        floors.append((key, number))
    return tuple(floors)


def below_floors(evaluation: Evaluation, floors: Floors) -> list[str]:
    """Chinese descriptions of every floor the evaluation falls under (empty: all held)."""
    failures = []
    overall = evaluation.overall
    if floors.precision is not None and overall.precision is not None \
            and overall.precision < floors.precision:
        failures.append(f"总体精确率 {overall.precision:.3f} 低于下限 {floors.precision}")
    if floors.recall is not None and overall.recall is not None \
            and overall.recall < floors.recall:
        failures.append(f"总体召回率 {overall.recall:.3f} 低于下限 {floors.recall}")
    for key, floor in floors.rule_recall:
        table = evaluation.rules if len(key) == 5 else evaluation.families
        recall = table.get(key, Counts()).recall
        if recall is None:
            failures.append(f"{key} 没有标注的缺陷，无法检查召回率下限 {floor}")
        elif recall < floor:
            failures.append(f"{key} 召回率 {recall:.3f} 低于下限 {floor}")
    return failures


def run_eval_command(
    gold: Sequence[Path],
    output: str,
    min_precision: float | None,
    min_recall: float | None,
    min_rule_recall: Sequence[str],
    root: Path | None,
    load_config: Callable[[list[Path]], object],
) -> int:
    """Everything ``auditor eval`` does after parsing; returns the exit code (0, 1 or 2).

    ``load_config`` maps the document paths to the :class:`auditor.config.Config` in force
    (the CLI passes its own loader so ``--config`` and ``auditor.toml`` behave as in scan).
    """
    import json
    import sys

    from auditor.eval.gold import load_gold
    from auditor.eval.render import render_text, to_json
    from auditor.job import AuditJob

    def fail(message: str) -> int:
        print(f"auditor: {message}", file=sys.stderr)
        return 2

    for floor in (min_precision, min_recall):
        if floor is not None and not 0.0 <= floor <= 1.0:
            return fail(f"下限应在 0 到 1 之间：{floor}")
    try:
        floors = Floors(min_precision, min_recall, parse_rule_floors(min_rule_recall))
        documents = load_gold(gold, root)
    except (ValueError, GoldError) as error:
        return fail(str(error))
    if not documents:
        return fail("标注文件中没有任何文档")
    job = AuditJob(load_config([d.path for d in documents]))  # type: ignore[arg-type]
    try:
        evaluation = evaluate(documents, job)
    except GoldError as error:
        return fail(str(error))
    failures = below_floors(evaluation, floors)
    if output == "json":
        print(json.dumps(to_json(evaluation, failures), ensure_ascii=False, indent=2))
    else:
        print(render_text(evaluation, failures), end="")
    return 1 if failures else 0

"""Recall on defects planted into real reports, and false alarms on the reports as they are.

Usage::

    python benchmarks/real_mutations.py [FOLDER] [--half tune|check|all] [--kinds a,b]
        [--per-doc 4] [--seed 1] [--jobs 2] [--show-false-alarms] [--show-misses 20]
        [--min-recall KIND=0.9 …] [--max-fa AU1=0.3 …] [--json OUT]

Every document of ``FOLDER`` (default ``../shared/real``) is read as the auditor reads it;
its text is audited as it is (the false-alarm baseline: error and warning findings per
10,000 characters, per rule family, every one listable), then copies with ONE defect each
are audited: the defect is planted at a site that :mod:`planting` / :mod:`planting_text`
chose by their own patterns and arithmetic, never by asking the pipeline. A copy counts
as found when a finding with one of the kind's codes, absent from the unplanted run,
points at (or relates to) the planted text. ``--half`` keeps to one half of the fixed
split in :mod:`realdocs`; tune on ``tune``, measure on ``check``.

Exit status 1 when a ``--min-recall`` or ``--max-fa`` floor is not met.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from planting import FIGURE_KINDS, KINDS, Edit, figure_sites, sample, unit_slips_anywhere
from planting_text import claim_sites, heading_sites, rating_sites, year_sites
from realdocs import DEFAULT_FOLDER, genre_of, real_documents, split_of

from auditor.errors import InputProblem
from auditor.ingest import read_source
from auditor.pipeline import audit_source
from auditor.types import Finding, Source

SEVERE = frozenset({"error", "warning"})


def shifted(position: int, edit: Edit, *, is_end: bool = False) -> int:
    """Where ``position`` of the old text lies in the edited text."""
    delta = len(edit.replacement) - (edit.end - edit.start)
    if position < edit.start or (position == edit.start and not is_end and edit.start == edit.end):
        return position
    if position >= edit.end and not (position == edit.start and not is_end):
        return position + delta
    return edit.start + min(position - edit.start, len(edit.replacement))


def _shift_value(value: Any, edit: Edit) -> Any:
    if dataclasses.is_dataclass(value) and hasattr(value, "start") and hasattr(value, "end"):
        return dataclasses.replace(value, start=shifted(value.start, edit),
                                   end=shifted(value.end, edit, is_end=True))
    return value


def edited_source(source: Source, edit: Edit) -> Source:
    """The source with one edit: its text, and every offset after the edit moved."""
    changes: dict[str, Any] = {"text": edit.apply(source.text)}
    for field in dataclasses.fields(source):
        value = getattr(source, field.name)
        if field.name == "text" or not isinstance(value, tuple) or not value:
            continue
        if all(isinstance(item, int) for item in value):
            changes[field.name] = tuple(shifted(item, edit) for item in value)
        elif all(dataclasses.is_dataclass(item) for item in value):
            changes[field.name] = tuple(_shift_value(item, edit) for item in value)
    return dataclasses.replace(source, **changes)


def _spans(finding: Finding) -> list[tuple[int, int]]:
    return [(finding.span.start, finding.span.end)] + [(r.start, r.end) for r in finding.related]


def _overlaps(spans: list[tuple[int, int]], target: tuple[int, int]) -> bool:
    start, end = target
    return any(s < max(end, start + 1) and e > start for s, e in spans)


def plant_sites(source: Source, name: str, kinds: list[str], per_doc: int, seed: int) -> list[Edit]:
    """The edits to try for one document, ``per_doc`` of each kind at most."""
    text = source.text
    chosen: list[Edit] = []
    figures: dict[str, list[Edit]] = defaultdict(list)
    if any(kind in FIGURE_KINDS for kind in kinds):
        for edit in figure_sites(text, random.Random(f"{seed}:{name}:figures")):
            figures[edit.kind].append(edit)
    for kind in kinds:
        rng = random.Random(f"{seed}:{name}:{kind}")
        if kind in FIGURE_KINDS:
            pool = figures[kind]
        elif kind == "unit_slip_any":
            pool = list(unit_slips_anywhere(text))
        elif kind == "heading_skip":
            pool = list(heading_sites(text))
        elif kind == "wrong_year":
            pool = list(year_sites(text, name))
        elif kind == "no_problem":
            pool = list(claim_sites(text, rng, per_doc))
        elif kind == "grade_score":
            pool = list(rating_sites(text, rng, per_doc))
            pool += list(rating_sites(text, random.Random(f"{seed}:{name}:lookalike"), 1, consistent=True))
        else:
            raise SystemExit(f"unknown kind {kind!r}; known: {', '.join((*KINDS, 'unit_slip_any'))}")
        lookalikes = [e for e in pool if e.subkind == "consistent"]
        chosen += sample([e for e in pool if e.subkind != "consistent"], per_doc, rng) + lookalikes
    return chosen


def _finding_row(finding: Finding, text: str) -> dict[str, Any]:
    start, end = finding.span.start, finding.span.end
    return {"code": finding.code, "severity": finding.severity.value, "line": finding.span.line,
            "text": finding.span.text[:40], "message": finding.message[:160],
            "context": " ".join(text[max(0, start - 50):end + 50].split())}


def audit_document(path: Path, kinds: list[str], per_doc: int, seed: int) -> dict[str, Any]:
    """Baseline findings and the outcome of every planted copy of one document."""
    name = path.name
    row: dict[str, Any] = {"doc": name, "split": split_of(name), "genre": genre_of(name)}
    try:
        source = read_source(path)
    except InputProblem as problem:
        return row | {"error": f"{problem.code} {problem.message}"}
    started = time.perf_counter()
    base = audit_source(source)
    row |= {"chars": len(source.text), "seconds": round(time.perf_counter() - started, 2),
            "false_alarms": [_finding_row(f, source.text) for f in base.findings
                             if f.severity.value in SEVERE and f.code[2] != "0"],
            "outcomes": []}
    known = {(f.code, f.span.start, f.span.end) for f in base.findings}
    for edit in plant_sites(source, name, kinds, per_doc, seed):
        result = audit_source(edited_source(source, edit))
        old = {(code, shifted(s, edit), shifted(e, edit, is_end=True)) for code, s, e in known}
        new = [f for f in result.findings if (f.code, f.span.start, f.span.end) not in old]
        target = edit.planted
        hits = [f for f in new if _overlaps(_spans(f), target)]
        found = [f.code for f in hits if f.code in edit.codes]
        text = result.source.text if result.source else ""
        row["outcomes"].append({
            "kind": edit.kind, "subkind": edit.subkind, "note": edit.note, "found": bool(found),
            "codes": sorted({f.code for f in hits}),
            "collateral": sorted(f.code for f in new if not _overlaps(_spans(f), target)
                                 and f.severity.value in SEVERE),
            "context": " ".join(text[max(0, target[0] - 60):target[1] + 40].split()),
        })
    return row


def _recall_table(rows: list[dict[str, Any]], kinds: list[str]) -> dict[str, tuple[int, int]]:
    tally: dict[str, list[int]] = {kind: [0, 0] for kind in kinds}
    for row in rows:
        for outcome in row.get("outcomes", []):
            if outcome["subkind"] == "consistent":
                continue
            tally[outcome["kind"]][0] += outcome["found"]
            tally[outcome["kind"]][1] += 1
    return {kind: (found, planted) for kind, (found, planted) in tally.items()}


def _fa_table(rows: list[dict[str, Any]]) -> tuple[int, Counter[str]]:
    chars = sum(row.get("chars", 0) for row in rows)
    families: Counter[str] = Counter()
    for row in rows:
        for finding in row.get("false_alarms", []):
            families[finding["code"][:3]] += 1
    return chars, families


def report(rows: list[dict[str, Any]], kinds: list[str], label: str) -> dict[str, Any]:
    """Print recall per kind and false alarms per family for ``rows``; return them."""
    recall = _recall_table(rows, kinds)
    chars, families = _fa_table(rows)
    print(f"\n== {label}: {len(rows)} documents, {chars:,} characters")
    print(f"   {'kind':<15}{'found':>7}{'planted':>9}{'recall':>9}   by subkind")
    for kind, (found, planted) in recall.items():
        subkinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            for outcome in row.get("outcomes", []):
                if outcome["kind"] == kind and outcome["subkind"] != "consistent":
                    subkinds[outcome["subkind"] or "-"][0] += outcome["found"]
                    subkinds[outcome["subkind"] or "-"][1] += 1
        rate = f"{found / planted:.2f}" if planted else "—"
        detail = ", ".join(f"{k} {f}/{p}" for k, (f, p) in sorted(subkinds.items()))
        print(f"   {kind:<15}{found:>7}{planted:>9}{rate:>9}   {detail}")
    lookalikes = [o for row in rows for o in row.get("outcomes", []) if o["subkind"] == "consistent"]
    if lookalikes:
        flagged = sum(bool(o["codes"]) for o in lookalikes)
        print(f"   consistent score/grade sentences inserted: {len(lookalikes)}, flagged: {flagged}")
    per_10k = {family: count / chars * 10_000 if chars else 0.0 for family, count in families.items()}
    total = sum(families.values())
    print(f"   false alarms (error+warning) per 10,000 characters: "
          f"all {total / chars * 10_000 if chars else 0:.3f} ({total})  "
          + "  ".join(f"{family} {per_10k[family]:.3f} ({families[family]})" for family in sorted(families)))
    return {"recall": {k: {"found": f, "planted": p} for k, (f, p) in recall.items()},
            "chars": chars, "false_alarms": dict(families), "per_10k": per_10k}


def _parse_floors(items: list[str]) -> dict[str, float]:
    floors = {}
    for item in items:
        key, _, value = item.partition("=")
        floors[key.strip()] = float(value)
    return floors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--half", default="all", choices=("all", "tune", "check"))
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--per-doc", type=int, default=4, help="planted copies per kind per document")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--docs", default="", help="only documents whose name contains one of these (comma)")
    parser.add_argument("--show-false-alarms", action="store_true")
    parser.add_argument("--show-misses", type=int, default=0, help="print up to N misses per kind")
    parser.add_argument("--min-recall", action="append", default=[], metavar="KIND=R")
    parser.add_argument("--max-fa", action="append", default=[], metavar="FAMILY=N")
    parser.add_argument("--json", type=Path, help="write every outcome and false alarm here")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if not args.folder.is_dir():
        print(f"no folder {args.folder}", file=sys.stderr)
        return 2
    paths = list(real_documents(args.folder, args.half))
    if args.docs:
        wanted = [d for d in args.docs.split(",") if d]
        paths = [p for p in paths if any(w in p.name for w in wanted)]
    paths.sort(key=lambda p: -p.stat().st_size)  # big documents first keep both workers busy
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(pool.map(audit_document, paths, [kinds] * len(paths), [args.per_doc] * len(paths),
                             [args.seed] * len(paths)))
    rows.sort(key=lambda row: row["doc"])
    for row in rows:
        if "error" in row:
            print(f"{row['doc']}: {row['error']}")
    print(f"seed {args.seed}, {args.per_doc} per kind per document, {time.perf_counter() - started:.0f} s")
    summary: dict[str, Any] = {}
    halves = ["tune", "check"] if args.half == "all" else [args.half]
    for half in halves:
        summary[half] = report([r for r in rows if r["split"] == half and "error" not in r], kinds, half)
    if args.half == "all":
        summary["all"] = report([r for r in rows if "error" not in r], kinds, "all")
    _show(rows, args.show_false_alarms, args.show_misses)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "documents": rows}, ensure_ascii=False, indent=1))
    return _floors_failed(summary[args.half], _parse_floors(args.min_recall), _parse_floors(args.max_fa))


def _show(rows: list[dict[str, Any]], false_alarms: bool, misses: int) -> None:
    if false_alarms:
        print("\n== false alarms (error/warning) on the unplanted texts")
        for row in rows:
            for finding in row.get("false_alarms", []):
                print(f" - [{row['split']}] {row['doc']} L{finding['line']} {finding['code']} "
                      f"{finding['severity']} {finding['text']!r}: {finding['message']}")
                print(f"     …{finding['context']}…")
    if misses:
        shown: Counter[str] = Counter()
        print("\n== misses")
        for row in rows:
            for outcome in row.get("outcomes", []):
                if outcome["found"] or outcome["subkind"] == "consistent" or shown[outcome["kind"]] >= misses:
                    continue
                shown[outcome["kind"]] += 1
                print(f" - [{row['split']}] {outcome['kind']}/{outcome['subkind'] or '-'} {row['doc'][:28]}: "
                      f"{outcome['note'][:60]}  (found instead: {outcome['codes'] or '—'})")
                print(f"     …{outcome['context']}…")


def _floors_failed(summary: dict[str, Any], min_recall: dict[str, float], max_fa: dict[str, float]) -> int:
    failed = []
    for kind, floor in min_recall.items():
        counts = summary["recall"].get(kind)
        if counts and counts["planted"] and counts["found"] / counts["planted"] < floor:
            failed.append(f"recall {kind} {counts['found']}/{counts['planted']} < {floor}")
    for family, ceiling in max_fa.items():
        value = (sum(summary["per_10k"].values()) if family == "all"
                 else sum(v for k, v in summary["per_10k"].items() if k.startswith(family)))
        if value > ceiling:
            failed.append(f"false alarms {family} {value:.3f} per 10k > {ceiling}")
    for line in failed:
        print(f"FLOOR NOT MET: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

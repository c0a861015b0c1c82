"""Recall per defect kind over synthetic variants of the clean corpus reports.

Every variant is a clean .txt report (gold kind ``clean``) with exactly ONE defect planted by
:mod:`auditor.eval.mutate` at a place where the relation held. A variant counts as detected
when a finding with one of the kind's codes overlaps the planted anchor (the same matching
as ``auditor eval``). Sampling is deterministic (``--seed``).

Usage: ``python benchmarks/mutation_recall.py [--variants 300] [--seed 7] [--kinds a,b]
[--out DIR] [--show-misses N] [GOLD.jsonl …]``. ``--out`` writes every variant and a
``gold.jsonl`` labelling it, so a variant can be inspected or re-run with ``auditor eval``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from auditor.eval.gold import load_gold, locate
from auditor.eval.mutate import KINDS, Mutant, mutants
from auditor.eval.score import matching_code, observe
from auditor.pipeline import audit_path, audit_text

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def collect(golds: list[Path], kinds: list[str]) -> dict[str, list[tuple[str, Mutant]]]:
    """Every candidate variant of every kind, over the documents labelled clean."""
    pool: dict[str, list[tuple[str, Mutant]]] = {kind: [] for kind in kinds}
    for gold in load_gold(golds):
        # Only plain text: a DOCX/PDF's table cells would not survive the edit of its text.
        if not gold.clean or gold.path.suffix.lower() != ".txt":
            continue
        result = audit_path(gold.path)
        if result.source is None:
            continue
        for kind in kinds:
            pool[kind].extend((gold.document, m) for m in mutants(result.source.text, result.checks, kind))
    return pool


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Split ``total`` as evenly as the pool sizes allow (a small pool gives its rest away)."""
    quota = dict.fromkeys(sizes, 0)
    left = total
    open_kinds = [k for k in sizes if sizes[k] > 0]
    while left > 0 and open_kinds:
        share = max(1, left // len(open_kinds))
        for kind in list(open_kinds):
            take = min(share, sizes[kind] - quota[kind], left)
            quota[kind] += take
            left -= take
            if quota[kind] >= sizes[kind]:
                open_kinds.remove(kind)
            if left == 0:
                break
    return quota


def main(argv: list[str]) -> int:
    """Plant, audit, and print recall per kind."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("--variants", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show-misses", type=int, default=2)
    args = parser.parse_args(argv)
    golds = args.gold or sorted((CORPORA / "gold").glob("*.jsonl"))
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    started = time.perf_counter()
    pool = collect(golds, kinds)
    quota = allocate({k: len(v) for k, v in pool.items()}, args.variants)
    rng = random.Random(args.seed)
    chosen = {k: rng.sample(pool[k], quota[k]) for k in kinds}
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    gold_lines = []
    detected: dict[str, int] = defaultdict(int)
    credited: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: dict[str, list[tuple[str, Mutant]]] = defaultdict(list)
    for kind in kinds:
        for index, (document, mutant) in enumerate(chosen[kind]):
            name = f"{kind}_{index:03d}_{Path(document).stem}.txt"
            seen = observe(name, audit_text(mutant.text, path=name))
            span = locate(mutant.text, mutant.anchor, mutant.occurrence)
            assert span is not None, (document, mutant.anchor)
            code = matching_code(seen.findings, mutant.codes, span)
            if code:
                detected[kind] += 1
                credited[kind][code] += 1
            else:
                misses[kind].append((document, mutant))
            if args.out:
                (args.out / name).write_text(mutant.text, encoding="utf-8")
                gold_lines.append(mutant.gold_line(f"{args.out.name}/{name}"))
    if args.out:
        with (args.out / "gold.jsonl").open("w", encoding="utf-8") as handle:
            for line in gold_lines:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    total = sum(quota.values())
    print(f"变体 {total} 个（种子 {args.seed}，候选 {sum(len(v) for v in pool.values())} 个），"
          f"用时 {time.perf_counter() - started:.1f} 秒")
    print(f"{'类型':<14}{'候选':>6}{'变体':>6}{'检出':>6}{'召回率':>8}  命中规则")
    for kind in kinds:
        n = quota[kind]
        recall = f"{detected[kind] / n:.3f}" if n else "—"
        codes = ", ".join(f"{c}×{k}" for c, k in sorted(credited[kind].items()))
        print(f"{kind:<14}{len(pool[kind]):>6}{n:>6}{detected[kind]:>6}{recall:>8}  {codes}")
    overall = sum(detected.values())
    print(f"{'合计':<12}{'':>6}{total:>6}{overall:>6}{overall / total if total else 0:>8.3f}")
    for kind in kinds:
        for document, mutant in misses[kind][: args.show_misses]:
            print(f"  漏检 {kind}: {document} “{mutant.anchor[:60]}” —— {mutant.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Per-document relation and finding counts on a folder of real reports.

Usage: python benchmarks/real_documents.py [FOLDER ...] [--show error,warning]

Prints, for every document, how many relations were checked (by kind, pass/fail) and how
many findings each severity and rule produced; with ``--show`` the findings themselves,
so every error-level finding can be read and judged. Default folder: ../shared/real.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from auditor.batch import SkippedFile, iter_report_files
from auditor.pipeline import audit_path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "real"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--show", default="error", help="severities whose findings are printed")
    args = parser.parse_args()
    shown = {s.strip() for s in args.show.split(",") if s.strip()}
    totals: Counter[str] = Counter()
    for path in iter_report_files(args.folders):
        if isinstance(path, SkippedFile):
            continue
        started = time.perf_counter()
        result = audit_path(path)
        seconds = time.perf_counter() - started
        if result.error:
            print(f"{path.name}: {result.error[0]} {result.error[1]}")
            continue
        checks = Counter(f"{c.kind}:{c.status.value}" for c in result.checks)
        severities = Counter(f.severity.value for f in result.findings)
        codes = Counter(f.code for f in result.findings)
        totals.update(checks)
        totals.update(f"finding:{s}" for s in severities.elements())
        print(f"\n== {path.name}  ({result.chars} 字, {seconds:.2f} s)")
        print("   checks:  ", dict(sorted(checks.items())) or "—")
        print("   findings:", dict(sorted(severities.items())) or "—", dict(sorted(codes.items())))
        for finding in result.findings:
            if finding.severity.value in shown:
                context = result.source.text[max(0, finding.span.start - 40):finding.span.end + 40]
                print(f"   - {finding.code} L{finding.span.line} {finding.span.text[:30]!r}: "
                      f"{finding.message[:110]}")
                print(f"       …{' '.join(context.split())}…")
    print("\n== totals:", dict(sorted(totals.items())))


if __name__ == "__main__":
    main()

"""PDF reading speed: the reader before visual order and word boxes, and the reader now.

Usage: python benchmarks/pdf_reading.py [FOLDER] [--baseline REV] [--repeat N]

Loads ``auditor/ingest/pdf.py`` as it was at ``REV`` (default: the commit before the reader
learned visual order and word boxes) from git, and the current reader, and reads every PDF
of ``FOLDER`` (default ``../shared/real/pdf``) with both in the same process, alternating,
best of ``N`` runs. Prints milliseconds per page for each, the ratio new/old, how many
pages the new reader rebuilt in visual order, and the words it boxed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from pathlib import Path

from auditor.ingest.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real" / "pdf"
#: the last commit whose PDF reader knew neither visual order nor word boxes
BASELINE = "4d7fcf8"


def old_reader(revision: str) -> types.ModuleType:
    """The PDF reader module as it was at ``revision``."""
    source = subprocess.run(["git", "show", f"{revision}:auditor/ingest/pdf.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    module = types.ModuleType("old_pdf_reader")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:auditor/ingest/pdf.py", "exec"), module.__dict__)
    return module


def best(function, path: Path, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(path)
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    old = old_reader(args.baseline)
    from auditor.ingest import pdf_layout

    rebuilt_pages = 0
    original = pdf_layout.rebuilt

    def counting(*call_args):  # type: ignore[no-untyped-def]
        nonlocal rebuilt_pages
        rebuilt_pages += 1
        return original(*call_args)

    import auditor.ingest.pdf as current

    current.rebuilt = counting  # type: ignore[assignment]
    total_old = total_new = 0.0
    pages = words = 0
    print(f"{'file':44} {'pages':>5} {'old ms/p':>9} {'new ms/p':>9} {'ratio':>6}")
    for path in sorted(args.folder.glob("*.pdf")):
        old_time, _ = best(old.read_pdf, path, args.repeat)
        before = rebuilt_pages
        new_time, result = best(read_pdf, path, args.repeat)
        count = len(result.page_starts)  # type: ignore[attr-defined]
        pages += count
        words += len(result.boxes)  # type: ignore[attr-defined]
        total_old += old_time
        total_new += new_time
        print(f"{path.name[:44]:44} {count:5d} {old_time / count * 1000:9.2f} "
              f"{new_time / count * 1000:9.2f} {new_time / old_time:6.2f}"
              f"  rebuilt {(rebuilt_pages - before) // args.repeat}")
    if not pages:
        print("no PDF found", file=sys.stderr)
        return 1
    print(f"\nall: {pages} pages, {words} word boxes, pages rebuilt in visual order: "
          f"{rebuilt_pages // args.repeat}")
    print(f"old {total_old / pages * 1000:.2f} ms/page, new {total_new / pages * 1000:.2f} ms/page, "
          f"ratio {total_new / total_old:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

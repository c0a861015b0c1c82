"""Cut the unlabelled candidate blocks of ``corpora/lines/lines.jsonl`` out of the documents.

A block is a run of 30–60 consecutive non-empty lines of a document's extracted text
(``read_source(path).text.split("\\n")``), so a line-type model can look at neighbours.
Blocks are chosen per document with a fixed seed: the opening lines (titles, web menus),
the contents pages, tables (a few lines before a ``单位`` line, or the densest run of
numeric lines), running prose (work reports: the opening block has enough), and for web
pages and scraped text the closing lines (site footers). Overlapping blocks are merged.
The labels are added by hand (see README.md);
``--check`` re-extracts and reports lines of ``lines.jsonl`` whose text no longer matches.

    python corpora/lines/build_lines.py --out /tmp/blocks.jsonl
    python corpora/lines/build_lines.py --check corpora/lines/lines.jsonl
    python corpora/lines/build_lines.py --check corpora/lines/lines.jsonl --restore /tmp/full.jsonl
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from realdocs import DEFAULT_FOLDER, genre_of, real_documents, split_of  # noqa: E402

from auditor.ingest import read_source  # noqa: E402

SEED = 11
OWN = (
    "corpora/samples/001_dept_overall_qinghe_canlian.txt",
    "corpora/samples/003_final_accounts_linjiang_eco.txt",
    "corpora/reports/009_budget_county_exec.txt",
    "corpora/reports/014_dept_agri_overall.txt",
    "corpora/reports/024_dept_hrss_overall.txt",
    "corpora/reports/044_dept_civil_overall.txt",
    "corpora/reports/052_project_hrss_employment.docx",
    "corpora/reports/055_project_agri_farmland.pdf",
)
CONTENTS = re.compile(r"\s*目\s*录\s*")
UNIT = re.compile(r"单位[:：]")
NUMBER = re.compile(r"-?\d[\d,，]*(?:\.\d+)?")
SENTENCE = re.compile(r"[。；]")
BOOKS = frozenset({"final_accounts", "department_final_accounts"})
#: Lines longer than this keep only their head and tail (see README: no long passages of the
#: real documents in the repository); ``--full`` restores them from the documents.
CLIP, HEAD, TAIL = 80, 50, 20


def numeric(line: str) -> bool:
    """A line that looks like a table row: two or more numbers and little running text."""
    return len(NUMBER.findall(line)) >= 2 and not SENTENCE.search(line)


def window(rows: list[int], centre: int, size: int) -> tuple[int, int]:
    """``size`` non-empty rows starting at position ``centre`` (clamped to the document)."""
    start = max(0, min(centre, len(rows) - size))
    return start, min(len(rows), start + size)


def choose(rng: random.Random, candidates: list[int]) -> int | None:
    return rng.choice(candidates) if candidates else None


def blocks_of(lines: list[str], genre: str, kind: str, rng: random.Random) -> list[tuple[int, int]]:
    """Spans (start, end) over the list of non-empty line positions of one document."""
    rows = [i for i, line in enumerate(lines) if line.strip()]
    text = [lines[i] for i in rows]
    spans = [window(rows, 0, 40)]
    for pos in [p for p, line in enumerate(text) if CONTENTS.fullmatch(line)][:4]:
        spans.append(window(rows, pos - 2, 50))
    size = 45
    dense = [p for p in range(len(text) - size) if sum(map(numeric, text[p:p + size])) > size // 2]
    units = [p for p, line in enumerate(text) if UNIT.search(line) and p > 40]
    tables = 2 if kind == "pdf" or genre in BOOKS else 1
    for _ in range(tables):
        pos = choose(rng, units)
        pos = choose(rng, dense) if pos is None else pos - 4
        if pos is not None:
            spans.append(window(rows, pos, size))
    # More table openings (title, unit, header) in books of tables; a generator of its own
    # so that adding these did not move the blocks drawn above.
    extra = random.Random(f"captions:{len(lines)}")
    if genre != "work_report":
        for _ in range(min(4, len(units) // 15)):
            spans.append(window(rows, extra.choice(units) - 3, 30))
    prose = [p for p in range(40, len(text) - 30) if sum(bool(SENTENCE.search(t)) for t in text[p:p + 30]) > 12]
    pos = choose(rng, prose)
    if pos is not None and genre != "work_report":
        spans.append(window(rows, pos, 30))
    if kind in {"html", "txt"}:
        spans.append(window(rows, len(rows) - 30, 30))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return [(rows[a], rows[b - 1]) for a, b in merged]


def clipped(line: str) -> str:
    return line if len(line) <= CLIP else line[:HEAD] + "…" + line[-TAIL:]


def records(path: Path, block_base: int, rng: random.Random, full: bool = False,
            spans: list[tuple[int, int]] | None = None) -> list[dict]:
    source = read_source(path)
    lines = source.text.split("\n")
    own = "corpora" in path.parts
    genre = "performance" if own else genre_of(path.name)
    offsets, offset = [], 0
    for line in lines:
        offsets.append(offset)
        offset += len(line) + 1
    page_of = (lambda i: bisect.bisect_right(source.page_starts, offsets[i]) - 1) if source.page_starts else None
    page_rows: dict[int, list[int]] = {}
    if page_of:
        for i, line in enumerate(lines):
            if line.strip():
                page_rows.setdefault(page_of(i), []).append(i)
    out = []
    chosen = spans if spans is not None else blocks_of(lines, genre, source.format, rng)
    for number, (first, last) in enumerate(chosen):
        for i in range(first, last + 1):
            if not lines[i].strip():
                continue
            page = page_rows.get(page_of(i), []) if page_of else None
            out.append({
                "doc": path.name, "split": "corpus" if own else split_of(path.name),
                "genre": genre, "block": block_base + number, "index": i,
                "text": lines[i] if full else clipped(lines[i]), "chars": len(lines[i]),
                "label": None, "page_line": page.index(i) if page else None,
                "page_lines": len(page) if page else None,
            })
    return out


#: Second round (issue 11): more table openings from the tune-half documents that hold
#: tables, where the first round had few table headers and captions.
MORE_TABLES = 4
MORE_SIZE = 32
TABLE_TITLE = re.compile(r"表\s*$")


def more_tables(path: Path, block_base: int, labelled: set[int]) -> list[dict]:
    """Blocks of ``MORE_SIZE`` lines from 4 lines above a unit line or a table title,
    away from the lines already labelled (own generator per document)."""
    rng = random.Random(f"tables2:{path.name}")
    source = read_source(path)
    lines = source.text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.strip()]
    anchors = [p for p, i in enumerate(rows) if (UNIT.search(lines[i]) or (
        TABLE_TITLE.search(lines[i]) and not SENTENCE.search(lines[i]) and len(lines[i].strip()) <= 40))
        and not any(abs(i - j) <= 40 for j in labelled)]
    rng.shuffle(anchors)
    chosen: list[tuple[int, int]] = []
    for pos in anchors:
        start, end = window(rows, pos - 4, MORE_SIZE)
        if all(end <= a or start >= b for a, b in chosen):
            chosen.append((start, end))
        if len(chosen) == MORE_TABLES:
            break
    base = records(path, block_base, random.Random(0), spans=[(rows[a], rows[b - 1]) for a, b in sorted(chosen)])
    return base


#: Third round (issue 11): the rare types where the cross-validated F1 was lowest: page
#: numbers inside the body (a document's page numbers, not only its first page), more table
#: openings, and numbered section titles in running text.
PAGE_MARK = re.compile(r"^\s*(?:[-—–~_]+\s*\d{1,4}\s*[-—–~_]+|第\s*\d{1,4}\s*页.{0,8}|\d{1,4})\s*$")
SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.．、])\S{2,24}$")
ROUND3 = (("page", PAGE_MARK, 2, 16, 8), ("table", None, 3, 24, 4), ("section", SECTION, 2, 16, 4))


def round3(path: Path, block_base: int, labelled: set[int]) -> list[dict]:
    """Per kind of ``ROUND3`` (name, anchor pattern, blocks, size, lines above the anchor):
    blocks around randomly chosen anchors, at least 40 lines from every labelled line and
    from each other (own generator per document)."""
    rng = random.Random(f"round3:{path.name}")
    lines = read_source(path).text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.strip()]
    taken = set(labelled)
    spans: list[tuple[int, int]] = []
    for _, pattern, count, size, above in ROUND3:
        def anchor(line: str, pattern: re.Pattern[str] | None = pattern) -> bool:
            if pattern is not None:
                return pattern.match(line) is not None
            return bool(UNIT.search(line) or (TABLE_TITLE.search(line) and not SENTENCE.search(line)
                                              and len(line.strip()) <= 40))
        anchors = [p for p, i in enumerate(rows) if anchor(lines[i])
                   and not any(abs(i - j) <= 40 for j in taken)]
        rng.shuffle(anchors)
        chosen = 0
        for pos in anchors:
            start, end = window(rows, pos - above, size)
            if any(abs(rows[q] - j) <= 40 for q in (start, end - 1) for j in taken):
                continue
            spans.append((start, end))
            taken.update(rows[start:end])
            chosen += 1
            if chosen == count:
                break
    return records(path, block_base, random.Random(0),
                   spans=[(rows[a], rows[b - 1]) for a, b in sorted(spans)])


#: Fourth round (issue 11): document kinds the first three rounds held little of — web pages
#: and scraped text (whatever of them is still unlabelled: menus, news lists, footers), the
#: narrow-column PDF, work reports with many short headings, a department's final accounts
#: and the self-evaluation forms appended to a final-accounts book. Per document: how many
#: lines at most, and an anchor pattern (blocks start 4 lines above it) or None.
FORM = re.compile(r"自评表")
ROUND4: dict[str, tuple[int, re.Pattern[str] | None]] = {
    "fuxin_2025_final_accounts_report.html": (80, None),
    "sanming_2019_budget_report.html": (40, None),
    "zhumadian_2018_budget_report.html": (75, None),
    "yiyang_2025_budget_report.html": (10, None),
    "shantou_2025_budget_report.txt": (60, None),
    "2026_河南省_政府工作报告.txt": (28, None),
    "2026_重庆市_政府工作报告.txt": (34, None),
    "2026_湖北省_政府工作报告.txt": (40, None),
    "2026_四川省_政府工作报告.txt": (40, None),
    "national_2024_政府工作报告.txt": (40, None),
    "hohhot_2025_budget_report.pdf": (64, None),
    "中共上海市普陀区委社会工作部2024年度部门决算.pdf": (60, None),
    "tianjin_2025_budget_report.pdf": (32, None),
    "nantong_2025_budget_report.pdf": (32, None),
    "chengde_2025_budget_report.docx": (32, None),
    "fujian_2024_final_accounts.txt": (40, FORM),
}
ROUND4_BLOCK = 32


def round4(path: Path, block_base: int, labelled: set[int]) -> list[dict]:
    """Blocks of up to ``ROUND4_BLOCK`` unlabelled consecutive non-empty lines (shorter where
    a labelled line or the document's end stops them), drawn at random up to the document's
    quota (own generator per document)."""
    quota, pattern = ROUND4[path.name]
    rng = random.Random(f"round4:{path.name}")
    lines = read_source(path).text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.strip()]
    free = [i not in labelled for i in rows]
    starts = [max(0, p - 4) for p, i in enumerate(rows) if pattern.search(lines[i])] if pattern \
        else list(range(len(rows)))
    rng.shuffle(starts)
    taken: set[int] = set()
    spans: list[tuple[int, int]] = []
    total = 0
    for start in starts:
        if total >= quota or not free[start] or start in taken:
            continue
        end = start
        while end < len(rows) and free[end] and end not in taken and end - start < min(ROUND4_BLOCK, quota - total):
            end += 1
        if end - start < 8:
            continue
        spans.append((start, end))
        taken.update(range(start, end))
        total += end - start
    return records(path, block_base, random.Random(0),
                   spans=[(rows[a], rows[b - 1]) for a, b in sorted(spans)])


#: The label files each round kept its blocks away from (the rounds before it).
ROUND3_BEFORE = ("lines.jsonl", "round2/tables_tune.jsonl")
ROUND4_BEFORE = (*ROUND3_BEFORE, "round3/rare_tune.jsonl")


def labelled_lines(files: tuple[str, ...]) -> dict[str, set[int]]:
    """The line numbers of every document labelled in ``files`` (under corpora/lines)."""
    seen: dict[str, set[int]] = {}
    for name in files:
        for raw in (ROOT / "corpora" / "lines" / name).read_text("utf-8").splitlines():
            row = json.loads(raw)
            seen.setdefault(row["doc"], set()).add(row["index"])
    return seen


def documents(folder: Path) -> list[Path]:
    return list(real_documents(folder)) + [ROOT / name for name in OWN]


def build(folder: Path, full: bool = False) -> list[dict]:
    rng = random.Random(SEED)
    out: list[dict] = []
    for number, path in enumerate(documents(folder)):
        out.extend(records(path, number * 100, rng, full))
    return out


def check(labelled: Path, folder: Path, restore: Path | None = None) -> int:
    """Count labelled lines whose text no longer matches; optionally write them unclipped."""
    by_doc = {path.name: path for path in documents(folder)}
    texts: dict[str, list[str]] = {}
    bad = 0
    out = []
    for raw in labelled.read_text(encoding="utf-8").splitlines():
        row = json.loads(raw)
        if row["doc"] not in texts:
            texts[row["doc"]] = read_source(by_doc[row["doc"]]).text.split("\n")
        lines = texts[row["doc"]]
        if row["index"] >= len(lines) or clipped(lines[row["index"]]) != row["text"]:
            bad += 1
        else:
            out.append({**row, "text": lines[row["index"]]})
    print(f"{bad} labelled lines no longer match the extracted text")
    if restore:
        restore.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--out", type=Path, help="write the unlabelled blocks here")
    parser.add_argument("--check", type=Path, help="compare a labelled file with the extraction")
    parser.add_argument("--full", action="store_true", help="keep long lines whole (not for commits)")
    parser.add_argument("--restore", type=Path, help="with --check: write its lines unclipped here")
    parser.add_argument("--more-tables", type=Path,
                        help="write the second round's table blocks (tune half) here")
    parser.add_argument("--round3", type=Path,
                        help="write the third round's blocks (tune half: page numbers, tables, sections)")
    parser.add_argument("--round4", type=Path,
                        help="write the fourth round's blocks (tune half: web pages, narrow columns, forms)")
    args = parser.parse_args()
    if args.check:
        return check(args.check, args.folder, args.restore)
    for option, cut, before, base in ((args.round4, round4, ROUND4_BEFORE, 95),
                                      (args.round3, round3, ROUND3_BEFORE, 90)):
        if option is None:
            continue
        seen = labelled_lines(before)
        out = []
        for number, path in enumerate(documents(args.folder)):
            wanted = path.name in ROUND4 if cut is round4 else "corpora" not in path.parts
            if wanted and split_of(path.name) == "tune":
                out.extend(cut(path, number * 100 + base, seen.get(path.name, set())))
        option.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
        print(f"{len(out)} lines in {len({r['block'] for r in out})} blocks")
        return 0
    if args.more_tables:
        labelled: dict[str, set[int]] = {}
        for raw in (ROOT / "corpora" / "lines" / "lines.jsonl").read_text("utf-8").splitlines():
            row = json.loads(raw)
            labelled.setdefault(row["doc"], set()).add(row["index"])
        out = []
        for number, path in enumerate(documents(args.folder)):
            if split_of(path.name) == "tune" and "corpora" not in path.parts:
                out.extend(more_tables(path, number * 100 + 60, labelled.get(path.name, set())))
        args.more_tables.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out),
                                    encoding="utf-8")
        print(f"{len(out)} lines in {len({r['block'] for r in out})} blocks")
        return 0
    rows = build(args.folder, args.full)
    if args.out:
        with args.out.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} lines in {len({r['block'] for r in rows})} blocks")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Cut the fifth round's blocks (issue 11): development documents no structure rule was written from.

The documents are public texts found in other repositories, kept outside this one
(``/work/notes/fresh5``: national work reports, city budget reports, final-accounts reports;
``/work/notes/fresh4``: short extracts of county, district and town budget and final-accounts
reports and a few statistics pages). Blocks are chosen per document by ``blocks_of`` of
``build_lines.py`` (opening lines, contents, tables from 4 lines above a ``单位`` line, a prose
block, the closing lines), with a generator of their own (seed ``round5``); the short extracts
are whole documents, drawn per genre with the same generator up to a quota. Rows carry split
``dev``: ``auditor train`` scores them apart and never fits on them.

    python corpora/lines/build_round5.py --fresh5 /work/notes/fresh5 --fresh4 /work/notes/fresh4 \\
        --out /tmp/round5.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

from build_lines import blocks_of, clipped

SEED = "round5"
SPLIT = "dev"
#: fresh4 extracts per genre, and the fewest non-empty lines an extract must have. Every
#: extract whose description names a table (``表``) is taken: the others are running text.
FRESH4_QUOTA = {"budget": 8, "final_accounts": 12, "other": 4}
FRESH4_MIN_LINES = 8
GENRES = {"work_report": "work_report", "budget_report": "budget", "final_accounts": "final_accounts"}


def fresh4_genre(kind: str) -> str:
    """The genre of a fresh4 extract from its INDEX description."""
    if "月报" in kind or "统计" in kind or "新闻" in kind or "分析" in kind:
        return "other"
    if "决算" in kind:
        return "final_accounts"
    return "budget" if "预算" in kind else "other"


def rows_of(path: Path, doc: str, genre: str, block_base: int, spans: list[tuple[int, int]] | None,
            rng: random.Random) -> list[dict]:
    lines = path.read_text("utf-8").split("\n")
    chosen = spans if spans is not None else blocks_of(lines, genre, "txt", rng)
    out = []
    for number, (first, last) in enumerate(chosen):
        for i in range(first, last + 1):
            if lines[i].strip():
                out.append({"doc": doc, "split": SPLIT, "genre": genre, "block": block_base + number,
                            "index": i, "text": clipped(lines[i]), "chars": len(lines[i]),
                            "label": None, "page_line": None, "page_lines": None})
    return out


def index_of(folder: Path) -> list[dict[str, str]]:
    with (folder / "INDEX.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def build(fresh5: Path, fresh4: Path) -> list[dict]:
    rng = random.Random(SEED)
    out: list[dict] = []
    number = 0
    for entry in sorted(index_of(fresh5), key=lambda e: e["file"]):
        path = fresh5 / entry["file"]
        if path.exists():
            out.extend(rows_of(path, path.name, GENRES[entry["genre"]], number * 100, None, rng))
            number += 1
    by_genre: dict[str, list[Path]] = {}
    genre_of: dict[Path, str] = {}
    tables: list[Path] = []
    for entry in sorted(index_of(fresh4), key=lambda e: e["NNN"]):
        path = fresh4 / f"{entry['NNN']}.txt"
        genre_of[path] = fresh4_genre(entry["genre"])
        lines = [line for line in path.read_text("utf-8").split("\n") if line.strip()]
        if len(lines) >= FRESH4_MIN_LINES:
            by_genre.setdefault(genre_of[path], []).append(path)
            if "表" in entry["genre"]:
                tables.append(path)
    chosen: list[Path] = []
    for genre, quota in FRESH4_QUOTA.items():
        chosen += sorted(rng.sample(by_genre.get(genre, []), min(quota, len(by_genre.get(genre, [])))))
    # then every extract whose description names a table, drawn or not (few drawn ones hold one)
    chosen += [path for path in tables if path not in chosen]
    for path in chosen:
        genre = genre_of[path]
        lines = path.read_text("utf-8").split("\n")
        rows = [i for i, line in enumerate(lines) if line.strip()]
        out.extend(rows_of(path, f"fresh4_{path.name}", genre, number * 100, [(rows[0], rows[-1])], rng))
        number += 1
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh5", type=Path, required=True)
    parser.add_argument("--fresh4", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out = build(args.fresh5, args.fresh4)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} lines in {len({r['block'] for r in out})} blocks")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

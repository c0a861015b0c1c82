"""The input classes the speed targets are stated for, generated reproducibly (seeded).

- prose: ordinary report text (the project's own reports in ``corpora/reports``);
- dense figures: short figure sentences, one per line (budget, spending, rates, changes,
  parts of totals), the shape of a statistical annex;
- one huge line: the same sentences with no line break at all;
- many tiny files: a few hundred characters each.

Used by ``benchmarks/throughput.py`` and by the heavy part of the fault corpus
(:func:`write_heavy_files`).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_ITEMS = ("教育", "卫生健康", "农林水", "社会保障和就业", "城乡社区", "交通运输", "文化旅游体育与传媒",
          "科学技术", "节能环保", "住房保障", "公共安全", "一般公共服务")


def figure_sentences(seed: int = 13) -> Iterator[str]:
    """An endless stream of short sentences full of figures (each relation holds or not at random)."""
    rng = random.Random(seed)
    number = 0
    while True:
        number += 1
        item = rng.choice(_ITEMS)
        budget = rng.randint(1000, 999999) / 100
        spent = round(budget * rng.uniform(0.6, 1.05), 2)
        rate = spent / budget * 100
        kind = number % 5
        if kind == 0:
            yield f"{item}支出预算{budget:.2f}万元，实际支出{spent:.2f}万元，执行率{rate:.2f}%。"
        elif kind == 1:
            last = round(spent / rng.uniform(0.8, 1.3), 2)
            change = spent - last
            amount, rate_word = ("增加", "增长") if change >= 0 else ("减少", "下降")
            yield (f"{item}支出{spent:.2f}万元，比上年{amount}{abs(change):.2f}万元，"
                   f"{rate_word}{abs(change) / last * 100:.1f}%。")
        elif kind == 2:
            part = round(spent * rng.uniform(0.2, 0.8), 2)
            yield f"其中：{item}项目{number}支出{part:.2f}万元，其他支出{spent - part:.2f}万元，合计{spent:.2f}万元。"
        elif kind == 3:
            yield f"{item}项目{number}年初预算{budget:.2f}万元，调整预算{spent:.2f}万元，完成调整预算的{rate:.1f}%。"
        else:
            yield f"{item}专项资金{budget:.2f}万元，占全年支出的{rng.uniform(1, 40):.1f}%，较上年持平。"


def dense_text(chars: int, seed: int = 13, separator: str = "\n") -> str:
    """About ``chars`` characters of figure sentences joined by ``separator``."""
    pieces: list[str] = []
    size = 0
    for sentence in figure_sentences(seed):
        if size >= chars:
            break
        pieces.append(sentence)
        size += len(sentence) + len(separator)
    return separator.join(pieces) + "\n"


def prose_texts() -> list[str]:
    """The project's own reports (ordinary prose with a normal share of figures)."""
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "reports").glob("*.txt"))]


def tiny_texts(count: int, seed: int = 13, sentences: int = 8) -> list[str]:
    """``count`` short reports (about 500 characters): headings, figure sentences, a claim."""
    stream = figure_sentences(seed)
    texts = []
    for _ in range(count):
        body = "\n".join(next(stream) for _ in range(sentences))
        texts.append(f"一、基本情况\n{body}\n二、存在问题\n无。\n三、评价结论\n完成年度绩效目标，自评为优。\n")
    return texts


def write_heavy_files(folder: Path) -> dict[str, int]:
    """The heavy inputs of the fault corpus: 4.35 M characters of figure sentences, and a 2 MB single line."""
    folder.mkdir(parents=True, exist_ok=True)
    dense = dense_text(4_350_000)
    (folder / "dense-figures.txt").write_text(dense, encoding="utf-8")
    line = dense_text(950_000, seed=14, separator="")  # ~2 MB of UTF-8 without a line break
    (folder / "one-line.txt").write_text(line.rstrip("\n"), encoding="utf-8")
    return {"dense-figures.txt": len(dense), "one-line.txt": len(line)}

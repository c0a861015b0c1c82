"""Build ``real.jsonl``: sentences of the public reports in ``../shared/real``, labelled by hand.

The script *selects* the sentences (deterministically: every draw is ranked by a sha256 of a
fixed seed, the file name and the sentence's position) and merges in the roles of
``real_labels.tsv`` (``id<TAB>role<TAB>digest``, written by a person who read each sentence
in its context; ``digest`` is the first 10 hex digits of the sha256 of the text, so a label
can never silently move to another sentence). Only labelled sentences are written.

Units are what the classifier sees at run time: ``AnalysedDocument(source).sentences``. A
unit is a candidate when it reads as prose or a heading, not as a table row, a contents line
or web-page chrome (see :func:`is_candidate`).

Per document, ``RANDOM_PER_DOC[genre]`` sentences are drawn at random from the candidates
(``sampling: random``), then ``TARGETED_PER_DOC[genre]`` from what is left, in turns from the
cue nets of :data:`NETS` (``sampling: targeted``), and finally every remaining candidate that
matches :data:`EXHAUSTIVE` (the rare no-problem and grade/score cues) is added, so that every
real instance of those roles is in the set. A text already selected (from an earlier document
or earlier in the same one) is not taken twice.

Run from the repository root::

    python corpora/roles/build_real.py [--real ../shared/real] [--text-cache DIR]
        [--candidates OUT.jsonl] [--counts]

``--text-cache DIR`` reads ``DIR/<stem>.txt`` instead of parsing a document when that file
exists (the cached text is ``read_source(path).text``, so the sentences are the same; it spares
LibreOffice for the ``.doc``). ``--candidates`` also writes every selected sentence, labelled
or not, with its position and neighbours, for labelling.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from realdocs import DEFAULT_FOLDER, GENRES, genre_of, real_documents, split_of  # noqa: E402

from auditor.document import AnalysedDocument  # noqa: E402
from auditor.ingest import read_source  # noqa: E402
from auditor.text.headings import parse_heading_mark  # noqa: E402
from auditor.text.sentences import TextRange  # noqa: E402

SEED = "roles-real-2026"
LABELS = HERE / "real_labels.tsv"
OUTPUT = HERE / "real.jsonl"
ROLES = ("no_problem", "problem", "measure", "rating", "all_met", "shortfall", "figure", "other")

RANDOM_PER_DOC = {"work_report": 12, "budget": 12, "final_accounts": 30,
                  "department_final_accounts": 40}
TARGETED_PER_DOC = {"work_report": 15, "budget": 14, "final_accounts": 30,
                    "department_final_accounts": 40}

_HAN = regex.compile(r"\p{Han}")
_SPACE = regex.compile(r"\s")
_SENTENCE_PUNCTUATION = regex.compile(r"[。；;！？!?，,：:]\s*[”’」』\"]?$")
_CONTENTS_LEADER = regex.compile(r"…{2,}|\.{4,}|·{4,}")
_WEB_CHROME = regex.compile(
    r"\{\{|\}\}|\$\(|function\s*\(|\bvar\s|//|-->|https?://|www\.|首页\s*>|当前位置|版权所有"
    r"|ICP|公网安备|【字号|打印本页|关闭窗口"
)
#: three numbers in a row separated only by spaces: a flattened table row
_NUMBER_ROW = regex.compile(r"-?\d[\d,.%]*\s+-?\d[\d,.%]*\s+-?\d")
_NUMBER_PAIR = regex.compile(r"-?\d[\d,.%]*\s+-?\d[\d,.%]*")
#: a heading-numbered line ending in a bare number is a table row (``五、彩票公益金收入 2275``)
_TRAILING_NUMBER = regex.compile(r"\d$")

#: cue nets for the targeted draw, one turn each (broad on purpose: they find candidates,
#: the person labelling decides the role)
NETS: dict[str, regex.Pattern[str]] = {
    "problem": regex.compile(
        r"问题|困难|不足|短板|弱项|差距|风险|挑战|矛盾|隐患|薄弱|滞后|压力|不够|不强|不高|不优"
        r"|不平衡|不充分|有待|仍需|亟待|亟需|偏慢|偏低|偏高|紧平衡|制约|下行|承压|不到位"
    ),
    "measure": regex.compile(
        r"整改|下一步|建议|针对|改进|着力解决|切实解决|加以解决|研究解决|采取.{0,6}措施|将(?:进一步|继续|着力|持续)"
        r"|今后|认真(?:听取|研究)"
    ),
    "shortfall": regex.compile(
        r"未完成|未达到|未能|没有完成|低于|偏差|主要是|主要原因|原因是|短收|减收|下降|减少|未达"
    ),
    "all_met": regex.compile(
        r"全面完成|圆满完成|超额完成|顺利完成|如期完成|全部完成|均(?:已)?完成|均达到|完成.{0,12}(?:目标|任务)"
        r"|实现.{0,8}目标|收官|达到.{0,6}(?:预期|目标)"
    ),
}
#: rare roles: every candidate with one of these cues is taken
EXHAUSTIVE = regex.compile(
    r"无问题|未发现|没有发现|不存在|暂无|无重大|无违规|未出现|未发生|没有发生|无一|零发生|发现问题\s*0"
    r"|得\s*[\d.]+\s*分|[\d.]+\s*分(?:[，,。;；)）]|$)|得分|评分|分值|满分|等级为|等次为|评级为|评定为"
    r"|评价结果为|评为\s*[“\"]?(?:优|良|中|差|合格|不合格|[A-D]级)|自评.{0,12}(?:优|良|分)"
    r"|[“\"](?:优秀|良好|优|良|中|差|合格|不合格)[”\"]"
)
#: a second net for the same two roles, added when a scan of all candidates showed real forms
#: the first one missed (assessment grades of work reports, "no new …", "zero deaths")
EXHAUSTIVE_2 = regex.compile(
    r"(?:考核|考评|评价|评估|监测)[^。；;]{0,16}(?:优秀|[A-D]\+?级|第一档|[“\"]好[”\"]的等次|等次)"
    r"|获评[^。；;]{0,8}(?:优秀|[A-D]\+?级|最高等级)|结果为[“\"]?(?:优秀|[A-D]\+?级)"
    r"|无新增|零亡人|零伤亡|零事故|零违约"
)


@dataclass(frozen=True)
class Candidate:
    """A selectable sentence of one document."""

    doc: str
    index: int
    start: int
    text: str


def is_candidate(sentence: TextRange) -> bool:
    """Prose or a heading: not a table row, a contents line or web-page chrome."""
    text = sentence.text
    if "\t" in text:
        return False
    han = len(_HAN.findall(text))
    visible = len(_SPACE.sub("", text))
    if han < 6 or han / visible < 0.5:
        return False
    if _CONTENTS_LEADER.search(text) or _WEB_CHROME.search(text) or _NUMBER_ROW.search(text):
        return False
    if _SENTENCE_PUNCTUATION.search(text):
        return True
    return (
        parse_heading_mark(text) is not None
        and not _NUMBER_PAIR.search(text)
        and not _TRAILING_NUMBER.search(text)
    )


def rank(*parts: object) -> str:
    """The fixed pseudo-random order of every draw."""
    return hashlib.sha256("|".join([SEED, *map(str, parts)]).encode("utf-8")).hexdigest()


def digest(text: str) -> str:
    """What a label line records of its sentence."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def document_sentences(path: Path, text_cache: Path | None) -> list[TextRange]:
    """The run-time sentences of one document."""
    cached = text_cache / f"{path.stem}.txt" if text_cache else None
    source = read_source(cached if cached and cached.exists() else path)
    return AnalysedDocument(source).sentences


def select(path: Path, sentences: list[TextRange], taken: set[str]) -> Iterator[tuple[str, Candidate]]:
    """``(sampling, candidate)`` for the sentences drawn from one document."""
    name, genre = path.name, genre_of(path.name)
    pool = [Candidate(name, i, s.start, s.text) for i, s in enumerate(sentences) if is_candidate(s)]

    def draw(candidates: list[Candidate], count: int, purpose: str) -> list[Candidate]:
        chosen = []
        for candidate in sorted(candidates, key=lambda c: rank(name, purpose, c.index)):
            if len(chosen) == count:
                break
            if candidate.text not in taken:
                taken.add(candidate.text)
                chosen.append(candidate)
        return chosen

    for candidate in draw(pool, RANDOM_PER_DOC[genre], "random"):
        yield "random", candidate
    queues = {
        net: sorted((c for c in pool if pattern.search(c.text)), key=lambda c: rank(name, net, c.index))
        for net, pattern in NETS.items()
    }
    wanted = TARGETED_PER_DOC[genre]
    while wanted and any(queues.values()):
        for queue in queues.values():
            while queue and wanted:
                candidate = queue.pop(0)
                if candidate.text not in taken:
                    taken.add(candidate.text)
                    wanted -= 1
                    yield "targeted", candidate
                    break
    for candidate in pool:
        if EXHAUSTIVE.search(candidate.text) and candidate.text not in taken:
            taken.add(candidate.text)
            yield "targeted", candidate


def build(real: Path, text_cache: Path | None) -> list[dict[str, object]]:
    """Every selected sentence, with its id, in id order.

    Ids follow a fixed shuffle of the first pass (random, targeted, :data:`EXHAUSTIVE`);
    sentences of the second net (:data:`EXHAUSTIVE_2`, added after the first pass was
    labelled) are drawn only after the first pass of every document and numbered after it,
    so no earlier id moves.
    """
    taken: set[str] = set()
    documents = [(path, document_sentences(path, text_cache)) for path in real_documents(real)]
    first = [
        _row(path, sentences, sampling, candidate)
        for path, sentences in documents
        for sampling, candidate in select(path, sentences, taken)
    ]
    second = [
        _row(path, sentences, "targeted", candidate)
        for path, sentences in documents
        for candidate in second_net(path, sentences, taken)
    ]
    rows = []
    for batch in (first, second):
        batch.sort(key=lambda row: rank("id", row["doc"], row["position"]))
        for row in batch:
            row["id"] = f"real{len(rows):05d}"
            rows.append(row)
    return rows


def second_net(path: Path, sentences: list[TextRange], taken: set[str]) -> Iterator[Candidate]:
    """Candidates of :data:`EXHAUSTIVE_2` not taken yet."""
    for index, sentence in enumerate(sentences):
        if is_candidate(sentence) and EXHAUSTIVE_2.search(sentence.text) and sentence.text not in taken:
            taken.add(sentence.text)
            yield Candidate(path.name, index, sentence.start, sentence.text)


def _row(path: Path, sentences: list[TextRange], sampling: str, candidate: Candidate) -> dict[str, object]:
    before = sentences[candidate.index - 1].text if candidate.index else ""
    after = sentences[candidate.index + 1].text if candidate.index + 1 < len(sentences) else ""
    return {
        "doc": candidate.doc, "genre": genre_of(candidate.doc), "split": split_of(candidate.doc),
        "text": candidate.text, "role": None, "sampling": sampling, "position": candidate.start,
        "before": before, "after": after,
    }


def read_labels(path: Path) -> dict[str, tuple[str, str]]:
    """``id -> (role, digest)`` from the labels file (``#`` lines are comments)."""
    labels: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        identifier, role, text_digest = line.split("\t")
        if role not in ROLES:
            raise SystemExit(f"{path.name}:{number}: unknown role {role!r}")
        if identifier in labels:
            raise SystemExit(f"{path.name}:{number}: {identifier} labelled twice")
        labels[identifier] = (role, text_digest)
    return labels


def merge(rows: list[dict[str, object]], labels: dict[str, tuple[str, str]]) -> list[dict[str, object]]:
    """The labelled rows, in the fields of ``real.jsonl``; a stale label is an error."""
    by_id = {row["id"]: row for row in rows}
    labelled = []
    for identifier, (role, text_digest) in sorted(labels.items()):
        row = by_id.get(identifier)
        if row is None or digest(str(row["text"])) != text_digest:
            raise SystemExit(f"label {identifier} no longer matches its sentence: rebuild changed")
        labelled.append({
            "id": identifier, "doc": row["doc"], "genre": row["genre"], "split": row["split"],
            "text": row["text"], "role": role, "sampling": row["sampling"],
        })
    return labelled


def print_counts(labelled: list[dict[str, object]]) -> None:
    """Counts per role × genre × split, as the Markdown table of the README."""
    counts = Counter((row["role"], row["genre"], row["split"]) for row in labelled)
    columns = [(genre, split) for genre in GENRES for split in ("tune", "check")]
    print("| role | " + " | ".join(f"{genre} {split}" for genre, split in columns) + " | total |")
    print("|" + "---|" * (len(columns) + 2))
    for role in (*ROLES, "total"):
        roles = ROLES if role == "total" else (role,)
        cells = [sum(counts[(r, genre, split)] for r in roles) for genre, split in columns]
        print(f"| {role} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} |")
    sampling = Counter(row["sampling"] for row in labelled)
    print(f"\nrandom {sampling['random']}, targeted {sampling['targeted']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--text-cache", type=Path)
    parser.add_argument("--candidates", type=Path, help="also write every selected sentence here")
    parser.add_argument("--counts", action="store_true", help="print role × genre × split counts")
    args = parser.parse_args(argv)
    if not args.real.is_dir():
        raise SystemExit(f"no documents at {args.real}")
    rows = build(args.real, args.text_cache)
    if args.candidates:
        with args.candidates.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    labelled = merge(rows, read_labels(LABELS)) if LABELS.exists() else []
    with OUTPUT.open("w", encoding="utf-8") as out:
        for row in labelled:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} sentences selected, {len(labelled)} labelled → {OUTPUT.name}")
    if args.counts:
        print_counts(labelled)


if __name__ == "__main__":
    main()

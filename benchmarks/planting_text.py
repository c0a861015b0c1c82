"""Sites for the non-figure kinds: heading skips, wrong years, 无问题 claims, grade/score.

As in :mod:`planting`, nothing here asks the auditor: a heading is a short numbered line
whose predecessor in the same numbering style carries the number before it; the report's
own years come from the file name (the README of ``../shared/real`` says which years each
document reports on); claims and ratings are sentences inserted at sentence boundaries of
prose, in wording written for this benchmark only.
"""

from __future__ import annotations

import bisect
import random
import re
from collections.abc import Iterator
from pathlib import Path

from planting import CODES, Edit, flat

_CN = "一二三四五六七八九十"
STYLES: dict[str, re.Pattern[str]] = {
    "cn": re.compile(rf"^[ \t]*([{_CN}]{{1,3}})、"),
    "cn_paren": re.compile(rf"^[ \t]*[（(]([{_CN}]{{1,3}})[）)]"),
    "arabic": re.compile(r"^[ \t]*(\d{1,2})[.．、](?![\d.．])"),
    "arabic_paren": re.compile(r"^[ \t]*[（(](\d{1,2})[）)]"),
}
_RANK = {"cn": 0, "cn_paren": 1, "arabic": 2, "arabic_paren": 3}


def cn_to_int(numeral: str) -> int | None:
    """一 … 九十九 as an int (None for anything else)."""
    if not numeral or any(c not in _CN for c in numeral):
        return None
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + _CN.index(numeral[1]) + 1 if len(numeral) == 2 else None
    if len(numeral) == 1:
        return _CN.index(numeral) + 1
    if numeral[1] == "十":
        tens = _CN.index(numeral[0]) + 1
        return tens * 10 + (_CN.index(numeral[2]) + 1 if len(numeral) == 3 else 0)
    return None


def int_to_cn(value: int) -> str:
    """1 … 99 in Chinese numerals."""
    tens, units = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN[tens - 1] + "十")
    return head + (_CN[units - 1] if units else "")


def _looks_like_heading(line: str, numbering_end: int) -> bool:
    body = line[numbering_end:].strip()
    if not body or len(line.strip()) > 40 or re.search(r"\d", body):
        return False
    return not (re.search(r"[…．.]{3,}|·{3,}", body) or "。" in body.rstrip("。"))


def heading_sites(text: str) -> Iterator[Edit]:
    """Numbered heading k (k ≥ 2) after its sibling k−1: written as k+1, a skip."""
    lines: list[tuple[int, str, str, int, int]] = []  # (offset, style, numeral, value, end)
    offset = 0
    norm = flat(text)
    for line in norm.split("\n"):
        for style, pattern in STYLES.items():
            match = pattern.match(line)
            if not match:
                continue
            numeral = match.group(1)
            value = int(numeral) if numeral.isdigit() else cn_to_int(numeral)
            if value and _looks_like_heading(line, match.end()):
                lines.append((offset + match.start(1), style, numeral, value, offset + match.end(1)))
            break
        offset += len(line) + 1
    for index, (start, _style, numeral, value, end) in enumerate(lines):
        if value < 2:
            continue
        previous = _sibling(lines, index, -1)
        if previous is None or previous[3] != value - 1 or not _prose_between(norm, previous[4], start):
            continue
        following = _sibling(lines, index, 1)
        if following is not None and following[3] != value + 1:
            continue
        new = str(value + 1) if numeral.isdigit() else int_to_cn(value + 1)
        where = "last" if following is None else "middle"
        yield Edit("heading_skip", start, end, new, CODES["heading_skip"],
                   f"{text[start:end]}→{new}: {text[start:text.find(chr(10), start)][:30]}", where)


def _prose_between(text: str, start: int, end: int) -> bool:
    """Whether a line of prose (≥ 20 characters with a clause mark) stands between two places:
    numbered lines with nothing under them are a list or a table's row labels, not headings."""
    return any(len(line.strip()) >= 20 and re.search(r"[，。；,]", line)
               for line in text[start:end].split("\n")[1:])


def _sibling(lines: list[tuple[int, str, str, int, int]], index: int, step: int):
    """The nearest heading of the same style before (-1) or after (+1), unless a heading of
    a higher level comes first (the numbering may restart under it)."""
    style = lines[index][1]
    position = index + step
    while 0 <= position < len(lines):
        other = lines[position]
        if other[1] == style:
            return other
        if _RANK[other[1]] < _RANK[style]:
            return None
        position += step
    return None


# ------------------------------------------------------------------------------ years

def own_years(name: str) -> frozenset[int]:
    """The years a document reports on, from its file name (see ../shared/real/README.md)."""
    stem = Path(name).stem
    match = re.search(r"(\d{4})", stem)
    if match is None:
        return frozenset()
    year = int(match.group(1))
    if "政府工作报告" in stem:
        return frozenset({year - 1, year})
    if "budget" in stem:
        return frozenset({year, year + 1})
    return frozenset({year})


_YEAR = re.compile(r"(?<!\d)(\d{4})[ \t]*年")
_SPAN = re.compile(r"(?<!\d)(\d{4})[ \t]*(?:年[ \t]*)?(?:[—\-~～至到]|－)[ \t]*(\d{4})[ \t]*年")
#: What may stand between a clause mark and the year for the year to be the clause's topic.
_TOPIC_LEAD = re.compile(
    r"^(?:[一二三四五六七八九十\d]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|截至|截止|在)?$")
_NOT_AFTER = re.compile(r"[ \t]*(?:\d{1,2}[ \t]*月|以来|来|起|[—\-~～至到][ \t]*\d)")
_OPEN = "《〔[【（("
_CLOSE = "》〕]】）)"
#: a thousands separator (flat() writes every comma as ","): not a mark of prose
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
#: a line that starts a part with no period (a glossary of terms)
_NO_PERIOD_LABEL = re.compile(r"^(?:名词解释|注释|名词注释)[:：]?$")
#: a line titling a part: a numbered heading, or a short unpunctuated line ending like a
#: report's title (a report bound into another one: ``2022-2024年……绩效评价报告``)
_TITLE_END = re.compile(r"(?:报告|草案|决算|说明)$")
_HEADING_LINE = 40
#: where the document's own title stands (its sites are not planted either)
_OPENING = 300
_NUMBERS = _CN + "（(0123456789"
_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
          "十四五": (2021, 2025), "十五五": (2026, 2030)}


def _years_named(line: str) -> set[int]:
    """The years a heading or title line names: years, spans and plan periods."""
    years = {int(m.group(1)) for m in _YEAR.finditer(line)}
    for match in _SPAN.finditer(line):
        years |= set(range(int(match.group(1)), int(match.group(2)) + 1))
    for name, (first, last) in _PLANS.items():
        if name in line:
            years |= set(range(first, last + 1))
    return years


def _is_part_title(line: str, repeated: set[str]) -> bool:
    words = "".join(line.split())
    if not words or len(words) > _HEADING_LINE or words in repeated:
        return False
    numbered = [style.match(words) for style in STYLES.values() if style.match(words)]
    if numbered:
        # a table row's label (三、2024年地方政府债务发行额 6,812.71) carries figures
        body = words[numbered[0].end():]
        return not re.search(r"[。:：]", body) \
            and not re.search(r"\d", _SPAN.sub("", _YEAR.sub("", body)))
    return (not re.search(r"[,。;；:：]", _THOUSANDS.sub("", words))
                        and bool(_TITLE_END.search(words)))


def _part_years(norm: str) -> list[tuple[int, set[int] | None]]:
    """Where each part the text names a period for starts, and its years (None: a part with
    no period). A heading or title line naming years starts one; a heading naming none
    keeps the part it is in (``（一）一般公共预算`` under ``二、2026年预算草案``); running
    headers (lines recurring three times or more) start none."""
    lines = norm.split("\n")
    counts: dict[str, int] = {}
    for line in lines:
        words = "".join(line.split())
        counts[words] = counts.get(words, 0) + 1
    repeated = {words for words, count in counts.items() if count >= 3}
    parts: list[tuple[int, set[int] | None]] = []
    position = 0
    for line in lines:
        words = "".join(line.split())
        if _NO_PERIOD_LABEL.match(words):
            parts.append((position, None))
        elif _is_part_title(line, repeated) and (position >= _OPENING or words[:1] in _NUMBERS):
            # the document's own title names its years as the file name does
            years = _years_named(words)
            # a glossary's numbered entries are no parts; its end is an outer heading
            glossary = bool(parts) and parts[-1][1] is None
            outer = STYLES["cn"].match(words) or words[:1] not in _NUMBERS
            if (years and (outer or not glossary)) or (glossary and outer):
                parts.append((position, years or set()))
        position += len(line) + 1
    return parts


def year_sites(text: str, name: str) -> Iterator[Edit]:
    """A year of the report's own period that opens a clause of prose, written one year early.

    Only where the year is the period of the part it stands in: a part whose heading or
    title names years (``二、2026年预算草案``, a bound-in ``2021-2023年……绩效评价报告``)
    speaks of those; elsewhere the document's own years. A year outside them there (2026
    in a part on 2025 work: the time of writing) may be written one year early without a
    reader being able to tell, and a glossary has no period at all."""
    years = own_years(name)
    norm = flat(text)
    parts = _part_years(norm)
    starts = [start for start, _ in parts]
    for match in _YEAR.finditer(norm):
        year = int(match.group(1))
        if year not in years or match.start() < _OPENING or _NOT_AFTER.match(norm, match.end()):
            continue
        index = bisect.bisect_right(starts, match.start()) - 1
        part = parts[index][1] if index >= 0 else years
        if part is None or (part and year not in part):
            continue
        line_start = norm.rfind("\n", 0, match.start()) + 1
        line_end = norm.find("\n", match.start())
        line = norm[line_start:line_end if line_end >= 0 else len(norm)]
        if len(line.strip()) < 20 or not re.search(r"[，。；,]", _THOUSANDS.sub("", line)):
            continue
        clause_start = max(norm.rfind(mark, 0, match.start()) for mark in "。；，,：:\n") + 1
        if not _TOPIC_LEAD.match(re.sub(r"\s+", "", norm[clause_start:match.start()])):
            continue
        if _inside_brackets(norm, match.start()):
            continue
        yield Edit("wrong_year", match.start(1), match.end(1), str(year - 1), CODES["wrong_year"],
                   f"{year}→{year - 1}: {' '.join(norm[match.start():match.start() + 30].split())}")


def _inside_brackets(text: str, position: int) -> bool:
    window = text[max(0, position - 40):position]
    depth = 0
    for char in reversed(window):
        if char in _CLOSE:
            depth += 1
        elif char in _OPEN:
            if depth == 0:
                return True
            depth -= 1
    return False


# ---------------------------------------------------------------------- inserted claims

#: a problem noun after an existence word in the same clause (存在一些困难和问题), or before a
#: predicate that says it is there (收支矛盾仍然突出; not 困难较多的一年, which only dates a
#: year). Within one clause: 突出做好稳增长工作，有效防范化解重大风险 describes no problem.
_PROBLEM_NOUNS = r"(?:问题|困难|不足|短板|差距|风险|挑战|矛盾)"
_IN_CLAUSE = r"[^。，,；;：:！？!?\n]"
PROBLEMS_DESCRIBED = re.compile(
    rf"(?:存在|面临|还有|仍有|仍然|依然|不少|一些|突出){_IN_CLAUSE}{{0,24}}?{_PROBLEM_NOUNS}"
    rf"|{_PROBLEM_NOUNS}{_IN_CLAUSE}{{0,4}}?(?:突出|较多|较大|不少|明显)(?!的)")
NO_PROBLEM_CLAIMS = (
    "经自查，预算执行过程中未发现任何问题。",
    "存在的问题：无。",
    "总体来看，财政运行平稳有序，不存在问题。",
    "经认真梳理，各项资金管理使用中没有发现问题。",
    "预算管理各环节均无问题，运行情况良好。",
    "对照目标逐项检查，未发现存在的问题和不足。",
    "本年度各项工作中不存在任何问题和困难。",
    "经审核，上述事项没有问题。",
)
SUBJECTS = ("本部门整体支出", "该项目", "本年度预算绩效", "部门预算项目", "专项资金")
RATING_TEMPLATES = (
    "经综合评价，{s}绩效自评得分{n}分，评价等级为“{g}”。",
    "绩效评价结果显示，{s}综合得分{n}分，等级为{g}。",
    "{s}自评总分{n}分，自评等次为“{g}”。",
    "根据评价指标体系打分，{s}得分为{n}分，评定等级{g}。",
    "{s}绩效评价得{n}分，评价结果为“{g}”。",
)
#: (score, grades that agree, grades that plainly contradict it); scores stay clear of band edges.
RATINGS = (
    ("95", ("优", "优秀"), ("中", "差", "中等", "合格", "不合格")),
    ("92.5", ("优", "优秀"), ("中", "差", "合格")),
    ("85", ("良", "良好"), ("差", "不合格")),
    ("71.5", ("中", "中等", "合格"), ("优", "优秀")),
    ("58.5", ("差", "不合格"), ("优", "良", "优秀", "良好")),
    ("45", ("差", "不合格"), ("优", "良", "优秀", "良好")),
)


def insertion_points(text: str, rng: random.Random, count: int) -> list[int]:
    """Places right after a 。 in prose lines (≥ 20 characters), in the middle 15–90 % of the text."""
    points = []
    for match in re.finditer("。", text):
        position = match.end()
        if not 0.15 * len(text) < position < 0.9 * len(text):
            continue
        line_start = text.rfind("\n", 0, position) + 1
        line_end = text.find("\n", position)
        if (line_end if line_end >= 0 else len(text)) - line_start >= 20:
            points.append(position)
    rng.shuffle(points)
    return sorted(points[:count])


#: a problem named as the object of a remedy (对存在风险早预警, 有效破解一批突出问题) is an
#: intention, not a problem the report says it has
REMEDY_BEFORE = re.compile(r"(?:对|破解|解决|整治|化解|防范|应对|聚焦|着力)[^，。；]{0,6}$")


def describes_problems(text: str) -> bool:
    """Whether the report says it has problems, not only that it tackles some."""
    return any(not REMEDY_BEFORE.search(text[max(0, m.start() - 10):m.start()])
               for m in PROBLEMS_DESCRIBED.finditer(text))


def claim_sites(text: str, rng: random.Random, count: int) -> Iterator[Edit]:
    """A no-problem claim inserted into a report that describes its problems."""
    if not describes_problems(text):
        return
    for point in insertion_points(text, rng, count):
        claim = rng.choice(NO_PROBLEM_CLAIMS)
        yield Edit("no_problem", point, point, claim, CODES["no_problem"], claim)


def rating_sites(text: str, rng: random.Random, count: int, *, consistent: bool = False) -> Iterator[Edit]:
    """A score with a grade inserted; the grade contradicts the score (or, with
    ``consistent``, agrees with it: the clean look-alike that must stay silent)."""
    for point in insertion_points(text, rng, count):
        score, agreeing, contradicting = rng.choice(RATINGS)
        grade = rng.choice(agreeing if consistent else contradicting)
        sentence = rng.choice(RATING_TEMPLATES).format(s=rng.choice(SUBJECTS), n=score, g=grade)
        yield Edit("grade_score", point, point, sentence, CODES["grade_score"], sentence,
                   "consistent" if consistent else "")

"""Problem descriptions and no-problem claims, read by grammar from the claim lexicon.

``models/lexicon/problems.tsv`` names the problem nouns (问题, 困难, 短板, 差距, 风险隐患 …)
and the words around them. A report *describes* its problems when a problem noun is what its
clause says exists (``还存在一些困难和问题``, ``仍有不小差距``, ``风险隐患较多``) or when a
clause says something falls short (``有待加强``, ``不到位``) — not when the noun is the object
of a remedy (``着力解决群众急难愁盼问题``, ``防范化解风险``) or of a pledge. A report *claims
to have none* when a negator's scope reaches a problem noun with nothing between them but
words that keep the denial general (``未发现任何问题``, ``不存在明显问题``); a limit
(``无重大问题``) or a specific noun (``未发生债务风险``, ``未出现“三保”风险``) makes it a
narrower statement, and a pledge or a question before it (``确保不存在问题``, ``是否存在问题``)
or a contrast after it (``…，但…``) makes it no claim at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.vocab import vocabulary
from auditor.text.sentences import TextRange

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument


@dataclass(frozen=True)
class Cue:
    """A unit of text and the cue that made it a candidate; ``said`` is the part of the unit
    that makes the claim (up to the end of the cue's clause), when it is not all of it."""

    range: TextRange
    cue: str
    said: str = ""

    @property
    def claim_text(self) -> str:
        """The words the sentence-role model reads for this claim."""
        return self.said or self.range.text


@cache
def _words() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, list[str]] = {}
    for word, kind in vocabulary("problems", 2):
        kinds.setdefault(kind, []).append(word)
    return {kind: tuple(sorted(words, key=lambda w: (-len(w), w))) for kind, words in kinds.items()}


def _alternation(kind: str) -> str:
    return "|".join(regex.escape(word) for word in _words()[kind])


_CLAUSE = r"[^,，。;；:：!?！？\n]"


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    noun = _alternation("noun")
    nouns = rf"(?:{noun})(?:\s*[、和与及]\s*(?:{noun}))*"
    return {
        # 还存在一些困难和问题 / 仍有不小差距 / 存在补助资金均摊分配问题
        "exist": regex.compile(
            rf"(?<![不没未无])(?P<verb>{_alternation('exist')}){_CLAUSE}{{0,14}}?(?P<noun>{nouns})"
            rf"(?![\p{{Han}}]{{0,1}}(?:清单|线索|导向|整改|台账|的))"
        ),
        # 风险隐患较多 / 收支矛盾突出 / 老问题、新挑战仍然不少
        "amount": regex.compile(
            rf"(?P<noun>{nouns})\s*(?P<gap>[\p{{Han}}]{{0,3}}?)"
            rf"(?P<verb>{_alternation('amount')})(?={_CLAUSE}{{0,2}}(?:[,，。;；:：!?！？\n]|$))"
        ),
        "lacking": regex.compile(_alternation("lacking")),
        # 未发现任何问题 / 不存在明显问题 / 没有发现存在的问题和不足
        "denial": regex.compile(
            rf"(?P<neg>{_alternation('negator')})(?P<scope>{_CLAUSE}{{0,12}}?)(?P<noun>{nouns})"
            rf"(?![\p{{Han}}]{{0,1}}(?:清单|线索|导向|整改|台账|的|之))"
        ),
        # 审计查出问题的整改情况 / 检查发现的突出问题整改到位: problems found, rectified
        "found": regex.compile(
            rf"(?<![不没未无])(?:{_alternation('found')})(?:出)?(?:的)?{_CLAUSE}{{0,4}}?(?:{nouns})"
            rf"(?:的)?整改"
        ),
        "remedy": regex.compile(_alternation("remedy")),
        "pledge": regex.compile(_alternation("pledge")),
        "contrast": regex.compile(_alternation("contrast")),
        "limit": regex.compile(_alternation("limit")),
    }


#: how far back a clause is read (a paragraph with no punctuation costs no more per match)
_REACH = 60


def _clause_before(text: str, position: int) -> str:
    low = max(0, position - _REACH)
    start = max(text.rfind(mark, low, position) for mark in ",，。;；:：!?！？\n") + 1
    return text[max(start, low):position]


_SPACES = regex.compile(r"\s+")


def compact(text: str) -> str:
    """``text`` without spaces (PDF text often has one between every two characters)."""
    return _SPACES.sub("", text)


def described_problem(text: str) -> str | None:
    """The words of ``text`` that describe a problem as a fact, or None."""
    text = compact(text)
    patterns = _patterns()
    for name in ("exist", "amount"):
        for match in patterns[name].finditer(text):
            before = _clause_before(text, match.start())
            gap = match.group("gap") if name == "amount" else ""
            if patterns["remedy"].search(before + text[match.start():match.start("noun")] + gap) \
                    or patterns["pledge"].search(before) or _negated(before):
                continue
            return match.group()
    lacking = patterns["lacking"].search(text)
    if lacking is not None and not patterns["pledge"].search(_clause_before(text, lacking.start())):
        return lacking.group()
    return None


def _negated(before: str) -> bool:
    return bool(regex.search(r"[不没未无]$", before.strip()))


@dataclass(frozen=True)
class Denial:
    """A negator and the problem noun its scope reaches, and whether the denial is general."""

    text: str
    general: bool
    limited: bool
    #: where the denial's clause ends in the compacted text
    clause_end: int = 0


def denial(text: str) -> Denial | None:
    """The first denial of problems in ``text`` that is a statement (not a pledge, question,
    or a denial taken back by a contrast), or None."""
    text = compact(text)
    patterns = _patterns()
    for match in patterns["denial"].finditer(text):
        sentence_before = text[:match.start()]
        if patterns["pledge"].search(_clause_before(text, match.start())) \
                or patterns["pledge"].search(sentence_before[-8:]):
            continue
        if patterns["contrast"].search(text, match.end(), match.end() + _REACH):
            continue
        scope = match.group("scope")
        limited = bool(patterns["limit"].search(scope))
        rest = scope
        for word in _words()["generic"]:
            rest = rest.replace(word, "")
        stop = regex.compile(r"[,，;；。!?！？]").search(text, match.end())
        return Denial(match.group(), general=not rest.strip() and not limited, limited=limited,
                      clause_end=stop.start() if stop else len(text))
    return None


# Measures that answer problems found: "针对…存在的问题", "对上述问题进行整改" …
_RECTIFICATION = regex.compile(
    r"针对[^。;\n]{0,30}?(?:存在|发现|反映|暴露|查找|查摆)(?:的|出的)?(?:问题|不足)"
    r"|针对(?:上述|以上|前述|这些)(?:问题|不足)"
    r"|(?:对|就)(?:上述|以上|存在的|发现的|前述)(?:问题|不足)(?:进行|予以|加以|采取|逐一)?(?:整改|改进)"
    r"|问题整改(?:情况|措施)"
    r"|已(?:全部)?(?:完成|落实)整改"
)
_MEASURES_LABEL = regex.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\)|\d{1,2}\s*[、.])?\s*"
    r"(?:整改措施|整改情况|问题整改情况)\s*[:：]?\s*$"
)
_SENTENCE_END = regex.compile(r"[。!?！？;；]\s*$")
_LABEL_LENGTH = 30
_PROBLEM_ROLES = ("problem", "shortfall")


def in_problem_section(doc: AnalysedDocument, position: int) -> bool:
    """Whether ``position`` lies in the body of a 存在问题 section."""
    return any(s.body_start <= position < s.end for s in doc.sections if "problems" in s.kinds)


def _is_label(unit: TextRange) -> bool:
    """A heading or label line (``五、存在问题``): it names a section, it describes nothing."""
    return unit.paragraph >= 0 and len(unit.text) <= _LABEL_LENGTH \
        and not _SENTENCE_END.search(unit.text)


def _found_rectified(text: str) -> regex.Match[str] | None:
    """Problems a check found, being rectified, outside the name of a document (《关于
    建立健全审计查出问题整改长效机制的意见》 names a policy, not problems found)."""
    for match in _patterns()["found"].finditer(text):
        before = text[max(0, match.start() - _REACH):match.start()]
        if before.rfind("《") <= before.rfind("》"):
            return match
    return None


def problem_evidence(doc: AnalysedDocument) -> list[Cue]:
    """Where the report describes problems of its own or rectifies problems found."""
    from auditor.rules.claims.common import agrees, units

    evidence: list[Cue] = []
    for unit in units(doc):
        text = compact(unit.text)
        rectified = _RECTIFICATION.search(text) or _found_rectified(text)
        if rectified is not None:
            evidence.append(Cue(unit, rectified.group()))
            continue
        if _is_label(unit):
            continue
        described = described_problem(unit.text)
        if described is None or denial(unit.text) is not None:
            continue
        if (described in _words()["lacking"] and not in_problem_section(doc, unit.start)
                and not agrees(doc, unit.text, _PROBLEM_ROLES)):
            continue
        evidence.append(Cue(unit, f"问题描述：{described}"))
    for paragraph in doc.paragraphs:
        if _MEASURES_LABEL.match(paragraph.text.strip()):
            evidence.append(Cue(paragraph, paragraph.text.strip()))
    return sorted(evidence, key=lambda c: c.range.start)

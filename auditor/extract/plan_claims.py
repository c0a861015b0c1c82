"""Facts about years: ``2026年是“十五五”开局之年`` says 2026 is the first year of 十五五,
which the plan-period data (``models/lexicon/plan_periods.tsv``, ``plan_ordinals.tsv``)
confirm or refute; ``2019年是新中国成立70周年`` says 2019 is 70 years after 1949
(``anniversaries.tsv``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.cn_numerals import NotANumeral, cn_integer
from auditor.extract.period_text import PlanPeriod, plan_periods
from auditor.extract.quantity import YearMention
from auditor.extract.vocab import vocabulary, words

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.period import Period


@dataclass(frozen=True)
class PlanClaim:
    """``X年是“十五五”开局之年``: a year said to hold a place in a plan period."""

    mention: YearMention
    plan: PlanPeriod
    word: str
    expected: int
    start: int
    end: int

    @property
    def holds(self) -> bool:
        """Whether the plan data agree."""
        return self.mention.year == self.expected



@cache
def _plan_claim_pattern() -> regex.Pattern[str]:
    plans = "|".join(regex.escape(plan.name) for plan in plan_periods())
    ordinals = "|".join(regex.escape(word) for word in words("plan_ordinals"))
    return regex.compile(
        rf"(?P<year>(?:19|20)[0-9]{{2}})[ \t]*年[ \t]*(?:是|为|作为)[^。;；!?！？,，]{{0,16}}?"
        rf"[“\"]?(?P<plan>{plans})[”\"]?[^。;；,，!?！？]{{0,10}}?(?P<word>{ordinals})"
    )


def plan_claims(doc: AnalysedDocument, period: Period) -> tuple[PlanClaim, ...]:
    """``X年是“十五五”开局之年`` and the like, each with the year the plan data give."""
    ordinals = {word: (anchor, int(offset))
                for word, anchor, offset in vocabulary("plan_ordinals", 3)}
    text = doc.flow.text
    found = []
    for match in _plan_claim_pattern().finditer(text):
        if period.in_furniture(match.start()):
            continue
        plan = period.plan(match.group("plan"))
        if plan is None:
            continue
        anchor, offset = ordinals[match.group("word")]
        expected = plan.first + offset if anchor == "first" else plan.last - offset
        start = match.start("year")
        end = text.index("年", match.end("year")) + 1
        mention = YearMention(start, end, text[start:end], int(match.group("year")), "year")
        found.append(PlanClaim(mention, plan, match.group("word"), expected,
                               match.start(), match.end()))
    return tuple(found)


@dataclass(frozen=True)
class AnniversaryClaim:
    """``X年是新中国成立70周年``: a year said to be an anniversary of an event."""

    mention: YearMention
    event: str
    founded: int
    count: int
    start: int
    end: int

    @property
    def expected(self) -> int:
        """The year the anniversary falls in."""
        return self.founded + self.count

    @property
    def holds(self) -> bool:
        """Whether the event's year agrees."""
        return self.mention.year == self.expected


@cache
def _anniversary_pattern() -> regex.Pattern[str]:
    events = sorted(words("anniversaries"), key=lambda word: -len(word))
    return regex.compile(
        rf"(?P<year>(?:19|20)[0-9]{{2}})[ \t]*年[ \t]*(?:是|为|恰逢|正值|迎来)"
        rf"[^。;；!?！？,，0-9]{{0,12}}?(?P<event>{'|'.join(map(regex.escape, events))})"
        rf"[ \t]*(?P<count>[0-9]{{1,3}}|[一二三四五六七八九十百零]{{1,5}})[ \t]*周年"
    )


def anniversary_claims(doc: AnalysedDocument, period: Period) -> tuple[AnniversaryClaim, ...]:
    """``X年是新中国成立70周年`` and the like, each with the event's year."""
    founded = {event: int(year) for event, year in vocabulary("anniversaries", 2)}
    text = doc.flow.text
    found = []
    for match in _anniversary_pattern().finditer(text):
        if period.in_furniture(match.start()):
            continue
        written = match.group("count")
        try:
            count = int(written) if written.isdigit() else cn_integer(written)
        except NotANumeral:
            continue
        start = match.start("year")
        end = text.index("年", match.end("year")) + 1
        mention = YearMention(start, end, text[start:end], int(match.group("year")), "year")
        found.append(AnniversaryClaim(mention, match.group("event"), founded[match.group("event")],
                                      count, match.start(), match.end()))
    return tuple(found)

"""The cue of a stated rate: what the words before a percentage say it is a rate of
(a plan, a named figure, or the unnamed total a share belongs to); see :mod:`.rate`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.labels import names_plan, qualifier, without_scope
from auditor.lexicon import alternation, entries
from auditor.types import QuantityKind

_CUE_TAIL = (rf"[ \t]*(?P<share>{alternation('cues', 'share_word', spaced=True)})?[ \t]*(?:为|是|达到?|约)?"
             r"[ \t]*$")
_RATE_CUE = regex.compile(
    rf"(?P<verb>{alternation('cues', 'rate_verb')})(?P<base>[^,;:。%0-9]{{0,24}}?)的?{_CUE_TAIL}")
#: the whole written in the cue: 完成预算 2.10 亿元的 / 完成年度目标 60 万人的 (a plan's
#: amount may go without 的: 为全年目标 42 亿元 80.52%; see :func:`rate_cue`)
_RATE_CUE_WHOLE = regex.compile(
    rf"(?P<verb>{alternation('cues', 'rate_verb')})(?P<base>[^,;:。%0-9]{{0,24}}?)"
    rf"(?P<amount>[0-9][0-9,.]*[ \t]*\p{{Han}}{{1,3}})[ \t]*(?P<of>的)?{_CUE_TAIL}")
_SHARE_NOUN = regex.compile(
    rf"(?P<subject>[^,;:。%0-9]{{0,16}}?)(?:所)?(?:{alternation('cues', 'share_word', spaced=True)})"
    r"[ \t]*(?:为|是|达到?|约|超过)?[ \t]*$"
)
FILLER = regex.compile(rf"{alternation('cues', 'base_filler')}|的|\s")
_SEVERALLY = regex.compile(rf"(?:{alternation('cues', 'severally')})[^,;:。]{{0,12}}$")
_SUBJECT_NOISE = regex.compile(r"其中|实际|完成|累计|共计|合计|为|是|达到?|[:,、()（）“”\s]")
PERIOD = regex.compile(r"[0-9０-９]+|[年月日底末初]")
#: a rate noun that names its part and its whole (资产负债率 = 负债 ÷ 资产), at a clause's end
_RATIO_NOUN = regex.compile(
    rf"(?P<noun>{alternation('cues', 'ratio_noun', spaced=True)})[ \t]*(?:为|是|达到?|约)?[ \t]*$")
#: each ratio noun's (part name, whole name)
_RATIOS = {e.term: (e.extra[0], e.extra[1]) for e in entries("cues") if e.category == "ratio_noun"}
#: rate nouns the attribute lexicon knows, and the whole each is of
NOUN_RATES = {"exec_rate": "plan", "received_rate": "plan", "completion_rate": "plan"}


class Base(enum.Enum):
    """What the whole of a stated rate is."""

    PLAN = "plan"  # 预算 / 计划 / 目标
    NAMED = "named"  # a figure the cue names (一般公共预算支出)
    UNNAMED = "unnamed"  # 占比 / 比重: the total the part belongs to


@dataclass(frozen=True)
class RateCue:
    """What the text says a percentage is a rate of."""

    base: Base
    name: str  # the base as written, filler removed ("" when unnamed)
    qualifier: str  # "initial" | "adjusted" | ""
    subject: str  # the words naming the part (专项资金占比 → 专项资金), if any
    share: bool  # a share of a total (占 / 占比) rather than a rate of a plan
    money: bool = False  # 执行率 / 到位率 are rates of funds: their operands are amounts
    whole_at: int = -1  # where the cue writes the whole itself (完成预算 2.10 亿元的 X%)


def rate_cue(ctx: FigureContext, rate: PlacedFact, *, inherit: bool = True) -> RateCue | None:
    """The cue before a percentage, or None when nothing says it is a rate of something.

    A bare 占 X% after a share that names its whole (A 215 万元，占项目支出的 25%；B 301 万元，
    占 35%) leaves the same whole unsaid: it inherits the sibling's (``inherit``)."""
    # read once per figure: the rates of a run of items ask for each other's cues
    key = (id(rate), inherit)
    known = ctx.rate_cues.get(key)
    if known is not None and known[0] is rate:
        return known[1]
    if len(ctx.rate_cues) >= _CUES_KEPT:
        ctx.rate_cues.clear()
    cue = _read_cue(ctx, rate, inherit)
    ctx.rate_cues[key] = (rate, cue)
    return cue


#: how many figures' cues :func:`rate_cue` keeps at a time
_CUES_KEPT = 2048


def _read_cue(ctx: FigureContext, rate: PlacedFact, inherit: bool) -> RateCue | None:
    start = ctx.wrapped_clause_start(rate.flow_start, ctx.sentence(rate.flow_start).start)
    before = ctx.text[start:rate.flow_start]
    if "\t" in before or _SEVERALLY.search(before):
        return None  # a table row's relations are the table's; 分别 pairs several rates
    match = _RATE_CUE_WHOLE.search(before)
    if match is None or not ctx.first_facts(start + match.start("amount"), rate.flow_start,
                                            lambda f: f.fact.quantity.kind is not QuantityKind.PERCENT, 1) \
            or not (match.group("of") or names_plan(FILLER.sub("", match.group("base")))):
        # without 的 only a plan's amount is the whole: 为 X 亿元 P% of anything else is
        # two figures side by side
        match = _RATE_CUE.search(before)
    if match is not None:
        name = FILLER.sub("", match.group("base"))
        subject = subject_of(before[:match.start()])
        share = match.group("verb") == "占" or bool(match.group("share"))
        if match.re is _RATE_CUE_WHOLE:
            base = Base.PLAN if names_plan(name) else Base.NAMED
            return RateCue(base, name, qualifier(name), subject, share and base is Base.NAMED,
                           whole_at=start + match.start("amount"))
        if names_plan(name):
            return RateCue(Base.PLAN, name, qualifier(name), subject, False)
        if len(name) >= 2 and "率" not in name and not name.endswith(("比", "比例")):
            return RateCue(Base.NAMED, name, "", subject, share)
        if match.group("share") or match.group("verb") == "占":
            sibling = _sibling_cue(ctx, rate) if inherit and not name else None
            if sibling is not None:
                return replace(sibling, subject=subject)
            return RateCue(Base.UNNAMED, "", "", subject, True)
    ratio = _RATIO_NOUN.search(before)
    if ratio is not None:
        part_name, whole_name = _RATIOS["".join(ratio.group("noun").split())]
        return RateCue(Base.NAMED, whole_name, "", part_name, False)
    noun = _SHARE_NOUN.search(before)
    if noun is not None:
        return RateCue(Base.UNNAMED, "", "", subject_of(noun.group("subject")), True)
    term = rate.fact.cue
    compact = "".join(before.split())  # a line cut may split the term (预算执 行率)
    subject = subject_of(compact[:compact.rfind(term)]) if term and term in compact else ""
    if rate.fact.attribute in NOUN_RATES:
        return RateCue(Base.PLAN, "", "", subject, False,
                       money=rate.fact.attribute != "completion_rate")
    if rate.fact.attribute == "share":
        return RateCue(Base.UNNAMED, "", "", subject, True)
    return None


def _sibling_cue(ctx: FigureContext, rate: PlacedFact) -> RateCue | None:
    """The named share cue of the percentage before ``rate`` in its sentence or the one
    before (same paragraph), when one is a share of a named whole."""
    sentence = ctx.sentence(rate.flow_start)
    windows = ctx.windows(rate.flow_start, 1, section=False)
    start = windows[-1].start if len(windows) > 1 else sentence.start
    before = ctx.last_facts(start, rate.flow_start,
                            lambda f: f.fact.quantity.kind is QuantityKind.PERCENT, 1)
    if not before:
        return None
    cue = rate_cue(ctx, before[0], inherit=False)
    if cue is None or not cue.share or cue.base is not Base.NAMED:
        return None
    return cue


_GENERIC_WHOLE = regex.compile(rf"^(?:{alternation('cues', 'whole_generic')})")


def generic_whole(name: str, total_label: str) -> bool:
    """Whether a share's whole, named generically (财政支出), is a list total labelled with the
    same head noun (一般公共预算支出): the name is a generic word and the total's head."""
    head = _GENERIC_WHOLE.sub("", name)
    return head != name and len(head) >= 2 and FILLER.sub("", total_label).endswith(head)


def subject_of(text: str) -> str:
    """What a rate's own clause names before its cue (专项资金占比 → 专项资金), noise removed."""
    return _SUBJECT_NOISE.sub("", FILLER.sub("", text))


def names(subject: str, label: str) -> bool:
    """Whether a figure's label names the subject (either contains the other, scope removed)."""
    core = without_scope(subject_of(label))
    subject = without_scope(subject)
    if len(PERIOD.sub("", subject)) < 2:
        return False  # 2024 年预算执行率: a period names no figure of its own
    return len(core) >= 2 and (subject in core or core in subject)

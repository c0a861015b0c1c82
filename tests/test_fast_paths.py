"""The fast paths give exactly what the simple code they replace gave.

Each test compares an indexed or pre-rendered result with the straightforward
computation (a rescan, a filter, the Jinja loop the page used to run), so a fast path
that drifts from the plain behaviour fails here.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment, select_autoescape

from auditor.document import AnalysedDocument
from auditor.extract.figures import build_figures
from auditor.fsutil import write_atomic
from auditor.locate import Locator
from auditor.report.html_document import ordered_findings, plan_parts
from auditor.report.html_text import SEVERITY_ICONS, build_lines, plain, render_lines, show
from auditor.text.sentences import ClauseIndex, clause_bounds
from auditor.types import Severity, Source
from tests.report_samples import (
    SEED_LIKE,
    hostile_result,
    make_finding,
    seed_like_result,
    source_of,
    span_of,
)

# The markup of the text, written as a template loop: what render_lines must produce.
_LINES_TEMPLATE = """\
  {% for line in lines %}
    {% if line.page %}<div class="pagebreak" id="P{{ line.page }}">第 {{ line.page }} 页</div>{% endif %}
    {% set rel = line.segments|selectattr("related")|list %}
<div class="l{% if line.severity %} flag has-{{ line.severity }}{% elif rel %} relline{% endif %}" id="L{{ line.number }}"><a class="n" href="#L{{ line.number }}" aria-label="第 {{ line.number }} 行">{{ line.number }}</a><span class="t">{% for s in line.segments %}{% if s.primary or s.related %}<mark class="m sev-{{ s.severity }}{% if not s.primary %} rel{% endif %}" data-f="{{ s.primary|join(' ') }}" data-r="{{ s.related|join(' ') }}" title="{{ s.title|plain }}">{{ s.text|show }}</mark>{% else %}{{ s.text|show }}{% endif %}{% endfor %}{% for i in line.points %}{% set p = findings[i] %}<mark class="m pt sev-{{ p.severity.value }}" data-f="{{ i }}" data-r="" title="{{ (p.code ~ ' ' ~ p.message)|plain }}">{{ severity_icons[p.severity.value] }}</mark>{% endfor %}</span></div>
  {% endfor %}
"""  # noqa: E501


def _jinja(template: str, **context: object) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(show=show, plain=plain)
    return env.from_string(template).render(severity_icons=SEVERITY_ICONS, **context)


def _overlapping_result():
    text = "第一行<b>预算</b> 97.43 万元\r\n第二行 & 执行率\u200b 94.09%\n\n第三行\u202e"
    source = source_of(text, page_starts=(0, text.index("第三行")))
    locator = Locator(source)
    wide = span_of(locator, "预算</b> 97.43")
    inner = span_of(locator, "97.43 万元")
    rate = span_of(locator, "94.09%")
    point = locator.span(text.index("第三行"), text.index("第三行"))
    findings = (
        make_finding("AU101", "数字", Severity.ERROR, "金额<不符>", inner, related=(rate,)),
        make_finding("AU102", "执行率", Severity.WARNING, '执行率 "错"', wide),
        make_finding("AU301", "结构", Severity.INFO, "缺少 & 章节", point),
    )
    return source, findings


def test_render_lines_matches_the_template_loop():
    source, findings = _overlapping_result()
    ordered = sorted(findings, key=lambda f: (f.span.start, -f.severity.rank, f.code))
    lines = build_lines(source.text, ordered, source.page_starts)
    expected = _jinja(_LINES_TEMPLATE, lines=lines, findings=ordered)
    assert str(render_lines(lines, ordered)) == expected
    assert "&lt;b&gt;" in expected and "<b>" not in expected


def test_pre_rendered_page_parts_match_for_sample_results():
    for result in (seed_like_result(), hostile_result()):
        ordered = ordered_findings(result)
        chunks, _ = plan_parts(result, ordered, "page.html", "page")
        lines = build_lines(result.source.text, ordered, result.source.page_starts)
        assert str(render_lines(chunks[0], ordered)) == _jinja(_LINES_TEMPLATE, lines=lines,
                                                               findings=ordered)


@given(st.text(alphabet="ab，,、:：。!?！？;；\n", max_size=60), st.data())
def test_clause_index_agrees_with_clause_bounds(text, data):
    index = ClauseIndex(text)
    position = data.draw(st.integers(0, len(text)))
    assert index.bounds(position) == clause_bounds(text, position)
    assert index.start(position) == clause_bounds(text[:position], position)[0]


def test_document_indexes_agree_with_plain_filters():
    doc = AnalysedDocument(Source("x", "txt", SEED_LIKE))
    figures = build_figures(doc)
    for sentence in doc.sentences:
        expected = [p for p in figures.quantities if sentence.start <= p.flow_start < sentence.end]
        assert figures.quantities_in(sentence.start, sentence.end) == expected
    table = figures.facts
    assert table.facts
    for segment in table.segments:
        expected = [placed for placed in table.facts if placed.segment == segment.index]
        assert table.in_segment(segment.index) == expected


def test_write_atomic_without_fsync_still_replaces_whole_file(tmp_path):
    target = tmp_path / "page.html"
    write_atomic(target, "旧内容")
    write_atomic(target, "新内容", durable=False)
    assert target.read_text(encoding="utf-8") == "新内容"
    assert [path.name for path in tmp_path.iterdir()] == ["page.html"]


def test_json_entry_rendered_item_by_item_is_the_whole_encoding(monkeypatch):
    # a document whose items cannot fit skips the whole encoding: within its budget, the
    # item-by-item text must be the same bytes
    from auditor.report import json_report

    for result in (seed_like_result(), hostile_result()):
        whole, listing = json_report.document_json_text(result)
        assert listing.omitted is None
        monkeypatch.setattr(json_report, "_MIN_ITEM_BYTES", 10**12)
        assert json_report.document_json_text(result)[0] == whole
        monkeypatch.undo()


def test_quick_init_builds_what_the_dataclass_init_built() -> None:
    """quick_init's __init__ gives the instance the generated __init__ gave: same fields in
    the same order, defaults and keyword-only fields, equality, hash, repr, immutability."""
    import copy
    import dataclasses

    import pytest

    from auditor.quick_init import quick_init

    def declare() -> type:
        @dataclasses.dataclass(frozen=True)
        class Sample:
            first: int
            second: str = "二"
            third: tuple[int, ...] = dataclasses.field(default=(), compare=False)
            fourth: float = dataclasses.field(default=0.5, kw_only=True)
        return Sample

    plain_class, quick_class = declare(), quick_init(declare())
    for args, kwargs in (((1,), {}), ((1, "甲", (2,)), {"fourth": 2.0}), ((), {"first": 3, "third": (4,)})):
        plain, quick = plain_class(*args, **kwargs), quick_class(*args, **kwargs)
        assert vars(quick) == vars(plain) and list(vars(quick)) == list(vars(plain))
        assert repr(quick) == repr(plain) and hash(quick) == hash(plain)
        assert quick == quick_class(*args, **kwargs) and copy.deepcopy(quick) == quick
        with pytest.raises(dataclasses.FrozenInstanceError):
            quick.first = 9  # type: ignore[misc]
    with pytest.raises(TypeError):
        quick_class(1, "甲", (), 2.0)  # keyword-only stays keyword-only
    with pytest.raises(TypeError):
        quick_class()

    @dataclasses.dataclass(frozen=True)
    class Built:
        items: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass
    class Mutable:
        value: int

    for unsuitable in (Built, Mutable):
        with pytest.raises(TypeError):
            quick_init(unsuitable)

"""HTML report: structure, escaping, overlapping spans, page names, streaming writer."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.locate import Locator
from auditor.report.html import (
    HtmlReportWriter,
    build_lines,
    document_page_name,
    write_html_report,
)
from auditor.result import DocumentResult
from auditor.types import Severity
from tests.report_samples import (
    clean_result,
    error_result,
    hostile_result,
    make_finding,
    seed_like_result,
    source_of,
    span_of,
)

STARTED = datetime(2024, 3, 1, 9, 30)


class _Collector(HTMLParser):
    """Collects tags, attributes and the text of scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def _write(tmp_path: Path, results: list[DocumentResult]) -> Path:
    write_html_report(results, tmp_path, settings={"格式": "html"}, started=STARTED, elapsed=1.5)
    return tmp_path


def test_index_and_one_page_per_document(tmp_path):
    results = [seed_like_result(), error_result(), clean_result()]
    out = _write(tmp_path, results)
    pages = sorted(path.name for path in out.glob("*.html") if path.name != "index.html")
    assert len(pages) == 3
    index = (out / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>',
                                index, re.S).group(1))
    assert [row["path"] for row in data] == [result.path for result in results]
    assert {row["page"] for row in data} == set(pages)
    first = data[0]
    assert (first["e"], first["w"], first["i"]) == (4, 2, 1)
    assert dict(first["rules"])["AU101"] == 2
    assert data[1]["status"] == "error" and "AU003" in data[1]["error"]
    # per-rule summary counts documents, not findings
    assert re.search(r'data-rule="AU101".*?<td class="n">1</td>\s*<td class="n">2</td>', index,
                     re.S)
    assert "格式" in index and "2024-03-01 09:30:00" in index


def test_no_external_resources(tmp_path):
    out = _write(tmp_path, [seed_like_result(), hostile_result()])
    for page in out.glob("*.html"):
        parsed = _parse(page.read_text(encoding="utf-8"))
        for tag, attrs in parsed.tags:
            assert not (tag == "script" and attrs.get("src")), page
            assert not (tag == "link" and attrs.get("rel") == "stylesheet"), page
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                assert not re.match(r"(?i)(https?:)?//", value), (page, tag, value)


def test_hostile_text_is_escaped(tmp_path):
    result = hostile_result()
    out = _write(tmp_path, [result])
    page = out / document_page_name(result, 1)
    html = page.read_text(encoding="utf-8")
    parsed = _parse(html)
    # only our own scripts: no tag from the report's text became markup
    assert [tag for tag, _ in parsed.tags if tag in {"img", "svg", "b", "textarea"}] == []
    assert all(not attrs.get("onerror") and not attrs.get("onload") for _, attrs in parsed.tags)
    assert sum(1 for tag, _ in parsed.tags if tag == "script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in index
    assert 'alert(\\"p\\")\\u003c/script\\u003e' in index  # path only inside escaped JSON


def test_overlapping_spans_split_into_segments():
    text = "甲乙丙丁戊己"
    source = source_of(text)
    loc = Locator(source)
    first = make_finding("AU101", "a", Severity.ERROR, "一", span_of(loc, "乙丙丁"))
    second = make_finding("AU102", "b", Severity.WARNING, "二", span_of(loc, "丙丁戊"),
                          (span_of(loc, "甲"),))
    [line] = build_lines(text, [first, second])
    assert [(s.text, s.primary, s.related, s.severity) for s in line.segments] == [
        ("甲", (), (1,), "warning"),
        ("乙", (0,), (), "error"),
        ("丙丁", (0, 1), (), "error"),
        ("戊", (1,), (), "warning"),
        ("己", (), (), ""),
    ]
    assert "".join(segment.text for segment in line.segments) == text


def test_lines_pages_and_spans_across_lines():
    text = "第一行\n第二行跨\n行文字\n"
    source = source_of(text, page_starts=(0, text.index("行文字")))
    loc = Locator(source)
    finding = make_finding("AU304", "dup", Severity.INFO, "跨行", span_of(loc, "跨\n行"))
    lines = build_lines(text, [finding], source.page_starts)
    assert [line.number for line in lines] == [1, 2, 3, 4]
    assert [line.page for line in lines] == [1, None, 2, None]
    assert ["".join(s.text for s in line.segments) for line in lines] == [
        "第一行", "第二行跨", "行文字", ""]
    marked = [s.text for line in lines for s in line.segments if s.primary]
    assert marked == ["跨", "行"]
    assert lines[1].severity == "info" and lines[0].severity == ""


def test_zero_length_span_becomes_point_marker():
    text = "一、概况\n二、问题\n"
    loc = Locator(source_of(text))
    at = text.index("二")
    finding = make_finding("AU302", "missing", Severity.WARNING, "缺少章节", loc.span(at, at))
    lines = build_lines(text, [finding])
    assert lines[1].points == [0]
    assert all(not segment.primary for line in lines for segment in line.segments)


def test_document_page_contents(tmp_path):
    result = seed_like_result()
    out = _write(tmp_path, [result])
    html = (out / document_page_name(result, 1)).read_text(encoding="utf-8")
    for finding in result.findings:
        assert finding.message in html
    assert html.count('class="fi ') == len(result.findings)
    assert "91.67 / 97.43 = 94.09%" in html  # a passed check with its arithmetic
    assert "200000 元" in html  # a fact in its base unit
    assert 'id="P2"' in html and "第 2 页" in html
    assert html.count('<div class="l') == result.source.text.count("\n") + 1


def test_page_names_are_safe_and_unique():
    hostile = DocumentResult('../../<x>/"报告".txt', "txt", "", None)
    names = {document_page_name(hostile, index) for index in range(1, 50)}
    assert len(names) == 49
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9_]+\.html", name)
    same_stem = [DocumentResult(path, "txt", "", None) for path in ("a/报告.txt", "b/报告.txt")]
    assert document_page_name(same_stem[0], 1) != document_page_name(same_stem[1], 1)


def test_writer_streams_pages_before_index(tmp_path):
    writer = HtmlReportWriter(tmp_path)
    name = writer.add(seed_like_result())
    assert (tmp_path / name).is_file()
    assert not (tmp_path / "index.html").exists()
    writer.add(clean_result())
    index = writer.finish(settings={}, started=STARTED, elapsed=0.2)
    assert index == tmp_path / "index.html" and index.is_file()


@pytest.mark.parametrize("result", [error_result(), clean_result()])
def test_pages_for_error_and_clean_documents(tmp_path, result):
    out = _write(tmp_path, [result])
    html = (out / document_page_name(result, 1)).read_text(encoding="utf-8")
    if result.error:
        assert "无法审核此文档" in html and result.error[1] in html
    else:
        assert "未发现问题" in html

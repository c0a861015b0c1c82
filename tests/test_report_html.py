"""HTML report: structure, escaping, overlapping spans, page names, streaming writer."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from auditor.locate import Locator
from auditor.report.html import HtmlReportWriter, document_page_name, write_html_report
from auditor.report.html_text import build_lines
from auditor.report.json_report import check_status, document_to_json, slip_spans
from auditor.report.names import page_file_name
from auditor.result import DocumentResult
from auditor.types import Check, CheckStatus, Severity
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


def _rows(index: str) -> list[dict[str, str]]:
    """The document rows of an index page, as their data attributes."""
    return [attrs for tag, attrs in _parse(index).tags if tag == "tr" and "data-page" in attrs]


def test_index_lists_documents_in_the_html_itself(tmp_path):
    results = [seed_like_result(), error_result(), clean_result()]
    out = _write(tmp_path, results)
    pages = sorted(path.name for path in out.glob("*.html") if path.name != "index.html")
    assert len(pages) == 3
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = _rows(index)
    # worst first: the unreadable document, then by errors
    assert [row["data-path"] for row in rows] == [results[1].path, results[0].path, results[2].path]
    assert {row["data-page"] for row in rows} == set(pages)
    seed = rows[1]
    assert (seed["data-e"], seed["data-w"], seed["data-i"]) == ("4", "2", "1")
    assert seed["data-rules"].split() == ["AU101", "AU102", "AU301", "AU201", "AU402", "AU501"]
    assert rows[0]["data-status"] == "error" and "AU003" in index
    # per-rule summary counts documents, not findings, with the rule's Chinese label
    assert re.search(r'data-rule="AU101".*?金额单位错位.*?<td class="n">1</td>\s*<td class="n">2</td>',
                     index, re.S)
    assert "格式" in index and "2024-03-01 09:30:00" in index
    assert "位于 reports/" in index  # the common folder is said once, rows are relative


def test_zero_counts_are_neutral_and_numbers_grouped(tmp_path):
    out = _write(tmp_path, [seed_like_result(), clean_result()])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<span class="cnt z">0</span>' in index
    assert '<span class="cnt e">0</span>' not in index
    page = (out / document_page_name(clean_result())).read_text(encoding="utf-8")
    assert 'class="badge zero"' in page and 'sev-error-badge">✖ 错误 0' not in page
    assert "200,000 元" in (out / document_page_name(seed_like_result())).read_text(encoding="utf-8")


def test_scripts_are_files_and_csp_forbids_inline_scripts(tmp_path):
    out = _write(tmp_path, [seed_like_result(), hostile_result()])
    assert {path.name for path in (out / "assets").iterdir()} == {
        "report.css", "document.js", "index.js", "pages.js"}
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        parsed = _parse(html)
        policy = next(attrs["content"] for tag, attrs in parsed.tags
                      if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"
        assert "unsafe-inline" not in policy
        for tag, attrs in parsed.tags:
            if tag == "script":
                assert attrs.get("src", "").startswith("assets/"), page
            assert not any(name.startswith("on") for name in attrs), (page, tag)
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                assert not re.match(r"(?i)(https?:)?//", value), (page, tag, value)
        assert parsed.scripts == [] or all(not text.strip() for text in parsed.scripts)


def test_hostile_text_is_escaped(tmp_path):
    result = hostile_result()
    out = _write(tmp_path, [result])
    html = (out / document_page_name(result)).read_text(encoding="utf-8")
    parsed = _parse(html)
    # no tag from the report's text became markup
    assert [tag for tag, _ in parsed.tags if tag in {"img", "b", "textarea"}] == []
    assert all(not attrs.get("onerror") and not attrs.get("onload") for _, attrs in parsed.tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in index
    assert "&lt;script&gt;alert(&#34;p&#34;)&lt;/script&gt;" in index


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
    html = (out / document_page_name(result)).read_text(encoding="utf-8")
    for finding in result.findings:
        assert str(escape(finding.message)) in html
    assert html.count('class="fi ') == len(result.findings)
    assert "91.67 / 97.43 = 94.09%" in html  # a passed check with its arithmetic
    assert "200,000 元" in html  # a fact in its base unit, digits grouped
    assert 'id="P2"' in html and "第 2 页" in html
    assert html.count('<div class="l') == result.source.text.count("\n") + 1
    # Chinese labels, not internal names: rule, attribute, check kind, evidence key
    assert ("金额单位错位" in html and "<td>到位数</td>" in html) or "<td>到位</td>" in html
    assert "<td>比率</td>" in html and "<td>rate</td>" not in html
    assert "unit-scale-mismatch" not in html


def test_a_check_on_a_slipped_figure_holds_after_correction(tmp_path):
    """The check whose figure AU101 reads as a slip is 按更正后的单位成立, not 通过."""
    result = seed_like_result()
    slip = next(f for f in result.findings if f.code == "AU101")
    check = Check("rate", CheckStatus.PASS, span_of(Locator(result.source), "执行率为 80%"),
                  "20.00 万元 / 25.00 万元 = 80%", (slip.span,))
    result = replace(result, checks=(*result.checks, check))
    out = _write(tmp_path, [result])
    html = (out / document_page_name(result)).read_text(encoding="utf-8")
    row = next(line for line in html.split("<tr") if "20.00 万元 / 25.00 万元 = 80%" in line)
    assert "按更正后的单位成立" in row and "✔ 通过" not in row
    assert check_status(check, slip_spans(result.findings)) == "corrected"
    entry = document_to_json(result)
    assert [c["status"] for c in entry["checks"]][-1] == "corrected"


def test_page_names_keep_the_document_name():
    taken: set[str] = set()
    assert page_file_name("reports/2026_广东省_政府工作报告.txt", taken) == "2026_广东省_政府工作报告.txt.html"
    assert page_file_name("other/2026_广东省_政府工作报告.txt", taken) == "2026_广东省_政府工作报告.txt~2.html"
    assert page_file_name("x/index", taken) == "index~2.html"
    names = {page_file_name('../../<x>/"报告"?.txt', taken) for _ in range(40)}
    assert len(names) == 40
    for name in names:
        assert not set(name) & set('/\\<>:"?*|#%'), name
    spoof = page_file_name("reports/\u202egnp.txt", taken)
    assert "\u202e" not in spoof and spoof.endswith("gnp.txt.html")
    long = page_file_name("报" * 300 + ".txt", taken)
    assert len(long.encode("utf-8")) <= 210


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
    html = (out / document_page_name(result)).read_text(encoding="utf-8")
    if result.error:
        assert "无法审核此文档" in html and result.error[1] in html
    else:
        assert "未发现问题" in html


def test_a_huge_document_is_split_into_parts_and_its_tables_capped(tmp_path):
    """A 450,000-character single line with 3,000 findings, facts and checks: the page is
    cut into parts of at most PART_CHARS characters, each listing its own findings (at most
    LIST_FINDINGS), and the tables say how many rows there are and where the rest is."""
    from decimal import Decimal

    from auditor.report.html_document import LIST_FINDINGS, PART_CHARS, TABLE_ROWS
    from auditor.types import Fact, Quantity, QuantityKind

    unit = "本部门预算 100 万元，"
    text = unit * (450_000 // len(unit))
    source = source_of(text, "reports/巨大.txt")
    loc = Locator(source)
    step = len(unit)
    findings = tuple(
        make_finding("AU502", "punctuation-width", Severity.INFO, f"第{n}处",
                     loc.span(n * 50 * step + 6, n * 50 * step + 9))
        for n in range(len(text) // (50 * step)))
    findings += tuple(make_finding("AU105", "value-conflict", Severity.WARNING, f"后段{n}",
                                   loc.span(300_000 + n * step, 300_000 + n * step + 2))
                      for n in range(LIST_FINDINGS + 200))
    quantity = Quantity(6, 9, "100", Decimal(100), 0, "万元", Decimal(10000), QuantityKind.MONEY)
    facts = tuple(Fact("本部门", "budget", quantity) for _ in range(TABLE_ROWS + 100))
    checks = tuple(Check("rate", CheckStatus.PASS, loc.span(6, 9), "100/100 = 100%")
                   for _ in range(TABLE_ROWS + 100))
    result = DocumentResult(source.path, "txt", source.sha256, source, findings, checks, facts)
    out = _write(tmp_path, [result])
    first = out / "巨大.txt.html"
    parts = [first, out / "巨大.txt.2.html", out / "巨大.txt.3.html"]
    assert all(part.is_file() for part in parts) and not (out / "巨大.txt.4.html").exists()
    for part in parts:
        html = part.read_text(encoding="utf-8")
        shown = sum(len(m) for m in re.findall(r"本部门预算 100 万元，", html))
        assert shown <= PART_CHARS + len(unit)
        assert html.count('class="fi ') <= LIST_FINDINGS
        assert "本文档较长，分为 3 段" in html
        assert len(html.encode("utf-8")) < 40 * PART_CHARS
    second = parts[1].read_text(encoding="utf-8")
    assert "只列出前 1,000 个问题（共 1," in second
    head = first.read_text(encoding="utf-8")
    assert f"共 {TABLE_ROWS + 100:,} 项核查，这里只列出前 {TABLE_ROWS:,} 项" in head
    assert f"共 {TABLE_ROWS + 100:,} 项，这里只列出前 {TABLE_ROWS:,} 项" in head
    assert "findings.json" in head and "auditor extract" in head
    assert head.count("<tr") < 2 * TABLE_ROWS + 50


def _pdf_boxes(pdf, page_number: int, needle: str) -> tuple[float, float, float, float]:
    """The union of the boxes of ``needle``'s characters, read here with pypdfium2."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        text_page = document[page_number - 1].get_textpage()
        text = text_page.get_text_range()
        start = text.index(needle)
        boxes = [text_page.get_charbox(i) for i in range(start, start + len(needle))]
    finally:
        document.close()
    boxes = [b for b in boxes if b[2] > b[0]]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _rects(html: str, index: str) -> list[dict[str, float]]:
    return [{key: float(attrs[key]) for key in ("x", "y", "width", "height")}
            for tag, attrs in _parse(html).tags if tag == "rect" and attrs.get("data-f") == index]


def test_pdf_pages_are_rendered_once_with_each_findings_box(tmp_path):
    from auditor.pipeline import audit_path
    from tests.builders import make_pdf

    pdf = make_pdf(tmp_path / "报告.pdf", [
        ["一、部门整体概况", "本部门申请预算资金 97.43 万元，实际支出 91.67 万元，预算执行率 94.09%。"],
        ["二、项目情况", "项目预算 25.00 万元，到位数 20.00 万元，实际支出 20.00 元，执行率为 80%。"],
    ])
    result = audit_path(pdf)
    out = _write(tmp_path / "out", [result])
    page = out / document_page_name(result)
    html = page.read_text(encoding="utf-8")
    image = out / "报告.pdf.p2.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    findings = sorted(result.findings, key=lambda f: (f.span.start, -f.severity.rank, f.code))
    slip = next(i for i, f in enumerate(findings) if f.code == "AU101")
    [rect] = _rects(html, str(slip))
    x0, y0, x1, y1 = _pdf_boxes(pdf, 2, "20.00 元")
    height = 841.89  # A4 in points
    assert abs(rect["x"] + 2 - x0) < 0.5 and abs(rect["width"] - 4 - (x1 - x0)) < 0.5
    assert abs(rect["y"] + 2 - (height - y1)) < 0.5 and abs(rect["height"] - 4 - (y1 - y0)) < 0.5
    # written once: a second report reuses the image that is still right
    before = image.stat().st_mtime_ns
    _write(tmp_path / "out", [result])
    assert image.stat().st_mtime_ns == before


def test_a_span_with_its_own_box_is_drawn_there(tmp_path):
    """When the reader gives a span its box (Span.bbox), the report draws that box."""
    from dataclasses import dataclass

    from auditor.pipeline import audit_path
    from auditor.types import Span
    from tests.builders import make_pdf

    @dataclass(frozen=True)
    class BoxedSpan(Span):
        bbox: dict | None = None

    line = "项目预算 25.00 万元，到位数 20.00 万元，实际支出 20.00 元，执行率为 80%。"
    pdf = make_pdf(tmp_path / "报告.pdf", [["一、概况", line]])
    result = audit_path(pdf)
    index, slip = next((i, f) for i, f in enumerate(
        sorted(result.findings, key=lambda f: (f.span.start, -f.severity.rank, f.code)))
        if f.code == "AU101")
    box = {"page": 1, "x0": 100.0, "y0": 500.0, "x1": 160.0, "y1": 512.0}
    boxed = replace(slip, span=BoxedSpan(**{**slip.span.__dict__, "bbox": box}))
    result = replace(result, findings=tuple(boxed if f is slip else f for f in result.findings))
    out = _write(tmp_path / "out", [result])
    [rect] = _rects((out / document_page_name(result)).read_text(encoding="utf-8"), str(index))
    assert rect == {"x": 98.0, "y": round(841.89 - 512.0 - 2, 2), "width": 64.0, "height": 16.0}

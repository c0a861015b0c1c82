"""The HTML report in a real headless Chromium (Debian's /usr/bin/chromium via Playwright):
narrow and wide layouts, keyboard navigation, the index without JavaScript, the original PDF
page with the finding's box, hidden characters, and the CSP against inline scripts."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.report.html import document_page_name, write_html_report
from tests.report_samples import SEED_LIKE, clean_result, error_result, hostile_result, seed_like_result

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DATA = Path(__file__).parent / "data"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required on CI)")
    pytest.skip(f"{reason}; the browser tests need Debian's chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _open(browser, width: int = 1280, height: int = 800, javascript: bool = True):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.dialogs, page.requests, page.failed, page.console, page.errors = [], [], [], [], []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_route(route):
        if not route.request.url.startswith("file://"):
            page.requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.on("dialog", on_dialog)
    page.on("requestfailed", lambda request: page.failed.append(request.url))
    page.on("console", lambda message: page.console.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    context.route("**/*", on_route)
    return context, page


@pytest.fixture
def page(browser):
    context, opened = _open(browser)
    yield opened
    context.close()


def _long_result():
    """The seed-like report with 300 plain lines in front, so every finding needs a scroll."""
    filler = "".join(f"第{n}段：本部门按计划推进各项工作，资金使用规范。\n" for n in range(300))
    return seed_like_result("reports/长报告.txt", filler + SEED_LIKE)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    results = [seed_like_result(), hostile_result(), error_result(), clean_result(), _long_result()]
    results += [clean_result(f"reports/批次/第{n}号.txt") for n in range(20)]
    write_html_report(results, out, settings={"格式": "html"}, started=datetime(2024, 3, 1),
                      elapsed=2.0)
    return out, results


def _in_view(page, selector: str) -> bool:
    """The element is inside the viewport and not under the fixed bottom bar."""
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " const bar = document.getElementById('bar');"
        " const cover = bar && getComputedStyle(bar).display !== 'none' ? bar.offsetHeight : 0;"
        " return r.top >= 0 && r.bottom <= window.innerHeight - cover && r.width > 0; }",
    )


@pytest.mark.parametrize("width", [375, 1400])
def test_j_and_k_bring_the_highlighted_span_into_view(browser, report, width):
    out, results = report
    context, page = _open(browser, width=width, height=700)
    try:
        page.goto((out / document_page_name(results[4])).as_uri())
        page.wait_for_selector("#flist", state="attached")
        assert page.evaluate("window.scrollY") == 0
        count = page.locator("#flist > li.fi").count()
        for step in range(count):
            page.keyboard.press("j")
            assert page.locator(f"#flist > li.fi.current[data-i=\"{step}\"]").count() == 1
            active = f'mark.active[data-f~="{step}"]'
            assert page.locator(active).count() > 0
            assert _in_view(page, active), (width, step)
        for step in range(count - 2, -1, -1):
            page.keyboard.press("k")
            assert _in_view(page, f'mark.active[data-f~="{step}"]'), (width, step)
        side_visible = page.eval_on_selector(
            "#side",
            "e => { const r = e.getBoundingClientRect(); return r.left < innerWidth"
            " && r.top < innerHeight && getComputedStyle(e).visibility !== 'hidden'; }")
        if width == 375:
            # the list is a drawer: closed while reading, opened with the bar or l
            assert not side_visible
            assert "AU" in page.inner_text("#bar-cur")
            page.click("#bar-cur")
            page.wait_for_timeout(300)
            assert page.locator("body.drawer-open").count() == 1
            page.click('#flist > li.fi[data-i="3"] .fm')
            page.wait_for_timeout(300)
            assert page.locator("body.drawer-open").count() == 0
            assert _in_view(page, 'mark.active[data-f~="3"]')
        else:
            assert side_visible
            assert _in_view(page, "#flist > li.fi.current")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.dialogs == [] and page.requests == [] and page.errors == []
    finally:
        context.close()


def test_index_lists_documents_without_javascript(browser, report):
    out, results = report
    context, page = _open(browser, javascript=False)
    try:
        page.goto((out / "index.html").as_uri())
        rows = page.locator("#rows tr")
        assert rows.count() == len(results)
        names = page.eval_on_selector_all("#rows tr a", "links => links.map(a => a.getAttribute('href'))")
        assert sorted(map(unquote, names)) == sorted(document_page_name(r) for r in results)
        assert page.locator("#filters").is_hidden()  # the filters need JavaScript: not shown
        page.click(f'#rows tr[data-path="{results[0].path}"] a')
        page.wait_for_selector("#flist", state="attached")
        assert page.locator("#flist > li.fi").count() == len(results[0].findings)
    finally:
        context.close()


def test_filter_sort_and_bracket_keys_follow_the_index_order(page, report):
    out, results = report
    page.goto((out / "index.html").as_uri())
    rows = page.locator("#rows tr:not([hidden])")
    assert rows.count() == len(results)
    page.select_option("#f-rule", "AU101")
    assert rows.count() == 2
    page.select_option("#f-rule", "")
    page.fill("#f-text", "第1")
    assert rows.count() == len([r for r in results if "第1" in r.path])
    page.click("#f-reset")
    page.select_option("#f-sev", "unreadable")
    assert rows.count() == 1 and rows.first.get_attribute("data-path") == results[2].path
    page.click("#f-reset")
    page.click('th[data-key="path"]')  # sort by name: the order [ and ] follow
    order = page.eval_on_selector_all("#rows tr", "rows => rows.map(r => r.dataset.page)")
    page.click(f'#rows tr[data-page="{order[0]}"] a')

    def now_on(name: str) -> None:
        page.wait_for_function(
            "name => document.body.dataset.page === name && document.body.classList.contains('js')",
            arg=name)
        assert unquote(page.url.split("#")[0]).endswith("/" + name)

    now_on(order[0])
    page.keyboard.press("]")
    now_on(order[1])
    page.keyboard.press("]")
    now_on(order[2])
    page.keyboard.press("[")
    now_on(order[1])
    page.keyboard.press("u")
    now_on("index.html")
    assert page.errors == []


def test_help_panel_and_only_flagged_lines_remembered(page, report):
    out, results = report
    page.goto((out / document_page_name(results[4])).as_uri())
    page.wait_for_selector("body.js")
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()
    shown = page.locator("#src .l:visible").count()
    page.check("#only-flagged")
    flagged = page.locator("#src .l:visible").count()
    assert 0 < flagged < shown / 10
    assert page.locator("#marks .mk").count() > 0
    page.goto((out / document_page_name(results[0])).as_uri())
    page.wait_for_selector("body.js")
    assert page.locator("#only-flagged").is_checked()  # remembered across pages
    page.keyboard.press("f")
    assert not page.locator("#only-flagged").is_checked()


def test_no_inline_script_runs_under_the_csp(page, report):
    out, results = report
    original = out / document_page_name(results[0])
    tampered = out / "tampered.html"
    html = original.read_text(encoding="utf-8").replace(
        "</body>",
        "<script>window.inlineRan = true;</script>"
        '<img src="assets/none.png" onerror="window.handlerRan = true">'
        '<a id="js-link" href="javascript:window.linkRan=true">x</a></body>',
    )
    tampered.write_text(html, encoding="utf-8")
    try:
        page.goto(tampered.as_uri())
        page.wait_for_selector("body.js")  # our script files did run
        page.click("#js-link")
        page.wait_for_timeout(200)
        assert page.evaluate("[window.inlineRan, window.handlerRan, window.linkRan]") == [None, None, None]
        assert any("Content Security Policy" in message for message in page.console)
    finally:
        tampered.unlink()


def test_injected_markup_never_runs(page, report):
    out, results = report
    page.goto((out / document_page_name(results[1])).as_uri())
    page.wait_for_selector("#flist", state="attached")
    page.click('#flist > li.fi[data-i="0"]')
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, textarea, b').length") == 0
    text = page.inner_text("#src")
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "<b>不应加粗</b>" in page.inner_text("#flist")
    assert page.requests == []


def test_a_pdf_finding_shows_its_page_with_the_box(browser, tmp_path):
    from auditor.pipeline import audit_path
    from tests.builders import make_pdf

    pdf = make_pdf(tmp_path / "妇联自评报告.pdf", [
        ["2023 年度县妇联整体绩效自评工作报告", "一、部门整体概况", "本部门申请预算资金 97.43 万元，",
         "实际支出 91.67 万元，预算执行率 94.09%。"],
        ["二、项目情况", "项目预算 25.00 万元，到位数 20.00 万元，",
         "实际支出 20.00 元，执行率为 80%。", "三、存在的问题", "存在问题：无。", "四、整改措施",
         "针对存在的问题，加强管理。"],
    ])
    result = audit_path(pdf)  # a real scan: the box comes from the page, not from the test
    slip = next(f for f in result.findings if f.code == "AU101")
    assert slip.span.page == 2
    out = tmp_path / "out"
    write_html_report([result], out, settings={}, started=datetime(2024, 3, 1), elapsed=1.0)
    image = out / f"{document_page_name(result)[:-5]}.p2.png"
    assert image.read_bytes().startswith(b"\x89PNG")
    context, page = _open(browser, width=1400, height=900)
    try:
        page.goto((out / document_page_name(result)).as_uri())
        page.wait_for_selector("body.js")
        card = page.locator("#flist > li.fi", has_text="AU101").first
        card.locator("a.pvlink").click()
        figure = page.locator("figure.pv.open")
        assert figure.count() == 1 and figure.get_attribute("data-page") == "2"
        index = card.get_attribute("data-i")
        rect = page.locator(f'figure.pv.open rect.box.on[data-f="{index}"]')
        assert rect.count() == 1
        inside = page.evaluate(
            """i => { const r = document.querySelector(`figure.pv.open rect.box.on[data-f="${i}"]`)
                                        .getBoundingClientRect();
                     const f = document.querySelector('figure.pv.open .pv-scroll')
                                        .getBoundingClientRect();
                     return r.width > 20 && r.height > 5 && r.top >= f.top && r.bottom <= f.bottom; }""",
            index)
        assert inside
        narrow = page.eval_on_selector("figure.pv.open svg", "e => e.getBoundingClientRect().width")
        page.click("figure.pv.open button.pv-zoom")
        assert page.eval_on_selector("figure.pv.open svg", "e => e.getBoundingClientRect().width") > 2 * narrow
        assert page.evaluate(
            """i => { const r = document.querySelector(`figure.pv.open rect.box.on[data-f="${i}"]`)
                                        .getBoundingClientRect();
                     const f = document.querySelector('figure.pv.open .pv-scroll')
                                        .getBoundingClientRect();
                     return r.left >= f.left && r.right <= f.right && r.top >= f.top; }""", index)
        assert page.failed == [] and page.requests == [] and page.errors == []
        assert _in_view(page, f'mark.active[data-f~="{index}"]')  # the text span too
        page.keyboard.press("Escape")
        assert page.locator("figure.pv.open").count() == 0
    finally:
        context.close()


def test_right_to_left_override_in_name_and_text_is_shown_and_reported(browser, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(DATA / "seedlike.txt", batch / "seedlike.txt")
    spoofed = batch / "\u202egnp.txt"
    spoofed.write_text("2024年度项目支出绩效自评报告\n\n一、概况\n\n预算执行率为\u202e%09，"
                       "较上年有所提高。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["scan", str(batch), "--out", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    assert "\u202e" not in result.output
    context, page = _open(browser)
    try:
        page.goto((out / "index.html").as_uri())
        link = page.locator("#rows tr a", has_text="gnp.txt")
        assert link.locator(".hc-bidi").inner_text() == "RLO"
        assert "\u202e" not in page.evaluate("document.body.innerText")
        link.click()
        page.wait_for_selector("#flist", state="attached")
        assert "\u202e" not in page.evaluate("document.body.innerText")
        assert page.locator("h1 .hc-bidi").inner_text() == "RLO"
        markers = page.locator("#src .hc-bidi")
        assert markers.count() == 1 and markers.first.inner_text() == "RLO"
        findings = page.locator("#flist > li.fi", has_text="AU504")
        assert findings.count() == 2  # the file name and the text
        assert "文件名" in findings.first.inner_text() or "文件名" in findings.last.inner_text()
        # the text after the override reads as written, not reversed
        line = page.locator("#src .l", has_text="预算执行率为").inner_text()
        assert "RLO%09" in line.replace("\n", "")
    finally:
        context.close()


def test_scanned_batch_end_to_end(page, tmp_path):
    """A real `auditor scan`: filter to a rule, open the document, click the unit slip, see it
    and the figures it contradicts; a report's <script> stays text."""
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(DATA / "seedlike.txt", batch / "seedlike.txt")
    (batch / "hostile.txt").write_text(
        "2024年度项目支出绩效自评报告\n\n一、概况\n\n<script>alert('x')</script>"
        "年初预算 100.00 万元，实际支出 90.00 万元，执行率 95.00%。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["scan", str(batch), "--out", str(out), "--quiet"])
    assert result.exit_code == 1, result.output

    page.goto((out / "index.html").as_uri())
    rows = page.locator("#rows tr:not([hidden])")
    assert rows.count() == 2
    page.select_option("#f-rule", "AU101")
    assert rows.count() == 1
    rows.first.locator("a").click()
    page.wait_for_selector("#flist", state="attached")
    page.set_viewport_size({"width": 1280, "height": 300})
    slips = page.locator("#flist > li.fi", has_text="AU101")
    index = slips.last.get_attribute("data-i")
    slips.last.locator(".fm").click()
    primary = f'mark.active[data-f~="{index}"]'
    page.wait_for_selector(primary)
    assert _in_view(page, primary)
    assert page.inner_text(primary).strip() == "20.00 元"
    related = page.locator(f'mark.active-rel[data-r~="{index}"]')
    assert sorted(related.all_inner_texts()) == ["25 万元", "80%"]
    assert "按更正后的单位成立" in page.inner_text("#checks")

    page.goto((out / "index.html").as_uri())
    page.click("#rows tr a >> text=hostile.txt")
    page.wait_for_selector("#flist", state="attached")
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.requests == []
    assert "<script>alert('x')</script>" in page.inner_text("#src")

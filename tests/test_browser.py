"""The HTML report in a real headless Chromium: filtering, navigation, highlighting, escaping."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from auditor.report.html import document_page_name, write_html_report
from tests.report_samples import clean_result, error_result, hostile_result, seed_like_result

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required on CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.requests = []  # type: ignore[attr-defined]

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
    context.route("**/*", on_route)
    yield page
    context.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    results = [seed_like_result(), hostile_result(), error_result(), clean_result()]
    results += [clean_result(f"reports/批次/第{n}号.txt") for n in range(20)]
    write_html_report(results, out, settings={"格式": "html"}, started=datetime(2024, 3, 1),
                      elapsed=2.0)
    return out, results


def _in_view(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0; }",
    )


def test_filter_open_and_click_finding(page, report):
    out, results = report
    page.goto((out / "index.html").as_uri())
    rows = page.locator("#rows tr")
    assert rows.count() == len(results)
    page.select_option("#f-rule", "AU101")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-path") == results[0].path
    page.select_option("#f-rule", "")
    page.fill("#f-text", "第1")
    assert rows.count() == len([r for r in results if "第1" in r.path])
    page.click("#f-reset")
    page.select_option("#f-sev", "unreadable")
    assert rows.count() == 1 and rows.first.get_attribute("data-path") == results[2].path
    page.click("#f-reset")
    page.click(f'#rows tr[data-path="{results[0].path}"] a')
    page.wait_for_selector("#flist")
    assert page.url.endswith(document_page_name(results[0], 1))

    # pick the finding with related spans farthest down so a scroll is needed
    items = page.locator("#flist > li.fi")
    index = items.count() - 1
    while page.locator(f'mark[data-r~="{index}"]').count() == 0:
        index -= 1
    page.set_viewport_size({"width": 1280, "height": 300})
    page.click(f'#flist > li.fi[data-i="{index}"]')
    primary = f'mark.active[data-f~="{index}"]'
    page.wait_for_selector(primary)
    assert _in_view(page, primary)
    assert page.locator(f'mark[data-r~="{index}"]').count() == page.locator(
        f'mark.active-rel[data-r~="{index}"]').count() > 0
    assert page.locator("mark.active").count() == page.locator(f'mark[data-f~="{index}"]').count()

    # keyboard: j / k move between findings
    page.keyboard.press("k")
    assert page.locator(f'#flist > li.fi.current[data-i="{index - 1}"]').count() == 1
    assert page.locator(f'mark.active[data-f~="{index - 1}"]').count() > 0
    page.keyboard.press("j")
    assert page.locator(f'#flist > li.fi.current[data-i="{index}"]').count() == 1
    assert page.dialogs == [] and page.requests == []


def test_injected_markup_never_runs(page, report):
    out, results = report
    page.goto((out / "index.html").as_uri())
    page.wait_for_selector("#rows tr")
    paths = page.eval_on_selector_all("#rows tr", "rows => rows.map(r => r.dataset.path)")
    assert results[1].path in paths
    assert page.get_by_role("link", name=results[1].path).count() == 1
    page.goto((out / document_page_name(results[1], 2)).as_uri())
    page.wait_for_selector("#flist")
    page.click('#flist > li.fi[data-i="0"]')
    page.wait_for_timeout(300)  # give any injected handler a chance to fire
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, svg, b, textarea').length") == 0
    assert page.evaluate("document.scripts.length") == 1
    text = page.inner_text("#src")
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "<b>不应加粗</b>" in page.inner_text("#flist")
    assert page.requests == []


def test_scanned_batch_end_to_end(page, tmp_path):
    """A real `auditor scan` of a batch: filter to a rule, open the document, click the unit
    slip, see it and the figures it contradicts; a report's <script> stays text."""
    import shutil

    from typer.testing import CliRunner

    from auditor.cli import app

    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "seedlike.txt", batch / "seedlike.txt")
    (batch / "hostile.txt").write_text(
        "2024年度项目支出绩效自评报告\n\n一、概况\n\n<script>alert('x')</script>"
        "年初预算 100.00 万元，实际支出 90.00 万元，执行率 95.00%。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["scan", str(batch), "--out", str(out), "--quiet"])
    assert result.exit_code == 1, result.output

    page.goto((out / "index.html").as_uri())
    rows = page.locator("#rows tr")
    assert rows.count() == 2
    page.select_option("#f-rule", "AU101")
    assert rows.count() == 1
    page.click("#rows tr a")
    page.wait_for_selector("#flist")
    page.set_viewport_size({"width": 1280, "height": 300})
    slips = page.locator("#flist > li.fi", has_text="AU101")
    index = slips.last.get_attribute("data-i")
    slips.last.click()
    primary = f'mark.active[data-f~="{index}"]'
    page.wait_for_selector(primary)
    assert _in_view(page, primary)
    assert page.inner_text(primary).strip() == "20.00 元"
    related = page.locator(f'mark.active-rel[data-r~="{index}"]')
    assert sorted(related.all_inner_texts()) == ["25 万元", "80%"]

    page.goto((out / "index.html").as_uri())
    page.click("#rows tr a >> text=hostile.txt")
    page.wait_for_selector("#flist")
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.requests == []
    assert "<script>alert('x')</script>" in page.inner_text("#src")

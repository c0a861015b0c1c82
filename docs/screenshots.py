"""Regenerate the README screenshots: `python docs/screenshots.py` (needs the dev extras
and /usr/bin/chromium).

Scans the project's own samples plus a PDF made here from one of them (the real documents
are never shown), then photographs the index, a document page wide and at phone width, and
the original PDF page with a finding's box, in headless Chromium.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders import make_pdf  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _demo_batch(folder: Path) -> None:
    for sample in sorted((ROOT / "corpora" / "samples").iterdir()):
        (folder / sample.name).write_bytes(sample.read_bytes())
    lines = (ROOT / "tests" / "data" / "seedlike.txt").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip()]
    pages = [lines[i:i + 28] for i in range(0, len(lines), 28)]
    wrapped = [[piece for line in page for piece in _wrap(line, 38)] for page in pages]
    make_pdf(folder / "县妇联2023年度整体绩效自评报告.pdf", wrapped, page_numbers="- {n} -")


def _wrap(line: str, width: int) -> list[str]:
    return [line[i:i + width] for i in range(0, len(line), width)] or [""]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="auditor-shots-") as scratch:
        batch, out = Path(scratch) / "报告", Path(scratch) / "audit-report"
        batch.mkdir()
        _demo_batch(batch)
        subprocess.run([sys.executable, "-c", "from auditor.cli import main; main()", "scan",
                        str(batch), "--out", str(out), "-q", "--no-cache"], check=False)
        pdf_page = out / quote("县妇联2023年度整体绩效自评报告.pdf.html")
        text_page = out / quote("001_dept_overall_qinghe_canlian.txt.html")
        docs = ROOT / "docs"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

            def shot(url: str, name: str, width: int, height: int, keys: str = "",
                     click: str | None = None) -> None:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(url)
                page.wait_for_selector("body.js")
                for key in keys:
                    page.keyboard.press(key)
                    page.wait_for_timeout(150)
                if click:
                    page.locator(click).first.click()
                    page.wait_for_timeout(300)
                page.screenshot(path=str(docs / name))
                page.close()

            shot((out / "index.html").as_uri(), "index.png", 1400, 900)
            shot(f"file://{text_page}", "document.png", 1400, 900, keys="jj")
            shot(f"file://{text_page}", "document-narrow.png", 375, 812, keys="jj")
            shot(f"file://{pdf_page}", "pdf-page.png", 1400, 900, keys="j",
                 click="#flist li.fi:has(a.pvlink) a.pvlink")
            browser.close()


if __name__ == "__main__":
    main()

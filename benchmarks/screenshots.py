"""Render an HTML report's index and first document page to PNG with headless Chromium.

Usage: ``python benchmarks/screenshots.py OUT_DIR REPORT_DIR [--chromium PATH]``

Writes ``OUT_DIR/index.png`` and ``OUT_DIR/document.png`` (the first document listed in the
index, with its first finding selected so the highlight of its related spans shows), and the
same two at a phone's width (``index-narrow.png``, ``document-narrow.png``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def first_document_page(report_dir: Path) -> Path | None:
    """The first document page of the report (each named after its file; the index aside)."""
    pages = sorted(path for path in report_dir.glob("*.html") if path.name != "index.html")
    return pages[0] if pages else None


#: (file suffix, viewport): a desktop monitor and a phone held upright
VIEWPORTS = (("", {"width": 1400, "height": 900}), ("-narrow", {"width": 390, "height": 844}))


def take(out_dir: Path, report_dir: Path, chromium: str = CHROMIUM, finding: int = 0) -> list[Path]:
    """Screenshot the index and the first document page at each width; return the PNG paths."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for suffix, viewport in VIEWPORTS:
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                page.goto((report_dir / "index.html").resolve().as_uri())
                page.wait_for_selector("#rows tr")
                target = out_dir / f"index{suffix}.png"
                page.screenshot(path=str(target), full_page=False)
                written.append(target)
                document = first_document_page(report_dir)
                if document is not None:
                    page.goto(document.resolve().as_uri() + f"#f{finding}")
                    page.wait_for_selector("mark.active")
                    page.evaluate("window.scrollTo(0, 0)")
                    target = out_dir / f"document{suffix}.png"
                    page.screenshot(path=str(target), full_page=False)
                    written.append(target)
                page.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("report_dir", type=Path)
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("--finding", type=int, default=0, help="which finding to select (0-based)")
    args = parser.parse_args(argv)
    if not (args.report_dir / "index.html").is_file():
        print(f"找不到 {args.report_dir / 'index.html'}", file=sys.stderr)
        return 2
    for path in take(args.out_dir, args.report_dir, args.chromium, args.finding):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

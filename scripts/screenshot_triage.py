"""Render a batch as the triage page and save a screenshot of it, for the README.

    .venv/bin/python scripts/screenshot_triage.py [PATH…] [--open kangqiao-2020.txt] [-o docs/triage.png]

PATHs default to the seed's Word dump and the real corpus. The report whose path ends
with ``--open`` is shown drilled down. Needs Debian's chromium and playwright (the test
extra).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATHS = [Path("tests/fixtures/kangqiao-2020.txt"), Path("tests/fixtures/corpus")]  # from the checkout
WIDTH, HEIGHT = 1280, 1360


def screenshot(page_file: Path, output: Path, open_path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(page_file.as_uri())
        page.locator("tr.report", has=page.locator(f"td.path:text-matches('{open_path}$')")).click()
        page.screenshot(path=str(output), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--open", default="kangqiao-2020.txt", help="the report shown drilled down")
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "triage.png")
    args = parser.parse_args()
    if not args.paths:
        os.chdir(ROOT)  # so the page shows the paths as a reviewer types them
        args.paths = DEFAULT_PATHS
    if shutil.which("chromium") is None:
        print("no chromium on PATH (apt-get install chromium fonts-wqy-microhei)", file=sys.stderr)
        return 2
    import gkaudit
    from gkaudit.render.html import render_html

    with tempfile.TemporaryDirectory(prefix="gkaudit-triage-") as tmp:
        page_file = Path(tmp) / "triage.html"
        page_file.write_text(render_html(gkaudit.check(args.paths), args.lang), encoding="utf-8")
        screenshot(page_file, args.output, args.open)
    print(f"{args.output}: {args.output.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

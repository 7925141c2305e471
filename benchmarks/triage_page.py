"""How the triage page holds up at batch size: its size and how quickly it draws, sorts,
filters and opens a report in headless Chromium.

    PYTHONPATH=src .venv/bin/python benchmarks/triage_page.py [--n 2000] [--seed-share 0.25] [--keep page.html]

The batch: `--n` reports, a `--seed-share` of them copies of the real seed report (each
under its own body name, so each carries the seed's six findings and its 133-cell blank
list: the heaviest drill-down there is), the rest generated with one planted error in
four. Prints the page's size, the time to render it in Python, and in Chromium the time
to first draw, to sort by a column, to filter by diagnosis and by text, and to open a
report. Needs Debian's chromium and playwright (the test extra).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "sample_reports" / "kangqiao-2020.json"
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def build(folder: Path, n: int, seed_share: float) -> None:
    copies = round(n * seed_share)
    generate(folder / "generated", n - copies, seed=0, error_rate=0.25)
    (folder / "generated" / "planted.json").unlink()
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    for index in range(copies):
        seed["metadata"]["body"] = f"康桥街道{index:04d}"
        (folder / f"seed-{index:04d}.json").write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")


def _timed(page, script: str, runs: int = 5) -> float:
    """The median milliseconds of a synchronous action run in the page, layout included."""
    return statistics.median(page.evaluate(f"() => {{ const t = performance.now(); {script}; void document.body.offsetHeight; return performance.now() - t; }}")
                             for _ in range(runs))


def measure(html_file: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(html_file.as_uri())
        page.wait_for_selector("tr.report")
        figures = {"first draw (goto → rows)": (time.perf_counter() - start) * 1000}
        figures["sort by body"] = _timed(page, "document.querySelector('th[data-sort=body]').click()")
        change = "{{ const s = document.getElementById('filter-diagnosis'); s.value = {value}; s.dispatchEvent(new Event('change')) }}"
        figures["filter by diagnosis"] = _timed(page, change.format(value="'unique_slip'") + ";" + change.format(value="''"))
        figures["search"] = _search(page)
        figures["open a report"] = _timed(page, "document.querySelector('tr.report').click()")
        figures["rows drawn first"] = page.locator("tr.report").count()
        browser.close()
    return figures


def _search(page) -> float:
    """Milliseconds from typing to the redrawn count, less the 120 ms the search waits for typing to stop."""
    times = []
    for word in ("康桥", "T4.TOTAL", ""):
        before = page.text_content("#shown")
        start = time.perf_counter()
        page.fill("#search", word)
        page.wait_for_function("old => document.getElementById('shown').textContent !== old", arg=before, polling=5)
        times.append((time.perf_counter() - start) * 1000 - 120)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed-share", type=float, default=0.25)
    parser.add_argument("--keep", type=Path, help="write the page here and keep it")
    args = parser.parse_args()
    import gkaudit
    from gkaudit.render.html import render_html

    with tempfile.TemporaryDirectory(prefix="gkaudit-triage-") as tmp:
        folder = Path(tmp)
        build(folder / "batch", args.n, args.seed_share)
        batch = gkaudit.check([folder / "batch"])
        start = time.perf_counter()
        text = render_html(batch)
        rendered = time.perf_counter() - start
        html_file = args.keep or folder / "triage.html"
        html_file.write_text(text, encoding="utf-8")
        print(f"{len(batch.reports)} reports, {sum(len(r.findings) for r in batch.reports)} findings; "
              f"page {len(text.encode()) / 2**20:.1f} MiB, rendered in {rendered:.2f} s")
        for name, value in measure(html_file.resolve()).items():
            print(f"  {name:<28} {value:8.0f}" + ("" if name.startswith("rows") else " ms"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

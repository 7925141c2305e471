"""Time gkaudit on the adversarial inputs of the hardening issue: long digit runs in a narrative,
unbalanced brackets, a long digit cell, many rules. Every stage must stay (near-)linear, so the
time for N and 6N differ about sixfold, not 36-fold.

    PYTHONPATH=src .venv/bin/python benchmarks/adversarial.py [--sizes 10000 60000]
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
import time
from pathlib import Path

from gkaudit.api import check
from gkaudit.errors import GkauditError

SAMPLE = Path(__file__).parent.parent / "sample_reports" / "kangqiao-2020.json"


def _narrative_with(filler: str) -> dict:
    report = json.loads(SAMPLE.read_text(encoding="utf-8"))
    report = copy.deepcopy(report)
    section = report["narrative"][1]
    section["text"] = f"共发布信息{filler}条，其中{filler}条" + section["text"]
    return report


CASES = {
    "digit run": lambda n: _narrative_with("1" * n),
    "digit run, no unit": lambda n: _narrative_with("1" * n + "x"),
    "open brackets": lambda n: _narrative_with("（" * n),
    "chinese numerals": lambda n: _narrative_with("一" * n),
}


def _time(report: dict, folder: Path) -> tuple[float, str]:
    path = folder / "r.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    start = time.perf_counter()
    try:
        check([path])
        outcome = "checked"
    except GkauditError as error:
        outcome = f"refused: {error.expected[:60]}"
    return time.perf_counter() - start, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 60_000])
    sizes = parser.parse_args().sizes
    with tempfile.TemporaryDirectory() as folder:
        for name, build in CASES.items():
            for size in sizes:
                seconds, outcome = _time(build(size), Path(folder))
                print(f"{name:22} {size:>8,}  {seconds:7.2f} s  {outcome}")


if __name__ == "__main__":
    main()

"""Speed and memory figures for gkaudit, printed (not asserted: timed tests flake).

    .venv/bin/python scripts/benchmark.py [--batch 2000] [--repeat 7]

Measures, on this machine:
- wall time of light commands (``--help``, ``rules``, ``schema``) and of ``check`` on
  the seed sample, each as a fresh process (median of --repeat runs);
- in-process throughput of the engine on a batch of reports (reports per second);
- documents read per second for each input format (the seed rendered as DOCX and HTML
  by the test helpers, and real corpus documents for PDF, Markdown and Word text);
- peak resident memory of the whole run.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_reports" / "kangqiao-2020.json"


def wall(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gkaudit", *args], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def batch_throughput(size: int) -> tuple[float, float, int]:
    from gkaudit.engine import audit_reports
    from gkaudit.model import Cell
    from gkaudit.readers import read_report
    from gkaudit.rules.catalog import load_ruleset

    rules = load_ruleset()
    base = read_report(SAMPLE)
    rng = random.Random(0)
    reports = []
    for _ in range(size):
        report = read_report(SAMPLE)
        cells = report.tables["table3"].rows["granted"]
        cells["natural_person"] = Cell(rng.randint(0, 5), base.tables["table3"].rows["granted"]["natural_person"].source)
        reports.append(report)
    start = time.perf_counter()
    audits = audit_reports(reports, rules)
    elapsed = time.perf_counter() - start
    findings = sum(len(a.findings) for a in audits)
    return size / elapsed, elapsed, findings


def reader_rates(seconds: float) -> list[tuple[str, str, float]]:
    """(format, document, documents read per second), each read repeatedly for ``seconds``."""
    import tempfile

    from gkaudit.readers import read_report

    sys.path.insert(0, str(ROOT))
    from tests.renderings import html_document, write_docx

    corpus = ROOT / "tests" / "fixtures" / "corpus"
    folder = Path(tempfile.mkdtemp())
    docx_path, html_path = folder / "seed.docx", folder / "seed.html"
    write_docx(docx_path, merged=True)
    html_path.write_bytes(html_document(merged=True).encode("gb18030"))
    documents = [
        ("json", SAMPLE), ("word text", ROOT / "tests" / "fixtures" / "kangqiao-2020.txt"),
        ("docx", docx_path), ("html (seed, GBK)", html_path), ("html (crawled page)", corpus / "pingtan-gonganju-2021.html"),
        ("markdown", corpus / "shuyang-county-2025.txt"), ("pdf (5 pages)", corpus / "hongze-2023.pdf"),
    ]
    rates = []
    for kind, path in documents:
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            read_report(path)
            count += 1
        rates.append((kind, path.name, count / (time.perf_counter() - start)))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--read-seconds", type=float, default=2.0)
    options = parser.parse_args()
    print(f"python {sys.version.split()[0]} · median of {options.repeat} fresh processes")
    try:
        import hypothesis  # noqa: F401

        print("  note: hypothesis is installed here; pandera imports it when present (+~0.2 s per check).")
        print("        A user's install has no test extra: measure in a venv made with `pip install .`.")
    except ImportError:
        pass
    for label, args in (("--help", ["--help"]), ("rules", ["rules"]), ("schema", ["schema"]),
                        ("check seed", ["check", str(SAMPLE)]), ("check seed --format json", ["check", "--format", "json", str(SAMPLE)])):
        print(f"  gkaudit {label:<26} {wall(args, options.repeat) * 1000:7.0f} ms")
    rate, elapsed, findings = batch_throughput(options.batch)
    print(f"engine batch of {options.batch}: {elapsed:.2f} s, {rate:,.0f} reports/s, {findings} findings")
    print("documents read per second:")
    for kind, name, per_second in reader_rates(options.read_seconds):
        print(f"  {kind:<22} {per_second:8.1f}/s  ({name})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MiB")


if __name__ == "__main__":
    main()

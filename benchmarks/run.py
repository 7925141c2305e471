"""End-to-end benchmark of `gkaudit check` on a generated batch, with a correctness check.

    python benchmarks/run.py [--n 1000] [--jobs J] [--seed 0] [--no-stages]

Generates N reports with benchmarks/generate.py (cached per N, seed and generator version
under the temp folder), then prints in one run:
- wall time of the real CLI, `python -m gkaudit check DIR --format json` as a subprocess
  with its output written to a file, and its peak RSS (os.wait4 on that child);
- the bare baseline: a subprocess that only `json.load`s every file;
- their ratio and the CLI's reports per second;
- time per stage, in this process, through the pipeline's own functions (imports, read_all,
  check_alone, year cells, diagnose, storing the results, cross-year pairing, render_json);
- whether the CLI's findings (warning and above) are exactly the planted ones.
Exits 1 when they are not. `--jobs` is passed to the CLI only if `check --help` lists it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BASELINE = ("import json, pathlib, sys\n"
            "paths = sorted(p for p in pathlib.Path(sys.argv[1]).rglob('*') if p.is_file())\n"
            "for p in paths:\n"
            "    with open(p, encoding='utf-8') as f:\n"
            "        json.load(f)\n")


def batch(n: int, seed: int) -> Path:
    """The folder holding reports/ and planted.json for n reports, generated once."""
    version = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:10]
    folder = Path(tempfile.gettempdir()) / "gkaudit-bench" / f"n{n}-seed{seed}-{version}"
    if not (folder / "planted.json").exists():
        partial = folder.with_name(folder.name + f".partial{os.getpid()}")
        generate(partial, n, seed)
        partial.rename(folder)
    return folder


def timed_child(args: list[str], stdout: Path) -> tuple[float, int, float]:
    """(wall seconds, exit status, peak RSS in MiB) of one subprocess."""
    with open(stdout, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # already reaped
    return elapsed, child.returncode, usage.ru_maxrss / 1024


def cli_has_jobs() -> bool:
    help_text = subprocess.run([sys.executable, "-m", "gkaudit", "check", "--help"], capture_output=True,
                               text=True, env={**os.environ, "COLUMNS": "200"}).stdout
    return "--jobs" in help_text


def stages(reports_dir: Path, show=lambda name, seconds: None) -> list[tuple[str, float]]:
    clock = time.perf_counter()
    from gkaudit.crossyear import year_cells
    from gkaudit.diagnose import diagnose
    from gkaudit.pipeline import Checked, Chunk, batch_result, check_alone, expand, read_all
    from gkaudit.render.jsonout import render_json
    from gkaudit.rules.catalog import load_ruleset

    timings = []

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings.append((name, now - clock))
        show(name, now - clock)
        clock = now

    lap("import (pandas, pandera)")
    ruleset = load_ruleset()
    lap("load rules")
    reports, failures, skipped = read_all(expand([reports_dir]))
    assert not failures and not skipped, (failures, skipped)
    lap("read_all")
    audits, failures = check_alone(reports, ruleset)
    assert not failures, failures
    lap("check_alone")
    batch_rules = (*ruleset.checks("cross_year"), *ruleset.checks("year_jump"))
    kept = [year_cells(audit, batch_rules) for audit in audits]
    lap("year cells")
    arithmetic = tuple(ruleset.arithmetic())
    results = [diagnose(audit, arithmetic, year_cells=cells) for audit, cells in zip(audits, kept)]
    lap("diagnose (localise)")
    checked = Checked()
    checked.add(Chunk.of(results, []))
    lap("store results")
    batch = batch_result(checked, ruleset)
    lap("cross-year pairing")
    render_json(batch, "zh")
    lap("render_json")
    return timings


def compare(output: Path, planted_file: Path) -> tuple[int, int, set, set]:
    document = json.loads(output.read_text(encoding="utf-8"))
    found = {(Path(report["path"]).name, finding["rule"]) for report in document["reports"]
             for finding in report["findings"] if finding["severity"] in ("error", "warning")}
    planted = {(entry["file"], entry["rule"]) for entry in json.loads(planted_file.read_text(encoding="utf-8"))}
    return len(planted & found), len(planted), planted - found, found - planted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-stages", action="store_true",
                        help="skip the per-stage split (it holds every report in this process: ~8 GiB at 100,000)")
    options = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is measured

    start = time.perf_counter()
    folder = batch(options.n, options.seed)
    reports_dir = folder / "reports"
    size = sum(p.stat().st_size for p in reports_dir.iterdir()) / 2**20
    print(f"python {sys.version.split()[0]} · {options.n} reports ({size:.1f} MiB) in {folder}"
          f" (ready in {time.perf_counter() - start:.1f} s)")

    command = [sys.executable, "-m", "gkaudit", "check", str(reports_dir), "--format", "json"]
    if options.jobs is not None:
        if cli_has_jobs():
            command += ["--jobs", str(options.jobs)]
        else:
            print(f"  note: `gkaudit check --help` lists no --jobs; --jobs {options.jobs} not passed")
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "findings.json"
        cli_time, status, cli_rss = timed_child(command, output)
        base_time, _, base_rss = timed_child([sys.executable, "-c", BASELINE, str(reports_dir)], Path(os.devnull))
        hits, total, missing, unexpected = compare(output, folder / "planted.json")
    print(f"  gkaudit check --format json   {cli_time:8.2f} s  (exit {status}), peak RSS {cli_rss:.0f} MiB")
    print(f"  baseline json.load of all     {base_time:8.2f} s  peak RSS {base_rss:.0f} MiB")
    print(f"  ratio                         {cli_time / base_time:8.1f} ×")
    print(f"  throughput                    {options.n / cli_time:8.1f} reports/s")
    if not options.no_stages:
        print("  stages in-process:")
        timings = stages(reports_dir, lambda name, seconds: print(
            f"    {name:<26} {seconds:8.2f} s  {options.n / seconds if seconds else 0:10.1f} reports/s"))
        print(f"    {'total':<26} {sum(s for _, s in timings):8.2f} s")
    print(f"  planted errors found: {hits}/{total}, unexpected errors: {len(unexpected)}")
    for file, rule in sorted(missing):
        print(f"    missing: {file} {rule}")
    for file, rule in sorted(unexpected)[:20]:
        print(f"    unexpected: {file} {rule}")
    return 0 if not missing and not unexpected else 1


if __name__ == "__main__":
    sys.exit(main())

"""python -m fuzz --budget SECONDS [--surface NAME …] [--findings DIR]: a long fuzz run, then the
tally: inputs tried per surface, crashes, round-trip refusals, hangs, memory, time."""

from __future__ import annotations

import argparse
from pathlib import Path

from fuzz.campaign import campaign
from fuzz.runner import FINDINGS, MEMORY_CAP, TIME_LIMIT, Runner
from fuzz.strategies import SURFACES


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="seconds to run (default 60)")
    parser.add_argument("--surface", action="append", choices=sorted(SURFACES), help="only these surfaces")
    parser.add_argument("--findings", type=Path, default=FINDINGS, help=f"where findings are saved (default {FINDINGS})")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT, help="seconds per input")
    parser.add_argument("--memory-cap", type=int, default=MEMORY_CAP // 1024 ** 2, help="MiB of address space per worker")
    options = parser.parse_args()
    runner = Runner(options.findings, options.time_limit, options.memory_cap * 1024 ** 2)
    try:
        campaign(options.budget, runner, options.surface)
    finally:
        runner.close()
    print(runner.tally.report(), flush=True)


if __name__ == "__main__":
    main()

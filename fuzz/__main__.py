"""python -m fuzz --budget SECONDS [--jobs N] [--surface NAME …] [--findings DIR]: a long fuzz
run, then the tally: inputs tried per surface, crashes, round-trip refusals, hangs, memory, time."""

from __future__ import annotations

import argparse
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fuzz.campaign import run_campaign
from fuzz.runner import FINDINGS, MEMORY_CAP, TIME_LIMIT
from fuzz.strategies import SURFACES


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="seconds to run (default 60)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="campaigns run side by side, each with its own worker and random inputs (default 1)")
    parser.add_argument("--surface", action="append", choices=sorted(SURFACES), help="only these surfaces")
    parser.add_argument("--findings", type=Path, default=FINDINGS, help=f"where findings are saved (default {FINDINGS})")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT, help="seconds per input")
    parser.add_argument("--memory-cap", type=int, default=MEMORY_CAP // 1024 ** 2, help="MiB of address space per worker")
    options = parser.parse_args()
    settings = (options.budget, options.findings, options.time_limit, options.memory_cap * 1024 ** 2, options.surface)
    if options.jobs <= 1:
        tally = run_campaign(*settings)
    else:
        # spawned, not forked: each campaign starts its own hypothesis engine and worker afresh
        with ProcessPoolExecutor(options.jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            tallies = list(pool.map(run_campaign, *zip(*[settings] * options.jobs)))
        tally = tallies[0]
        for other in tallies[1:]:
            tally.add(other)
    print(tally.report(), flush=True)


if __name__ == "__main__":
    main()

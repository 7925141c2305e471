"""A fuzz campaign: the surfaces' strategies driven by hypothesis, round after round, until the
time budget is spent; every input goes through one ``Runner``."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from fuzz.runner import Runner, Tally
from fuzz.strategies import SURFACES, FuzzInput

ROUND = 25  # inputs per surface before moving to the next: every surface gets its share of any budget


class _BudgetSpent(Exception):
    pass


def _round(runner: Runner, surface: str, deadline: float, derandomize: bool, size: int) -> None:
    @settings(max_examples=size, deadline=None, database=None, derandomize=derandomize, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False, print_blob=False)
    @given(SURFACES[surface])
    def one(item: FuzzInput) -> None:
        if time.monotonic() > deadline:
            raise _BudgetSpent()
        runner.run(item)

    try:
        one()
    except _BudgetSpent:
        pass


def campaign(budget: float, runner: Runner, surfaces: list[str] | None = None, derandomize: bool = False,
             size: int = ROUND) -> None:
    """Run the surfaces in turn until ``budget`` seconds have passed."""
    chosen = surfaces or list(SURFACES)
    start = time.monotonic()
    deadline = start + budget
    while time.monotonic() < deadline:
        for surface in chosen:
            if time.monotonic() >= deadline:
                break
            _round(runner, surface, deadline, derandomize, size)
    runner.tally.seconds = time.monotonic() - start


def run_campaign(budget: float, findings: Path, time_limit: float, memory_cap: int,
                 surfaces: list[str] | None = None) -> Tally:
    """One campaign with its own runner, start to finish: what ``python -m fuzz`` runs, once
    per job."""
    runner = Runner(findings, time_limit, memory_cap)
    try:
        campaign(budget, runner, surfaces)
    finally:
        runner.close()
    return runner.tally

"""The project's fuzzer: a small budget in the default test run (every surface, a fixed
sequence), and the harness shown to catch what it is for: a crash, a hang, a run out of memory,
and a round trip whose written file ``check`` refuses."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest

from fuzz.campaign import campaign
from fuzz.runner import Runner
from fuzz.strategies import SURFACES, FuzzInput
from gkaudit import pipeline

from .support import SEED_JSON

BUDGET = 24.0  # seconds for the whole campaign in the default test run


def test_a_short_campaign_over_every_surface_finds_nothing(tmp_path):
    runner = Runner(tmp_path / "findings")
    try:
        campaign(BUDGET, runner, derandomize=True, size=4)  # small rounds: every surface even on a busy machine
    finally:
        runner.close()
    assert set(runner.tally.tried) >= {name for name in SURFACES if name != "bytes"}, runner.tally.report()
    assert not runner.tally.problems, runner.tally.report() + "\n" + "\n".join(
        (path / "outcome.txt").read_text(encoding="utf-8") for path in runner.tally.saved)


def _planted(monkeypatch, behaviour) -> None:
    real = pipeline.read_report

    def read_report(path: Path):
        if path.name == "planted.txt":
            behaviour()
        return real(path)

    # patched where the batch calls it: an earlier test may already have imported the pipeline
    monkeypatch.setattr(pipeline, "read_report", read_report)


def _outcome(tmp_path: Path, runner: Runner) -> tuple[str, str]:
    try:
        outcome = runner.run(FuzzInput("planted", {"planted.txt": b"x"}, ["check", "{here}/planted.txt"]))
    finally:
        runner.close()
    return outcome, (runner.tally.saved[0] / "outcome.txt").read_text(encoding="utf-8") if runner.tally.saved else ""


def test_a_crash_is_caught_and_its_input_saved(tmp_path, monkeypatch):
    _planted(monkeypatch, lambda: 1 / 0)
    outcome, saved = _outcome(tmp_path, Runner(tmp_path / "findings"))
    assert outcome == "crash" and "ZeroDivisionError" in saved
    assert (tmp_path / "findings").is_dir() and any(p.name == "planted.txt" for p in (tmp_path / "findings").rglob("*"))


def test_a_hang_is_stopped_at_the_time_limit(tmp_path, monkeypatch):
    _planted(monkeypatch, lambda: time.sleep(60))
    outcome, saved = _outcome(tmp_path, Runner(tmp_path / "findings", time_limit=1.0))
    assert outcome == "hang" and "over 1 s" in saved


def test_memory_beyond_the_cap_is_a_finding(tmp_path, monkeypatch):
    _planted(monkeypatch, lambda: bytearray(3 * 1024 ** 3))
    outcome, _ = _outcome(tmp_path, Runner(tmp_path / "findings", memory_cap=2 * 1024 ** 3))
    assert outcome == "memory"


def test_a_written_file_that_check_refuses_is_a_round_trip_finding(tmp_path):
    runner = Runner(tmp_path / "findings")
    written = FuzzInput("planted", {"out.json": b"{}"}, ["--version"], [["check", "{here}/out.json"]])
    try:
        assert runner.run(written) == "roundtrip"
    finally:
        runner.close()


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_every_surface_draws_inputs_with_files_and_a_command(surface):
    from hypothesis import given, settings

    seen: list[FuzzInput] = []

    @settings(max_examples=3, database=None, deadline=None)
    @given(SURFACES[surface])
    def draw(item: FuzzInput) -> None:
        seen.append(item)

    draw()
    assert seen and all(item.files and isinstance(item.args, list) for item in seen)


def test_a_command_run_again_in_one_process_freezes_nothing():
    # the fuzzer runs gkaudit in-process input after input: a gc.freeze per run kept every
    # earlier run's garbage cycles for good (fuzz workers grew past 2 GiB)
    from fuzz.runner import _run_cli

    before = gc.get_freeze_count()
    for _ in range(3):
        code, _, error = _run_cli(["check", str(SEED_JSON), "--format", "json"])
        assert error is None and code == 1
    assert gc.get_freeze_count() == before

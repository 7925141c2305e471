"""Running fuzz inputs: a forked worker with a memory cap runs each input in-process through
the CLI; the parent enforces the time limit, records every outcome and saves each finding.

An outcome is ``ok`` (exit 0, 1 or 2 with a clear message), ``crash`` (an exception other than
a clean exit, or "internal error"/"Traceback" in the output), ``roundtrip`` (a file that
``extract`` or ``fix`` wrote is refused by ``check``), ``memory`` (MemoryError under the cap),
or ``hang`` (over the time limit; the worker is killed and a new one forked).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import typer

from fuzz.strategies import FuzzInput

TIME_LIMIT = 20.0  # seconds per input; a real report takes well under one
MEMORY_CAP = 2 * 1024 ** 3  # address space of the worker, bytes
FINDINGS = Path(__file__).resolve().parent / "findings"
_PROBLEM_WORDS = ("internal error", "Traceback (most recent call last)")


class _Timeout(BaseException):
    """Raised in the worker by its alarm; a BaseException so that no ``except Exception`` in
    gkaudit can swallow it."""


@functools.cache
def _command() -> typer.core.TyperGroup:
    """The CLI as click runs it, built once: typer rebuilds it from the signatures on every
    call, a third of a fuzz input's time."""
    from gkaudit.cli import app

    return typer.main.get_command(app)


def _run_cli(args: list[str]) -> tuple[int, str, str | None]:
    """(exit code, output, traceback of an unexpected exception) for one gkaudit command."""
    from gkaudit.errors import GkauditError

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = _command().main(args, prog_name="gkaudit", standalone_mode=False)
        return (code if isinstance(code, int) else 0), out.getvalue(), None
    except typer.Exit as exit_:
        return exit_.exit_code, out.getvalue(), None
    except (typer.TyperException, typer.Abort) as error:  # a usage error
        return 2, out.getvalue() + str(error), None
    except GkauditError as error:  # main() reports these as exit 2
        return 2, out.getvalue() + error.message(), None
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2, out.getvalue(), None
    except MemoryError:
        return -1, out.getvalue(), "MemoryError"
    except Exception:
        return -1, out.getvalue(), traceback.format_exc()


def _judge(item: FuzzInput, here: Path) -> tuple[str, str]:
    """(outcome, detail) of one input, its files already in ``here``."""
    commands = [item.args, *item.follow_up]
    for step, args in enumerate(commands):
        if step and args[0] == "check" and not (here / "out.json").exists():
            break  # extract or fix wrote nothing (its input was refused)
        code, output, error = _run_cli([word.replace("{here}", str(here)) for word in args])
        if error == "MemoryError":
            return "memory", f"$ gkaudit {' '.join(args)}\nMemoryError under the {MEMORY_CAP:,}-byte cap"
        if error is not None or any(word in output for word in _PROBLEM_WORDS):
            return "crash", f"$ gkaudit {' '.join(args)}\n{error or output}"
        if step and args[0] == "check" and code == 2:
            return "roundtrip", f"$ gkaudit {' '.join(commands[step - 1])}\n$ gkaudit {' '.join(args)}\n{output}"
        if code == 2:
            break
    return "ok", ""


def _worker(connection: Connection, memory_cap: int, time_limit: float) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

    def alarm(signum: int, frame: object) -> None:
        raise _Timeout()

    signal.signal(signal.SIGALRM, alarm)
    home = Path(tempfile.mkdtemp(prefix="gkaudit-fuzz-"))
    os.chdir(home)  # no configuration or decisions file of the checkout is found from here
    while True:
        item = connection.recv()
        if item is None:
            break
        here = home / "in"
        shutil.rmtree(here, ignore_errors=True)
        here.mkdir()
        for name, data in item.files.items():
            (here / name).write_bytes(data)
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, time_limit)
        try:
            outcome, detail = _judge(item, here)
        except _Timeout:
            outcome, detail = "hang", f"over {time_limit:.0f} s:\n{traceback.format_exc()}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        connection.send((outcome, detail, time.perf_counter() - start, peak))
    shutil.rmtree(home, ignore_errors=True)


@dataclass
class Tally:
    """What a fuzz run did, per surface."""

    tried: Counter = field(default_factory=Counter)
    problems: Counter = field(default_factory=Counter)  # (surface, outcome)
    saved: list[Path] = field(default_factory=list)
    peak_memory: int = 0
    slowest: float = 0.0
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        """Count ``other`` (a campaign run side by side with this one) in this tally."""
        self.tried.update(other.tried)
        self.problems.update(other.problems)
        self.saved += other.saved
        self.peak_memory = max(self.peak_memory, other.peak_memory)
        self.slowest = max(self.slowest, other.slowest)
        self.seconds = max(self.seconds, other.seconds)  # side by side: the wall clock of the longest

    def report(self) -> str:
        lines = [f"{'surface':14} {'inputs':>8}  {'crashes':>7} {'roundtrip':>9} {'hangs':>5} {'memory':>6}"]
        for surface in sorted(self.tried):
            count = {kind: self.problems[(surface, kind)] for kind in ("crash", "roundtrip", "hang", "memory")}
            lines.append(f"{surface:14} {self.tried[surface]:>8,}  {count['crash']:>7} {count['roundtrip']:>9} "
                         f"{count['hang']:>5} {count['memory']:>6}")
        total = sum(self.tried.values())
        lines.append(f"{'total':14} {total:>8,}  {sum(n for (_, k), n in self.problems.items() if k == 'crash'):>7} "
                     f"{sum(n for (_, k), n in self.problems.items() if k == 'roundtrip'):>9} "
                     f"{sum(n for (_, k), n in self.problems.items() if k == 'hang'):>5} "
                     f"{sum(n for (_, k), n in self.problems.items() if k == 'memory'):>6}")
        lines.append(f"time {self.seconds:,.0f} s ({total / max(self.seconds, 1e-9):,.1f} inputs/s); slowest input "
                     f"{self.slowest:.2f} s; worker peak memory {self.peak_memory / 1024 ** 2:,.0f} MiB")
        lines += [f"saved: {path}" for path in self.saved]
        return "\n".join(lines)


def _keep_shipped_rules() -> None:
    """Parse the shipped rules once for all inputs (every CLI run would parse them again, a
    third of a run's time); a run with ``--rules`` files still loads and self-checks them."""
    from gkaudit.rules import catalog

    load = catalog.load_ruleset
    shipped = load()

    def load_ruleset(extra: list[Path] | None = None):
        return load(extra) if extra else shipped

    catalog.load_ruleset = load_ruleset


class Runner:
    """Hands inputs to a capped worker, one at a time, and keeps the tally."""

    def __init__(self, findings: Path = FINDINGS, time_limit: float = TIME_LIMIT, memory_cap: int = MEMORY_CAP) -> None:
        _command()  # the CLI imported and built once here, inherited by every forked worker
        _keep_shipped_rules()
        self.findings, self.time_limit, self.memory_cap = findings, time_limit, memory_cap
        self.tally = Tally()
        self._context = multiprocessing.get_context("fork")
        self._start()

    def _start(self) -> None:
        self._connection, child = self._context.Pipe()
        self._process = self._context.Process(target=_worker, args=(child, self.memory_cap, self.time_limit), daemon=True)
        self._process.start()
        child.close()

    def _restart(self) -> None:
        self._process.kill()
        self._process.join()
        self._start()

    def run(self, item: FuzzInput) -> str:
        self.tally.tried[item.surface] += 1
        try:
            self._connection.send(item)
            answered = self._connection.poll(self.time_limit + 10)
            outcome, detail, seconds, peak = self._connection.recv() if answered else ("hang", "no answer", self.time_limit, 0)
        except (EOFError, OSError, BrokenPipeError):  # the worker died (killed by the cap, a C-level crash)
            outcome, detail, seconds, peak = "memory", f"the worker died (exit {self._process.exitcode})", 0.0, 0
        if outcome == "hang" or not self._process.is_alive() or outcome == "memory":
            self._restart()
        self.tally.slowest = max(self.tally.slowest, seconds)
        self.tally.peak_memory = max(self.tally.peak_memory, peak)
        if outcome != "ok":
            self.tally.problems[(item.surface, outcome)] += 1
            self.tally.saved.append(self._save(item, outcome, detail))
        return outcome

    def _save(self, item: FuzzInput, outcome: str, detail: str) -> Path:
        digest = hashlib.sha256(json.dumps([item.args, sorted(item.files)]).encode() + b"".join(
            item.files[name] for name in sorted(item.files))).hexdigest()[:12]
        folder = self.findings / f"{item.surface}-{outcome}-{digest}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in item.files.items():
            (folder / name).write_bytes(data)
        (folder / "args").write_text("\n".join([" ".join(item.args), *(" ".join(a) for a in item.follow_up)]) + "\n", encoding="utf-8")
        (folder / "outcome.txt").write_text(f"{outcome}\n{detail}\n", encoding="utf-8")
        return folder

    def close(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self._connection.send(None)
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

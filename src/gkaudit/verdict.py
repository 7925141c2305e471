"""The exit code of a run: one policy for the CLI, the pre-commit hook and the API.

0: every report checked is free of failures at the gate's severities; 1: some report
has them; 2: nothing could be checked at all (only unreadable or skipped inputs), or —
with ``strict`` — any input could not be read. Skipped files (not reports) never fail
a batch; they are listed.
"""

from __future__ import annotations

from gkaudit.results import BatchResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
GATES = {"error": {"error"}, "warning": {"error", "warning"}, "info": {"error", "warning", "info"}}


def exit_code(batch: BatchResult, fail_on: str = "error", strict: bool = False) -> int:
    if not batch.reports or (strict and batch.unreadable):
        return EXIT_INPUT
    return EXIT_FINDINGS if batch.failed(GATES[fail_on]) else EXIT_CLEAN

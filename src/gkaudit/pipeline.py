"""The whole run for a batch: read every file, check each report alone and explain its
failed arithmetic (in worker processes with --jobs), then pair consecutive years once over
the whole batch. The CLI calls this; nothing here prints."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from gkaudit.crossyear import check_across_years
from gkaudit.engine import ReportAudit, audit_reports
from gkaudit.errors import GkauditError
from gkaudit.layout import resolve_layout
from gkaudit.localize import explain
from gkaudit.model import Report
from gkaudit.readers import read_report
from gkaudit.rules.catalog import RuleSet


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for every file in it, recursively, in name order.

    Hidden files and everything under a hidden folder (``.git/``, ``.DS_Store``) are
    skipped. An empty result for a folder is for the caller to judge (``check`` calls
    it an input error: a gate that reads nothing must not pass)."""
    expanded: list[Path] = []
    for path in paths:
        if path.is_dir():
            expanded += sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            expanded.append(path)
    return expanded


def read_all(paths: Iterable[Path]) -> tuple[list[Report], list[GkauditError]]:
    """The readable reports, and a clear error for each file that is not one."""
    reports, failures = [], []
    for path in paths:
        try:
            reports.append(read_report(path))
        except GkauditError as error:
            failures.append(error)
    return reports, failures


def check_alone(reports: list[Report], ruleset: RuleSet) -> tuple[list[ReportAudit], list[GkauditError]]:
    """Each report on its own, with the likely causes of its failed arithmetic; a report
    whose layout cannot be resolved is set aside with its error."""
    usable, failures = [], []
    for report in reports:
        try:
            resolve_layout(report)
            usable.append(report)
        except GkauditError as error:
            failures.append(error)
    audits = audit_reports(usable, ruleset)
    explain(audits, tuple(ruleset.arithmetic()))
    return audits, failures


CHUNK = 64  # reports a worker reads and checks at a time: small enough to keep every core busy
_worker_rules: RuleSet | None = None  # set once in each worker process by _start_worker


def _start_worker(ruleset: RuleSet) -> None:
    global _worker_rules
    _worker_rules = ruleset


def _check_chunk(paths: list[Path]) -> tuple[list[ReportAudit], list[GkauditError]]:
    """One worker's share: read its files and check each report alone."""
    assert _worker_rules is not None, "_start_worker runs first in every worker"
    reports, unreadable = read_all(paths)
    audits, unusable = check_alone(reports, _worker_rules)
    return audits, unreadable + unusable


def _in_parallel(paths: list[Path], ruleset: RuleSet, jobs: int,
                 progress: Callable[[list], Iterable]) -> tuple[list[ReportAudit], list[GkauditError]]:
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    audits: list[ReportAudit] = []
    failures: list[GkauditError] = []
    # forked workers inherit the loaded rules and their compiled systems
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(ruleset,)) as pool:
        # map keeps the chunks' order, so the output does not depend on the number of jobs
        for chunk_audits, chunk_failures in pool.map(_check_chunk, progress(chunks)):
            audits += chunk_audits
            failures += chunk_failures
    return audits, failures


def run(paths: list[Path], ruleset: RuleSet, progress: Callable[[list], Iterable] = iter,
        jobs: int = 1) -> tuple[list[ReportAudit], list[GkauditError]]:
    """Check every file; ``jobs`` worker processes share the reading, checking and
    explaining, and the pairing of years across the whole batch is done once at the end."""
    files = expand(paths)
    if jobs > 1 and len(files) > CHUNK:
        audits, failures = _in_parallel(files, ruleset, jobs, progress)
    else:
        reports, unreadable = read_all(progress(files))
        audits, unusable = check_alone(reports, ruleset)
        failures = unreadable + unusable
    check_across_years(audits, ruleset)
    return audits, failures

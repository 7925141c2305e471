"""The whole run for a batch, streamed: files are read, checked and diagnosed a chunk at a
time (in worker processes with ``jobs`` > 1), each report is reduced to its result and the
few cells the cross-year rules need, and the reports themselves are dropped; the years are
paired once over the whole batch at the end. The CLI and the Python API call this;
nothing here prints.
"""

from __future__ import annotations

import fnmatch
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from gkaudit.audit import ReportAudit
from gkaudit.crossyear import YearFacts, cross_year_findings
from gkaudit.diagnose import diagnose
from gkaudit.engine import audit_reports, sort_findings
from gkaudit.errors import GkauditError, NotAReportError
from gkaudit.layout import resolve_layout
from gkaudit.model import Report
from gkaudit.readers import read_report
from gkaudit.results import BatchResult, ReportResult
from gkaudit.rules.catalog import RuleSet

CHUNK = 64  # reports read and checked together: small enough to keep every core busy and memory flat
Progress = Callable[[int], None]  # told how many more files are done


def _excluded(path: Path, exclude: Sequence[str]) -> bool:
    return any(path.match(pattern) or fnmatch.fnmatch(path.name, pattern) for pattern in exclude)


def expand(paths: list[Path], exclude: Sequence[str] = ()) -> list[Path]:
    """Files as given; a folder stands for every file in it, recursively, in name order.

    Hidden files and everything under a hidden folder (``.git/``, ``.DS_Store``) are
    skipped, and so is any file matching an ``exclude`` glob (on its name or its path).
    A file named twice, or reached twice through different paths, is checked once. An
    empty result for a folder is for the caller to judge (``check`` calls it an input
    error: a gate that reads nothing must not pass)."""
    expanded: list[Path] = []
    for path in paths:
        if path.is_dir():
            expanded += sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            expanded.append(path)
    seen: set[Path] = set()
    unique = []
    for path in expanded:
        identity = path.resolve() if path.exists() else path
        if identity not in seen and not _excluded(path, exclude):
            seen.add(identity)
            unique.append(path)
    return unique


def read_all(paths: Iterable[Path]) -> tuple[list[Report], list[GkauditError], list[GkauditError]]:
    """The readable reports, an input error for each file that could not be read, and
    the files that are not reports at all."""
    reports, failures, skipped = [], [], []
    for path in paths:
        try:
            reports.append(read_report(path))
        except NotAReportError as error:
            skipped.append(error)
        except GkauditError as error:
            failures.append(error)
    return reports, failures, skipped


def check_alone(reports: list[Report], ruleset: RuleSet) -> tuple[list[ReportAudit], list[GkauditError]]:
    """Each report checked on its own; a report whose layout cannot be resolved is set
    aside with its error."""
    usable, failures = [], []
    for report in reports:
        try:
            resolve_layout(report)
            usable.append(report)
        except GkauditError as error:
            failures.append(error)
    return audit_reports(usable, ruleset), failures


@dataclass
class Checked:
    """What checking some files leaves: results, the cross-year facts of each (same
    order), and the files that could not be checked."""

    results: list[ReportResult] = field(default_factory=list)
    facts: list[YearFacts] = field(default_factory=list)
    unreadable: list[GkauditError] = field(default_factory=list)
    skipped: list[GkauditError] = field(default_factory=list)

    def add(self, other: Checked) -> None:
        self.results += other.results
        self.facts += other.facts
        self.unreadable += other.unreadable
        self.skipped += other.skipped


def check_reports(reports: list[Report], ruleset: RuleSet) -> Checked:
    """Check and diagnose reports each on its own, reduced to results and year facts."""
    audits, unusable = check_alone(reports, ruleset)
    arithmetic, cross_year = tuple(ruleset.arithmetic()), tuple(ruleset.checks("cross_year"))
    return Checked([diagnose(a, arithmetic) for a in audits], [YearFacts.of(a, cross_year) for a in audits], unusable)


def check_chunk(paths: list[Path], ruleset: RuleSet) -> Checked:
    """Read, check and diagnose some files; only their results and facts outlive this call."""
    reports, unreadable, skipped = read_all(paths)
    checked = check_reports(reports, ruleset)
    checked.unreadable[:0] = unreadable
    checked.skipped += skipped
    return checked


_worker_rules: RuleSet | None = None  # set once in each worker process by _start_worker


def _start_worker(ruleset: RuleSet) -> None:
    global _worker_rules
    _worker_rules = ruleset


def _check_in_worker(paths: list[Path]) -> Checked:
    assert _worker_rules is not None, "_start_worker runs first in every worker"
    return check_chunk(paths, _worker_rules)


def _chunks(paths: list[Path]) -> list[list[Path]]:
    return [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]


def _checked(files: list[Path], ruleset: RuleSet, jobs: int) -> Iterator[tuple[int, Checked]]:
    """(files done, their results) chunk by chunk, in input order whatever ``jobs`` is."""
    if jobs == 1 or len(files) <= CHUNK:
        for chunk in _chunks(files):
            yield len(chunk), check_chunk(chunk, ruleset)
        return
    # forked workers inherit the loaded rules and their compiled systems
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(ruleset,)) as pool:
        chunks = _chunks(files)
        for chunk, checked in zip(chunks, pool.map(_check_in_worker, chunks)):
            yield len(chunk), checked


def batch_result(checked: Checked, ruleset: RuleSet) -> BatchResult:
    """The batch's results once its years are paired: cross-year findings join the later report's."""
    results = list(checked.results)
    for index, findings in cross_year_findings(checked.facts, ruleset).items():
        results[index] = replace(results[index], findings=tuple(sort_findings([*results[index].findings, *findings], ruleset)))
    return BatchResult(tuple(results), tuple(checked.unreadable), tuple(checked.skipped))


def check_batch(reports: list[Report], ruleset: RuleSet) -> BatchResult:
    """Reports already read (in memory), checked as one batch, years paired."""
    return batch_result(check_reports(reports, ruleset), ruleset)


def run(files: list[Path], ruleset: RuleSet, jobs: int = 1, progress: Progress | None = None,
        exclude: Sequence[str] = ()) -> BatchResult:
    """Check every file (folders expanded), pair the years across the batch, and return
    the batch's results; the output is the same for any number of ``jobs``."""
    files = expand(files, exclude)
    checked = Checked()
    for done, part in _checked(files, ruleset, jobs):
        checked.add(part)
        if progress is not None:
            progress(done)
    return batch_result(checked, ruleset)


def check_report(report: Report, ruleset: RuleSet) -> ReportResult:
    """One report already read, checked alone (no cross-year pairing)."""
    audits, unusable = check_alone([report], ruleset)
    if unusable:
        raise unusable[0]
    return diagnose(audits[0], tuple(ruleset.arithmetic()))

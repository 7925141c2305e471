"""The whole run for a batch, streamed: files are read, checked and diagnosed a chunk at a
time (in worker processes with ``jobs`` > 1), each report is reduced to its result (kept
on disk, gkaudit.result_store), its summary and the few cells the cross-year rules need,
and the reports themselves are dropped; the years are paired once over the whole batch at
the end. A manifest (gkaudit.manifest) names who is who: its bodies and years are given to
the reports as they are read, and its hierarchy is checked (roll-up) with the years. The
CLI and the Python API call this; nothing here prints.
"""

from __future__ import annotations

import fnmatch
import heapq
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path

from gkaudit.audit import ReportAudit
from gkaudit.crossyear import YearFacts, consecutive_pairs, cross_year_findings, year_cells
from gkaudit.diagnose import diagnose
from gkaudit.engine import audit_reports, sort_findings
from gkaudit.errors import GkauditError, NotAReportError
from gkaudit.inputs import probe
from gkaudit.layout import resolve_layout
from gkaudit.manifest import Manifest
from gkaudit.model import Report
from gkaudit.readers import read_report
from gkaudit.result_store import ResultStore, pickled
from gkaudit.results import BatchResult, Finding, ReportResult, ReportSummary
from gkaudit.rollup import roll_up_findings
from gkaudit.rules.catalog import Rule, RuleSet
from gkaudit.yearjumps import jump_findings

CHUNK = 64  # reports read and checked together: small enough to keep every core busy and memory flat
Progress = Callable[[int], None]  # told how many more files are done


def machine_cores() -> int:
    """The cores this process may run on (a container's share, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


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
        if probe(path.is_dir):
            expanded += sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            expanded.append(path)
    seen: set[str] = set()  # real paths as text: a Path each would be ~0.5 KB a file
    unique = []
    for path in expanded:
        identity = os.path.realpath(path) if probe(path.exists) else str(path)
        if identity not in seen and not _excluded(path, exclude):
            seen.add(identity)
            unique.append(path)
    return unique


def read_all(paths: Iterable[Path], manifest: Manifest | None = None) -> tuple[list[Report], list[GkauditError], list[GkauditError]]:
    """The readable reports (known by the manifest's names and years), an input error for
    each file that could not be read, and the files that are not reports at all."""
    reports, failures, skipped = [], [], []
    for path in paths:
        try:
            reports.append(_identified(read_report(path), manifest))
        except NotAReportError as error:
            skipped.append(error)
        except GkauditError as error:
            failures.append(error)
    return reports, failures, skipped


def _identified(report: Report, manifest: Manifest | None) -> Report:
    if manifest is None:
        return report
    body, year = manifest.identify(report.path, report.metadata.body, report.metadata.year)
    report.metadata = replace(report.metadata, body=body, year=year)
    return report


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
class Chunk:
    """What checking some files sends back (from a worker process): each result pickled, to
    be stored unread, with its summary and year facts; and the files not checked."""

    results: list[tuple[bytes, ReportSummary, YearFacts]] = field(default_factory=list)
    unreadable: list[GkauditError] = field(default_factory=list)
    skipped: list[GkauditError] = field(default_factory=list)

    @classmethod
    def of(cls, results: Iterable[ReportResult], unreadable: Sequence[GkauditError],
           skipped: Sequence[GkauditError] = ()) -> Chunk:
        return cls([(pickled(r), r.summary(), YearFacts.of(r)) for r in results], list(unreadable), list(skipped))


@dataclass
class Checked:
    """What checking a batch's files leaves: their results, on disk; in memory each one's
    summary and year facts (the cells the batch rules read), and the files not checked."""

    results: ResultStore = field(default_factory=ResultStore)
    facts: list[YearFacts] = field(default_factory=list)
    unreadable: list[GkauditError] = field(default_factory=list)
    skipped: list[GkauditError] = field(default_factory=list)

    def add(self, chunk: Chunk) -> None:
        for blob, summary, facts in chunk.results:
            self.results.append_pickled(blob, summary)
            self.facts.append(facts)
        self.unreadable += chunk.unreadable
        self.skipped += chunk.skipped


def _batch_rules(ruleset: RuleSet, audit: ReportAudit, manifest: Manifest | None) -> tuple[Rule, ...]:
    """The batch-level rules whose cells a report's year facts keep: roll-up ones (all of
    表三 and 表四) only for the bodies of a manifest's hierarchy."""
    rules = (*ruleset.checks("cross_year"), *ruleset.checks("year_jump"))
    if manifest is not None and manifest.in_hierarchy(audit.report.metadata.body):
        rules += tuple(ruleset.checks("roll_up"))
    return rules


def check_reports(reports: list[Report], ruleset: RuleSet, manifest: Manifest | None = None,
                  cells: bool = False) -> tuple[list[ReportResult], list[GkauditError]]:
    """Check and diagnose reports each on its own, reduced to results (with every cell
    they give, when ``cells``, and the cells the batch rules read); and the reports whose
    layout could not be resolved."""
    audits, unusable = check_alone(reports, ruleset)
    arithmetic = tuple(ruleset.arithmetic())
    return [diagnose(a, arithmetic, with_cells=cells, year_cells=year_cells(a, _batch_rules(ruleset, a, manifest)))
            for a in audits], unusable


def check_chunk(paths: list[Path], ruleset: RuleSet, manifest: Manifest | None = None, cells: bool = False) -> Chunk:
    """Read, check and diagnose some files; only their results outlive this call."""
    reports, unreadable, skipped = read_all(paths, manifest)
    results, unusable = check_reports(reports, ruleset, manifest, cells)
    return Chunk.of(results, unreadable + unusable, skipped)


_worker_rules: RuleSet | None = None  # set once in each worker process by _start_worker
_worker_manifest: Manifest | None = None
_worker_cells = False


def _start_worker(ruleset: RuleSet, manifest: Manifest | None, cells: bool) -> None:
    global _worker_rules, _worker_manifest, _worker_cells
    _worker_rules, _worker_manifest, _worker_cells = ruleset, manifest, cells


def _check_in_worker(paths: list[Path]) -> Chunk:
    assert _worker_rules is not None, "_start_worker runs first in every worker"
    return check_chunk(paths, _worker_rules, _worker_manifest, _worker_cells)


def _chunks(paths: list[Path]) -> list[list[Path]]:
    return [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]


def _checked(files: list[Path], ruleset: RuleSet, jobs: int, manifest: Manifest | None = None,
             cells: bool = False) -> Iterator[tuple[int, Chunk]]:
    """(files done, their results) chunk by chunk, in input order whatever ``jobs`` is."""
    if jobs == 1 or len(files) <= CHUNK:
        for chunk in _chunks(files):
            yield len(chunk), check_chunk(chunk, ruleset, manifest, cells)
        return
    # forked workers inherit the loaded rules and their compiled systems
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(ruleset, manifest, cells)) as pool:
        chunks = _chunks(files)
        for chunk, checked in zip(chunks, pool.map(_check_in_worker, chunks)):
            yield len(chunk), checked


def batch_result(checked: Checked, ruleset: RuleSet, manifest: Manifest | None = None,
                 previous: Sequence[YearFacts] = ()) -> BatchResult:
    """The batch's results once its years are paired and its hierarchy summed: cross-year
    and jump findings join the later report's, roll-up findings the parent's. ``previous``
    are the facts of earlier batches' reports: they pair with this batch's, and are not
    reported on themselves."""
    facts = [*checked.facts, *previous]

    def changed() -> Iterator[tuple[int, ReportResult]]:
        for index, findings in batch_findings(facts, ruleset, manifest):
            if index < len(checked.facts):
                result = checked.results[index]
                yield index, replace(result, findings=tuple(sort_findings([*result.findings, *findings], ruleset)))

    return BatchResult(checked.results.replaced(changed()), tuple(checked.unreadable), tuple(checked.skipped))


def batch_findings(facts: list[YearFacts], ruleset: RuleSet, manifest: Manifest | None) -> Iterator[tuple[int, list[Finding]]]:
    """(position, its findings) for each report the batch rules find something in, in
    ascending position: cross-year, then jump, then roll-up findings; one report's at a time."""
    pairs = consecutive_pairs(facts)
    parts = (cross_year_findings(facts, ruleset, pairs), jump_findings(facts, ruleset, pairs),
             iter(sorted(roll_up_findings(facts, manifest, ruleset).items())))
    for index, group in itertools.groupby(heapq.merge(*parts, key=itemgetter(0)), key=itemgetter(0)):
        yield index, [finding for _, findings in group for finding in findings]


def check_batch(reports: list[Report], ruleset: RuleSet, manifest: Manifest | None = None) -> BatchResult:
    """Reports already read (in memory), checked as one batch, years paired."""
    reports = [_identified(report, manifest) for report in reports]
    checked = Checked()
    checked.add(Chunk.of(*check_reports(reports, ruleset, manifest)))
    return batch_result(checked, ruleset, manifest)


def _check_all(files: list[Path], ruleset: RuleSet, jobs: int, manifest: Manifest | None,
               progress: Progress | None = None, cells: bool = False) -> Checked:
    checked = Checked()
    for done, part in _checked(files, ruleset, jobs, manifest, cells):
        checked.add(part)
        if progress is not None:
            progress(done)
    return checked


def previous_facts(files: list[Path], ruleset: RuleSet, jobs: int = 1, manifest: Manifest | None = None) -> list[YearFacts]:
    """The year facts of an earlier batch's reports (``--previous``), to pair this batch's with."""
    return [facts for _, chunk in _checked(expand(files), ruleset, jobs, manifest) for _, _, facts in chunk.results]


def run(files: list[Path], ruleset: RuleSet, jobs: int = 1, progress: Progress | None = None,
        exclude: Sequence[str] = (), manifest: Manifest | None = None,
        previous: Sequence[YearFacts] = (), cells: bool = False) -> BatchResult:
    """Check every file (folders expanded), pair the years across the batch (and with
    ``previous``), sum the manifest's hierarchy, and return the batch's results (each with
    every cell it gives, when ``cells``); the output is the same for any number of ``jobs``."""
    checked = _check_all(expand(files, exclude), ruleset, jobs, manifest, progress, cells)
    return batch_result(checked, ruleset, manifest, previous)


def check_report(report: Report, ruleset: RuleSet) -> ReportResult:
    """One report already read, checked alone (no cross-year pairing)."""
    audits, unusable = check_alone([report], ruleset)
    if unusable:
        raise unusable[0]
    return diagnose(audits[0], tuple(ruleset.arithmetic()))

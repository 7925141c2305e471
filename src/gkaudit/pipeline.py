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
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path

from gkaudit.audit import ReportAudit
from gkaudit.crossyear import YearFacts, YearKeys, consecutive_pairs, cross_year_findings, year_cells
from gkaudit.diagnose import diagnose
from gkaudit.engine import audit_reports, sort_findings
from gkaudit.errors import GkauditError, NotAReportError
from gkaudit.inputs import probe
from gkaudit.layout import resolve_layout
from gkaudit.manifest import Manifest
from gkaudit.model import Report
from gkaudit.readers import read_report
from gkaudit.result_store import FactStore, Listed, ResultStore, pickled
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


def _excluded(path: str, exclude: Sequence[str]) -> bool:
    if not exclude:
        return False
    as_path = Path(path)
    return any(as_path.match(pattern) or fnmatch.fnmatch(as_path.name, pattern) for pattern in exclude)


class FileList(Listed[Path]):
    """Files to check, in order, kept as text: a `Path` costs ~0.4 KB, a batch has 100,000."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]] = ()) -> None:
        self._paths = [os.fspath(path) for path in paths]
        self.expanded = False  # made by expand: files only, each once (expanding it again changes nothing)

    def append(self, path: str) -> None:
        self._paths.append(path)

    def extend(self, files: FileList) -> None:
        self._paths += files.texts()

    def texts(self) -> list[str]:
        return self._paths

    def __len__(self) -> int:
        return len(self._paths)

    def item(self, index: int) -> Path:
        return Path(self._paths[index])

    def __iter__(self) -> Iterator[Path]:
        return map(Path, self._paths)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list

    def __repr__(self) -> str:
        return f"FileList({self._paths!r})"


def _listing(folder: str) -> Iterator[tuple[str, bool]]:
    """(path, whether it is a folder) of each entry of ``folder`` but hidden ones, by name;
    nothing for a folder that cannot be listed."""
    # a child's path spelt as Path spells it: "." joins as nothing, "/" without a second "/"
    prefix = "" if folder == "." else folder if folder.endswith(os.sep) else folder + os.sep
    try:
        with os.scandir(folder) as listing:
            paths, folders = _children(listing, prefix)
    except OSError:
        return iter(())
    paths.sort()  # one prefix before every name: in the order of the names
    return ((path, path in folders) for path in paths)


def _children(listing: Iterator[os.DirEntry[str]], prefix: str) -> tuple[list[str], set[str]]:
    """The paths of the files and folders listed (not hidden ones), and which are folders.
    Only the paths, which the file list keeps: the entries of a folder of 100,000 files
    would hold 30 MB, their names alone 6 MB."""
    paths, folders = [], set()
    for entry in listing:
        if entry.name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
            if not is_folder and not entry.is_file():
                continue
        except OSError:
            continue
        paths.append(prefix + entry.name)
        if is_folder:
            folders.add(paths[-1])
    return paths, folders


def files_under(folder: str) -> Iterator[str]:
    """Every file under ``folder``, in the order ``sorted(Path(folder).rglob("*"))`` gives them
    (by each part of the path: a folder's files and subfolders by name, each subfolder's
    files in its place), without a `Path` a file. Like rglob, symbolic links to folders are
    not followed and folders that cannot be listed are passed over; hidden entries (a name
    starting with ".") are left out, with everything under them. A stack of listings, not
    recursion: however deep the folders, no RecursionError."""
    listings = [_listing(folder)]
    while listings:
        found = next(listings[-1], None)
        if found is None:
            listings.pop()
        elif found[1]:
            listings.append(_listing(found[0]))
        else:
            yield found[0]


class Gathered:
    """Files gathered from the paths given, in order, each once: a file named again, or
    reached again through another path (a link), is passed over. Hidden files and
    everything under a hidden folder (``.git/``, ``.DS_Store``) are skipped, and so is any
    file matching an ``exclude`` glob (on its name or its path)."""

    def __init__(self, exclude: Sequence[str] = ()) -> None:
        self.files = FileList()
        self.files.expanded = True
        self._exclude = exclude
        self._seen: set[str] = set()  # real paths

    def add(self, path: Path) -> int:
        """The files of ``path`` (a folder's, recursively, in name order) gathered; how many
        it has, counting those gathered already."""
        count = 0
        for file in files_under(str(path)) if probe(path.is_dir) else (str(path),):
            if _excluded(file, self._exclude):
                continue
            count += 1
            identity = os.path.realpath(file) if probe(lambda: os.path.exists(file)) else file
            if identity not in self._seen:
                self._seen.add(file if identity == file else identity)  # the listed text when equal: no second copy
                self.files.append(file)
        return count


def expand(paths: Iterable[Path], exclude: Sequence[str] = ()) -> FileList:
    """Files as given; a folder stands for every file in it, recursively, in name order;
    each file once, hidden and ``exclude``d ones left out (see `Gathered`). An empty
    result for a folder is for the caller to judge (``check`` calls it an input error: a
    gate that reads nothing must not pass). A list expand made is given back as it is (the
    CLI, the API and the run each expand what they are given: one list, not three)."""
    if isinstance(paths, FileList) and paths.expanded and not exclude:
        return paths
    gathered = Gathered(exclude)
    for path in paths:
        gathered.add(path)
    return gathered.files


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
    """What checking some files sends back (from a worker process): each result and its
    year facts pickled, to be stored unread, with the result's summary and the facts'
    (body, year); and the files not checked."""

    results: list[tuple[bytes, ReportSummary, bytes, str, int]] = field(default_factory=list)
    unreadable: list[GkauditError] = field(default_factory=list)
    skipped: list[GkauditError] = field(default_factory=list)

    @classmethod
    def of(cls, results: Iterable[ReportResult], unreadable: Sequence[GkauditError],
           skipped: Sequence[GkauditError] = ()) -> Chunk:
        return cls([_kept(result) for result in results], list(unreadable), list(skipped))

    def facts(self) -> Iterator[YearFacts]:
        return (pickle.loads(blob) for _, _, blob, _, _ in self.results)


def _kept(result: ReportResult) -> tuple[bytes, ReportSummary, bytes, str, int]:
    """What a batch keeps of a checked report, as a chunk carries it."""
    facts = YearFacts.of(result)
    return pickled(result), result.summary(), pickled(facts), facts.body, facts.year


@dataclass
class Checked:
    """What checking a batch's files leaves: their results and year facts (the cells the
    batch rules read), on disk; in memory each one's summary and pairing key; and the files
    not checked."""

    results: ResultStore = field(default_factory=ResultStore)
    facts: FactStore = field(default_factory=FactStore)
    unreadable: list[GkauditError] = field(default_factory=list)
    skipped: list[GkauditError] = field(default_factory=list)

    def add(self, chunk: Chunk, files: Sequence[str] = ()) -> None:
        """The chunk's results stored; their summaries name each file by the text ``files``
        already hold (the same path, one string instead of two)."""
        given = {file: file for file in files}
        for blob, summary, facts, body, year in chunk.results:
            self.results.append_pickled(blob, summary._replace(path=given.get(summary.path, summary.path)))
            self.facts.append_pickled(facts, body, year)
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


def _check_in_worker(paths: list[str]) -> Chunk:
    assert _worker_rules is not None, "_start_worker runs first in every worker"
    return check_chunk([Path(path) for path in paths], _worker_rules, _worker_manifest, _worker_cells)


def _chunks(files: FileList) -> Iterator[list[str]]:
    texts = files.texts()
    for start in range(0, len(texts), CHUNK):
        yield texts[start:start + CHUNK]


def _checked(files: FileList, ruleset: RuleSet, jobs: int, manifest: Manifest | None = None,
             cells: bool = False) -> Iterator[tuple[list[str], Chunk]]:
    """(the files of a chunk, their results) chunk by chunk, in input order whatever
    ``jobs`` is. Only a few chunks are handed to the workers ahead of the one awaited, so
    the files waiting their turn stay in the list as text, not as tasks."""
    if jobs == 1 or len(files) <= CHUNK:
        for chunk in _chunks(files):
            yield chunk, check_chunk([Path(path) for path in chunk], ruleset, manifest, cells)
        return
    # forked workers inherit the loaded rules and their compiled systems
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(ruleset, manifest, cells)) as pool:
        waiting: deque[tuple[list[str], Future[Chunk]]] = deque()
        for chunk in _chunks(files):
            waiting.append((chunk, pool.submit(_check_in_worker, chunk)))
            if len(waiting) > 4 * jobs:
                done, future = waiting.popleft()
                yield done, future.result()
        while waiting:
            done, future = waiting.popleft()
            yield done, future.result()


def batch_result(checked: Checked, ruleset: RuleSet, manifest: Manifest | None = None,
                 previous: Sequence[YearFacts] = ()) -> BatchResult:
    """The batch's results once its years are paired and its hierarchy summed: cross-year
    and jump findings join the later report's, roll-up findings the parent's. ``previous``
    are the facts of earlier batches' reports: they pair with this batch's, and are not
    reported on themselves."""
    facts = checked.facts.extended(previous) if previous else checked.facts

    def changed() -> Iterator[tuple[int, ReportResult]]:
        for index, findings in batch_findings(facts, ruleset, manifest, facts.keys):
            if index < len(checked.results):
                result = checked.results[index]
                yield index, replace(result, findings=tuple(sort_findings([*result.findings, *findings], ruleset)))

    return BatchResult(checked.results.replaced(changed()), tuple(checked.unreadable), tuple(checked.skipped))


def batch_findings(facts: Sequence[YearFacts], ruleset: RuleSet, manifest: Manifest | None,
                   keys: YearKeys | None = None) -> Iterator[tuple[int, list[Finding]]]:
    """(position, its findings) for each report the batch rules find something in, in
    ascending position: cross-year, then jump, then roll-up findings; one report's at a time.
    ``keys``: the facts' pairing keys, when a store already holds them."""
    pairs = consecutive_pairs(YearKeys.of(facts) if keys is None else keys)
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


def _check_all(files: FileList, ruleset: RuleSet, jobs: int, manifest: Manifest | None,
               progress: Progress | None = None, cells: bool = False) -> Checked:
    checked = Checked()
    for done, part in _checked(files, ruleset, jobs, manifest, cells):
        checked.add(part, done)
        if progress is not None:
            progress(len(done))
    return checked


def previous_facts(files: Sequence[Path], ruleset: RuleSet, jobs: int = 1, manifest: Manifest | None = None) -> list[YearFacts]:
    """The year facts of an earlier batch's reports (``--previous``), to pair this batch's with."""
    return [facts for _, chunk in _checked(expand(files), ruleset, jobs, manifest) for facts in chunk.facts()]


def run(files: Sequence[Path], ruleset: RuleSet, jobs: int = 1, progress: Progress | None = None,
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

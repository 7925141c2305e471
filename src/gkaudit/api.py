"""The public Python API: the same steps the command line takes, for programs.

    import gkaudit
    batch = gkaudit.check(["reports/"], ignore=["PROSE"])
    for result in batch.reports:
        print(result.path, result.counts()["errors"])

Problems with the input (a rule file, a path that holds no report) raise the typed
errors of :mod:`gkaudit.errors`; problems in a report are findings in the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from gkaudit.errors import NoReportsError, NoRulesError
from gkaudit.model import Report
from gkaudit.results import BatchResult, ReportResult
from gkaudit.rules.model import RuleSet

PathLike = str | Path


def load_rules(extra: Sequence[PathLike] = (), select: Sequence[str] | None = None,
               ignore: Sequence[str] | None = None, severity: Sequence[tuple[str, str]] = ()) -> RuleSet:
    """The shipped rules plus ``extra`` rule files, narrowed ruff-style by id or prefix,
    and re-graded by ``severity`` (rule id or prefix, severity) pairs."""
    from gkaudit.rules.catalog import load_ruleset
    from gkaudit.rules.selection import resolve_selectors

    ruleset = load_ruleset([Path(p) for p in extra])
    ids = [rule.id for rule in ruleset.rules]
    chosen = resolve_selectors(ids, None if select is None else list(select), "--select")
    skipped = resolve_selectors(ids, None if ignore is None else list(ignore), "--ignore")
    graded = [(resolve_selectors(ids, [rule], "severity")[0], level) for rule, level in severity]
    narrowed = ruleset.select(chosen, skipped).regraded(graded)
    if (select or ignore) and not narrowed.rules:
        raise NoRulesError()
    return narrowed


def find_reports(paths: Sequence[PathLike], exclude: Sequence[str] = (), lang: str = "zh") -> Sequence[Path]:
    """The files to check: folders searched, ``exclude`` globs left out, each file once.
    A path that leaves nothing is an error, never a silent pass. The list keeps the files
    as text (``gkaudit.pipeline.FileList``) and gives each as a `Path`."""
    from gkaudit.pipeline import FileList, Gathered

    if isinstance(paths, FileList) and paths.expanded and not exclude:
        return paths  # found already
    gathered = Gathered(exclude)
    for path in paths:
        if not gathered.add(Path(path)):  # its files may all have been named before: not an error
            raise NoReportsError(str(path), lang)
    return gathered.files


def check(paths: Sequence[PathLike], *, rules: Sequence[PathLike] = (), select: Sequence[str] | None = None,
          ignore: Sequence[str] | None = None, severity: Sequence[tuple[str, str]] = (),
          exclude: Sequence[str] = (), jobs: int = 1, decisions: PathLike | None = None,
          manifest: PathLike | None = None, previous: Sequence[PathLike] = (),
          ruleset: RuleSet | None = None, progress: Callable[[int], None] | None = None,
          cells: bool = False) -> BatchResult:
    """Check reports (files or folders) as one batch, years paired across it and with the
    ``previous`` batch (its reports, or the SQLite or JSON results of its run), a
    ``manifest``'s names and hierarchy applied (see :mod:`gkaudit.manifest`), and a reviewer's ``decisions`` file applied (see
    :mod:`gkaudit.decisions`). ``cells`` keeps every cell each report gives, with its
    source, in ``ReportResult.cells`` (placing them all costs more than checking)."""
    from gkaudit.decisions import apply_decisions, load_decisions
    from gkaudit.manifest import load_manifest
    from gkaudit.pipeline import run
    from gkaudit.previous import earlier_facts

    recorded = load_decisions(Path(decisions)) if decisions is not None else None  # a broken file fails first
    who = load_manifest(Path(manifest)) if manifest is not None else None
    chosen = ruleset if ruleset is not None else load_rules(rules, select, ignore, severity)
    earlier = earlier_facts([Path(p) for p in previous], chosen, jobs, who) if previous else []
    batch = run(find_reports(paths, exclude), chosen, jobs=jobs, progress=progress, manifest=who, previous=earlier,
                cells=cells)
    return apply_decisions(batch, recorded) if recorded is not None else batch


def read(path: PathLike) -> Report:
    """One document read into the report model (JSON, DOCX, PDF, HTML, Markdown, text)."""
    from gkaudit.readers import read_report

    return read_report(Path(path))


def check_one(report: Report, ruleset: RuleSet | None = None) -> ReportResult:
    """A report already read, checked alone (no cross-year pairing)."""
    from gkaudit.pipeline import check_report

    return check_report(report, ruleset if ruleset is not None else load_rules())

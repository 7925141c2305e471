"""The whole run for a batch: read every file, audit each report, pair consecutive years,
explain failed arithmetic. The CLI and the benchmark call this; nothing here prints."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


def audit_all(reports: list[Report], ruleset: RuleSet) -> tuple[list[ReportAudit], list[GkauditError]]:
    """Each report alone, then consecutive years of one body against each other, with the
    likely causes of failed arithmetic; a report whose layout cannot be resolved is set aside."""
    usable, failures = [], []
    for report in reports:
        try:
            resolve_layout(report)
            usable.append(report)
        except GkauditError as error:
            failures.append(error)
    audits = audit_reports(usable, ruleset)
    check_across_years(audits, ruleset)
    explain(audits, tuple(ruleset.arithmetic()))
    return audits, failures


def run(paths: list[Path], ruleset: RuleSet,
        progress: Callable[[list[Path]], Iterable[Path]] = iter) -> tuple[list[ReportAudit], list[GkauditError]]:
    reports, unreadable = read_all(progress(expand(paths)))
    audits, unusable = audit_all(reports, ruleset)
    return audits, unreadable + unusable

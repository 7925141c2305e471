"""Diagnosis: from a checked report to its read-only result.

The likely causes of its failed arithmetic are found (gkaudit.localize), numbered, and
each failed finding is tied to the cause that explains it.
"""

from __future__ import annotations

from dataclasses import replace

from gkaudit.audit import ReportAudit, extracted_cells
from gkaudit.localize import localize
from gkaudit.results import Cause, Finding, ReportResult, YearCells
from gkaudit.rules.catalog import Rule


def _with_cause(finding: Finding, cause_of: dict[str, str]) -> Finding:
    cause = cause_of.get(finding.key) if finding.status == "fail" else None
    return replace(finding, cause=cause) if cause else finding


def template_name(audit: ReportAudit) -> str:
    used = {template for _, template in audit.layout.tables}
    return used.pop() if len(used) == 1 else "mixed"


def diagnose(audit: ReportAudit, arithmetic: tuple[Rule, ...], with_cells: bool = False,
             year_cells: YearCells | None = None) -> ReportResult:
    """The report's result; ``with_cells`` keeps every cell it gives, with its source;
    ``year_cells`` are the cells the batch rules will read."""
    causes: list[Cause] = localize(audit, arithmetic)
    cause_of = {rule: cause.id for cause in causes for rule in cause.keys}
    report = audit.report
    return ReportResult(
        path=report.path,
        source_file=report.source_file,
        metadata=report.metadata,
        template=template_name(audit),
        layout=tuple(audit.layout.tables),
        findings=tuple(_with_cause(f, cause_of) for f in audit.findings),
        causes=tuple(causes),
        bindings=tuple(sorted(audit.checked.items())),
        cells=extracted_cells(audit) if with_cells else (),
        year_cells=year_cells if year_cells is not None else YearCells(),
    )

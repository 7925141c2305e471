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


def _with_cause(finding: Finding, causes: dict[str, Cause]) -> Finding:
    """The finding tied to the cause that explains it and, when it names no offending cell
    of its own (an identity of four cells), pointed at the cells that cause changes in
    every explanation: the clerk is sent to the cell to correct, not to the first one."""
    cause = causes.get(finding.key) if finding.status == "fail" else None
    if cause is None:
        return finding
    changed = set.intersection(*({change.key for change in e.changes} for e in cause.explanations)) \
        if cause.explanations else set()
    to_fix = [c for c in finding.cells if (c.table, c.row, c.column) in changed]
    if finding.primary is not None or not to_fix:
        return replace(finding, cause=cause.id)
    cells = tuple(replace(c, role="primary") if c in to_fix else c for c in finding.cells)
    return replace(finding, cause=cause.id, cells=cells, location=to_fix[0].source, origin=to_fix[0].origin)


def template_name(audit: ReportAudit) -> str:
    used = {template for _, template in audit.layout.tables}
    return used.pop() if len(used) == 1 else "mixed"


def diagnose(audit: ReportAudit, arithmetic: tuple[Rule, ...], with_cells: bool = False,
             year_cells: YearCells | None = None) -> ReportResult:
    """The report's result; ``with_cells`` keeps every cell it gives, with its source;
    ``year_cells`` are the cells the batch rules will read."""
    causes: list[Cause] = localize(audit, arithmetic)
    cause_of = {rule: cause for cause in causes for rule in cause.keys}
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

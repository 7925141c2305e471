"""The facts of a finding that a row of a table holds, decided once for the CSV and the
SQLite outputs: the cell it is about, and the value the likely cause gives that cell."""

from __future__ import annotations

from gkaudit.results import Finding, FindingCell, ReportResult


def subject(finding: Finding) -> FindingCell | None:
    """The cell a finding is about: its offending cell, else the first it names."""
    return finding.primary or (finding.cells[0] if finding.cells else None)


def proposed_value(result: ReportResult, finding: Finding) -> int | None:
    """What the finding's cell should read, when its cause says so uniquely."""
    cause, cell = result.cause(finding.cause), subject(finding)
    if cause is None or cell is None or not cause.unique:
        return None
    key = (cell.table, cell.row, cell.column)
    return next((change.proposed for change in cause.explanations[0].changes if change.key == key), None)

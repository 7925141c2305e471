"""The working record of one report while it is checked: its cells read once, the
findings so far and the count of arithmetic bindings by status.

Only the check stage writes to it; diagnosis turns it into a read-only
:class:`gkaudit.results.ReportResult`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from gkaudit.layout import resolve_layout
from gkaudit.model import Cell, CellValue, Report
from gkaudit.results import CellRole, Finding, FindingCell
from gkaudit.rules.linear import CellKey
from gkaudit.templates import Layout


@dataclass
class ReportAudit:
    report: Report
    layout: Layout
    findings: list[Finding] = field(default_factory=list)
    checked: Counter = field(default_factory=Counter)  # binding status → count
    cells: dict[CellKey, Cell] = field(default_factory=dict)  # the layout's cells present, read once

    @classmethod
    def start(cls, report: Report) -> ReportAudit:
        layout = resolve_layout(report)
        cells = {}
        for key in layout.cell_ids():
            cell = report.cell(*key)
            if cell is not None:
                cells[key] = cell
        return cls(report, layout, cells=cells)

    def source_of(self, key: CellKey) -> str:
        """Where a cell stands: in the document it was extracted from, or in the file passed."""
        report = self.report
        cell = self.cells.get(key)
        if cell is None:
            return f"{report.path} · {'.'.join(key)} (missing)"
        if cell.source is not None:
            return cell.source.display(report.path if cell.source.path else report.source_file or report.path)
        return report.source_file or report.path


def finding_cell(layout: Layout, key: CellKey, value: CellValue, role: CellRole, source: str) -> FindingCell:
    """A cell as a finding shows it: official labels from the layout's template."""
    table, row, column = key
    spec = layout.spec(table)
    return FindingCell(
        table=table, row=row, column=column,
        table_label=spec.label, table_short=spec.short, row_label=spec.rows[row].display, column_label=spec.columns[column].display,
        column_short=spec.columns[column].label,
        value=value, role=role, source=source,
        order=spec.positions[(row, column)],
    )


def cell_info(audit: ReportAudit, key: CellKey, role: CellRole) -> FindingCell:
    cell = audit.cells.get(key)
    return finding_cell(audit.layout, key, cell.value if cell else None, role, audit.source_of(key))

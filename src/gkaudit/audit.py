"""The working record of one report while it is checked: its cells read once, the
findings so far and the count of arithmetic bindings by status.

Only the check stage writes to it; diagnosis turns it into a read-only
:class:`gkaudit.results.ReportResult`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from gkaudit.layout import resolve_layout
from gkaudit.model import Cell, CellValue, Report
from gkaudit.readers.json_places import place_of, places_of
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

    def places(self, keys: Iterable[CellKey]) -> JsonPlaces | None:
        """The JSON places of ``keys`` found in one pass over the file (None unless report JSON)."""
        text = self.report.json_text
        return places_of(text, [json_path(key) for key in keys]) if text is not None else None

    def source_of(self, key: CellKey, places: JsonPlaces | None = None) -> str:
        """Where a cell stands in the file passed, as an editor opens it: ``path:line`` of a
        text, ``path:line:column`` of report JSON, the page and table cell of a PDF or DOCX.
        ``places`` are the JSON places of many cells found at once (``places_of``)."""
        report = self.report
        shown = shown_path(report.path)
        cell = self.cells.get(key)
        if cell is None:
            return f"{shown} · {'.'.join(key)} (missing)"
        if report.json_text is not None:
            table, row, column = key
            path = json_path(key)
            place = places[path] if places is not None else place_of(report.json_text, path)
            return f"{shown}:{place[0]}:{place[1]}" if place else f"{shown} · $.tables.{table}.rows.{row}.{column}"
        if cell.source is None:
            return shown
        if cell.source.file in (None, Path(report.path).name):  # readers name the document by its file name
            return replace(cell.source, file=shown).display()
        return cell.source.display()

    def origin_of(self, key: CellKey) -> str | None:
        """Where a cell of report JSON stood in the document it was extracted from, if it says."""
        report = self.report
        cell = self.cells.get(key)
        if report.json_text is None or cell is None or cell.source is None or cell.source.path:
            return None
        return cell.source.display(report.source_file or "")


JsonPlaces = dict[tuple[str, ...], tuple[int, int] | None]


def json_path(key: CellKey) -> tuple[str, ...]:
    """The keys leading to a cell in report JSON."""
    table, row, column = key
    return ("tables", table, "rows", row, column)


def shown_path(path: str) -> str:
    """A file as the user can open it: relative to the working directory when under it."""
    return _relative(path, os.getcwd()) if os.path.isabs(path) else path


@lru_cache(maxsize=256)  # asked once per cell: placing every cell of a batch (the SQLite output) asks often
def _relative(path: str, folder: str) -> str:
    try:
        return str(Path(path).relative_to(folder))
    except ValueError:
        return path


def finding_cell(layout: Layout, key: CellKey, value: CellValue, role: CellRole, source: str,
                 origin: str | None = None) -> FindingCell:
    """A cell as a finding shows it: official labels from the layout's template."""
    table, row, column = key
    spec = layout.spec(table)
    return FindingCell(
        table=table, row=row, column=column,
        table_label=spec.label, table_short=spec.short, row_label=spec.rows[row].display, column_label=spec.columns[column].display,
        column_short=spec.columns[column].label,
        value=value, role=role, source=source, origin=origin,
        order=spec.positions[(row, column)],
    )


def cell_info(audit: ReportAudit, key: CellKey, role: CellRole, places: JsonPlaces | None = None) -> FindingCell:
    cell = audit.cells.get(key)
    return finding_cell(audit.layout, key, cell.value if cell else None, role, audit.source_of(key, places),
                        audit.origin_of(key))


def extracted_cells(audit: ReportAudit) -> tuple[FindingCell, ...]:
    """Every cell the report gives, labelled and placed, in template order."""
    places = audit.places(audit.cells)
    cells = [cell_info(audit, key, "context", places) for key in audit.cells]
    return tuple(sorted(cells, key=lambda cell: (cell.table, cell.order)))

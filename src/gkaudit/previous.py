"""Last year's batch for ``check --previous``: its reports (files or folders, checked again),
or the results file that batch's run wrote — ``--format sqlite`` or ``--format json`` — read
back into the facts the cross-year, jump and roll-up rules compare with.

A reviewer keeps one results file per year; reading it back is far cheaper than checking
last year's documents again, and it compares with the figures as they were judged then,
whatever has happened to the documents since. Each report's body goes through the
manifest's aliases, as a report read this year does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import orjson

from gkaudit.crossyear import YearFacts
from gkaudit.errors import FileUnreadableError, InvalidJsonError, ReportStructureError
from gkaudit.inputs import read_limited
from gkaudit.manifest import Manifest
from gkaudit.model import CellValue
from gkaudit.results import YearCells
from gkaudit.rules.linear import CellKey
from gkaudit.rules.model import RuleSet
from gkaudit.templates import TABLE_IDS, Layout, load_templates

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_RESULTS_BYTES = 1024 ** 3  # a JSON results file of ~100,000 reports; SQLite is read by query, not loaded


def results_kind(path: Path) -> str | None:
    """"sqlite" or "json" for a file gkaudit wrote as the results of a run (a database, or
    JSON opening with its version and reports), else None."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            start = handle.read(256)
    except OSError:
        return None
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if text.startswith(b"{") and b'"gkaudit"' in text and b'"reports"' in text else None


def earlier_facts(paths: Sequence[Path], ruleset: RuleSet, jobs: int = 1, manifest: Manifest | None = None) -> list[YearFacts]:
    """The facts of every report of the earlier batches ``paths`` name."""
    from gkaudit.api import find_reports
    from gkaudit.pipeline import previous_facts

    kinds = {path: results_kind(path) for path in paths}
    documents = [path for path, kind in kinds.items() if kind is None]
    facts = previous_facts(find_reports(documents), ruleset, jobs, manifest) if documents else []
    for path, kind in kinds.items():
        if kind is not None:
            read = _from_sqlite(path) if kind == "sqlite" else _from_json(path)
            facts += [f if manifest is None else f.known_as(*manifest.identify(f.path, f.body, f.year)) for f in read]
    return facts


# ---------------------------------------------------------------- JSON (check --format json)

def _from_json(path: Path) -> list[YearFacts]:
    try:
        document = orjson.loads(read_limited(path, MAX_RESULTS_BYTES))
    except orjson.JSONDecodeError as error:
        raise InvalidJsonError(str(path), f"line {error.lineno}, column {error.colno}", f"not valid JSON: {error.msg}") from None
    reports = document.get("reports") if isinstance(document, dict) else None
    if not isinstance(reports, list):
        raise ReportStructureError(str(path), "$.reports", "a results file lists its reports under 'reports'")
    return [_json_report(path, report, f"$.reports[{i}]") for i, report in enumerate(reports)]


def _json_report(path: Path, report: object, where: str) -> YearFacts:
    if not isinstance(report, dict) or not isinstance(report.get("year_cells"), dict):
        raise ReportStructureError(str(path), f"{where}.year_cells", (
            "no year_cells: the file was written by an older gkaudit; pass last year's reports, "
            "or check them again with --format json or sqlite"))
    body, year = report.get("body"), report.get("year")
    if not isinstance(body, str) or not (year is None or isinstance(year, int)):
        raise ReportStructureError(str(path), where, "a report needs its body (text) and year (an integer)")
    cells: dict[CellKey, tuple[CellValue, str]] = {}
    for name, cell in report["year_cells"].items():
        key = tuple(name.split("."))
        if len(key) != 3 or not isinstance(cell, dict) or not isinstance(cell.get("source"), str):
            raise ReportStructureError(str(path), f"{where}.year_cells.{name}", "a cell is table.row.column with its value and source")
        cells[key] = (_value(cell.get("value"), path, f"{where}.year_cells.{name}.value"), cell["source"])  # type: ignore[index]
    return YearFacts(_shown(report.get("path"), path), body, year, _layout(report.get("layout"), path, f"{where}.layout"),
                     _compact(cells))


def _compact(cells: dict[CellKey, tuple[CellValue, str]]) -> YearCells:
    return YearCells((key, value, source) for key, (value, source) in cells.items())


def _value(value: object, path: Path, where: str) -> CellValue:
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value  # type: ignore[return-value]
    if isinstance(value, float):
        return Decimal(str(value))  # a 万元 amount, as the report gave it
    raise ReportStructureError(str(path), where, "a cell's value is a number or null")


def _layout(layout: object, path: Path, where: str) -> Layout:
    known = load_templates()
    if not isinstance(layout, dict) or set(layout) != set(TABLE_IDS) or not all(t in known for t in layout.values()):
        raise ReportStructureError(str(path), where, f"the layout names a template ({', '.join(sorted(known))}) for each table")
    return Layout(tuple((table, layout[table]) for table in TABLE_IDS))


def _shown(report_path: object, results: Path) -> str:
    return report_path if isinstance(report_path, str) else str(results)


# ---------------------------------------------------------------- SQLite (check --format sqlite)

def _from_sqlite(path: Path) -> list[YearFacts]:
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise FileUnreadableError(str(path), "", f"cannot be read ({error})") from None
    try:
        return _sqlite_reports(db, path)
    except sqlite3.Error as error:
        raise ReportStructureError(str(path), "", (
            f"not a gkaudit results database ({error}); pass the file check --format sqlite wrote")) from None
    finally:
        db.close()


def _sqlite_reports(db: sqlite3.Connection, path: Path) -> list[YearFacts]:
    cells: dict[int, dict[CellKey, tuple[CellValue, str]]] = {}
    # text cells are left out, as for a report read this year: a text cell is not compared
    for report_id, table, row, column, value, state, source in db.execute(
            "SELECT report_id, table_id, row_id, column_id, value, state, source FROM cells WHERE state != 'text'"):
        cells.setdefault(report_id, {})[(table, row, column)] = (_value(value, path, f"cells of report {report_id}"), source)
    facts = []
    for report_id, report_path, body, year, layout in db.execute("SELECT id, path, body, year, layout FROM reports ORDER BY id"):
        try:
            chosen = orjson.loads(layout)
        except orjson.JSONDecodeError:
            chosen = None
        facts.append(YearFacts(report_path, body, year, _layout(chosen, path, f"reports.layout of report {report_id}"),
                               _compact(cells.pop(report_id, {}))))
    return facts

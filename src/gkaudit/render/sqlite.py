"""The batch as one SQLite database, for a reviewer's own questions across many reports
(docs/sqlite.md documents the tables and gives example queries): the reports, every cell
each gives with its source, the findings with the cells they name, and the likely causes
with the changes each explanation makes.

Built in memory and handed over as the database file's bytes, so the file is written in
one step like every other output. Text is in the chosen language; labels in both."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from gkaudit.errors import GkauditError
from gkaudit.model import CellValue
from gkaudit.render.causes import cause_text
from gkaudit.render.findingfacts import proposed_value, subject
from gkaudit.render.triage import diagnosis_of
from gkaudit.results import BatchResult, Cause, Finding, FindingCell, ReportResult
from gkaudit.version import __version__

PIECE = 1 << 20  # bytes of the database file handed on at a time

SCHEMA = """
CREATE TABLE run (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, source_file TEXT, body TEXT NOT NULL, year INTEGER,
    region TEXT, template TEXT NOT NULL, layout TEXT NOT NULL, diagnosis TEXT NOT NULL, rank INTEGER NOT NULL,
    errors INTEGER NOT NULL, warnings INTEGER NOT NULL, infos INTEGER NOT NULL,
    not_assessable INTEGER NOT NULL, dismissed INTEGER NOT NULL,
    bindings_checked INTEGER NOT NULL, bindings_passed INTEGER NOT NULL);
CREATE TABLE labels (
    id INTEGER PRIMARY KEY, table_id TEXT NOT NULL, row_id TEXT NOT NULL, column_id TEXT NOT NULL,
    label TEXT NOT NULL, label_en TEXT NOT NULL, row_label TEXT NOT NULL, column_label TEXT NOT NULL);
CREATE TABLE report_cells (
    report_id INTEGER NOT NULL REFERENCES reports(id), label_id INTEGER NOT NULL REFERENCES labels(id), value,
    state TEXT NOT NULL CHECK (state IN ('number', 'blank', 'text')), source TEXT NOT NULL, origin TEXT,
    PRIMARY KEY (report_id, label_id));
CREATE INDEX report_cells_by_label ON report_cells (label_id);
-- every cell with its labels: a batch repeats the same few hundred labels in every report
CREATE VIEW cells AS
    SELECT c.report_id, l.table_id, l.row_id, l.column_id, l.label, l.label_en, l.row_label, l.column_label,
           c.value, c.state, c.source, c.origin
    FROM report_cells AS c JOIN labels AS l ON l.id = c.label_id;
CREATE TABLE causes (
    id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports(id), cause TEXT NOT NULL,
    is_unique INTEGER NOT NULL, explanations INTEGER NOT NULL, searched_up_to INTEGER NOT NULL,
    message TEXT NOT NULL);
CREATE TABLE cause_changes (
    cause_id INTEGER NOT NULL REFERENCES causes(id), explanation INTEGER NOT NULL,
    identifiable INTEGER NOT NULL, hypotheses TEXT NOT NULL, table_id TEXT NOT NULL, row_id TEXT NOT NULL,
    column_id TEXT NOT NULL, label TEXT NOT NULL, current, proposed INTEGER, source TEXT NOT NULL);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports(id), rule TEXT NOT NULL,
    severity TEXT NOT NULL, status TEXT NOT NULL, counts INTEGER NOT NULL, title TEXT NOT NULL,
    message TEXT NOT NULL, help TEXT, location TEXT NOT NULL, table_id TEXT, row_id TEXT, column_id TEXT,
    label TEXT, reported, computed, proposed INTEGER, arithmetic TEXT, scope TEXT NOT NULL,
    cause_id INTEGER REFERENCES causes(id), fingerprint TEXT NOT NULL, review TEXT, review_why TEXT);
CREATE TABLE finding_cells (
    finding_id INTEGER NOT NULL REFERENCES findings(id), position INTEGER NOT NULL, role TEXT NOT NULL,
    table_id TEXT NOT NULL, row_id TEXT NOT NULL, column_id TEXT NOT NULL, label TEXT NOT NULL, value,
    source TEXT NOT NULL, origin TEXT);
CREATE TABLE inputs_not_checked (
    path TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('skipped', 'unreadable')), code TEXT NOT NULL,
    place TEXT NOT NULL, message TEXT NOT NULL);
CREATE INDEX findings_by_report ON findings (report_id, rule);
"""


def _stored(value: CellValue | int | Decimal) -> object:
    """A value as SQLite keeps it: integers as integers, 万元 amounts as reals, text as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _state(value: CellValue) -> str:
    return "blank" if value is None else "text" if isinstance(value, str) else "number"


def _report_row(report_id: int, result: ReportResult, rank: int) -> tuple:
    meta, counts = result.metadata, result.counts()
    return (report_id, result.path, result.source_file, meta.body, meta.year, meta.region, result.template,
            json.dumps(dict(result.layout)), diagnosis_of(result), rank, counts["errors"], counts["warnings"], counts["infos"],
            counts["not_assessable"], counts["dismissed"], counts["bindings_checked"], counts["bindings_passed"])


def _labels(cell: FindingCell) -> tuple:
    return (cell.table, cell.row, cell.column, cell.label("zh"), cell.label("en"), cell.row_label.zh, cell.column_label.zh)


class _Writer:
    """Rows for each table, with the ids that link them."""

    def __init__(self, connection: sqlite3.Connection, lang: str) -> None:
        self.db, self.lang = connection, lang
        self.cause_ids: dict[tuple[int, str], int] = {}
        self.label_ids: dict[tuple, int] = {}

    def label(self, cell: FindingCell) -> int:
        """The id of the cell's labels, stored once for the batch (templates differ in wording)."""
        labels = _labels(cell)
        if labels not in self.label_ids:
            self.label_ids[labels] = len(self.label_ids) + 1
            self.db.execute("INSERT INTO labels VALUES (?,?,?,?,?,?,?,?)", (self.label_ids[labels], *labels))
        return self.label_ids[labels]

    def report(self, report_id: int, result: ReportResult, rank: int) -> None:
        self.db.execute("INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", _report_row(report_id, result, rank))
        self.db.executemany("INSERT INTO report_cells VALUES (?,?,?,?,?,?)", [
            (report_id, self.label(cell), _stored(cell.value), _state(cell.value), cell.source, cell.origin)
            for cell in result.cells])
        for cause in result.causes:
            self.cause(report_id, cause)
        for finding in result.findings:
            self.finding(report_id, result, finding)

    def cause(self, report_id: int, cause: Cause) -> None:
        cursor = self.db.execute("INSERT INTO causes VALUES (NULL,?,?,?,?,?,?)",
                                 (report_id, cause.id, cause.unique, len(cause.explanations), cause.searched_up_to,
                                  cause_text(cause, self.lang)))
        self.cause_ids[(report_id, cause.id)] = cursor.lastrowid
        self.db.executemany("INSERT INTO cause_changes VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            (cursor.lastrowid, number, explanation.identifiable, ",".join(explanation.hypotheses), change.cell.table,
             change.cell.row, change.cell.column, change.cell.label("zh"), _stored(change.current), change.proposed,
             change.cell.source)
            for number, explanation in enumerate(cause.explanations, start=1) for change in explanation.changes])

    def finding(self, report_id: int, result: ReportResult, finding: Finding) -> None:
        cell, lang, review = subject(finding), self.lang, finding.review
        cursor = self.db.execute("INSERT INTO findings VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
            report_id, finding.rule, finding.severity, finding.status, finding.counts_against,
            finding.title.text(lang), finding.message.text(lang), finding.help.text(lang) if finding.help else None,
            finding.location, cell.table if cell else None, cell.row if cell else None, cell.column if cell else None,
            cell.label("zh") if cell else None, _stored(finding.reported), _stored(finding.computed),
            proposed_value(result, finding), finding.arithmetic.text(lang) if finding.arithmetic else None,
            json.dumps(dict(finding.scope), ensure_ascii=False), self.cause_ids.get((report_id, finding.cause or "")),
            result.fingerprint(finding), review.verdict if review else None, review.why if review else None))
        self.db.executemany("INSERT INTO finding_cells VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (cursor.lastrowid, position, c.role, c.table, c.row, c.column, c.label("zh"), _stored(c.value), c.source,
             c.origin) for position, c in enumerate(finding.cells, start=1)])

    def not_checked(self, error: GkauditError, state: str) -> None:
        self.db.execute("INSERT INTO inputs_not_checked VALUES (?,?,?,?,?)",
                        (error.file, state, error.code, error.where, error.message()))


def sqlite_pieces(batch: BatchResult, lang: str) -> Iterator[bytes]:
    """The database file's bytes, a MiB at a time. It is built in a temporary file, not in
    memory: with every cell of every report, a large batch's database is gigabytes.
    Reports keep input order as their id; ``rank`` is the triage order (1 = worst). The
    cells view holds what ``ReportResult.cells`` holds."""
    with tempfile.TemporaryDirectory(prefix="gkaudit-sqlite-") as folder:
        database = Path(folder) / "results.sqlite"
        _build(database, batch, lang)
        with open(database, "rb") as built:
            while piece := built.read(PIECE):
                yield piece


def render_sqlite(batch: BatchResult, lang: str) -> bytes:
    return b"".join(sqlite_pieces(batch, lang))


def _build(database: Path, batch: BatchResult, lang: str) -> None:
    connection = sqlite3.connect(database)
    try:
        # a scratch file, renamed into place only once whole: no journal to keep it safe
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        connection.executescript(SCHEMA)
        connection.executemany("INSERT INTO run VALUES (?, ?)", [("gkaudit", __version__), ("lang", lang)])
        writer = _Writer(connection, lang)
        for report_id, (result, rank) in enumerate(zip(batch.reports, batch.ranks()), start=1):
            writer.report(report_id, result, rank)
        for error in batch.skipped:
            writer.not_checked(error, "skipped")
        for error in batch.unreadable:
            writer.not_checked(error, "unreadable")
        connection.commit()
    finally:
        connection.close()

"""The typed cell layer, validated with pandera.

Cells are laid out long ("tidy"): one row per (report, table, row, column), with the
cell kind the template assigns (count, signed, amount). One schema therefore serves a
batch of any size and any mix of layouts, and checks run vectorised over every cell of
every report at once; a wide frame with one column per cell was ~8× slower for a single
report because pandera pays per column.

Each check is named by the rule id that documents it (CELL.TYPE, CELL.INTEGER,
CELL.RANGE), so a failure case maps straight back to a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from gkaudit.model import Cell
from gkaudit.templates import CELL_KINDS, Layout


@dataclass(frozen=True)
class CellFailure:
    rule: str
    report_index: int
    table: str
    row: str
    column: str


def cell_frame(reports: list[tuple[dict[tuple[str, str, str], Cell], Layout]]) -> pd.DataFrame:
    """Every present cell of every report (its cells and layout), one row each, with its kind."""
    records = []
    for index, (cells, layout) in enumerate(reports):
        for (table, row, column), cell in cells.items():
            number = float(cell.value) if cell.state == "number" else np.nan  # type: ignore[arg-type]
            records.append((index, table, row, column, layout.spec(table).columns[column].kind, cell.state, number))
    return pd.DataFrame.from_records(
        records, columns=["report", "table", "row", "column", "kind", "state", "number"]
    ).astype({"number": "float64"})


def _is_number(frame: pd.DataFrame) -> pd.Series:
    return frame["state"] != "text"


def _is_whole(frame: pd.DataFrame) -> pd.Series:
    counted = frame["kind"].isin(["count", "signed"]) & (frame["state"] == "number")
    return ~counted | (frame["number"] == np.round(frame["number"]))


def _in_range(frame: pd.DataFrame) -> pd.Series:
    bounded = frame["kind"].isin(["count", "amount"]) & (frame["state"] == "number")
    return ~bounded | (frame["number"] >= 0)


CELL_SCHEMA = pa.DataFrameSchema(
    {
        "report": pa.Column(int, pa.Check.ge(0)),
        "table": pa.Column(str),
        "row": pa.Column(str),
        "column": pa.Column(str),
        "kind": pa.Column(str, pa.Check.isin(CELL_KINDS)),
        "state": pa.Column(str, pa.Check.isin(["number", "blank", "text"])),
        "number": pa.Column(float, nullable=True),
    },
    checks=[
        pa.Check(_is_number, name="CELL.TYPE"),
        pa.Check(_is_whole, name="CELL.INTEGER"),
        pa.Check(_in_range, name="CELL.RANGE"),
    ],
    strict=True,
)


def validate_cells(frame: pd.DataFrame) -> list[CellFailure]:
    """Run the typed layer; every failing (check, cell) pair, in frame order."""
    if frame.empty:
        return []
    try:
        CELL_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["check"].isin(["CELL.TYPE", "CELL.INTEGER", "CELL.RANGE"]) & cases["index"].notna()]
        failures: dict[CellFailure, None] = {}
        for check, index in zip(cases["check"], cases["index"].astype(int)):
            record = frame.loc[index]
            failures[CellFailure(check, int(record["report"]), record["table"], record["row"], record["column"])] = None
        return list(failures)
    return []

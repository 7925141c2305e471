"""The report model: what a report says, cell by cell, and where each cell came from.

A cell keeps what the report printed: an integer, a decimal (万元 amounts), a signed
integer (本年增/减), ``None`` for a blank cell, or the raw string when it is not a
number ("—", "无", "五"). Judging those values is the rules' job, not the model's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Literal

CellValue = int | Decimal | str | None
CellState = Literal["number", "blank", "text"]


@dataclass(frozen=True, init=False)
class Source:
    """Where a value came from in the original document."""

    file: str | None = None
    line: int | None = None
    paragraph: int | None = None  # the n-th paragraph of a Word document
    page: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    path: str | None = None  # a JSON path, for values typed straight into a report file
    sheet: str | None = None  # a workbook's sheet; row and column are then its cell (表三!B7)

    def __init__(self, file: str | None = None, line: int | None = None, paragraph: int | None = None,
                 page: int | None = None, table: int | None = None, row: int | None = None,
                 column: int | None = None, path: str | None = None, sheet: str | None = None) -> None:
        # Every reader makes one per cell: filling __dict__ at once costs half of the frozen
        # dataclass's nine object.__setattr__ calls. tests/test_model_source.py keeps the
        # parameters and the fields the same.
        self.__dict__.update(file=file, line=line, paragraph=paragraph, page=page, table=table, row=row,
                             column=column, path=path, sheet=sheet)

    def display(self, default_file: str = "") -> str:
        file = self.file or default_file
        parts = [f"{file}:{self.line}" if self.line is not None else file] if file else []
        if self.paragraph is not None:
            parts.append(f"¶{self.paragraph}")
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{column_letters(self.column or 1)}{self.row or 1}")
        elif self.table is not None:
            cell = f"table {self.table}"
            cell += f" row {self.row}" if self.row is not None else ""
            cell += f" cell {self.column}" if self.column is not None else ""
            parts.append(cell)
        if self.path:
            parts.append(self.path)
        return " · ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}


def column_letters(column: int) -> str:
    """A spreadsheet's name for its n-th column (1 → A, 27 → AA)."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Cell:
    value: CellValue
    source: Source | None = None
    text: str | None = None  # the document's own spelling, when it differs from value

    @property
    def state(self) -> CellState:
        if self.value is None:
            return "blank"
        if isinstance(self.value, str):
            return "text"
        return "number"


@dataclass
class Table:
    rows: dict[str, dict[str, Cell]]
    layout: str | None = None  # a template id, when the table's layout is declared

    def cell(self, row: str, column: str) -> Cell | None:
        return self.rows.get(row, {}).get(column)

    def positions(self) -> set[tuple[str, str]]:
        return {(r, c) for r, columns in self.rows.items() for c in columns}


@dataclass(frozen=True)
class ExtractionNote:
    """Something a reader could not read with certainty, kept for the findings.

    ``kind``: ``label`` (a printed label differs from the official one it was read as),
    ``unplaced`` (text or a figure that fits no template cell), ``unit`` (a value
    converted to the template's unit), ``structure`` (a table not found), ``metadata``
    (the issuing body or year not found), ``split`` (one figure printed across two cells),
    ``count_unit`` (a count printed with a unit, "2笔", read as the bare count),
    ``ambiguous`` (a row of a one-cell-per-line text whose cells cannot be told apart),
    ``flat_ambiguous`` / ``flat_unsplit`` (a flattened row whose figures split several ways /
    none that fits the arithmetic; ``official`` lists the candidate splits).
    """

    kind: Literal["label", "unplaced", "unit", "structure", "metadata", "split", "count_unit", "ambiguous",
                  "flat_ambiguous", "flat_unsplit"]
    printed: str
    official: str = ""
    source: Source | None = None
    score: float | None = None


@dataclass(frozen=True)
class NarrativeSection:
    number: str  # as printed, e.g. "二" or "2"
    heading: str
    text: str  # paragraphs joined by newlines
    source: Source | None = None  # of the heading
    paragraph_sources: tuple[Source | None, ...] = ()  # one per line of ``text``, when known


@dataclass(frozen=True)
class Metadata:
    body: str
    year: int
    region: str | None = None
    template: str | None = None
    title: str | None = None


@dataclass
class Report:
    path: str
    metadata: Metadata
    tables: dict[str, Table]
    narrative: list[NarrativeSection] = field(default_factory=list)
    source_file: str | None = None  # the original document the model was extracted from
    notes: list[ExtractionNote] = field(default_factory=list)
    json_text: str | None = field(default=None, repr=False)  # a report JSON file's text, to place findings in it

    def cell(self, table: str, row: str, column: str) -> Cell | None:
        t = self.tables.get(table)
        return t.cell(row, column) if t else None

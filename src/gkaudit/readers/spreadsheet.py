"""Workbooks (.xlsx, .xls, .ods), read with python-calamine.

Offices keep a report's tables in a workbook as they print them: one sheet per table, or
all of them on one sheet one below the other, with merged header cells. Merged cells are
read as Word writes them, so the placement that serves .docx serves workbooks too: a
horizontal merge is one cell, and the rows a vertical merge covers hold an empty
placeholder where it starts. A row whose only filled cell is not a table label (a title,
a section heading, a caption above a table) is a paragraph and ends the table above it.
Every cell's source is its sheet and address, shown ``表三!B7``.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from gkaudit.errors import FileUnreadableError, NotAReportError
from gkaudit.model import Report, Source
from gkaudit.readers.document import DocumentContent, Paragraph, TableBlock, assemble, is_table_label, table_kind
from gkaudit.readers.grid import GridCell, GridRow
from gkaudit.readers.numbers import clean_text

MAX_CELLS = 200_000  # a report's tables fill a few hundred cells; a data dump is not a report

_OLE = b"\xd0\xcf\x11\xe0"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_YEAR = re.compile(r"20\d{2}\s*年")

SheetValue = str | int | float | bool | date | datetime | time | timedelta  # as calamine gives a cell
Merge = tuple[tuple[int, int], tuple[int, int]]  # (first row, first column), (last row, last column), from 0


def is_workbook(path: Path, data: bytes) -> bool:
    """An .xlsx or .ods (zip archives a .docx shares its magic with), or an .xls (the
    binary container old Word files share)."""
    if data.startswith(_OLE):
        return _opens_as_workbook(path)
    if data[30:38] == b"mimetype":  # ODF's first entry, stored uncompressed, names the kind of document
        return data[38:].startswith(_ODS_MIMETYPE)
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError):
        return False  # the .docx reader names what is wrong with the archive


def _opens_as_workbook(path: Path) -> bool:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        CalamineWorkbook.from_path(str(path)).close()
    except (CalamineError, OSError):
        return False
    return True


def _text(value: SheetValue) -> str:
    """A cell as it shows: whole numbers without the ".0" calamine's floats carry."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _covered(merges: list[Merge]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(cells a merge hides, cells that stand empty below a merge's start in its first column)."""
    hidden: set[tuple[int, int]] = set()
    continued: set[tuple[int, int]] = set()
    for (top, left), (bottom, right) in merges:
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if c > left:
                    hidden.add((r, c))
                elif r > top:
                    continued.add((r, c))
    return hidden, continued


def _sheet_rows(values: list[list[SheetValue]], merges: list[Merge], sheet: str, file: str) -> list[GridRow]:
    hidden, continued = _covered(merges)
    rows: list[GridRow] = []
    for r, row in enumerate(values):
        rows.append([
            GridCell("" if (r, c) in continued else _text(value), Source(file=file, sheet=sheet, row=r + 1, column=c + 1))
            for c, value in enumerate(row) if (r, c) not in hidden
        ])
    return rows


def _is_paragraph(filled: list[GridCell]) -> bool:
    return len(filled) == 1 and not is_table_label(filled[0].text) and not clean_text(filled[0].text).isdigit()


def _sheet_blocks(rows: list[GridRow], sheet: str, file: str) -> list[Paragraph | TableBlock]:
    """Paragraphs and tables of a sheet; a piece of table with no label of its own (figures
    after an empty row) continues the table above it."""
    blocks: list[Paragraph | TableBlock] = []
    table: list[GridRow] = []

    def end_table() -> None:
        if not table:
            return
        previous = blocks[-1] if blocks else None
        if isinstance(previous, TableBlock) and table_kind(table) is None:
            previous.rows.extend(table)
        else:
            blocks.append(TableBlock(list(table), table[0][0].source))
        table.clear()

    for row in rows:
        filled = [cell for cell in row if clean_text(cell.text)]
        if not filled:
            end_table()
        elif _is_paragraph(filled):
            end_table()
            blocks.append(Paragraph(clean_text(filled[0].text), filled[0].source))
        else:
            table.append(row)
    end_table()
    return blocks


def parse_workbook(path: Path, file: str) -> DocumentContent:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [s for s in workbook.sheets_metadata
                  # a hidden sheet is an office's scratch copy, not what it publishes
                  if s.typ == SheetTypeEnum.WorkSheet and s.visible == SheetVisibleEnum.Visible]
        content = DocumentContent(file)
        cells = 0
        for sheet in sheets:
            data = workbook.get_sheet_by_name(sheet.name)
            values = data.to_python(skip_empty_area=False)
            cells += sum(len(row) for row in values)
            if cells > MAX_CELLS:
                raise NotAReportError(file, f"sheet {sheet.name}", f"not a report: over {MAX_CELLS:,} cells of data "
                                                                   "(limit: workbook cells, see docs/limits.md)")
            content.blocks += _sheet_blocks(_sheet_rows(values, data.merged_cell_ranges or [], sheet.name, file), sheet.name, file)
    except PasswordError as exc:
        raise FileUnreadableError(file, "", "the workbook is password-protected; save it without a password") from exc
    except (CalamineError, OSError, ValueError) as exc:
        raise FileUnreadableError(file, "", f"not a readable workbook ({exc}); is it truncated or damaged?") from exc
    return _titled(content, path)


def _titled(content: DocumentContent, path: Path) -> DocumentContent:
    """Workbooks often carry the title only in their file name (康桥街道2020年政府信息公开工作年度报告.xlsx)."""
    if not any(_YEAR.search(b.text) for b in content.blocks if isinstance(b, Paragraph)):
        content.blocks.insert(0, Paragraph(path.stem, Source(file=content.file)))
    return content


def read_spreadsheet(path: Path) -> Report:
    return assemble(parse_workbook(path, path.name))

"""Text saved from a Word file with its tables written as tab-separated text.

Two layouts reach gkaudit. The seed's (kangqiao-2020.txt): paragraphs are plain lines; a
table cell is a line starting with a tab, a blank cell is a lone tab, an empty line ends
a table row, and a line without a tab right after a cell continues that cell (headers
such as "本年新" / "制作数量" broken over two lines).

Word's own "Save as plain text" (its default for tables): a table row is one line, its
cells separated by tabs, a blank cell an empty field. A row of a single cell (a merged
block label such as 第二十条第（一）项) has no tab at all; it is told from a paragraph by
standing next to the other rows of its table and holding one of the templates' table
labels (any other text there is a paragraph, as in the seed's layout). (The third layout, one cell per line, is word_cells.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

from gkaudit.model import Report, Source
from gkaudit.readers.document import (
    DocumentContent, Paragraph, TableBlock, assemble, content_of_lines, heading_of, is_table_label,
)
from gkaudit.readers.grid import GridCell, GridRow

WORD_ARTIFACT = re.compile(r"\[bookmark: [^\]]*\]")
CAPTION = "稽关系"  # 表三's 勾稽关系 note (钩稽 in some reports), a row of the table
_MIN_TABLE_LINES = 20  # tab-indented cells (seed layout) a report's three tables give at the least
_MIN_TAB_ROWS = 10  # tab-separated rows (Word's layout) a report's three tables give at the least


def _is_tab_row(line: str) -> bool:
    """A line of Word's tab-separated layout: a tab between two cells, not one indenting a cell."""
    return "\t" in line.lstrip("\t") or line.count("\t") >= 2


def looks_like_word_rows(text: str) -> bool:
    return sum(1 for line in text.splitlines() if _is_tab_row(line)) >= _MIN_TAB_ROWS


def looks_like_word_text(text: str) -> bool:
    """The seed's layout: many tab-indented lines, and not Word's tab-separated rows."""
    lines = text.splitlines()
    return sum(1 for line in lines if line.startswith("\t")) >= _MIN_TABLE_LINES and not looks_like_word_rows(text)


def paragraph(line: str, source: Source) -> Paragraph:
    return Paragraph(WORD_ARTIFACT.sub("", line).strip(), source)


def parse_word_text(text: str, file: str) -> DocumentContent:
    content = DocumentContent(file)
    rows: list[GridRow] = []
    row: GridRow = []
    table_start: Source | None = None
    after_cell = False

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
        row = []

    def end_table() -> None:
        nonlocal rows, table_start
        end_row()
        if rows and table_start is not None:
            content.blocks.append(TableBlock(rows, table_start))
        rows, table_start = [], None

    for number, line in enumerate(text.splitlines(), start=1):
        source = Source(file=file, line=number)
        if line.startswith("\t"):
            table_start = table_start or source
            row.append(GridCell(line[1:], source))
            after_cell = True
        elif not line.strip():
            end_row()
            after_cell = False
        elif after_cell and row and heading_of(line) is None:
            row[-1] = GridCell(row[-1].text + line.strip(), row[-1].source)
        else:
            end_table()
            after_cell = False
            content.blocks.append(paragraph(line, source))
    end_table()
    return content


def _could_be_a_cell(line: str) -> bool:
    """A line without a tab that may be a one-cell row: one of the templates' table labels
    or 表三's 勾稽关系 caption, not a section heading (nor any other text)."""
    text = line.strip()
    return bool(text) and heading_of(text) is None and (is_table_label(text) or CAPTION in text)


def _row_lines(lines: list[str]) -> list[bool]:
    """Which lines are table rows: every tab-separated line, and each label-like line next to
    a row (so consecutive one-cell rows at a table's edge are rows too)."""
    is_row = [_is_tab_row(line) or line.startswith("\t") for line in lines]
    candidates = [not is_row[i] and _could_be_a_cell(line) for i, line in enumerate(lines)]
    changed = True
    while changed:
        changed = False
        for i, candidate in enumerate(candidates):
            if candidate and not is_row[i] and ((i and is_row[i - 1]) or (i + 1 < len(lines) and is_row[i + 1])):
                is_row[i] = changed = True
    return is_row


def parse_word_rows(text: str, file: str) -> DocumentContent:
    lines = text.splitlines()

    def read(number: int, line: str, is_row: bool) -> GridRow | Paragraph | None:
        source = Source(file=file, line=number)
        if is_row:
            return [GridCell(cell, source) for cell in line.split("\t")]
        return paragraph(line, source) if line.strip() else None

    return content_of_lines(file, (read(number, line, is_row)
                                   for number, (line, is_row) in enumerate(zip(lines, _row_lines(lines)), start=1)))


def read_word_text(path: Path, text: str) -> Report:
    return assemble(parse_word_text(text, path.name))


def read_word_rows(path: Path, text: str) -> Report:
    return assemble(parse_word_rows(text, path.name))

"""Text dumped from a Word file: one table cell per line.

The shape (see the seed, kangqiao-2020.txt): paragraphs are plain lines; a table cell
is a line starting with a tab, a blank cell is a lone tab, an empty line ends a table
row, and a line without a tab right after a cell continues that cell (headers such as
"本年新" / "制作数量" broken over two lines).
"""

from __future__ import annotations

import re
from pathlib import Path

from gkaudit.model import Report, Source
from gkaudit.readers.document import DocumentContent, Paragraph, TableBlock, assemble, heading_of
from gkaudit.readers.grid import GridCell, GridRow

_WORD_ARTIFACT = re.compile(r"\[bookmark: [^\]]*\]")


def looks_like_word_text(text: str) -> bool:
    return sum(1 for line in text.splitlines() if line.startswith("\t")) >= 20


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
            content.blocks.append(Paragraph(_WORD_ARTIFACT.sub("", line).strip(), source))
    end_table()
    return content


def read_word_text(path: Path, text: str) -> Report:
    return assemble(parse_word_text(text, path.name))

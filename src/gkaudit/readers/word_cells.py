"""Word's "Save as plain text" with one table cell per line, and no tabs at all.

A cell is a line; a blank cell is an empty line, and so is the end of a row. Where a
run of empty lines falls between two cells, how many of them are blank cells of the
row and which one ends it cannot be told from the text: it is worked out from the
template's structure instead. A row holds its labels, then — if its last label names a
row of the template — as many figure places as the table has columns (the header row
of a 表二 block says how many). So after a row label the next lines are the row's
figures, blank or not, and the empty line after them ends the row; after a header
label an empty line ends the row. What the structure cannot settle (a row shorter than
its table, figures after a label the template does not know) is noted, never guessed.

Tables are told from paragraphs, which are lines too, by the templates' labels: a table
starts at a line holding one of its labels (or 表三's 勾稽关系 caption) and ends at the
next section heading or sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gkaudit.model import ExtractionNote, Report, Source
from gkaudit.readers.document import DocumentContent, TableBlock, assemble, heading_of, is_table_label, table_kind
from gkaudit.readers.grid import GridCell, GridRow, is_value
from gkaudit.readers.labels import best_match, loose
from gkaudit.readers.numbers import clean_text
from gkaudit.readers.word_text import CAPTION, paragraph
from gkaudit.templates import load_templates

_HEADER = "信息内容"  # the first cell of each 表二 block's header row
_SENTENCE_END = ("。", "：", ":", "；", ";")
_MIN_LABELS = 8  # table label lines a report's three tables give at the least, with figures
_MIN_FIGURES = 20  # figure lines likewise
_MANY_LABELS = 20  # table label lines that make a report's tables even with every figure blank


def looks_like_word_cells(text: str) -> bool:
    lines = [clean_text(line) for line in text.splitlines()]
    labels = sum(1 for line in lines if line and is_table_label(line))
    figures = sum(1 for line in lines if line and is_value(line))
    return labels >= _MANY_LABELS or (labels >= _MIN_LABELS and figures >= _MIN_FIGURES)


@cache
def _vocabulary(table: str) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """(row id, row label) of every template, and the loose column labels of ``table``."""
    specs = [t.tables[table] for t in load_templates().values()]
    rows = tuple(dict.fromkeys((k, r.label.zh) for spec in specs for k, r in spec.rows.items()))
    columns = frozenset(loose(c.label.zh) for spec in specs for c in spec.columns.values())
    return rows, columns


@cache
def _widths() -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
    """Per table, the figure places a labelled row may have, and a row of figures alone:
    表三's columns; 表四's columns after a row label, else all fifteen in its one row of
    figures or five to a line (表二's come from each block's header instead)."""
    spec3, spec4 = (next(iter(load_templates().values())).tables[t] for t in ("table3", "table4"))
    columns3, columns4 = len(spec3.columns), len(spec4.columns)
    return {"table3": ((columns3,), (columns3,)), "table4": ((columns4,), (len(spec4.rows) * columns4, columns4))}


def _names_a_row(table: str, label: str) -> bool:
    """Whether a printed label is one of the table's row labels (and not a column's: 总计
    and 其他 are both, and head the columns where they stand alone)."""
    rows, columns = _vocabulary(table)
    return loose(label) not in columns and best_match(label, list(rows)) is not None


def _has_digit(line: "_Line") -> bool:
    return any(ch.isdigit() for ch in clean_text(line.text))


@dataclass(frozen=True)
class _Line:
    text: str
    source: Source

    @property
    def blank(self) -> bool:
        return not clean_text(self.text)

    @property
    def figure(self) -> bool:
        return not self.blank and is_value(self.text)

    @property
    def label(self) -> bool:
        return not self.blank and not is_value(self.text)

    def cell(self) -> GridCell:
        return GridCell(self.text, self.source)


class _Rows:
    """The rows of one table, read from its lines with the template's widths."""

    def __init__(self, lines: list[_Line], table: str | None) -> None:
        self.lines, self.table, self.at = lines, table, 0
        self.block_width = 0  # 表二: the figures of a row in the current block, from its header
        self.rows: list[GridRow] = []
        self.notes: list[ExtractionNote] = []

    def _take_while(self, wanted: Callable[[_Line], bool]) -> list[_Line]:
        """The lines from here on while they are ``wanted``, moving past them."""
        taken = []
        while self.at < len(self.lines) and wanted(self.lines[self.at]):
            taken.append(self.lines[self.at])
            self.at += 1
        return taken

    def _blanks_ahead(self) -> int:
        ahead = self.at
        while ahead < len(self.lines) and self.lines[ahead].blank:
            ahead += 1
        return ahead - self.at

    def _next_is_figure(self, after_blanks: bool) -> bool:
        ahead = self.at + (self._blanks_ahead() if after_blanks else 0)
        return ahead < len(self.lines) and self.lines[ahead].figure

    def _next_is_number(self) -> bool:
        """A figure with digits after the empty lines ahead (a dash has no column to be in doubt about)."""
        return self._next_is_figure(after_blanks=True) and _has_digit(self.lines[self.at + self._blanks_ahead()])

    def _widths(self, labels: list[_Line]) -> tuple[int, ...]:
        """The numbers of figure places the row may have, most likely first; none for a
        header or block label."""
        header = next((i for i, line in enumerate(labels) if loose(line.text) == _HEADER), None)
        if self.table == "table2" and header is not None:  # a block label may stand before it
            self.block_width = len(labels) - header - 1
            return ()
        block = (self.block_width,) if self.block_width else ()
        labelled, alone = (block, block) if self.table == "table2" else _widths().get(self.table or "", ((), ()))
        if not labels:
            return alone
        # a figure right after a label is in its row (a row ends with an empty line); after
        # empty lines, only a label the template knows as a row's has figures to come
        named = self.table in ("table2", "table3") and _names_a_row(self.table, labels[-1].text)
        return labelled if named or self._next_is_figure(after_blanks=False) else ()

    def _ambiguous(self, cells: list[_Line]) -> None:
        if cells:
            printed = " | ".join(clean_text(c.text) or "（空）" for c in cells)
            self.notes.append(ExtractionNote("ambiguous", printed, "", cells[0].source))

    def read(self) -> tuple[list[GridRow], list[ExtractionNote]]:
        while self.at < len(self.lines):
            self._row()
        return self.rows, self.notes

    def _row(self) -> None:
        leading = self._take_while(lambda line: line.blank)  # after a row's end, blank cells that open the next
        labels = self._take_while(lambda line: line.label)
        widths = self._widths(labels)
        if labels and not widths and self._next_is_number() and self.table != "table4":
            # figures after empty lines under a label the template does not know as a row's:
            # blank cells of this row, or a row of figures without a label?
            self._ambiguous(labels + self.lines[self.at : self.at + self._blanks_ahead() + 1])
        figures: list[_Line] = []
        if not labels and self.at < len(self.lines):
            # a row of figures alone: its opening blanks may be figure places too
            figures, leading = self._figures(widths, leading), []
        elif widths:
            figures = self._figures(widths, [])
        if figures is None:
            self._ambiguous(labels + self._take_while(lambda line: not line.label))  # up to the next label, left out
            return
        cells = leading + labels + figures
        if any(not line.blank for line in cells):  # blank lines alone are no row: nothing to place
            self.rows.append([line.cell() for line in cells])
        if self.at < len(self.lines) and self.lines[self.at].blank:
            self.at += 1  # the empty line that ends the row

    def _fits(self, places: int) -> bool:
        """Whether the next ``places`` lines are a row's figure places: no label among them,
        and an empty line (or the table's end) after them."""
        end = self.at + places
        return end <= len(self.lines) and not any(line.label for line in self.lines[self.at : end]) and \
            (end == len(self.lines) or self.lines[end].blank)

    def _figures(self, widths: tuple[int, ...], opening: list[_Line]) -> list[_Line] | None:
        """The row's figure places, for the first width the lines fit; a run of more figures
        than that without a blank among them is one row all the same (a subtotal column, a
        figure split in two: the grid judges those). None: the lines fit no width."""
        for width in widths:
            wanted = width - len(opening)
            if wanted >= 0 and self._fits(wanted):
                places = self.lines[self.at : self.at + wanted]
                self.at += wanted
                return opening + places
        run = self._take_while(lambda line: line.figure)
        ended = self.at == len(self.lines) or self.lines[self.at].blank
        if ended and not opening and (len(run) > max(widths, default=0) or not any(_has_digit(f) for f in run)):
            return run  # dashes alone ("-" in a converter's header) have no column to be in doubt about
        self.at -= len(run)
        return None



def _starts_a_table(text: str) -> bool:
    return is_table_label(text) or CAPTION in text


def _ends_a_table(text: str, first: _Line) -> bool:
    """A section heading or a sentence ends a table; a table found by its figures alone
    (no label at its top) ends at the first text that is not a figure."""
    if first.figure and text and not is_value(text):
        return True
    return heading_of(text) is not None or text.endswith(_SENTENCE_END)


def _table(lines: list[_Line], content: DocumentContent) -> None:
    # the empty lines before the next heading stay: the last row's blank cells may be among them
    kind = table_kind([[line.cell()] for line in lines])
    if kind is None and lines[0].figure:
        # figures without labels (a converter lost them): 表四's, if they make its row of fifteen
        rows, notes = _Rows(lines, "table4").read()
        if table_kind(rows) != "table4":
            content.blocks.extend(paragraph(line.text, line.source) for line in lines if not line.blank)
            return
    else:
        rows, notes = _Rows(lines, kind).read()
    content.blocks.append(TableBlock(rows, lines[0].source))
    content.notes.extend(notes)


def parse_word_cells(text: str, file: str) -> DocumentContent:
    content = DocumentContent(file)
    table: list[_Line] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        source = Source(file=file, line=number)
        stripped = clean_text(line)
        if table is not None and not _ends_a_table(stripped, table[0]):
            table.append(_Line(line, source))
            continue
        if table is not None:
            _table(table, content)
            table = None
        if stripped and heading_of(stripped) is None and (_starts_a_table(stripped) or is_value(stripped)):
            table = [_Line(line, source)]
        elif stripped:
            content.blocks.append(paragraph(line, source))
    if table is not None:
        _table(table, content)
    return content


def read_word_cells(path: Path, text: str) -> Report:
    return assemble(parse_word_cells(text, path.name))

"""Render the seed report as DOCX and HTML in several layouts, as offices and sites do.

The seed's Word text dump says where Word merged cells: a short row's first label
spans the missing columns, and an empty label cell under a label continues it. The
renderings turn those back into merges (DOCX gridSpan/vMerge, HTML colspan/rowspan),
or leave every cell separate (the "flat" layouts), so a reader must cope with both.
"""

from __future__ import annotations

import html as html_escape
from pathlib import Path

from gkaudit.readers.document import DocumentContent, Paragraph, TableBlock, heading_of
from gkaudit.readers.numbers import read_cell
from gkaudit.readers.word_text import parse_word_text

from .support import SEED_TEXT


def seed_content() -> DocumentContent:
    return parse_word_text(SEED_TEXT.read_text(encoding="utf-8"), SEED_TEXT.name)


def _is_label(text: str) -> bool:
    return bool(text.strip()) and isinstance(read_cell(text).value, str)


def _layout(rows: list[list[str]]) -> tuple[int, list[list[tuple[str, int, bool]]]]:
    """Per row, (text, colspan, continues-the-label-above) cells on a grid of width W."""
    width = max(len(r) for r in rows)
    laid: list[list[tuple[str, int, bool]]] = []
    for row_index, row in enumerate(rows):
        cells = [(text, 1 + (width - len(row) if i == 0 else 0), False) for i, text in enumerate(row)]
        if row_index and len(row) == width:
            above = rows[row_index - 1] if len(rows[row_index - 1]) == width else None
            cells = [
                (text, span, bool(above) and not text.strip() and (_is_label(above[i]) or laid[-1][i][2]))
                for i, (text, span, _) in enumerate(cells)
            ]
        laid.append(cells)
    return width, laid


def _table_rows(block: TableBlock) -> list[list[str]]:
    return [[cell.text for cell in row] for row in block.rows]


def write_docx(path: Path, merged: bool) -> None:
    import docx

    document = docx.Document()
    for block in seed_content().blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
            continue
        rows = _table_rows(block)
        width, laid = _layout(rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, cells in enumerate(laid):
            column = 0
            for text, span, continues in cells:
                if not merged and span > 1:
                    table.cell(r, column).text = text
                    column += span
                    continue
                if merged and span > 1:
                    table.cell(r, column).merge(table.cell(r, column + span - 1))
                if merged and continues:
                    table.cell(r - 1, column).merge(table.cell(r, column))
                else:
                    table.cell(r, column).text = text
                column += span
    document.save(str(path))


def html_document(merged: bool) -> str:
    parts = ["<html><head><title>康桥街道2020年政府信息公开工作年度报告_政府信息公开</title></head><body>",
             "<div class='nav'><a href='#'>首页</a> 政府信息公开 | 政策文件</div>",
             "<table class='layout'><tr><td><div class='TRS_Editor'>"]
    for block in seed_content().blocks:
        if isinstance(block, Paragraph):
            parts.append(f"<p style='mso-line-height'><span>{html_escape.escape(block.text)}</span></p>")
            continue
        rows = _table_rows(block)
        width, laid = _layout(rows)
        parts.append("<table border='1' style='border-collapse:collapse'><tbody>")
        for r, cells in enumerate(laid):
            parts.append("<tr>")
            for i, (text, span, continues) in enumerate(cells):
                if merged and continues:
                    continue
                body = html_escape.escape(text.strip()) if text.strip() else "&nbsp;"
                rowspan = 1
                if merged:
                    while r + rowspan < len(laid) and i < len(laid[r + rowspan]) and laid[r + rowspan][i][2]:
                        rowspan += 1
                attributes = (f" colspan='{span}'" if span > 1 and merged else "") + (f" rowspan='{rowspan}'" if rowspan > 1 else "")
                padding = "" if merged or span == 1 else "<td>&nbsp;</td>" * (span - 1)
                parts.append(f"<td{attributes}><p><span style='font-family:仿宋'>{body}</span></p></td>{padding}")
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append("</div></td></tr></table><div class='footer'>版权所有 网站标识码</div></body></html>")
    return "\n".join(parts)


def write_workbook(path: Path, merged: bool, one_sheet: bool) -> None:
    """The seed as an office keeps it in a workbook: the whole document on one sheet (its
    paragraphs as one-cell rows, an empty row after each table), or each table on a sheet
    of its own, the title and body above the first; merged header cells as Word merges them."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "报告" if one_sheet else "表二"
    next_row = 1
    tables = 0
    title = True
    for block in seed_content().blocks:
        if isinstance(block, Paragraph):
            title = title and heading_of(block.text) is None
            if one_sheet or title:
                sheet.cell(next_row, 1, block.text)
                next_row += 1
            continue
        if not one_sheet and tables:
            sheet, next_row = workbook.create_sheet(f"表{'二三四'[tables]}"), 1
        tables += 1
        next_row = _write_table(sheet, next_row, _table_rows(block), merged) + 1
    workbook.save(path)


def _write_table(sheet, top: int, rows: list[list[str]], merged: bool) -> int:
    """Write a table with its top row at ``top``; the row after it."""
    width, laid = _layout(rows)
    for r, cells in enumerate(laid):
        column = 1
        for text, span, continues in cells:
            if not continues:
                number = read_cell(text).value
                sheet.cell(top + r, column, number if isinstance(number, int) else (text.strip() or None))
            if merged and span > 1:
                sheet.merge_cells(start_row=top + r, start_column=column, end_row=top + r, end_column=column + span - 1)
            if merged and continues:
                start = top + r - 1
                while start > top and _continued(sheet, start, column):
                    start -= 1
                _extend_down(sheet, start, column, top + r)
            column += span
    return top + len(laid)


def _continued(sheet, row: int, column: int) -> bool:
    return any(m.min_col == column and m.min_row < row <= m.max_row for m in sheet.merged_cells.ranges)


def _extend_down(sheet, start: int, column: int, end: int) -> None:
    """Merge ``column`` from ``start`` down to ``end``, growing a merge that already starts there."""
    for existing in list(sheet.merged_cells.ranges):
        if existing.min_col == column and existing.min_row == start and existing.max_col == column:
            sheet.unmerge_cells(str(existing))
    sheet.merge_cells(start_row=start, start_column=column, end_row=end, end_column=column)

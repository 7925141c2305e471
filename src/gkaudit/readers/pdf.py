"""PDF reports with a text layer: pdfium's characters and ruling lines, pdfplumber's tables.

The characters and lines come from pdfium (`pdf_layer`), ten times faster than pdfminer and
rebuilt into the boxes pdfminer gives; where pdfium cannot be sure of that, or cannot open
the file, pdfplumber reads it all, and refuses a damaged file in pdfminer's words. Tables
are found from their ruling lines; everything else on the page is read as text
lines, and both are put in reading order by their position. Report tables run across
pages (表三 is often split), so their pieces are joined by the document assembly; a
piece that holds the end of 表三 and the start of 表四 is split where the number of
columns changes. A page frame drawn as a one-column "table" is read as text.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gkaudit.errors import FileUnreadableError
from gkaudit.model import Report, Source
from gkaudit.readers.document import DocumentContent, Paragraph, TableBlock, assemble, is_table_label
from gkaudit.readers.grid import GridCell, GridRow

MAX_PAGES = 200


def _is_table(rows: list[list[str | None]]) -> bool:
    """A real table has a row with two or more filled cells (a page frame has one)."""
    return any(sum(1 for c in row if c and c.strip()) >= 2 for row in rows)


def _split_by_width(rows: list[GridRow]) -> list[list[GridRow]]:
    pieces: list[list[GridRow]] = []
    for row in rows:
        if pieces and len(pieces[-1][-1]) == len(row):
            pieces[-1].append(row)
        else:
            pieces.append([row])
    return pieces


def _inside(line: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    middle_x = (line["x0"] + line["x1"]) / 2
    middle_y = (line["top"] + line["bottom"]) / 2
    return any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes)


def _page_blocks(page, number: int, file: str, tables_seen: int) -> tuple[list[tuple[float, object]], int]:
    placed: list[tuple[float, object]] = []
    boxes = []
    for table in page.find_tables():
        rows = table.extract()
        if not _is_table(rows):
            continue
        boxes.append(table.bbox)
        tables_seen += 1
        grid: list[GridRow] = []
        for r, (row, box) in enumerate(zip(rows, table.rows), start=1):
            texts = [(text or "").replace("\n", "") for text in row]
            filled = [t for t in texts if t.strip()]
            if len(filled) == 1 and len(texts) > 1 and not is_table_label(filled[0]):
                # a line of running text inside the page frame, not a table row
                placed.append((box.bbox[1], Paragraph(filled[0], Source(file=file, page=number))))
                continue
            grid.append([GridCell(text, Source(file=file, page=number, table=tables_seen, row=r, column=c))
                         for c, text in enumerate(texts, start=1)])
        top = table.bbox[1]
        for piece in _split_by_width(grid):
            first_row = piece[0][0].source.row or 1
            row_top = table.rows[first_row - 1].bbox[1] if first_row - 1 < len(table.rows) else top
            placed.append((row_top, TableBlock(piece, Source(file=file, page=number, table=tables_seen))))
    for line in _text_lines(page, boxes):
        if not _inside(line, boxes) and line["text"].strip():
            placed.append((line["top"], Paragraph(line["text"], Source(file=file, page=number))))
    placed.sort(key=lambda item: item[0])
    return placed, tables_seen


def _text_lines(page, boxes: list[tuple[float, float, float, float]]) -> list[dict]:
    """The page's text lines; pdfium's page leaves out before reading them lines that can
    only lie inside the tables' boxes, pdfplumber's reads them all."""
    outside = getattr(page, "text_lines_outside", None)
    return page.extract_text_lines() if outside is None else outside(boxes)


def _cause(exc: BaseException) -> str:
    """The underlying reason (pdfplumber wraps pdfminer's error, e.g. "No /Root object")."""
    while exc.__cause__ is not None or (exc.args and isinstance(exc.args[0], BaseException)):
        exc = exc.__cause__ or exc.args[0]
    return str(exc.args[0]) if len(exc.args) == 1 else (str(exc) or "no details")


def parse_pdf(path: Path, file: str, pdfium: bool = True) -> DocumentContent:
    """The document's blocks: pdfium reads the pages where it can, pdfplumber where pdfium
    cannot open the file or cannot be sure (and alone with ``pdfium=False``)."""
    if pdfium:
        with _collector_paused():
            content = _pdfium_content(path, file)
        if content is not None:
            return content
    return _pdfplumber_content(path, file)


def _pdfium_content(path: Path, file: str) -> DocumentContent | None:
    """pdfium's reading; None where pdfplumber must read the file."""
    from gkaudit.readers.pdf_layer import TooManyPages, Unsure, read_pages

    try:
        pages = read_pages(path, MAX_PAGES)
    except TooManyPages as too_many:
        raise _too_long(path, too_many.args[0]) from None
    except Unsure:
        return None
    content, tables_seen = DocumentContent(file), 0
    for number, page in enumerate(pages, start=1):
        tables_seen = _add_page(content, page, number, tables_seen)
    return content


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A PDF's pages are ~10,000 dicts and tuples holding no cycle: the garbage collector's
    passes over them while they are made (~3 % of a read) find nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _too_long(path: Path, pages: int) -> FileUnreadableError:
    return FileUnreadableError(str(path), "", f"has {pages} pages; an annual report has far fewer than {MAX_PAGES} "
                                              "(limit: PDF pages, see docs/limits.md)")


def _add_page(content: DocumentContent, page, number: int, tables_seen: int) -> int:
    """Adds the page's blocks in reading order; the number of tables seen so far after it."""
    blocks, tables_seen = _page_blocks(page, number, content.file, tables_seen)
    content.blocks += [block for _, block in blocks]
    return tables_seen


def _pdfplumber_content(path: Path, file: str) -> DocumentContent:
    """pdfplumber's reading, in pdfminer's words for a damaged file."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    content = DocumentContent(file)
    number = 0
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise _too_long(path, len(pdf.pages))
            tables_seen = characters = 0
            for number, page in enumerate(pdf.pages, start=1):
                characters += len(page.chars)
                tables_seen = _add_page(content, page, number, tables_seen)
    except MalformedPDFException as exc:
        where = f"page {number}" if number else ""
        raise FileUnreadableError(str(path), where, f"not a readable PDF: a malformed object ({_cause(exc)})") from exc
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise FileUnreadableError(str(path), "", f"not a readable PDF ({_cause(exc)}); is it truncated or damaged?") from exc
    if characters == 0:
        raise FileUnreadableError(str(path), "", "the PDF has no text layer; scanned documents are not supported")
    return content


def read_pdf(path: Path) -> Report:
    return assemble(parse_pdf(path, path.name))

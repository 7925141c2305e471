"""HTML as government sites publish reports: Word-exported markup inside a page.

Pages carry site chrome (navigation, scripts, footers) around the report, Word-exported
tables (``<p><span>`` inside cells, ``&nbsp;`` for blanks, ``colspan``/``rowspan``),
sometimes tables nested in layout tables, and UTF-8 or GBK/GB18030 declared in a meta
tag or not at all. lxml parses it (entities are not resolved, the network is never
touched); the report is the deepest element holding its first and last sections.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from gkaudit.errors import FileUnreadableError
from gkaudit.model import Report, Source
from gkaudit.readers.document import DocumentContent, Paragraph, TableBlock, assemble
from gkaudit.readers.grid import GridCell, GridRow

if TYPE_CHECKING:
    from lxml import etree

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "center"}
_SKIP = {"script", "style", "noscript", "head", "select", "option", "button", "form", "iframe"}
_SPACES = re.compile(r"[ \t\r\n\u00a0\u3000]+")


def looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<table" in data[:200000].lower() and b"<td" in data.lower()


def decode_html(path: Path, data: bytes) -> str:
    """UTF-8 (BOM or not) first; else the declared charset; else GB18030 (covers GBK)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:8192])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["gb18030"]:
        try:
            return data.decode("gb18030" if encoding.lower() in ("gb2312", "gbk") else encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FileUnreadableError(str(path), "", "HTML in an encoding that is neither UTF-8 nor GB18030")


def _text(element: etree._Element) -> str:
    """Visible text of an element, <br> and Word's line breaks joined without a gap."""
    parts = []
    for node in element.iter():
        if node.tag in _SKIP:
            continue
        if node.tag == "br":
            parts.append("")
        if node.text and node.tag not in _SKIP:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return _SPACES.sub(" ", "".join(parts)).strip()


def _cell_text(cell: etree._Element) -> str:
    # Within a cell, every kind of space is padding ("&nbsp;0 ", "　&nbsp;&nbsp;0").
    return _SPACES.sub(" ", _xpath("string()")(cell)).strip()


@cache
def _xpath(expression: str) -> etree.XPath:
    """An XPath compiled once: ``element.xpath(text)`` compiles it at every call. Strings
    come back plain (a "smart" string keeps a reference to its element)."""
    from lxml import etree

    return etree.XPath(expression, smart_strings=False)


def _is_data_table(table: etree._Element) -> bool:
    return not _xpath(".//table")(table)


def _grid(table: etree._Element, file: str, number: int) -> list[GridRow]:
    """Rows of cells; a cell spanning rows leaves an empty placeholder in the rows below,
    as Word's own text export does, so label columns stay aligned."""
    rows: list[GridRow] = []
    pending: dict[int, int] = {}  # column position → rows still covered by a rowspan above
    for r, tr in enumerate(_xpath("./tr | ./tbody/tr | ./thead/tr | ./tfoot/tr")(table), start=1):
        row: GridRow = []
        position = 0
        for c, td in enumerate(_xpath("./td | ./th")(tr), start=1):
            while pending.get(position, 0) > 0:
                row.append(GridCell("", Source(file=file, line=td.sourceline, table=number, row=r, column=c)))
                pending[position] -= 1
                position += 1
            row.append(GridCell(_cell_text(td), Source(file=file, line=td.sourceline, table=number, row=r, column=c)))
            span = _span(td.get("rowspan"))
            if span > 1:
                pending[position] = span - 1
            position += 1
        while pending.get(position, 0) > 0:
            row.append(GridCell("", Source(file=file, line=tr.sourceline, table=number, row=r)))
            pending[position] -= 1
            position += 1
        rows.append(row)
    return rows


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _in_table(element: etree._Element, root: etree._Element) -> bool:
    """Inside a table of the report (a layout table around the whole report does not count)."""
    for ancestor in element.iterancestors():
        if ancestor is root:
            return False
        if ancestor.tag == "table":
            return True
    return False


_ROOT_TAGS = {"div", "td", "article", "section", "ucapcontent", "span"}


def _report_root(body: etree._Element) -> etree._Element:
    """The deepest element that holds the report's first and last sections and a table.

    An element's text holds all its descendants' text, so the walk does not go below an
    element that lacks either section: each step reads the text of a few siblings, not of
    every element of the page (quadratic in the nesting depth of crawled pages)."""
    text_of = _xpath("string()")  # all text below an element, joined in C
    best = body
    stack = [body]
    while stack:  # depth first, in document order: the last element found is the deepest
        element = stack.pop()
        text = text_of(element)
        if "总体情况" not in text or "其他需要报告" not in text:
            continue
        if element.tag in _ROOT_TAGS and _xpath(".//table")(element):
            best = element
        stack.extend(reversed([child for child in element if isinstance(child.tag, str)]))
    return best


def parse_html(text: str, file: str) -> DocumentContent:
    from lxml import etree  # imported here: checking a JSON report should not pay for lxml

    # lxml's plain elements: lxml.html's element classes cost a class lookup at every step of a walk
    parser = etree.HTMLParser(remove_comments=True, no_network=True, huge_tree=False)
    document = etree.fromstring(text, parser)
    if document is None:
        raise FileUnreadableError(file, "", "an HTML page with no content")
    content = DocumentContent(file)
    title = document.find(".//title")
    if title is not None and title.text:
        content.blocks.append(Paragraph(title.text.split("_")[0].split("-")[0].strip(), Source(file=file, line=title.sourceline)))
    body = document.find("body")
    root = _report_root(body if body is not None else document)
    tables = 0
    for element in root.iter():
        if element.tag in _SKIP or not isinstance(element.tag, str):
            continue
        if element.tag == "table":
            if _is_data_table(element):
                tables += 1
                content.blocks.append(TableBlock(_grid(element, file, tables), Source(file=file, line=element.sourceline)))
            continue
        if element.tag in _BLOCKS and not _in_table(element, root) and not _xpath(".//table | .//p | .//div")(element):
            text_content = _text(element)
            if text_content:
                content.blocks.append(Paragraph(text_content, Source(file=file, line=element.sourceline)))
    return content


def read_html(path: Path, data: bytes) -> Report:
    return assemble(parse_html(decode_html(path, data), path.name))

"""Word documents (.docx), read with python-docx.

The body is walked in order, paragraphs and tables alike. Table cells are read from
the XML itself so that merges keep their meaning: a horizontally merged cell
(``gridSpan``) is one cell, and the continuation of a vertically merged cell
(``vMerge`` without ``restart``) is an empty placeholder — exactly what Word's own
text export writes, so the same placement serves both.

A .docx is a zip archive: its size, entry count and expansion ratio are checked
before anything is unpacked, and every part is unpacked (its checksum verified) before
word/document.xml, the only part the report is read from, is parsed by lxml without
resolving entities. python-docx, which parsed five parts more (its template's styles
alone are 800 KB of XML) only to hand over the same body element, is left to the tests
that write documents.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from gkaudit.errors import FileUnreadableError
from gkaudit.model import Report, Source
from gkaudit.readers.document import DocumentContent, Paragraph, TableBlock, assemble
from gkaudit.readers.grid import GridCell, GridRow

if TYPE_CHECKING:
    from lxml import etree

MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200  # a zip bomb expands thousands of times; real documents a few dozen


_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_W_NS}}}"


def _cause(exc: BaseException) -> str:
    text = str(exc.args[0]) if len(exc.args) == 1 else str(exc)
    return text or "no details"


def _read_body(path: Path) -> etree._Element:
    """The body of word/document.xml; a part that cannot be unpacked, or a document that
    cannot be parsed, is refused naming the part and the cause."""
    file = str(path)
    body = None
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if "word/document.xml" not in {e.filename for e in entries}:
                raise FileUnreadableError(file, "", "a zip archive but not a Word document (no word/document.xml)")
            unpacked = sum(e.file_size for e in entries)
            packed = sum(e.compress_size for e in entries) or 1
            if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
                raise FileUnreadableError(
                    file, "", f"refused: it would unpack to {unpacked:,} bytes in {len(entries)} entries "
                    "(limit: .docx unpacking, see docs/limits.md)"
                )
            for entry in entries:
                data = _unpacked(archive, entry, file)
                if entry.filename == "word/document.xml":
                    body = _document_body(data, f"part {entry.filename}", file)
    except zipfile.BadZipFile as exc:
        raise FileUnreadableError(file, "", f"not a readable .docx ({_cause(exc)}); is it truncated?") from exc
    except NotImplementedError as exc:  # raised by zipfile for archive features it does not implement
        raise FileUnreadableError(file, "", f"not a readable .docx: unsupported zip feature ({_cause(exc)})") from exc
    return body


def _unpacked(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, file: str) -> bytes:
    where = f"part {entry.filename}"
    if entry.flag_bits & 0x1:
        raise FileUnreadableError(file, where, "the part is encrypted (password-protected); save the document without a password")
    if entry.compress_type not in _COMPRESSIONS:
        raise FileUnreadableError(file, where, f"unsupported zip compression method {entry.compress_type}; "
                                               "expected stored or deflated (as Word writes)")
    if entry.is_dir():
        return b""
    try:
        return archive.read(entry)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise FileUnreadableError(file, where, f"the part cannot be unpacked; its data is corrupt ({_cause(exc)})") from exc


def _document_body(data: bytes, where: str, file: str) -> etree._Element:
    from lxml import etree  # imported here: checking a JSON report should not pay for lxml

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        message = re.sub(r", line \d+, column \d+$", "", exc.msg or "not well-formed")
        raise FileUnreadableError(file, f"{where}, line {line}:{column}", f"not well-formed XML: {message}") from exc
    body = root.find(f"{_W}body")
    if root.tag != f"{_W}document" or body is None:
        raise FileUnreadableError(file, where, f"the root element is {_tag(root.tag)}; expected w:document "
                                               f"with a w:body, in the WordprocessingML namespace ({_W_NS})")
    return body


def _tag(tag: object) -> str:
    if not isinstance(tag, str):
        return "not an element"
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return f"{local!r} in namespace {namespace!r}" if namespace else f"{local!r} in no namespace"


_P, _T, _TR, _TC, _TBL, _VAL = (f"{_W}{name}" for name in ("p", "t", "tr", "tc", "tbl", "val"))


def _text(element: etree._Element) -> str:
    return "".join(element.itertext(_T, with_tail=False))


@cache
def _cell_queries() -> tuple[etree.XPath, etree.XPath]:
    """(a cell's texts: the w:t of its own paragraphs, its vertical merge mark), compiled once:
    ``find`` with a path goes through lxml's ElementPath in Python at every cell."""
    from lxml import etree

    namespaces = {"w": _W_NS}
    return (etree.XPath("w:p//w:t/text()", namespaces=namespaces, smart_strings=False),
            etree.XPath("w:tcPr/w:vMerge", namespaces=namespaces))


def _grid(table: etree._Element, file: str, number: int) -> list[GridRow]:
    texts, merges = _cell_queries()
    rows: list[GridRow] = []
    for r, tr in enumerate(table.iter(_TR), start=1):
        if tr.getparent() is not table and tr.getparent().getparent() is not table:
            continue  # a row of a table nested inside a cell
        row: GridRow = []
        for c, tc in enumerate(tr.iterchildren(_TC), start=1):
            merge = merges(tc)
            continued = bool(merge) and merge[0].get(_VAL) in (None, "continue")
            text = "" if continued else "".join(texts(tc))
            row.append(GridCell(text, Source(file=file, table=number, row=r, column=c)))
        rows.append(row)
    return rows


def parse_docx(path: Path, file: str) -> DocumentContent:
    body = _read_body(path)
    content = DocumentContent(file)
    tables = 0
    paragraphs = 0
    for child in body.iterchildren():
        if child.tag == _P:
            paragraphs += 1
            text = _text(child).strip()
            if text:
                content.blocks.append(Paragraph(text, Source(file=file, paragraph=paragraphs)))
        elif child.tag == _TBL:
            tables += 1
            content.blocks.append(TableBlock(_grid(child, file, tables), Source(file=file, table=tables)))
    return content


def read_docx(path: Path) -> Report:
    return assemble(parse_docx(path, path.name))

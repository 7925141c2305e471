"""A report document as paragraphs and tables of cell texts, and the writers that turn it into
each text format gkaudit reads (Word text, Markdown, HTML, a web page's flattened text) and
into a .docx."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

from gkaudit.readers.document import Paragraph
from gkaudit.readers.word_text import parse_word_text

Table = list[list[str]]
Block = str | Table  # a paragraph, or a table's rows of cell texts
Document = list[Block]

SEED_TEXT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "kangqiao-2020.txt"


def seed_document() -> Document:
    """The seed report (a real Word text dump) as blocks."""
    content = parse_word_text(SEED_TEXT.read_text(encoding="utf-8"), SEED_TEXT.name)
    return [block.text if isinstance(block, Paragraph) else [[cell.text for cell in row] for row in block.rows]
            for block in content.blocks]


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


def word_text(document: Document) -> str:
    """One cell per tab-indented line, an empty line after each table row."""
    lines: list[str] = []
    for block in document:
        if isinstance(block, str):
            lines.append(_one_line(block).lstrip("\t"))
            continue
        for row in block:
            lines += [f"\t{_one_line(cell)}" for cell in row] + [""]
    return "\n".join(lines) + "\n"


def markdown(document: Document) -> str:
    """Pipe tables with a separator under the first row; paragraphs between blank lines."""
    lines: list[str] = []
    for block in document:
        if isinstance(block, str):
            lines += [_one_line(block), ""]
            continue
        for index, row in enumerate(block):
            lines.append("| " + " | ".join(_one_line(cell).replace("|", "｜") for cell in row) + " |")
            if index == 0:
                lines.append("|" + "---|" * len(row))
        lines.append("")
    return "\n".join(lines)


def page_text(document: Document) -> str:
    """A web page's text as a crawler keeps it: a header, then one line in which each table
    row's cells run together with no border between them."""
    parts = [_one_line(block) if isinstance(block, str) else " ".join("".join(map(_one_line, row)) for row in block)
             for block in document]
    return "标题: 政府信息公开工作年度报告\n==================== 正文 ====================\n" + " ".join(parts) + "\n"


def html_page(document: Document) -> str:
    parts = ["<html><head><meta charset='utf-8'><title>政府信息公开工作年度报告</title></head><body>"]
    for block in document:
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
            continue
        parts.append("<table border='1'>")
        for row in block:
            parts.append("<tr>" + "".join(f"<td>{html.escape(cell) or '&nbsp;'}</td>" for cell in row) + "</tr>")
        parts.append("</table>")
    return "".join(parts) + "</body></html>"


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd"))


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')


def _run(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{html.escape(_xml_safe(text), quote=False)}</w:t></w:r></w:p>'


def docx_bytes(document: Document) -> bytes:
    """A minimal .docx (content types, one relationship, the document part), written directly:
    python-docx's table API takes a second per report, the XML a millisecond."""
    body = []
    for block in document:
        if isinstance(block, str):
            body.append(_run(block))
            continue
        rows = "".join("<w:tr>" + "".join(f"<w:tc>{_run(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in block)
        body.append(f"<w:tbl>{rows}</w:tbl>")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f'<w:body>{"".join(body)}</w:body></w:document>')
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", xml)
    return stream.getvalue()

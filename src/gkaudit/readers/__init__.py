"""Readers: turn a document into the report model. One module per input format."""

from __future__ import annotations

from pathlib import Path

from gkaudit.errors import FileUnreadableError, GkauditError, NotAReportError
from gkaudit.inputs import check_report_limits, read_limited
from gkaudit.model import Report
from gkaudit.readers.docx import read_docx
from gkaudit.readers.encodings import decode_text, decode_wide, wide_encoding
from gkaudit.readers.flattened import looks_like_flattened, read_flattened
from gkaudit.readers.html import looks_like_html, read_html
from gkaudit.readers.json_report import read_json_report
from gkaudit.readers.legacy_word import read_legacy_word
from gkaudit.readers.markdown import looks_like_markdown, read_markdown
from gkaudit.readers.pdf import read_pdf
from gkaudit.readers.spreadsheet import is_workbook, read_spreadsheet
from gkaudit.readers.word_cells import looks_like_word_cells, read_word_cells
from gkaudit.readers.word_text import looks_like_word_rows, looks_like_word_text, read_word_rows, read_word_text


def read_report(path: Path) -> Report:
    """Read one report file, whatever its format; input problems raise GkauditError."""
    data = read_limited(path)
    if not data.strip():
        raise FileUnreadableError(str(path), "", "the file is empty; expected a report")
    try:
        report = _read(path, data)
    except GkauditError as error:
        # readers name the document as its sources do (its file name); the user typed a path
        if error.file == path.name:
            error.file = str(path)
            error.args = (error.message(),)
        raise
    check_report_limits(report, str(path))
    report.path = str(path)  # readers name the document by its file name; reports go by the path given
    return report


_NOT_DOCUMENTS = (  # magic numbers of files a reviewer's folder holds beside the reports
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"\x00\x00\x00\x1cftyp", "a media file"),
    (b"RIFF", "an image or media file"), (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "a program"),
)


def _not_a_document(data: bytes) -> str | None:
    return next((kind for magic, kind in _NOT_DOCUMENTS if data.startswith(magic)), None)


def _read(path: Path, data: bytes) -> Report:
    kind = _not_a_document(data)
    if kind is not None:
        raise NotAReportError(str(path), "", f"not a report: {kind}")
    if data.startswith(b"%PDF-"):
        return read_pdf(path)
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) and is_workbook(path, data):
        return read_spreadsheet(path)
    if data.startswith(b"PK\x03\x04"):
        return read_docx(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE container of .doc and .wps
        return read_legacy_word(path)
    wide = wide_encoding(data)
    if wide is not None:  # UTF-16 (Notepad's "Unicode"): every text reader below then sees UTF-8
        data = decode_wide(path, data, wide).encode("utf-8")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return read_json_report(path, decode_text(path, data))
    if looks_like_html(data):
        return read_html(path, data)
    text = decode_text(path, data)
    if looks_like_word_text(text):
        return read_word_text(path, text)
    if looks_like_word_rows(text):
        return read_word_rows(path, text)
    if looks_like_markdown(text):
        return read_markdown(path, text)
    if looks_like_word_cells(text):
        return read_word_cells(path, text)
    if looks_like_flattened(text):  # the last resort: a page's text with the table borders lost
        return read_flattened(path, text)
    raise NotAReportError(
        str(path), "",
        "not a report: text with no report tables; gkaudit reads report JSON, .docx, .pdf, HTML, Markdown "
        "with pipe tables, text saved from Word (tab-separated rows, or one table cell per line), "
        "or a web page's text",
    )

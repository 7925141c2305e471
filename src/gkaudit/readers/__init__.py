"""Readers: turn a document into the report model. One module per input format."""

from __future__ import annotations

from pathlib import Path

from gkaudit.errors import FileUnreadableError, ReportStructureError
from gkaudit.model import Report
from gkaudit.readers.html import looks_like_html, read_html
from gkaudit.readers.json_report import read_json_report
from gkaudit.readers.markdown import looks_like_markdown, read_markdown
from gkaudit.readers.pdf import read_pdf
from gkaudit.readers.word_text import looks_like_word_text, read_word_text


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileUnreadableError(str(path), "", "not text in UTF-8 or GB18030, and not a document format gkaudit reads")


def read_report(path: Path) -> Report:
    """Read one report file, whatever its format; input problems raise GkauditError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileUnreadableError(str(path), "", "no such file") from None
    except IsADirectoryError:
        raise FileUnreadableError(str(path), "", "is a directory; expected a report file") from None
    except OSError as exc:
        raise FileUnreadableError(str(path), "", f"cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise FileUnreadableError(str(path), "", "the file is empty; expected a report")
    if data.startswith(b"%PDF-"):
        return read_pdf(path)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return read_json_report(path, decode_text(path, data))
    if looks_like_html(data):
        return read_html(path, data)
    text = decode_text(path, data)
    if looks_like_word_text(text):
        return read_word_text(path, text)
    if looks_like_markdown(text):
        return read_markdown(path, text)
    raise ReportStructureError(
        str(path), "", "not a format gkaudit reads: expected report JSON or text dumped from a Word report (one table cell per tab-indented line)"
    )

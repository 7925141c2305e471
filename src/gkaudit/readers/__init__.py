"""Readers: turn a document into the report model. One module per input format."""

from __future__ import annotations

from pathlib import Path

from gkaudit.errors import FileUnreadableError, ReportStructureError
from gkaudit.model import Report
from gkaudit.readers.json_report import read_json_report


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileUnreadableError(str(path), f"byte {exc.start}", "expected UTF-8 text") from exc


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
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return read_json_report(path, _decode(path, data))
    raise ReportStructureError(str(path), "", "not a gkaudit report JSON (other formats are read by `gkaudit extract` once their reader exists)")

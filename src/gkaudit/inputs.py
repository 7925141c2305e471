"""Reading input files within limits: only regular files, never more than a report can be.

Every limit here is documented in docs/limits.md. A limit is far above any real report
(kilobytes to a few MB, a few hundred cells) and far below what would exhaust memory or
time: ``/dev/zero`` is refused before a byte is read, a FIFO without blocking on it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from gkaudit.errors import FileUnreadableError, GkauditError, InputLimitError
from gkaudit.model import Report

MAX_INPUT_BYTES = 32 * 1024 * 1024
"""The largest report file read (a PDF with images is a few MB; a text report a few hundred KB)."""

MAX_CELLS = 5_000
"""The most table cells a report may have (the official tables have about 300)."""

MAX_CELL_CHARS = 1_000
"""The longest text a table cell may hold (a label, “—”, a short note)."""

MAX_NARRATIVE_CHARS = 500_000
"""The longest narrative (every section's heading and text; real ones run to some 10,000)."""

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))

ErrorFactory = Callable[[str, str, str], GkauditError]


def probe(test: Callable[[], bool]) -> bool:
    """``path.is_dir`` or ``path.exists`` called, false where the path cannot even be looked at
    (a name over 255 bytes): reading the file then says why."""
    try:
        return test()
    except (OSError, ValueError):  # ValueError: a NUL in the name, which no file can have
        return False


def _not_regular(mode: int) -> str:
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def read_limited(path: Path, limit: int = MAX_INPUT_BYTES, error: ErrorFactory = FileUnreadableError) -> bytes:
    """The bytes of ``path``, refused (``error``) unless it is a regular file of at most ``limit`` bytes.

    The file is opened without blocking and judged by ``fstat`` before reading, so a FIFO or
    a device is refused at once; reading stops one byte past the limit, whatever the size
    said, so a file that grows while read cannot exhaust memory either."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(str(path), "", "no such file") from None
    except IsADirectoryError:
        raise error(str(path), "", "is a directory; expected a report file") from None
    except ValueError:
        raise error(str(path).replace("\0", "\\0"), "", "no such file (the name holds a NUL character)") from None
    except OSError as exc:
        raise error(str(path), "", f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(os.fstat(descriptor).st_mode):  # Linux opens a directory read-only; fdopen refuses it
        os.close(descriptor)
        raise error(str(path), "", "is a directory; expected a report file")
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise error(str(path), "", f"is {_not_regular(status.st_mode)}, not a file; gkaudit reads only regular files")
        if status.st_size > limit:
            raise _too_large(path, status.st_size, limit, error)
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise error(str(path), "", f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise _too_large(path, len(data), limit, error)
    return data


def _too_large(path: Path, size: int, limit: int, error: ErrorFactory) -> GkauditError:
    return error(str(path), "", f"is {size:,} bytes or more; gkaudit reads files of at most {limit:,} bytes "
                                f"(limit: input file size, see docs/limits.md)")


def check_report_limits(report: Report, file: str) -> None:
    """Refuse a report beyond the cell count, the text per cell or the narrative length."""
    cells = [(name, row, column, cell) for name, table in report.tables.items()
             for row, columns in table.rows.items() for column, cell in columns.items()]
    if len(cells) > MAX_CELLS:
        raise InputLimitError(file, "tables", f"{len(cells):,} table cells", "cell count", f"{MAX_CELLS:,} cells")
    for name, row, column, cell in cells:
        text = cell.text if cell.text is not None else cell.value if isinstance(cell.value, str) else ""
        if len(text) > MAX_CELL_CHARS:
            where = cell.source.display() if cell.source else f"{name} {row} {column}"
            raise InputLimitError(file, where or f"{name} {row} {column}", f"a cell of {len(text):,} characters",
                                  "text per cell", f"{MAX_CELL_CHARS:,} characters")
    length = sum(len(section.heading) + len(section.text) for section in report.narrative)
    if length > MAX_NARRATIVE_CHARS:
        raise InputLimitError(file, "narrative", f"a narrative of {length:,} characters", "narrative length",
                              f"{MAX_NARRATIVE_CHARS:,} characters")

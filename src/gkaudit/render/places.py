"""Where a finding stands, as machines read it: a location string split into its file,
line and column (``sample_reports/kangqiao-2020.json:1222:6``, ``kangqiao-2020.txt:331``),
and what follows the file (``seed.docx · table 3 row 26 cell 10``: no line, a detail).

Locations are made as ``file[:line[:column]][ · detail…]`` (gkaudit.audit and
gkaudit.model.Source.display); the renderers that need a line number (SARIF, GitHub
annotations) read it back here rather than each in its own way."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_HEAD = re.compile(r"(?P<file>.+?)(?::(?P<line>[1-9]\d*)(?::(?P<column>[1-9]\d*))?)?")
_SEPARATOR = " · "


@dataclass(frozen=True)
class Place:
    file: str
    line: int | None = None
    column: int | None = None
    detail: str = ""  # the page, table and cell of a PDF or DOCX, a JSON path

    def is_in(self, path: str) -> bool:
        """Whether this place is in the file ``path`` as the user passed it: named as it is
        under the working directory, or by its bare name as readers name the document they
        read (a report JSON's original document has a name of its own)."""
        if not self.file:
            return False
        return self.file == Path(path).name or os.path.abspath(self.file) == os.path.abspath(path)


def relative(path: str) -> str:
    """A file as a repository names it: relative to the working directory when under it."""
    given = Path(path)
    if not given.is_absolute():
        return path
    try:
        return str(given.relative_to(Path.cwd()))
    except ValueError:
        return path


def place_of(location: str) -> Place:
    head, _, detail = location.partition(_SEPARATOR)
    match = _HEAD.fullmatch(head)
    if match is None:  # an empty location: nothing but a detail
        return Place("", detail=detail)
    line, column = match.group("line"), match.group("column")
    return Place(match.group("file"), int(line) if line else None, int(column) if column else None, detail)

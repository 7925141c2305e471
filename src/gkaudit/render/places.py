"""Where a finding stands, as machines read it: a location string split into its file,
line and column (``sample_reports/kangqiao-2020.json:1222:6``, ``kangqiao-2020.txt:331``),
and what follows the file (``seed.docx · table 3 row 26 cell 10``: no line, a detail).

Locations are made as ``file[:line[:column]][ · detail…]`` (gkaudit.audit and
gkaudit.model.Source.display); the renderers that need a line number (SARIF, GitHub
annotations) read it back here rather than each in its own way."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEAD = re.compile(r"(?P<file>.+?)(?::(?P<line>[1-9]\d*)(?::(?P<column>[1-9]\d*))?)?")
_SEPARATOR = " · "


@dataclass(frozen=True)
class Place:
    file: str
    line: int | None = None
    column: int | None = None
    detail: str = ""  # the page, table and cell of a PDF or DOCX, a JSON path

    def is_in(self, path: str) -> bool:
        """Whether this place is in the file ``path`` (as the user passed it)."""
        return self.file == path


def place_of(location: str) -> Place:
    head, _, detail = location.partition(_SEPARATOR)
    match = _HEAD.fullmatch(head)
    if match is None:  # an empty location: nothing but a detail
        return Place("", detail=detail)
    line, column = match.group("line"), match.group("column")
    return Place(match.group("file"), int(line) if line else None, int(column) if column else None, detail)

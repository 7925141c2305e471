"""Markdown with pipe tables, as PDF-to-Markdown converters write them.

Each ``| a | b |`` line is a table row (``|---|`` separator lines are skipped); a run of
such lines is one table; every other non-empty line is a paragraph (heading marks
``#`` removed). Converters often split one report table into many small ones; the
document assembly joins the pieces of the same table.
"""

from __future__ import annotations

import re
from pathlib import Path

from gkaudit.model import Report, Source
from gkaudit.readers.document import DocumentContent, Paragraph, assemble, content_of_lines
from gkaudit.readers.grid import GridCell, GridRow

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING_MARK = re.compile(r"^#{1,6}\s*")


def looks_like_markdown(text: str) -> bool:
    return sum(1 for line in text.splitlines() if _SEPARATOR.match(line.strip())) >= 2


def _cells(line: str, source: Source) -> GridRow:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [GridCell(text.strip(), source) for text in body.split("|")]


def parse_markdown(text: str, file: str) -> DocumentContent:
    def read(number: int, line: str) -> GridRow | Paragraph | None:
        stripped, source = line.strip(), Source(file=file, line=number)
        if stripped.startswith("|"):
            return _cells(stripped, source)
        return Paragraph(_HEADING_MARK.sub("", stripped), source) if stripped else None

    # a table's separator line (|---|) is neither a row nor a break
    return content_of_lines(file, (read(number, line) for number, line in enumerate(text.splitlines(), start=1)
                                   if not _SEPARATOR.match(line.strip())))


def read_markdown(path: Path, text: str) -> Report:
    return assemble(parse_markdown(text, path.name))

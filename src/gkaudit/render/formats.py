"""The output formats of ``gkaudit check``, by name, and what each makes of a batch.

Each renderer is imported only when its format is chosen, so a gate writing text never
loads sqlite3 or the SARIF tables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports the names below at start-up: kept light
    from gkaudit.results import BatchResult
    from gkaudit.rules.model import Rule

FORMATS = ("text", "json", "csv", "sarif", "sqlite", "github")
BINARY = frozenset({"sqlite"})  # written to a file only, never to a terminal or a pipe
NEEDS_CELLS = frozenset({"sqlite"})  # its cells table holds every cell of every report


def render_pieces(batch: BatchResult, output_format: str, lang: str, *, rules: Sequence[Rule] = (),
                  quiet: bool = False, statistics: bool = False) -> Iterator[str | bytes]:
    """The output in pieces to write one after the other: JSON and CSV a report at a time,
    SARIF a result at a time, SQLite a MiB of its file at a time, so that a large batch's output is never whole in
    memory; the other formats in one piece."""
    if output_format == "json":
        from gkaudit.render.jsonout import json_chunks

        yield from json_chunks(batch, lang)
    elif output_format == "csv":
        from gkaudit.render.csvout import csv_chunks

        yield from csv_chunks(batch, lang)
    elif output_format == "sarif":
        from gkaudit.render.sarif import sarif_chunks

        yield from sarif_chunks(batch, lang, rules)
    elif output_format == "sqlite":
        from gkaudit.render.sqlite import sqlite_pieces

        yield from sqlite_pieces(batch, lang)
    else:
        yield _whole(batch, output_format, lang, rules, quiet, statistics)


def _whole(batch: BatchResult, output_format: str, lang: str, rules: Sequence[Rule], quiet: bool,
           statistics: bool) -> str | bytes:
    if output_format == "text":
        from gkaudit.render.terminal import render_text

        return render_text(batch, lang, quiet, statistics)
    if output_format == "github":
        from gkaudit.render.github import render_github

        return render_github(batch, lang)
    raise ValueError(f"unknown output format {output_format!r}; expected one of {', '.join(FORMATS)}")

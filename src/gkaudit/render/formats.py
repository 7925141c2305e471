"""The output formats of ``gkaudit check``, by name, and what each makes of a batch.

Each renderer is imported only when its format is chosen, so a gate writing text never
loads sqlite3 or the SARIF tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports the names below at start-up: kept light
    from gkaudit.results import BatchResult
    from gkaudit.rules.model import Rule

FORMATS = ("text", "json", "csv", "sarif", "sqlite", "github")
BINARY = frozenset({"sqlite"})  # written to a file only, never to a terminal or a pipe
NEEDS_CELLS = frozenset({"sqlite"})  # its cells table holds every cell of every report


def render_document(batch: BatchResult, output_format: str, lang: str, *, rules: Sequence[Rule] = (),
                    quiet: bool = False, statistics: bool = False) -> str | bytes:
    """The whole output of ``batch`` in ``output_format``; ``rules`` are the rules run
    (SARIF describes them all), ``quiet`` and ``statistics`` shape the text."""
    if output_format == "text":
        from gkaudit.render.terminal import render_text

        return render_text(batch, lang, quiet, statistics)
    if output_format == "json":
        from gkaudit.render.jsonout import render_json

        return render_json(batch, lang)
    if output_format == "csv":
        from gkaudit.render.csvout import render_csv

        return render_csv(batch, lang)
    if output_format == "sarif":
        from gkaudit.render.sarif import render_sarif

        return render_sarif(batch, lang, rules)
    if output_format == "sqlite":
        from gkaudit.render.sqlite import render_sqlite

        return render_sqlite(batch, lang)
    if output_format == "github":
        from gkaudit.render.github import render_github

        return render_github(batch, lang)
    raise ValueError(f"unknown output format {output_format!r}; expected one of {', '.join(FORMATS)}")

"""The terminal at a narrow and a wide window: continuation lines keep the gutter, no
token (a file:line location, a number) is split, nothing is cut when the width allows."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

import gkaudit
from gkaudit.render.terminal import render_batch

SEED_TEXT = Path(__file__).resolve().parent / "fixtures" / "kangqiao-2020.txt"


def _rendered(width: int, lang: str = "zh") -> list[str]:
    out = io.StringIO()
    render_batch(Console(file=out, width=width, color_system=None, highlight=False), gkaudit.check([SEED_TEXT]), lang)
    return [line.rstrip() for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("width", [80, 140])
def test_long_notes_wrap_under_their_text_and_keep_every_token_whole(width):
    from rich.cells import cell_len

    lines = _rendered(width)
    assert max(cell_len(line) for line in lines) <= width
    text = "\n".join(lines)
    for location in ("kangqiao-2020.txt:331", "kangqiao-2020.txt:337"):
        assert location in text
    for previous, line in zip(lines, lines[1:]):
        if previous.startswith("    = ") and line and not line.lstrip().startswith(("=", "-->")) and line.startswith(" "):
            assert line.startswith("      "), f"continuation at column {len(line) - len(line.lstrip())}: {line!r}"


def test_a_wide_window_cuts_no_row_label():
    text = "\n".join(_rendered(140, "en"))
    assert "…" not in re.sub(r"…\s*\(\d+ rows are 0 or blank\)", "", text.split("Worst first")[0])


@pytest.mark.parametrize("width", [80, 140])
def test_no_finding_line_ends_in_the_spaces_rich_pads_with(width):
    """Pasted into a reply to the office, a line padded to the table's or the window's width
    carries a run of spaces: the excerpt's folded rows did, and every wrapped note."""
    out = io.StringIO()
    render_batch(Console(file=out, width=width, color_system=None, highlight=False), gkaudit.check([SEED_TEXT]), "zh")
    text = out.getvalue()
    padded = [line for line in text.splitlines() if line != line.rstrip()]
    assert "…（5 行为 0 或空）" in text and padded == []

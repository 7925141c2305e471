"""A document's paragraphs and tables written out as the three plain-text layouts Word gives.

``seed``: one cell per tab-indented line, an empty line after each row (kangqiao-2020.txt).
``rows``: Word's default, a row per line with its cells separated by tabs.
``cells``: one cell per line without a tab, blank cells and row ends both empty lines.
"""

from __future__ import annotations

from gkaudit.readers.document import DocumentContent, Paragraph

LAYOUTS = ("seed", "rows", "cells")


def _flat(text: str) -> str:
    """A cell's or paragraph's text on one line: the layouts have no room for tabs or breaks."""
    return " ".join(text.replace("\t", " ").splitlines())


def _table(rows: list[list[str]], layout: str) -> list[str]:
    if layout == "rows":
        return ["\t".join(row) for row in rows]
    lines: list[str] = []
    for row in rows:
        lines += [f"\t{cell}" if layout == "seed" else cell for cell in row]
        lines.append("")
    return lines


def write_layout(content: DocumentContent, layout: str) -> str:
    lines: list[str] = []
    for block in content.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                lines.append(_flat(block.text).strip())
            continue
        rows = [[_flat(cell.text) for cell in row] for row in block.rows]
        lines += _table([row for row in rows if any(cell.strip() for cell in row)], layout)
    return "\n".join(lines) + "\n"

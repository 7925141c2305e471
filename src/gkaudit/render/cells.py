"""Many cells of one finding (the blank cells of a table) as a reader takes them in: one
line per row, its label and then its columns."""

from __future__ import annotations

from gkaudit.results import FindingCell


def cells_by_row(cells: list[FindingCell] | tuple[FindingCell, ...], lang: str) -> list[str]:
    rows: dict[tuple[str, str], list[FindingCell]] = {}
    for cell in cells:
        rows.setdefault((cell.table, cell.row), []).append(cell)
    separator = "、" if lang == "zh" else ", "
    colon = "：" if lang == "zh" else ": "
    return [f"{row[0].table_short.text(lang)} · {row[0].row_label.text(lang)}{colon}"
            + separator.join(c.column_short.text(lang) for c in row) for row in rows.values()]

"""What a finding shows besides its message, decided once for every renderer: the table
excerpt (its rows and columns, the offending cell, all-zero context rows folded), where
it stands, the cells it lists, and the order and cause lines of a report's findings.

Pure functions of the results model; the terminal and the HTML page only lay them out."""

from __future__ import annotations

from dataclasses import dataclass

from gkaudit.render.causes import cause_text, change_lines, unique_cause_heading
from gkaudit.results import Cause, Finding, FindingCell, ReportResult

MAX_EXCERPT_CELLS = 40
_FOLDED_FROM = 3  # fewer quiet rows in a run than this are shown, not folded


@dataclass(frozen=True)
class ExcerptRow:
    """A row of the excerpt: its label and one cell (or None) per column; or, when
    ``elided`` is set, a run of that many folded rows whose cells are all 0 or blank."""

    label: str
    cells: tuple[FindingCell | None, ...]
    elided: int = 0


@dataclass(frozen=True)
class Excerpt:
    title: str  # the table's short name, heading the label column
    columns: tuple[FindingCell, ...]  # one cell per column, for its short label
    rows: tuple[ExcerptRow, ...]


def is_quiet(cell: FindingCell) -> bool:
    return cell.role != "primary" and (cell.value is None or cell.value == 0)


def excerpt(finding: Finding, lang: str) -> Excerpt | None:
    """The rows and columns an arithmetic finding involves; None for any other finding,
    and for one with too many cells to take in as a table."""
    if finding.arithmetic is None or not finding.cells or len(finding.cells) > MAX_EXCERPT_CELLS:
        return None
    columns = [cell for _, cell in sorted({(c.order[1], c.column): c for c in finding.cells}.items())]
    rows: dict[tuple[int, str], dict[str, FindingCell]] = {}
    for cell in finding.cells:
        rows.setdefault((cell.order[0], cell.row), {})[cell.column] = cell
    ordered = sorted(rows)
    quiet = {key for key, cells in rows.items() if all(is_quiet(c) for c in cells.values())}
    shown: list[ExcerptRow] = []
    index = 0
    while index < len(ordered):
        run = 0
        while index + run < len(ordered) and ordered[index + run] in quiet:
            run += 1
        if run >= _FOLDED_FROM:
            shown.append(ExcerptRow("", (), elided=run))
            index += run
            continue
        cells = rows[ordered[index]]
        label = next(iter(cells.values())).row_label.text(lang)
        shown.append(ExcerptRow(label, tuple(cells.get(column.column) for column in columns)))
        index += 1
    return Excerpt(finding.cells[0].table_short.text(lang), tuple(columns), tuple(shown))


def shared_line(finding: Finding, lang: str) -> str:
    """The column (or row) all of a finding's cells lie in, e.g. "表三 · 总计 列"."""
    first = finding.cells[0]
    table = first.table_short.text(lang)
    if len({c.column for c in finding.cells}) == 1:
        return f"{table} · {first.column_label.text(lang)} 列" if lang == "zh" else f"{table} · column {first.column_label.text(lang)}"
    if len({c.row for c in finding.cells}) == 1:
        return f"{table} · {first.row_label.text(lang)} 行" if lang == "zh" else f"{table} · row {first.row_label.text(lang)}"
    return table


def where(finding: Finding, lang: str) -> str:
    """The finding's place in the source document, with the cell (or line) it is about."""
    primary = finding.primary
    if primary is not None:
        return f"{finding.location} · {primary.label(lang)}"
    if finding.arithmetic is not None:
        return f"{finding.location} · {shared_line(finding, lang)}"
    return finding.location


def listed_cells(finding: Finding) -> list[FindingCell]:
    """The cells a finding without arithmetic lists one row per line (every blank or
    missing cell, not only the first); none when it is about one cell."""
    listed = [c for c in finding.cells if c.role == "primary"] if finding.arithmetic is None else []
    return listed if len(listed) > 1 else []


def grouped(result: ReportResult) -> list[Finding]:
    """Findings in order, each cause's findings together after the first of them."""
    ordered: list[Finding] = []
    placed: set[str] = set()
    for finding in result.findings:
        if finding.cause is None:
            ordered.append(finding)
        elif finding.cause not in placed:
            placed.add(finding.cause)
            ordered += [f for f in result.findings if f.cause == finding.cause]
    return ordered


def cause_lines(cause: Cause, lang: str) -> list[str]:
    """A unique cause as a headline and one line per cell to change; any other cause as
    its one sentence."""
    if cause.unique:
        return [unique_cause_heading(cause, lang), *change_lines(cause.explanations[0], lang)]
    return [cause_text(cause, lang)]

"""Placing a grid of table cells, as any reader finds it, onto the template's cells.

Every reader (Word text dump, DOCX, HTML, PDF) turns a table into rows of text cells
with their source. This module decides which template row and column each figure
belongs to — by the printed labels, matched by normalised similarity, never by
position alone — and notes what it could not place or read with certainty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from gkaudit.model import Cell, ExtractionNote, Source, Table
from gkaudit.readers.labels import LabelMatch, best_match, loose, normalise, numbering, without_numbering
from gkaudit.readers.numbers import COUNT_UNITS, clean_text, read_cell, read_figure
from gkaudit.templates import TableSpec, load_templates, template_for_year


@dataclass(frozen=True)
class GridCell:
    text: str
    source: Source


GridRow = list[GridCell]


@dataclass
class _Placed:
    rows: dict[str, dict[str, Cell]] = field(default_factory=dict)
    notes: list[ExtractionNote] = field(default_factory=list)

    def put(self, row: str, column: str, grid_cell: GridCell, unit: str | None) -> None:
        if column in self.rows.get(row, {}):
            self.notes.append(ExtractionNote("unplaced", grid_cell.text.strip(), f"{row}.{column}", grid_cell.source))
            return
        reading = read_figure(grid_cell.text, unit, grid_cell.source)
        self.rows.setdefault(row, {})[column] = Cell(reading.value, grid_cell.source, reading.text)
        if reading.note:
            self.notes.append(ExtractionNote("unit", grid_cell.text.strip(), reading.note, grid_cell.source))
        elif reading.unit in COUNT_UNITS and not isinstance(reading.value, str):
            # "2笔": the count is read, and the unit the template leaves out is said
            self.notes.append(ExtractionNote("count_unit", grid_cell.text.strip(), str(reading.value), grid_cell.source))

    def label(self, printed: GridCell, match: LabelMatch, official: str) -> None:
        """Note a printed label that differs in words from ``official`` (the wording of the
        template the year calls for); numbering styles ("1、" for "1.", or none) do not count."""
        if without_numbering(printed.text, variants=False) != without_numbering(official, variants=False):
            shown = " ".join(printed.text.split())  # as printed, spacing folded
            self.notes.append(ExtractionNote("label", shown, official, printed.source, round(match.score, 2)))

    def unplaced(self, cells: GridRow) -> None:
        text = " | ".join(clean_text(c.text) for c in cells if clean_text(c.text))
        if text:
            self.notes.append(ExtractionNote("unplaced", text, "", cells[0].source))


def _specs(table: str) -> list[TableSpec]:
    return [t.tables[table] for t in load_templates().values()]


@lru_cache(maxsize=8192)  # asked of every cell several times while its row is placed
def is_value(text: str) -> bool:
    """A figure, a blank, or a dash standing for none: what goes in a figure's place."""
    reading = read_cell(text)
    return reading.value is None or not isinstance(reading.value, str) or clean_text(text) in {"—", "-", "／", "/", "无", "－"}


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in clean_text(text))


def _filled(cells: GridRow) -> list[GridCell]:
    return [c for c in cells if clean_text(c.text)]


# ---------------------------------------------------------------- table 三

def _split_row(cells: GridRow, width: int) -> tuple[list[GridCell], list[GridCell]]:
    """(printed labels, figures): the figures follow the last label-like cell.

    Converters add empty cells at the end of rows; those are dropped beyond ``width``.
    """
    last_label = max((i for i, c in enumerate(cells) if not is_value(c.text)), default=-1)
    return _filled(cells[: last_label + 1]), _fit(list(cells[last_label + 1 :]), width)


def _fit(values: list[GridCell], width: int) -> list[GridCell]:
    """Drop the empty cells merged label cells leave around the figures, down to ``width``."""
    while len(values) > width and not clean_text(values[-1].text):
        values.pop()
    while len(values) > width and not clean_text(values[0].text):
        values.pop(0)
    return values


def _labels(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(pairs))


def _table3_vocabulary() -> tuple[list[tuple[str, str]], dict[str, tuple[str, set[str]]]]:
    """Row labels (id, official label) and the numbered groups (id → (label, members))."""
    rows: list[tuple[str, str]] = []
    groups: dict[str, tuple[str, set[str]]] = {}
    for spec in _specs("table3"):
        for row_id, row in spec.rows.items():
            rows.append((row_id, row.label.zh))
        for group in spec.row_groups.values():
            if numbering(group.label.zh).startswith("（") or group.label.zh.startswith("（"):
                label, members = groups.get(group.id, (group.label.zh, set()))
                groups[group.id] = (label, members | set(group.members))
    return _labels(rows), groups


def _group_of(text: str, groups: dict[str, tuple[str, set[str]]]) -> str | None:
    """The numbered group a label cell names, by its numeral "（四）" even when the words
    are cut ("（四）无" / "法提供" across a page break)."""
    printed = numbering(text)
    for group_id, (label, _) in groups.items():
        if normalise(text) == normalise(label) or (printed and printed == numbering(label)):
            return group_id
    return None


def _official(preferred: TableSpec, kind: str, key: str, match: LabelMatch) -> str:
    """The wording the expected template gives ``key``, else the label that matched."""
    specs = preferred.rows if kind == "row" else preferred.columns
    return specs[key].label.zh if key in specs else match.official


def _subtotal_column(rows: list[GridRow], width: int) -> int | None:
    """The position of an extra 法人或其他组织 subtotal column, if the figures carry one.

    Some offices add it after 自然人. It is recognised by arithmetic, not by position: in
    every row with one figure too many, that figure is the sum of the five after it.
    """
    wide = []
    for cells in rows:
        labels, values = _split_row(cells, width + 1)
        if labels and len(values) == width + 1:
            numbers = [read_cell(c.text).value for c in values]
            if all(isinstance(n, int) or n is None for n in numbers):
                wide.append([n or 0 for n in numbers])
    if len(wide) < 3:
        return None
    if all(row[1] == sum(row[2:7]) for row in wide) and any(row[1] for row in wide):
        return 1
    return None


def _rejoin_split_figure(values: list[GridCell], placed: _Placed) -> list[GridCell]:
    """One figure too many: a number broken over two cells ("31" | "19" for 3119)?

    Each adjacent pair is joined in turn; only if exactly one join makes the row's six
    applicant figures add up to its total is it taken, and noted. Otherwise the row is
    left as it is (and reported unplaced).
    """
    texts = [clean_text(c.text) for c in values]
    if not all(t.isdigit() for t in texts):
        return values
    numbers = [int(t) for t in texts]
    fits = []
    for i in range(len(values) - 1):
        joined = numbers[:i] + [int(texts[i] + texts[i + 1])] + numbers[i + 2 :]
        if sum(joined[:-1]) == joined[-1]:
            fits.append(i)
    if len(fits) != 1:
        return values
    i = fits[0]
    figure = str(int(texts[i] + texts[i + 1]))
    placed.notes.append(ExtractionNote("split", f"{texts[i]} | {texts[i + 1]}", figure, values[i].source))
    return values[:i] + [GridCell(figure, values[i].source)] + values[i + 2 :]


def _check_caption(rows: list[GridRow], placed: _Placed, preferred: TableSpec) -> None:
    """The printed 勾稽关系 note, compared word for word with the template's."""
    if not preferred.caption:
        return
    for cell in (c for row in rows for c in row):
        if "稽关系" in cell.text:
            match = best_match(cell.text, [("caption", preferred.caption)])
            if match is not None:
                placed.label(cell, match, preferred.caption)
            return


def _place_table3(rows: list[GridRow], placed: _Placed, preferred: TableSpec) -> None:
    spec = _specs("table3")[0]
    columns = list(spec.columns)
    row_labels, groups = _table3_vocabulary()
    outcomes_label = spec.row_groups["outcomes"].label.zh
    context: str | None = None
    _check_caption(rows, placed, preferred)
    subtotal = _subtotal_column(rows, len(columns))
    if subtotal is not None:
        placed.notes.append(ExtractionNote("unplaced", "法人或其他组织（小计）列", "", rows[0][0].source))
    for cells in rows:
        label_cells, values = _split_row(cells, len(columns) + (subtotal is not None))
        if subtotal is not None and len(values) == len(columns) + 1:
            values = values[:subtotal] + values[subtotal + 1 :]
        label_cells = [c for c in label_cells if normalise(c.text) != normalise(outcomes_label)]
        if subtotal is None and len(values) == len(columns) + 1:
            values = _rejoin_split_figure(values, placed)
        if not label_cells or len(values) != len(columns):
            if any(_has_digit(c.text) for c in values):
                placed.unplaced(cells)
            continue
        own = [c for c in label_cells if _group_of(c.text, groups) is None]
        for c in label_cells:
            group = _group_of(c.text, groups)
            if group is not None:
                context = group
        if not own:
            own, context = label_cells[-1:], None
        elif not numbering(own[-1].text)[:1].isdigit():
            context = None
        printed = own[-1]
        candidates = [(k, v) for k, v in row_labels if k not in placed.rows]
        if context is not None and numbering(printed.text)[:1].isdigit():
            members = groups[context][1]
            # within the group first ("1." rows repeat across groups); the whole table if none fits
            candidates = [(k, v) for k, v in candidates if k in members] or candidates
        # A label broken over cells ("缴纳费用、" | "行政机关不再处理其政") reads better joined.
        joined = GridCell("".join(clean_text(c.text) for c in own), printed.source)
        options = [(cell, m) for cell in (printed, joined) if (m := best_match(cell.text, candidates))]
        if not options and len(candidates) < len(row_labels):
            everywhere = [(k, v) for k, v in row_labels if k not in placed.rows]
            options = [(cell, m) for cell in (printed, joined) if (m := best_match(cell.text, everywhere))]
        if not options:
            placed.unplaced(cells)
            continue
        printed, match = max(options, key=lambda option: option[1].score)
        placed.label(printed, match, _official(preferred, "row", match.key, match))
        for column, grid_cell in zip(columns, values):
            placed.put(match.key, column, grid_cell, None)


# ---------------------------------------------------------------- table 二

def _table2_vocabulary() -> tuple[list[tuple[str, str]], list[tuple[str, str]], set[str]]:
    specs = _specs("table2")
    rows = _labels([(k, r.label.zh) for spec in specs for k, r in spec.rows.items()])
    columns = _labels([(k, c.label.zh) for spec in specs for k, c in spec.columns.items()])
    blocks = {normalise(g.label.zh) for spec in specs for g in spec.row_groups.values()}
    return rows, columns, blocks


def _place_table2(rows: list[GridRow], placed: _Placed, preferred: TableSpec) -> None:
    row_labels, column_labels, blocks = _table2_vocabulary()
    header: list[str | None] | None = None
    for cells in rows:
        filled = _filled(cells)
        if not filled:
            continue
        if any(normalise(c.text) in blocks for c in filled):
            header = None
            filled = [c for c in filled if normalise(c.text) not in blocks]
            if not filled:
                continue
        heading = filled[1:] if loose(filled[0].text) == "信息内容" else filled
        column_matches = [best_match(c.text, column_labels) for c in heading]
        if heading is not filled or (column_matches and all(m and m.score >= 0.8 for m in column_matches)):
            header = [m.key if m else None for m in column_matches]
            for c, m in zip(heading, column_matches):
                if m:
                    placed.label(c, m, _official(preferred, "column", m.key, m))
            continue
        match = best_match(filled[0].text, row_labels)
        if match is None:
            placed.unplaced(cells)
            continue
        placed.label(filled[0], match, _official(preferred, "row", match.key, match))
        start = cells.index(filled[0]) + 1
        expected = len(header) if header is not None else len(preferred.rows[match.key].columns) if match.key in preferred.rows else 0
        values = _fit(cells[start:], expected) if expected else cells[start:]
        order: list[str | None]
        if header is not None and len(header) == len(values):
            order = header
        elif match.key in preferred.rows and len(preferred.rows[match.key].columns) == len(values):
            order = list(preferred.rows[match.key].columns)
        else:
            placed.unplaced(cells)
            continue
        for column, grid_cell in zip(order, values):
            if column is None:
                placed.unplaced([grid_cell])
                continue
            unit = next((s.columns[column].unit for s in _specs("table2") if column in s.columns), None)
            placed.put(match.key, column, grid_cell, unit)


# ---------------------------------------------------------------- table 四

def _place_table4(rows: list[GridRow], placed: _Placed) -> None:
    spec = _specs("table4")[0]
    targets = [(r, c) for r in spec.rows for c in spec.columns]
    values: list[GridCell] = []
    for cells in rows:
        value_cells = [c for c in cells if is_value(c.text)]
        if sum(1 for c in value_cells if clean_text(c.text)) >= len(spec.columns):
            values += value_cells
    if len(values) > len(targets) and not any(clean_text(c.text) for c in values[: len(values) - len(targets)]):
        values = values[len(values) - len(targets):]
    if len(values) != len(targets):
        if values:
            placed.unplaced(values)
        return
    for (row, column), grid_cell in zip(targets, values):
        placed.put(row, column, grid_cell, None)


def place_tables(grids: dict[str, list[GridRow]], year: int) -> tuple[dict[str, Table], list[ExtractionNote]]:
    """Template cells for each table grid found, with the notes on what was uncertain."""
    preferred = template_for_year(year)
    tables: dict[str, Table] = {}
    notes: list[ExtractionNote] = []
    for table, rows in grids.items():
        placed = _Placed()
        if table == "table2":
            _place_table2(rows, placed, preferred.tables["table2"])
        elif table == "table3":
            _place_table3(rows, placed, preferred.tables["table3"])
        else:
            _place_table4(rows, placed)
        tables[table] = Table(placed.rows)
        notes += placed.notes
    return tables, notes

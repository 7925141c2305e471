"""Flattened tables: a web page's text, as a crawler or a select-all gives it.

The cell borders are lost: a row of 表三 reads ``一、本年新收政府信息公开申请数量1000001``
(1|0|0|0|0|0|1) and the prose runs on in the same line. The tables are found by their
labels, in the template's order; each row's figures are the text between its label and
the next; the cells are recovered by ``flat_split`` from the arithmetic the template
demands. A row that splits several ways, or none, is reported with its candidates and
its undecided cells are left out — never guessed. The rest (title, narrative, placing
cells on the template) is the same document assembly every reader uses.

This is the last reader tried: text that any other reader claims is not read here.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from gkaudit.model import Cell, ExtractionNote, Report, Source
from gkaudit.readers.document import DocumentContent, Paragraph, TableBlock, assemble
from gkaudit.readers.flat_split import (
    Relation, Resolution, Slot, Split, Values, resolve, spellings, value,
)
from gkaudit.readers.grid import GridCell, GridRow
from gkaudit.readers.labels import loose
from gkaudit.readers.numbers import read_cell
from gkaudit.templates import TableSpec, Template, load_templates, template_for_year

_BODY_MARK = re.compile(r"^=+\s*正文\s*=+\s*$", re.MULTILINE)
_RUN = re.compile(r"(?:[\s\u3000\xa0]*[+\-−]?[\d.]+(?:万元|元|笔)?)*")
_COUNT_WORD = re.compile(r"笔")  # 采购项目数量 printed "2笔": a count word that ends a cell
_YEAR_TAIL = re.compile(r"20\d{2}$")
_FLAT_ROW = re.compile(r"本年新收政府信息公开申请数量[\s\u3000]*\d|第二十条第[（(]一[）)]项")
_HEADING_START = re.compile(r"([一二三四五六七])\s*、")
_NUMERALS = "一二三四五六七"
_CLOSING = set("”’\"'」』")
_TITLE_LINE = re.compile(r"^标题[:：]\s*(?P<title>\S.*)$", re.MULTILINE)


def looks_like_flattened(text: str) -> bool:
    """A 表三 row label with its figures right after it, or 表二's first block heading."""
    return _FLAT_ROW.search(text) is not None


@dataclass
class _Page:
    """The page text with a loose index: labels are found ignoring spacing and punctuation."""

    text: str
    file: str
    start: int  # where the report begins (after a crawler's header)

    def __post_init__(self) -> None:
        self.compact: list[str] = []
        self.origin: list[int] = []
        for position in range(self.start, len(self.text)):
            for char in loose(self.text[position]):
                self.compact.append(char)
                self.origin.append(position)
        self.joined = "".join(self.compact)
        self.newlines = [i for i, ch in enumerate(self.text) if ch == "\n"]

    def find(self, label: str, start: int, end: int) -> tuple[int, int] | None:
        """(start, end) in the text of the next occurrence of ``label`` within [start, end)."""
        key = loose(label)
        if not key:
            return None
        at = self.joined.find(key, bisect.bisect_left(self.origin, start))
        if at < 0 or self.origin[at] >= end:
            return None
        return self.origin[at], self.origin[at + len(key) - 1] + 1

    def source(self, position: int) -> Source:
        return Source(file=self.file, line=bisect.bisect_left(self.newlines, position) + 1)


@dataclass
class _Row:
    """A table row found in the text: its template id, printed label and run of figures."""

    key: str
    start: int  # of the printed label, its numbering included
    label: str
    group: str  # the group's official label ("（三）不予公开"), "" outside a group
    run: str
    run_start: int
    end: int
    columns: tuple[str, ...]


# ---------------------------------------------------------------- finding rows

def _numbering_pattern(label: str) -> re.Pattern[str]:
    """The printed numbering of an official label ("2." → 2 with any stop), at a text's end."""
    match = re.match(r"^(\d+)[.、．]|^[（(]([一二三四五六七八九十]+)[）)]|^([一二三四五六七八九十]+)、", label)
    if not match:
        return re.compile(r"(?!)")
    if match.group(1):
        return re.compile(rf"{match.group(1)}\s*[.、．]\s*$")
    if match.group(2):
        return re.compile(rf"[（(]\s*{match.group(2)}\s*[）)]\s*$")
    return re.compile(rf"{match.group(3)}\s*[、.．]\s*$")


def _core(label: str) -> list[str]:
    """The words to look for: the label without numbering and parenthetical; for
    行政规范性文件 also the older 规范性文件 it is often printed as."""
    text = re.sub(r"^(?:\d+[.、．]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)", "", label)
    text = re.split(r"[（(]", text, maxsplit=1)[0] or text
    return [text, text[2:]] if text.startswith("行政") and len(text) > 4 else [text]


def _bracket_end(text: str, position: int) -> int:
    """Past a parenthetical that directly follows a label ("部分公开（区分处理的…）")."""
    rest = text[position:]
    stripped = rest.lstrip()
    if stripped[:1] not in ("（", "("):
        return position
    close = re.search(r"[）)]", stripped)
    return position + len(rest) - len(stripped) + close.end() if close else position


def _past_quotes(text: str, position: int) -> int:
    """Past the closing quote of a label that ends in one (危及“三安全一稳定”)."""
    while text[position : position + 1] in _CLOSING:
        position += 1
    return position


def _locate(page: _Page, labels: list[tuple[str, str]], start: int, end: int) -> list[tuple[str, str, int, int, bool]]:
    """(key, official label, label start, label end, numbered as the template numbers it)
    of each label found, in order."""
    found = []
    cursor = start
    for key, label in labels:
        hit = next((h for core in _core(label) if (h := page.find(core, cursor, end))), None)
        if hit is None:
            continue
        numbering = _numbering_pattern(label)
        before = numbering.search(page.text, max(start, hit[0] - 8), hit[0])
        label_start = before.start() if before else hit[0]
        label_end = _bracket_end(page.text, _past_quotes(page.text, hit[1]))
        found.append((key, label, label_start, label_end, before is not None or numbering.pattern == "(?!)"))
        cursor = label_end
    return found


def _run_at(text: str, start: int, stop: int) -> tuple[str, int]:
    """The figures from ``start`` (up to ``stop``), and where they end; a year the prose
    starts with right after them ("行政事业性收费0" + "2025年") is not theirs."""
    match = _RUN.match(text, start, stop)
    raw = match.group(0) if match else ""
    run = raw.rstrip()
    if text[start + len(raw) : start + len(raw) + 1] == "年":
        year = _YEAR_TAIL.search(run)
        if year and year.start() > 0:
            run = run[: year.start()].rstrip()
    return run, start + len(run)


def _rows(page: _Page, spec: TableSpec, start: int, end: int) -> list[_Row]:
    group_of = {m: g.label.zh for g in spec.row_groups.values() if g.label.zh.startswith("（") for m in g.members}
    labels = [(key, row.label.zh) for key, row in spec.rows.items()]
    found = _locate(page, labels, start, end)
    rows = []
    for index, (key, _, label_start, label_end, _) in enumerate(found):
        stop = found[index + 1][2] if index + 1 < len(found) else end
        run, run_end = _run_at(page.text, label_end, stop)
        text = page.text[label_start:label_end]
        rows.append(_Row(key, label_start, " ".join(text.split()), group_of.get(key, ""), run,
                         label_end + len(run) - len(run.lstrip()), run_end, spec.rows[key].columns))
    return rows


# ---------------------------------------------------------------- the template's arithmetic

def _slot(spec: TableSpec, column: str) -> Slot:
    kind = spec.columns[column].kind
    return Slot(signed=kind == "signed", decimal=kind == "amount", max_digits=12 if kind == "amount" else 6)


def _cells(values: Values, row: str, spec: TableSpec, columns: list[str]) -> list[Decimal]:
    printed = spec.rows[row].columns
    return [values[row][printed.index(c)] for c in columns]


def _table3_relations(spec: TableSpec, present: set[str]) -> list[Relation]:
    """T3.ROW_TOTAL per row, T3.TOTAL and T3.IDENTITY per column (rules/arithmetic.yaml)."""
    applicants = list(spec.column_groups["applicants"].members)
    outcomes = [r for r in spec.row_groups["outcomes"].members if r in present]
    relations = [
        Relation(f"T3.ROW_TOTAL[{row}]", frozenset({row}),
                 lambda v, row=row: v[row][-1] == sum(_cells(v, row, spec, applicants)))
        for row in present
    ]
    for position, column in enumerate(spec.columns):
        if "total_outcomes" in present:
            relations.append(Relation(
                f"T3.TOTAL[{column}]", frozenset(outcomes) | {"total_outcomes"},
                lambda v, p=position: v["total_outcomes"][p] == sum(v[r][p] for r in outcomes)))
        identity = {"new_requests", "carried_over", "total_outcomes", "carried_forward"}
        if identity <= present:
            relations.append(Relation(
                f"T3.IDENTITY[{column}]", frozenset(identity),
                lambda v, p=position: v["new_requests"][p] + v["carried_over"][p]
                == v["total_outcomes"][p] + v["carried_forward"][p]))
    return relations


def _table2_relations(spec: TableSpec, present: set[str]) -> list[Relation]:
    """T2.IN_FORCE and T2.PUBLISHED: what is in force (published) includes this year's."""
    pairs = [("in_force", "issued"), ("total_published", "newly_published")]
    return [
        Relation(f"T2[{row}]", frozenset({row}),
                 lambda v, row=row, big=big, small=small: _cells(v, row, spec, [big])[0] >= _cells(v, row, spec, [small])[0])
        for row in present for big, small in pairs
        if big in spec.rows[row].columns and small in spec.rows[row].columns
    ]


def _table4_relations(spec: TableSpec) -> list[Relation]:
    """T4.TOTAL per row and T4.SUIT_AFTER_REVIEW, over the one run of fifteen figures."""
    width = len(spec.columns)
    rows = list(spec.rows)

    def part(v: Values, row: int) -> list[Decimal]:
        return list(v["table4"][row * width : (row + 1) * width])

    relations = [Relation(f"T4.TOTAL[{r}]", frozenset({"table4"}), lambda v, i=i: part(v, i)[-1] == sum(part(v, i)[:-1]))
                 for i, r in enumerate(rows)]
    after, review = rows.index("litigation_after_review"), rows.index("admin_review")
    relations.append(Relation("T4.SUIT_AFTER_REVIEW", frozenset({"table4"}),
                              lambda v: part(v, after)[-1] <= part(v, review)[-1]))
    return relations


def _spell(run: str, slots: list[Slot], prefix_ok: Callable[[Split], bool] | None = None) -> list[Split] | None:
    """The run's spellings; None when there are too many to weigh (the row is then ambiguous)."""
    try:
        found = spellings(_COUNT_WORD.sub(" ", run), slots, prefix_ok)
        if not found and prefix_ok is not None:  # no split keeps the totals: list those that exist
            found = spellings(_COUNT_WORD.sub(" ", run), slots)
        return found
    except OverflowError:
        return None


def _resolve(spelled: dict[str, list[Split] | None], relations: list[Relation]) -> dict[str, Resolution]:
    """``resolve`` over the rows that could be spelled; a row with too many spellings is
    ambiguous without candidates (relations reading it are left out, as for a missing row)."""
    result = resolve({k: c for k, c in spelled.items() if c is not None}, relations)
    result.update({k: Resolution("ambiguous", ()) for k, c in spelled.items() if c is None})
    return result


def _table4_prefix(width: int) -> Callable[[Split], bool]:
    """T4.TOTAL checked as soon as each row's five cells are split."""
    def holds(cells: Split) -> bool:
        if len(cells) % width:
            return True
        row = [value(text) for text in cells[-width:]]
        return row[-1] == sum(row[:-1])
    return holds


# ---------------------------------------------------------------- the three tables

@dataclass
class _Found:
    """One table read from the text: its rows' grid for the assembly, and how each split."""

    table: str
    spec: TableSpec
    span: tuple[int, int]
    block: TableBlock
    rows: list[_Row]
    resolutions: dict[str, Resolution]


def _best_spec(page: _Page, table: str, start: int, end: int) -> TableSpec:
    """The template whose labels the text prints most of (the year's template on a tie);
    a numbered label counts only with its number ("3.其他" is not the 其他 of "（六）其他处理")."""
    def score(template: Template) -> int:
        spec = template.tables[table]
        rows = sum(1 for *_, numbered in _locate(page, [(k, r.label.zh) for k, r in spec.rows.items()], start, end) if numbered)
        return rows + sum(1 for c in spec.columns.values() if page.find(c.label.zh, start, end))

    year = re.search(r"(20\d{2})\s*年", page.text)  # the crawler's title line included
    preferred = template_for_year(int(year.group(1)) if year else 2021)
    ranked = sorted(load_templates().values(), key=lambda t: (score(t), t.id == preferred.id), reverse=True)
    return ranked[0].tables[table]


def _grid_cells(texts: Split, source: Source) -> GridRow:
    return [GridCell(text, source) for text in texts]


def _table3(page: _Page, start: int, end: int) -> _Found | None:
    first = page.find("本年新收政府信息公开申请数量", start, end)
    if first is None:
        return None
    near = max(start, first[0] - 8)  # its numbering "一、" stands just before
    spec = _best_spec(page, "table3", near, end)
    rows = _rows(page, spec, near, end)
    slots = [Slot()] * len(spec.columns)
    resolutions = _resolve({r.key: _spell(r.run, slots) for r in rows}, _table3_relations(spec, {r.key for r in rows}))
    header_at = page.find("申请人情况", max(start, first[0] - 400), first[0])
    caption_at = page.find("本列数据的勾稽关系", max(start, first[0] - 400), first[0])
    begin = min((h[0] for h in (header_at, caption_at) if h), default=rows[0].start)
    begin -= 1 if page.text[begin - 1 : begin] in ("（", "(") else 0
    grid: list[GridRow] = [_grid_cells(tuple(c.label.zh for c in spec.columns.values()), page.source(begin))]
    for row in rows:
        split = resolutions[row.key].split
        if split is not None:
            source = page.source(row.run_start)
            labels = [GridCell(row.group, source)] if row.group else []
            grid.append(labels + [GridCell(row.label, source)] + _grid_cells(split, source))
    return _Found("table3", spec, (begin, rows[-1].end), TableBlock(grid, page.source(begin)), rows, resolutions)


def _table2(page: _Page, start: int, end: int) -> _Found | None:
    heading = page.find("第二十条第（一）项", start, end)
    if heading is None:
        return None
    spec = _best_spec(page, "table2", heading[0], end)
    rows = _rows(page, spec, heading[0], end)
    if not rows:
        return None
    relations = _table2_relations(spec, {r.key for r in rows})
    resolutions = _resolve({r.key: _spell(r.run, [_slot(spec, c) for c in r.columns]) for r in rows}, relations)
    block_of = {m: g for g in spec.row_groups.values() for m in g.members}
    grid: list[GridRow] = []
    shown_block = None
    for row in rows:
        source = page.source(row.run_start)
        block = block_of.get(row.key)
        if block is not None and block.id != shown_block:
            shown_block = block.id
            grid.append([GridCell(block.label.zh, source)])
            grid.append([GridCell("信息内容", source)] + [GridCell(spec.columns[c].label.zh, source) for c in row.columns])
        split = resolutions[row.key].split
        if split is not None:
            grid.append([GridCell(row.label, source)] + _grid_cells(split, source))
    return _Found("table2", spec, (heading[0], rows[-1].end), TableBlock(grid, page.source(heading[0])), rows, resolutions)


def _table4(page: _Page, start: int, end: int) -> _Found | None:
    header = page.find("行政复议行政诉讼结果维持", start, end)
    if header is None:
        return None
    digit = re.compile(r"\d").search(page.text, header[1], end)
    if digit is None:
        return None
    spec = load_templates()["gb2021"].tables["table4"]
    run, run_end = _run_at(page.text, digit.start(), end)
    row = _Row("table4", header[0], "表四", "", run, digit.start(), run_end, tuple(spec.columns) * len(spec.rows))
    slots = [Slot()] * len(row.columns)
    resolutions = _resolve({"table4": _spell(run, slots, _table4_prefix(len(spec.columns)))}, _table4_relations(spec))
    source = page.source(digit.start())
    grid: list[GridRow] = [[GridCell(r.label.zh.split("·")[-1], source) for r in spec.rows.values()]]
    grid.append([GridCell(c.label.zh, source) for c in spec.columns.values()])
    split = resolutions["table4"].split
    if split is not None:
        grid.append(_grid_cells(split, source))
    return _Found("table4", spec, (header[0], run_end), TableBlock(grid, page.source(header[0])), [row], resolutions)


def _tables(page: _Page) -> list[_Found]:
    end = len(page.text)
    first_row = page.find("本年新收政府信息公开申请数量", page.start, end)
    table4 = _table4(page, first_row[1] if first_row else page.start, end)
    table3 = _table3(page, page.start, table4.span[0] if table4 else end)  # 表三 ends where 表四's header begins
    table2_end = table3.span[0] if table3 else table4.span[0] if table4 else end
    table2 = _table2(page, page.start, table2_end)
    return [t for t in (table2, table3, table4) if t is not None]


# ---------------------------------------------------------------- the prose around them

_PRINTED_TITLES = {"五": ("存在的主要问题及改进措施",)}  # wordings real reports print


@cache
def _section_titles(number: str) -> list[str]:
    """The titles section ``number`` has in any template, and as real reports print them."""
    official = [s.label.zh for t in load_templates().values() for s in t.sections if s.number == number]
    return list(dict.fromkeys(loose(title) for title in [*official, *_PRINTED_TITLES.get(number, ())]))


def _heading_length(text: str, start: int, number: str) -> int:
    """How many characters after "二、" at ``start`` are section ``number``'s title (0: none)."""
    titles = _section_titles(number)
    best, length = 0.0, 0
    window = text[start : start + 32]
    for size in range(2, len(window) + 1):
        words = window[:size]
        if words[-1].isspace():
            break
        key = loose(words)
        score = max(SequenceMatcher(None, key, title).ratio() for title in titles)
        if score > best:
            best, length = score, size
    return length if best >= 0.8 else 0


def _headings(page: _Page, prose: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the six section headings, found in order in the prose."""
    found: list[tuple[int, int]] = []
    expected = 0
    for start, end in prose:
        for match in _HEADING_START.finditer(page.text, start, end):
            number = _NUMERALS.index(match.group(1))
            if number < expected or (match.start() > start and page.text[match.start() - 1] in "（("):
                continue  # "（一）" numbers a sub-part; a table's figures may end right before a heading
            length = _heading_length(page.text[:end], match.end(), match.group(1))
            if length:
                found.append((match.start(), match.end() + length))
                expected = number + 1
    return found


def _paragraphs(page: _Page, start: int, end: int, headings: list[tuple[int, int]]) -> list[tuple[int, Paragraph]]:
    cuts = sorted({start, end, *(p for h in headings if start <= h[0] < end for p in h)})
    paragraphs = []
    for left, right in zip(cuts, cuts[1:]):
        for word in re.finditer(r"\S+", page.text[left:right]):
            position = left + word.start()
            paragraphs.append((position, Paragraph(unicodedata.normalize("NFC", word.group(0)), page.source(position))))
    return paragraphs


def _prose(page: _Page, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces, cursor = [], page.start
    for start, end in sorted(spans):
        if start > cursor:
            pieces.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(page.text):
        pieces.append((cursor, len(page.text)))
    return pieces


# ---------------------------------------------------------------- the report

def _shown(resolution: Resolution) -> str:
    candidates = resolution.candidates
    if not candidates and resolution.kind == "ambiguous":
        return "…"  # more splits, or a longer search, than are worth listing
    listed = "；".join("|".join(c) for c in candidates[:8])
    return listed + (f"；… +{len(candidates) - 8}" if len(candidates) > 8 else "") if candidates else "—"


def _unresolved(report: Report, found: _Found, page: _Page) -> None:
    """The cells every candidate of an undecided row agrees on, and a note naming the row."""
    table = report.tables.get(found.table)
    for row in found.rows:
        resolution = found.resolutions[row.key]
        if resolution.kind == "unique":
            continue
        source = page.source(row.run_start)
        kind = "flat_ambiguous" if resolution.kind == "ambiguous" else "flat_unsplit"
        report.notes.append(ExtractionNote(kind, f"{row.label} {' '.join(row.run.split())}", _shown(resolution), source))
        if table is None:
            continue
        for position, text in resolution.agreed().items():
            key, column = _cell_at(found, row, position)
            unit = found.spec.columns[column].unit
            reading = read_cell(text, unit, source)
            table.rows.setdefault(key, {})[column] = Cell(reading.value, source, reading.text)


def _cell_at(found: _Found, row: _Row, position: int) -> tuple[str, str]:
    if found.table != "table4":
        return row.key, row.columns[position]
    width = len(found.spec.columns)
    return list(found.spec.rows)[position // width], row.columns[position]


def read_flattened(path: Path, text: str) -> Report:
    mark = _BODY_MARK.search(text)
    page = _Page(text, path.name, mark.end() if mark else 0)
    found = _tables(page)
    spans = [f.span for f in found]
    prose = _prose(page, spans)
    headings = _headings(page, prose)
    blocks: list[tuple[int, Paragraph | TableBlock]] = [(f.span[0], f.block) for f in found]
    for start, end in prose:
        blocks += _paragraphs(page, start, end, headings)
    title = _TITLE_LINE.search(text, 0, page.start)
    if title is not None:  # a crawler's header names the page; the report's own text may not repeat it
        blocks.append((-1, Paragraph(title.group("title").strip(), page.source(title.start("title")))))
    blocks.sort(key=lambda b: b[0])
    report = assemble(DocumentContent(path.name, [b for _, b in blocks]))
    for table in found:
        _unresolved(report, table, page)
    return report

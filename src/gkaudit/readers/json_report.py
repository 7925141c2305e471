"""The report JSON format (``gkaudit-report/1``): read it into the model, write it back.

Every structural problem is an input error naming the file and the JSON path; cell
*values* are never judged here (a string in a count cell is kept for the rules).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from gkaudit.errors import MAX_DIGITS, InvalidJsonError, NumberLimitError, ReportStructureError, number_fits
from gkaudit.model import Cell, CellValue, ExtractionNote, Metadata, NarrativeSection, Report, Source, Table
from gkaudit.templates import TABLE_IDS, load_templates

FORMAT_ID = "gkaudit-report/1"
_SOURCE_KEYS = {"file": str, "line": int, "paragraph": int, "page": int, "table": int, "row": int, "column": int, "path": str, "sheet": str}


MAX_DEPTH = 64
"""The deepest nesting of lists and objects a report file may have (a report needs 5)."""


class _Oversized:
    """A JSON number beyond ``MAX_DIGITS``, kept as its text until its path is known."""

    def __init__(self, text: str) -> None:
        self.text = text


def _parse_int(text: str) -> int | _Oversized:
    if len(text) <= MAX_DIGITS:  # a JSON integer this short always fits: the common case, decided at once
        return int(text)
    return int(text) if number_fits(text) else _Oversized(text)


def _parse_float(text: str) -> Decimal | _Oversized:
    return Decimal(text) if number_fits(text) else _Oversized(text)


def _parse_constant(text: str) -> object:
    return _Oversized(text)  # NaN, Infinity, -Infinity: not numbers a report can hold


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_SURROGATE = re.compile("[\ud800-\udfff]")


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _check_text(path: Path, text: str) -> None:
    """Refuse, with the line and column, nesting deeper than ``MAX_DEPTH`` and strings that
    escape a lone UTF-16 surrogate (neither can be a report; the second cannot even be written)."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InvalidJsonError(str(path), _line_column(text, match.start()),
                                       f"lists and objects are nested more than {MAX_DEPTH} deep "
                                       "(limit: JSON nesting depth, see docs/limits.md)")
        elif token in "]}":
            depth -= 1
        elif "\\u" in token:
            try:
                decoded = json.loads(token)
            except json.JSONDecodeError:
                continue  # json.loads reports it below, with its own place
            if _SURROGATE.search(decoded):
                raise InvalidJsonError(str(path), _line_column(text, match.start()),
                                       "the string escapes a lone UTF-16 surrogate (\\ud800–\\udfff without its pair)")


class _Context:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, expected: str) -> ReportStructureError:
        return ReportStructureError(self.file, path, expected)

    def expect(self, value: object, kind: type | tuple[type, ...], path: str, what: str) -> None:
        if isinstance(value, _Oversized):
            raise NumberLimitError(self.file, path, value.text)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise self.fail(path, f"expected {what}, found {_describe(value)}")


def _describe(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "an integer", Decimal: "a decimal number", str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _source(node: object, ctx: _Context, path: str) -> Source | None:
    if node is None:
        return None
    ctx.expect(node, dict, path, "an object such as {\"line\": 12}")
    for key, value in node.items():
        if key not in _SOURCE_KEYS:
            raise ctx.fail(f"{path}.{key}", f"unknown source key; expected one of {sorted(_SOURCE_KEYS)}")
        ctx.expect(value, _SOURCE_KEYS[key], f"{path}.{key}", _SOURCE_KEYS[key].__name__)
    return Source(**node)


def _cell_value(value: object, ctx: _Context, path: str) -> CellValue:
    if isinstance(value, _Oversized):
        raise NumberLimitError(ctx.file, path, value.text)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ctx.fail(path, f"expected a number, a string or null, found {_describe(value)}")
    if isinstance(value, Decimal) and value == value.to_integral_value() and "." not in str(value) and "E" not in str(value).upper():
        return int(value)
    return value


def _cell(node: object, ctx: _Context, path: str) -> Cell:
    if isinstance(node, dict):
        unknown = set(node) - {"value", "source", "text"}
        if unknown or "value" not in node:
            raise ctx.fail(path, "a cell object has 'value' and optionally 'source' and 'text'")
        text = node.get("text")
        if text is not None:
            ctx.expect(text, str, f"{path}.text", "a string")
        return Cell(_cell_value(node["value"], ctx, f"{path}.value"), _source(node.get("source"), ctx, f"{path}.source"), text)
    return Cell(_cell_value(node, ctx, path), Source(path=path))


def _known_ids(table: str) -> tuple[set[str], set[str]]:
    rows: set[str] = set()
    columns: set[str] = set()
    for template in load_templates().values():
        rows |= set(template.tables[table].rows)
        columns |= set(template.tables[table].columns)
    return rows, columns


def _table(table_id: str, node: object, ctx: _Context, path: str) -> Table:
    ctx.expect(node, dict, path, "an object with 'rows'")
    unknown = set(node) - {"rows", "layout"}
    if unknown:
        raise ctx.fail(f"{path}.{sorted(unknown)[0]}", "unknown key; a table has 'rows' and optionally 'layout'")
    layout = node.get("layout")
    if layout is not None:
        ctx.expect(layout, str, f"{path}.layout", "a template id")
    rows_node = node.get("rows")
    ctx.expect(rows_node, dict, f"{path}.rows", "an object mapping row ids to rows")
    known_rows, known_columns = _known_ids(table_id)
    rows: dict[str, dict[str, Cell]] = {}
    for row_id, row_node in rows_node.items():
        row_path = f"{path}.rows.{row_id}"
        if row_id not in known_rows:
            raise ctx.fail(row_path, f"unknown row id; {table_id} rows are {sorted(known_rows)}")
        ctx.expect(row_node, dict, row_path, "an object mapping column ids to cells")
        cells: dict[str, Cell] = {}
        for column_id, cell_node in row_node.items():
            if column_id not in known_columns:
                raise ctx.fail(f"{row_path}.{column_id}", f"unknown column id; {table_id} columns are {sorted(known_columns)}")
            cells[column_id] = _cell(cell_node, ctx, f"{row_path}.{column_id}")
        rows[row_id] = cells
    return Table(rows, layout)


def _metadata(node: object, ctx: _Context) -> Metadata:
    ctx.expect(node, dict, "$.metadata", "an object with 'body' and 'year'")
    for key, kind in (("body", str), ("year", int)):
        if key not in node:
            raise ctx.fail(f"$.metadata.{key}", f"required key is missing ({kind.__name__})")
        ctx.expect(node[key], kind, f"$.metadata.{key}", "an integer year" if kind is int else "a string")
    for key in ("region", "template", "title"):
        if node.get(key) is not None:
            ctx.expect(node[key], str, f"$.metadata.{key}", "a string")
    return Metadata(node["body"], node["year"], node.get("region"), node.get("template"), node.get("title"))


def _objects(node: object, ctx: _Context, path: str, what: str) -> Iterator[tuple[str, dict]]:
    """The objects of an optional list, each with its JSON path."""
    if node is None:
        return
    ctx.expect(node, list, path, f"a list of {what}")
    for i, item in enumerate(node):
        item_path = f"{path}[{i}]"
        ctx.expect(item, dict, item_path, f"an object ({what})")
        yield item_path, item


def _narrative(node: object, ctx: _Context) -> list[NarrativeSection]:
    sections = []
    for path, item in _objects(node, ctx, "$.narrative", "sections with 'number', 'heading' and 'text'"):
        for key in ("number", "heading", "text"):
            ctx.expect(item.get(key), str, f"{path}.{key}", "a string")
        paragraph_sources = item.get("paragraph_sources") or []
        ctx.expect(paragraph_sources, list, f"{path}.paragraph_sources", "a list of sources")
        sections.append(NarrativeSection(
            item["number"], item["heading"], item["text"], _source(item.get("source"), ctx, f"{path}.source"),
            tuple(_source(source, ctx, f"{path}.paragraph_sources[{j}]") for j, source in enumerate(paragraph_sources)),
        ))
    return sections


NOTE_KINDS = ("label", "unplaced", "unit", "structure", "metadata", "split", "count_unit", "ambiguous",
              "flat_ambiguous", "flat_unsplit")


def _notes(node: object, ctx: _Context) -> list[ExtractionNote]:
    notes = []
    for path, item in _objects(node, ctx, "$.extraction_notes", "notes with 'kind' and 'printed'"):
        if item.get("kind") not in NOTE_KINDS:
            raise ctx.fail(f"{path}.kind", f"expected one of {list(NOTE_KINDS)}")
        ctx.expect(item.get("printed"), str, f"{path}.printed", "a string")
        ctx.expect(item.get("official", ""), str, f"{path}.official", "a string")
        score = item.get("score")
        if score is not None:
            ctx.expect(score, (int, Decimal), f"{path}.score", "a number")
        notes.append(ExtractionNote(item["kind"], item["printed"], item.get("official", ""),
                                    _source(item.get("source"), ctx, f"{path}.source"),
                                    float(score) if score is not None else None))
    return notes


def parse_report(data: object, file: str) -> Report:
    ctx = _Context(file)
    ctx.expect(data, dict, "$", "a JSON object (a gkaudit report)")
    if data.get("format", FORMAT_ID) != FORMAT_ID:
        raise ctx.fail("$.format", f"unsupported format {data.get('format')!r}; expected {FORMAT_ID!r}")
    tables_node = data.get("tables")
    ctx.expect(tables_node, dict, "$.tables", "an object with table2, table3 and table4")
    unknown = set(tables_node) - set(TABLE_IDS)
    if unknown:
        raise ctx.fail(f"$.tables.{sorted(unknown)[0]}", f"unknown table; expected {list(TABLE_IDS)}")
    tables = {t: _table(t, tables_node[t], ctx, f"$.tables.{t}") for t in TABLE_IDS if t in tables_node}
    source_file = data.get("source_file")
    if source_file is not None:
        ctx.expect(source_file, str, "$.source_file", "a string")
    return Report(file, _metadata(data.get("metadata"), ctx), tables, _narrative(data.get("narrative"), ctx),
                  source_file, _notes(data.get("extraction_notes"), ctx))


def read_json_report(path: Path, text: str) -> Report:
    try:
        _check_text(path, text)
        data = json.loads(text, parse_float=_parse_float, parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise InvalidJsonError(str(path), f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}") from exc
    report = parse_report(data, str(path))
    report.json_text = text
    return report


def report_to_dict(report: Report) -> dict:
    """The report as ``gkaudit-report/1`` JSON data (decimals kept exact)."""
    meta = report.metadata
    metadata = {k: v for k, v in (("body", meta.body), ("region", meta.region), ("year", meta.year),
                                  ("template", meta.template), ("title", meta.title)) if v is not None}
    def source_json(source: Source | None) -> dict | None:
        if source is None or source.path:
            return None
        node = source.as_dict()
        if node.get("file") == report.source_file:
            node.pop("file", None)
        return node

    tables: dict[str, dict] = {}
    for table_id, table in report.tables.items():
        rows = {
            row_id: {column: _cell_json(cell, source_json(cell.source)) for column, cell in cells.items()}
            for row_id, cells in table.rows.items()
        }
        tables[table_id] = {"layout": table.layout, "rows": rows} if table.layout else {"rows": rows}
    data: dict[str, object] = {"format": FORMAT_ID}
    if report.source_file:
        data["source_file"] = report.source_file
    data["metadata"] = metadata
    data["narrative"] = [
        {
            "number": s.number, "heading": s.heading, "text": s.text,
            **({"source": source_json(s.source)} if s.source else {}),
            **({"paragraph_sources": [source_json(p) for p in s.paragraph_sources]} if s.paragraph_sources else {}),
        }
        for s in report.narrative
    ]
    data["tables"] = tables
    if report.notes:
        data["extraction_notes"] = [
            {"kind": n.kind, "printed": n.printed,  # required, kept even when empty
             **{k: v for k, v in (("official", n.official), ("score", n.score), ("source", source_json(n.source)))
                if v not in (None, "")}}
            for n in report.notes
        ]
    return data


def _cell_json(cell: Cell, source: dict | None) -> object:
    if source is None and cell.text is None:
        return cell.value
    node: dict[str, object] = {"value": cell.value}
    if source:
        node["source"] = source
    if cell.text is not None:
        node["text"] = cell.text
    return node


def dumps_report(report: Report) -> str:
    """The report as JSON; a decimal is written with its own digits (0.0000 stays 0.0000, as
    the reader reads it back), not as the nearest float."""
    marker = uuid.uuid4().hex  # no text of the report can hold it

    def exact(o: object) -> object:
        if isinstance(o, Decimal):
            return f"{marker}{o}{marker}"
        raise TypeError(f"{type(o).__name__} is not JSON")

    text = json.dumps(report_to_dict(report), ensure_ascii=False, indent=1, default=exact)
    return re.sub(f'"{marker}([^"]+){marker}"', r"\1", text) + "\n"

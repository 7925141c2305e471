"""The official report templates, loaded from ``rules/templates/*.yaml``.

A template fixes which tables, rows and columns a report has, their official Chinese
labels, and the kind of number each cell holds. Everything else in gkaudit refers to
cells by the stable ASCII ids defined here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from gkaudit.errors import TemplateFileError, UnknownTemplateError
from gkaudit.resources import rules_dir
from gkaudit.yamlio import load_yaml_mapping

CellKind = Literal["count", "signed", "amount"]
CELL_KINDS: tuple[CellKind, ...] = ("count", "signed", "amount")
TABLE_IDS: tuple[str, ...] = ("table2", "table3", "table4")

# A sub-row label such as "5.属于三类内部事务信息" is ambiguous on its own (table 三 has
# several "1." rows); its group's leading numeral "（三）" qualifies it.
_GROUP_NUMERAL = re.compile(r"^（[一二三四五六七八九十]+）")
_GROUP_NUMERAL_EN = re.compile(r"^\(\d+\) ")


@dataclass(frozen=True)
class Label:
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class ColumnSpec:
    id: str
    label: Label
    kind: CellKind
    unit: str | None = None
    group: Label | None = None  # a spanning header such as 法人或其他组织

    @cached_property
    def display(self) -> Label:
        """The label with its spanning header (法人或其他组织·其他 is not 其他处理)."""
        if self.group is None:
            return self.label
        return Label(f"{self.group.zh}·{self.label.zh}", f"{self.group.en}: {self.label.en}")


@dataclass(frozen=True)
class RowSpec:
    id: str
    label: Label
    columns: tuple[str, ...]
    qualifier: Label = Label("", "")

    @cached_property
    def display(self) -> Label:
        """The label with its group numeral, as a reader locates the row in the table."""
        return Label(self.qualifier.zh + self.label.zh, self.qualifier.en + self.label.en)


@dataclass(frozen=True)
class Group:
    id: str
    label: Label
    members: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    id: str
    label: Label
    short: Label
    columns: dict[str, ColumnSpec]
    rows: dict[str, RowSpec]
    row_groups: dict[str, Group] = field(default_factory=dict)
    column_groups: dict[str, Group] = field(default_factory=dict)
    caption: str = ""  # the note the table prints, e.g. 表三's 勾稽关系

    def cells(self) -> list[tuple[str, str]]:
        """Every (row, column) pair the template defines, in reading order."""
        return [(row.id, col) for row in self.rows.values() for col in row.columns]

    @cached_property
    def positions(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(row, column) → its (row index, column index) in the template, for ordering."""
        rows = {r: i for i, r in enumerate(self.rows)}
        columns = {c: j for j, c in enumerate(self.columns)}
        return {(r, c): (rows[r], columns[c]) for r, c in self.cells()}

    def has_cell(self, row: str, column: str) -> bool:
        spec = self.rows.get(row)
        return spec is not None and column in spec.columns


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    label: Label


@dataclass(frozen=True)
class Template:
    id: str
    name: Label
    issued_as: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: dict[str, TableSpec]

    def covers_year(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def cell_ids(self) -> list[tuple[str, str, str]]:
        return [(t.id, r, c) for t in self.tables.values() for r, c in t.cells()]


def _label(node: dict, where: str) -> Label:
    try:
        return Label(zh=str(node["zh"]), en=str(node["en"]))
    except (KeyError, TypeError) as exc:
        raise TemplateFileError(where, "expected a mapping with 'zh' and 'en' labels") from exc


def _group(gid: str, node: dict, key: str, known: dict, where: str) -> Group:
    members = tuple(node.get(key) or ())
    unknown = [m for m in members if m not in known]
    if unknown:
        raise TemplateFileError(where, f"group '{gid}' names unknown {key} {unknown}")
    return Group(gid, _label(node, where), members)


def _table(tid: str, node: dict, where: str) -> TableSpec:
    where = f"{where}: tables.{tid}"
    column_nodes = node.get("columns") or {}
    column_groups = {
        gid: _group(gid, g, "columns", column_nodes, where)
        for gid, g in (node.get("column_groups") or {}).items()
    }
    columns: dict[str, ColumnSpec] = {}
    for cid, spec in column_nodes.items():
        kind = spec.get("kind")
        if kind not in CELL_KINDS:
            raise TemplateFileError(where, f"column '{cid}' has kind {kind!r}; expected one of {CELL_KINDS}")
        group = spec.get("group")
        if group is not None and group not in column_groups:
            raise TemplateFileError(where, f"column '{cid}' names unknown group {group!r}")
        header = column_groups[group].label if group else None
        columns[cid] = ColumnSpec(cid, _label(spec, where), kind, spec.get("unit"), header)
    row_groups = {
        gid: _group(gid, g, "rows", node.get("rows") or {}, where)
        for gid, g in (node.get("row_groups") or {}).items()
    }
    qualifiers: dict[str, Label] = {}
    for group in row_groups.values():
        numeral = _GROUP_NUMERAL.match(group.label.zh)
        numeral_en = _GROUP_NUMERAL_EN.match(group.label.en)
        if numeral:
            for member in group.members:
                qualifiers[member] = Label(numeral.group(0), numeral_en.group(0) if numeral_en else "")
    rows: dict[str, RowSpec] = {}
    for rid, spec in (node.get("rows") or {}).items():
        row_columns = tuple(spec.get("columns") or columns)
        unknown = [c for c in row_columns if c not in columns]
        if unknown:
            raise TemplateFileError(where, f"row '{rid}' names unknown columns {unknown}")
        qualifier = qualifiers.get(rid, Label("", "")) if spec["zh"][:1].isdigit() else Label("", "")
        rows[rid] = RowSpec(rid, _label(spec, where), row_columns, qualifier)
    return TableSpec(tid, _label(node, where), _label(node.get("short"), where), columns, rows, row_groups,
                     column_groups, str(node.get("caption", "")))


def parse_template(data: dict, where: str) -> Template:
    try:
        years = data["years"]
        tables = {tid: _table(tid, node, where) for tid, node in data["tables"].items()}
        sections = tuple(
            Section(s["id"], s["number"], _label(s, where)) for s in data.get("sections") or ()
        )
        template = Template(
            id=str(data["id"]),
            name=_label(data["name"], where),
            issued_as=str(data.get("issued_as", "")),
            first_year=int(years["first"]),
            last_year=int(years["last"]) if "last" in years else None,
            sections=sections,
            tables=tables,
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise TemplateFileError(where, f"malformed template ({exc})") from exc
    missing = [t for t in TABLE_IDS if t not in template.tables]
    if missing:
        raise TemplateFileError(where, f"template lacks tables {missing}")
    return template


@lru_cache(maxsize=32)  # per templates folder: a run has one, the fuzzer's --rules folders many
def load_templates(directory: Path | None = None) -> dict[str, Template]:
    directory = directory or rules_dir() / "templates"
    templates: dict[str, Template] = {}
    for path in sorted(directory.glob("*.yaml")):
        template = parse_template(load_yaml_mapping(path), str(path))
        templates[template.id] = template
    return templates


def get_template(template_id: str) -> Template:
    templates = load_templates()
    try:
        return templates[template_id]
    except KeyError:
        raise UnknownTemplateError(template_id, sorted(templates)) from None


def template_for_year(year: int) -> Template:
    """The template officially in force for a report year (the latest that covers it)."""
    templates = load_templates()
    covering = [t for t in templates.values() if t.covers_year(year)]
    if covering:
        return max(covering, key=lambda t: t.first_year)
    return min(templates.values(), key=lambda t: t.first_year)


@dataclass(frozen=True)
class Layout:
    """Which template lays out each table of one report.

    Normally every table follows one template, but real reports mix them (a 2023 report
    printing table 三 in the 2019 layout), so the layout is chosen table by table.
    """

    tables: tuple[tuple[str, str], ...]

    @cached_property
    def _specs(self) -> dict[str, TableSpec]:
        return {table: get_template(template).tables[table] for table, template in self.tables}

    @classmethod
    def uniform(cls, template_id: str) -> Layout:
        return cls(tuple((table, template_id) for table in TABLE_IDS))

    def template_of(self, table: str) -> str:
        return dict(self.tables)[table]

    def spec(self, table: str) -> TableSpec:
        return self._specs[table]

    def cell_ids(self) -> list[tuple[str, str, str]]:
        return [(table, r, c) for table in TABLE_IDS for r, c in self.spec(table).cells()]

"""Decide which template lays out each table of a report.

A table's declared layout wins; otherwise the template named by the report (or, failing
that, the one in force for its year) is used when the table's cells fit it, and the
template the cells do fit when they do not. Whether the result matches the year is
judged later, as a finding (TEMPLATE.YEAR), never here.
"""

from __future__ import annotations

from gkaudit.errors import ReportStructureError, UnknownTemplateError
from gkaudit.model import Report
from gkaudit.templates import TABLE_IDS, Layout, Template, get_template, load_templates, template_for_year


def expected_template(report: Report) -> Template:
    return template_for_year(report.metadata.year)


def _fits(template: Template, table: str, positions: set[tuple[str, str]]) -> bool:
    spec = template.tables[table]
    return all(spec.has_cell(r, c) for r, c in positions)


def _known(template_id: str, file: str, where: str) -> str:
    try:
        return get_template(template_id).id
    except UnknownTemplateError as exc:
        exc.where = where
        raise exc.in_file(file) from None


def resolve_layout(report: Report) -> Layout:
    default = report.metadata.template
    if default is not None:
        _known(default, report.path, "$.metadata.template")
    preferred = default or expected_template(report).id
    chosen: list[tuple[str, str]] = []
    for table in TABLE_IDS:
        entry = report.tables.get(table)
        if entry is not None and entry.layout is not None:
            chosen.append((table, _known(entry.layout, report.path, f"$.tables.{table}.layout")))
            continue
        positions = entry.positions() if entry else set()
        candidates = [preferred] + sorted(t for t in load_templates() if t != preferred)
        fitting = [t for t in candidates if _fits(get_template(t), table, positions)]
        if not fitting:
            raise ReportStructureError(
                report.path, f"$.tables.{table}",
                "its rows and columns mix templates; declare \"layout\" for the table or remove the cells that do not belong",
            )
        chosen.append((table, fitting[0]))
    return Layout(tuple(chosen))


def deviating_tables(report: Report, layout: Layout) -> list[str]:
    """Tables laid out differently from the template the report year calls for."""
    expected = expected_template(report)
    deviating = []
    for table in TABLE_IDS:
        actual = layout.spec(table)
        wanted = expected.tables[table]
        if layout.template_of(table) != expected.id and actual.cells() != wanted.cells():
            deviating.append(table)
    return deviating

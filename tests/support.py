"""Builders shared by the tests: reports from plain values, and consistent reports."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

from gkaudit.manifest import Body, Manifest
from gkaudit.pipeline import check_batch
from gkaudit.results import ReportResult
from gkaudit.model import Cell, ExtractionNote, Metadata, NarrativeSection, Report, Source, Table
from gkaudit.rules.catalog import Example, RuleSet, load_ruleset
from gkaudit.templates import get_template

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
FIXTURES = ROOT / "tests" / "fixtures"
SEED_TEXT = FIXTURES / "kangqiao-2020.txt"
SEED_JSON = SAMPLES / "kangqiao-2020.json"

CellMap = dict[tuple[str, str, str], object]
_REF = re.compile(r"^\s*(table\d)\s*\[\s*(\w+)\s*,\s*(\w+)\s*\]\s*$")


def parse_ref(text: str) -> tuple[str, str, str]:
    match = _REF.match(text)
    assert match, f"not a cell reference: {text}"
    return match.group(1), match.group(2), match.group(3)


def zero_cells(template_id: str) -> CellMap:
    template = get_template(template_id)
    return {cell: 0 for cell in template.cell_ids()}


def build_report(
    values: CellMap,
    template_id: str = "gb2019",
    year: int | None = None,
    declared: str | None = None,
    notes: list[ExtractionNote] | None = None,
    path: str = "test.json",
) -> Report:
    """A report holding exactly ``values`` (absent keys are missing cells)."""
    tables: dict[str, Table] = {}
    for (table, row, column), value in values.items():
        tables.setdefault(table, Table({})).rows.setdefault(row, {})[column] = Cell(
            value, Source(path=f"$.tables.{table}.rows.{row}.{column}")
        )
    year = year if year is not None else get_template(template_id).first_year
    return Report(path, Metadata("测试机关", year, template=declared), tables, notes=notes or [])


def example_report(example: Example, template_id: str) -> Report:
    layout = example.layout or template_id
    values = zero_cells(layout)
    for ref, value in example.cells:
        values[parse_ref(ref)] = Decimal(str(value)) if isinstance(value, float) else value
    for ref in example.missing:
        values.pop(parse_ref(ref))
    notes = [ExtractionNote(**dict(pairs)) for pairs in example.notes]
    year = example.year if example.year is not None else get_template(layout).first_year
    report = build_report(values, layout, year=year, declared=layout, notes=notes)
    report.narrative = [NarrativeSection(number, heading, text) for number, heading, text in example.narrative]
    return report


def example_previous(example: Example, template_id: str) -> Report | None:
    """The report of the year before that a cross-year example names, if any."""
    if example.previous is None:
        return None
    layout = example.layout or template_id
    values = zero_cells(layout)
    for ref, value in example.previous:
        values[parse_ref(ref)] = value
    year = (example.year if example.year is not None else get_template(layout).first_year) - 1
    return build_report(values, layout, year=year, declared=layout, path="previous.json")


_RULESET: RuleSet | None = None


def ruleset() -> RuleSet:
    global _RULESET
    if _RULESET is None:
        _RULESET = load_ruleset()
    return _RULESET


def example_children(example: Example, template_id: str) -> list[Report]:
    """The reports of the child bodies a roll-up example names, each of the example's year."""
    layout = example.layout or template_id
    year = example.year if example.year is not None else get_template(layout).first_year
    children = []
    for number, cells in enumerate(example.children, start=1):
        values = zero_cells(layout)
        for ref, value in cells:
            values[parse_ref(ref)] = value
        child = build_report(values, layout, year=year, declared=layout, path=f"child{number}.json")
        child.metadata = dataclasses.replace(child.metadata, body=f"下属单位{number}")
        children.append(child)
    return children


def hierarchy(parent: str, children: list[str], own_office: str = "separate") -> Manifest:
    """A manifest of one parent body and its children."""
    bodies = [Body(parent, own_office=own_office)] + [Body(child, parent=parent) for child in children]  # type: ignore[arg-type]
    return Manifest(Path("manifest.yaml"), tuple(bodies))


def audit(report: Report, rules: RuleSet | None = None, previous: Report | None = None,
          children: list[Report] | None = None) -> ReportResult:
    """One report's result; with ``previous`` (its year before), cross-year rules run too;
    with ``children``, the roll-up of the report over them."""
    batch = [report] if previous is None else [previous, report]
    manifest = hierarchy(report.metadata.body, [c.metadata.body for c in children]) if children else None
    return check_batch([*batch, *(children or [])], rules or ruleset(), manifest).reports[len(batch) - 1]


def audit_example(example: Example, template_id: str, rules: RuleSet | None = None) -> ReportResult:
    """A rule example's result, with its year before and its children when it names them."""
    return audit(example_report(example, template_id), rules, previous=example_previous(example, template_id),
                 children=example_children(example, template_id))


def failing(result: ReportResult, rule: str | None = None) -> list:
    return [f for f in result.findings if f.status == "fail" and (rule is None or f.rule == rule)]

"""Property tests of the arithmetic: consistent reports pass; one corrupted cell is named."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gkaudit.rules.linear import compile_system
from gkaudit.templates import Layout, get_template

from .support import CellMap, audit, build_report, failing, ruleset

TEMPLATES = ("gb2019", "gb2021")
small = st.integers(min_value=0, max_value=40)


@st.composite
def consistent_cells(draw, template_id: str) -> CellMap:
    """Every table filled so that each invariant holds by construction."""
    template = get_template(template_id)
    cells: CellMap = {}
    t2 = template.tables["table2"]
    for row_id, row in t2.rows.items():
        for column in row.columns:
            kind = t2.columns[column].kind
            if kind == "signed":
                value = draw(st.integers(min_value=-40, max_value=40))
            elif kind == "amount":
                value = Decimal(draw(st.integers(min_value=0, max_value=10**7))) / 1000
            else:
                value = draw(small)
            cells[("table2", row_id, column)] = value
        # the soft checks: cumulative totals are at least this year's figures
        for low, high in (("newly_published", "total_published"), ("issued", "in_force")):
            if low in row.columns and high in row.columns:
                cells[("table2", row_id, high)] = cells[("table2", row_id, low)] + draw(small)

    t3 = template.tables["table3"]
    outcomes = t3.row_groups["outcomes"].members
    applicants = t3.column_groups["applicants"].members
    for column in applicants:
        for row in outcomes:
            cells[("table3", row, column)] = draw(st.integers(min_value=0, max_value=6))
        decided = sum(cells[("table3", row, column)] for row in outcomes)
        carried_forward = draw(st.integers(min_value=0, max_value=6))
        carried_over = draw(st.integers(min_value=0, max_value=decided + carried_forward))
        cells[("table3", "total_outcomes", column)] = decided
        cells[("table3", "carried_forward", column)] = carried_forward
        cells[("table3", "carried_over", column)] = carried_over
        cells[("table3", "new_requests", column)] = decided + carried_forward - carried_over
    for row in t3.rows:
        cells[("table3", row, "total")] = sum(cells[("table3", row, c)] for c in applicants)

    t4 = template.tables["table4"]
    results = t4.column_groups["results"].members
    for row in t4.rows:
        for column in results:
            cells[("table4", row, column)] = draw(st.integers(min_value=0, max_value=9))
        cells[("table4", row, "total")] = sum(cells[("table4", row, c)] for c in results)
    # a suit after review follows a review: keep the informational check quiet too
    after = cells[("table4", "litigation_after_review", "total")]
    if after > cells[("table4", "admin_review", "total")]:
        cells[("table4", "admin_review", "pending")] += after - cells[("table4", "admin_review", "total")]
        cells[("table4", "admin_review", "total")] = after
    return cells


def equality_cells(template_id: str) -> list[tuple[str, str, str]]:
    """Cells that take part in at least one error-severity equality: a change there must show."""
    system = compile_system(tuple(ruleset().arithmetic()), Layout.uniform(template_id))
    covered = {
        term.cell
        for binding in system.bindings
        if binding.op == "==" and binding.rule.severity == "error"
        for term in binding.lhs.terms + binding.rhs.terms
    }
    return [cell for cell in system.cells if cell in covered]


@st.composite
def report_case(draw):
    template_id = draw(st.sampled_from(TEMPLATES))
    return template_id, draw(consistent_cells(template_id))


@settings(max_examples=60, deadline=None)
@given(report_case())
def test_consistent_reports_have_no_findings(case):
    template_id, cells = case
    result = audit(build_report(cells, template_id))
    assert failing(result) == [], [f.message.en for f in failing(result)]


@settings(max_examples=80, deadline=None)
@given(report_case(), st.data())
def test_one_corrupted_cell_is_caught_and_named(case, data):
    template_id, cells = case
    target = data.draw(st.sampled_from(equality_cells(template_id)), label="cell")
    original = cells[target]
    corrupted = data.draw(st.integers(min_value=0, max_value=99).filter(lambda v: v != original), label="value")
    cells[target] = corrupted
    errors = [f for f in failing(audit(build_report(cells, template_id))) if f.severity == "error"]
    assert errors, f"changing {target} from {original} to {corrupted} went unnoticed"
    assert any(target in {(c.table, c.row, c.column) for c in f.cells} for f in errors)


@settings(max_examples=40, deadline=None)
@given(report_case(), st.data())
def test_text_in_a_cell_is_named_and_blocks_its_rules(case, data):
    template_id, cells = case
    target = data.draw(st.sampled_from(equality_cells(template_id)), label="cell")
    cells[target] = data.draw(st.sampled_from(["—", "无", "五", "／"]), label="text")
    result = audit(build_report(cells, template_id))
    type_errors = failing(result, "CELL.TYPE")
    assert [(c.table, c.row, c.column) for f in type_errors for c in f.cells] == [target]
    blocked = [f for f in result.findings if f.status == "not_assessable"]
    assert blocked and all(target in {(c.table, c.row, c.column) for c in f.cells} for f in blocked)


@settings(max_examples=40, deadline=None)
@given(report_case(), st.data())
def test_a_blanked_nonzero_cell_is_an_error_and_a_blank_warning(case, data):
    template_id, cells = case
    candidates = [c for c in equality_cells(template_id) if cells[c] != 0]
    assume(candidates)
    target = data.draw(st.sampled_from(candidates), label="cell")
    cells[target] = None
    result = audit(build_report(cells, template_id))
    assert any(target in {(c.table, c.row, c.column) for c in f.cells} for f in failing(result) if f.severity == "error")
    assert failing(result, "TABLE.BLANK")

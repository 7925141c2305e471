"""Engine behaviour: the blank policy, unreadable cells, layouts and years."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gkaudit.errors import ReportStructureError, UnknownTemplateError
from gkaudit.layout import resolve_layout

from .support import audit, build_report, failing, zero_cells


def test_blank_parts_count_as_zero_but_are_reported():
    cells = zero_cells("gb2019")
    cells[("table3", "granted", "commercial")] = None
    result = audit(build_report(cells))
    assert [f.rule for f in failing(result)] == ["TABLE.BLANK"]
    (blank,) = failing(result)
    assert [(c.row, c.column) for c in blank.cells] == [("granted", "commercial")]


def test_a_blank_total_next_to_nonzero_parts_is_an_error():
    cells = zero_cells("gb2019")
    cells[("table4", "admin_review", "upheld")] = 2
    cells[("table4", "admin_review", "total")] = None
    (finding,) = failing(audit(build_report(cells)), "T4.TOTAL")
    assert finding.severity == "error"
    assert finding.reported is None and finding.computed == 2
    assert finding.primary.column == "total"


def test_text_operand_makes_the_rule_not_assessable_not_zero():
    cells = zero_cells("gb2019")
    cells[("table4", "admin_review", "upheld")] = "无"
    result = audit(build_report(cells))
    assert [f.rule for f in failing(result)] == ["CELL.TYPE"]
    (blocked,) = [f for f in result.findings if f.status == "not_assessable"]
    assert blocked.rule == "T4.TOTAL"
    assert "“无”" in blocked.message.zh
    assert result.counts()["not_assessable"] == 1


def test_a_missing_row_is_an_error_and_blocks_its_rules_silently():
    cells = zero_cells("gb2019")
    for column in ("upheld", "corrected", "other_result", "pending", "total"):
        del cells[("table4", "admin_review", column)]
    result = audit(build_report(cells))
    (missing,) = failing(result, "TABLE.MISSING")
    assert len(missing.cells) == 5
    assert result.counts()["not_assessable"] == 2  # T4.TOTAL and T4.SUIT_AFTER_REVIEW for that row


@pytest.mark.parametrize(("value", "rule"), [(2.5, "CELL.INTEGER"), (-1, "CELL.RANGE")])
def test_cell_kinds(value, rule):
    cells = zero_cells("gb2019")
    cells[("table2", "licensing", "decisions")] = Decimal(str(value)) if isinstance(value, float) else value
    (finding,) = failing(audit(build_report(cells)), rule)
    assert (finding.cells[0].row, finding.cells[0].column) == ("licensing", "decisions")


def test_signed_change_may_be_negative_and_amounts_decimal():
    cells = zero_cells("gb2019")
    cells[("table2", "licensing", "change")] = -3
    cells[("table2", "procurement", "procurement_amount")] = Decimal("127.047")
    assert failing(audit(build_report(cells))) == []


def test_template_follows_the_year_when_not_declared():
    assert resolve_layout(build_report(zero_cells("gb2021"), "gb2021", year=2023)).template_of("table3") == "gb2021"
    assert resolve_layout(build_report({}, "gb2019", year=2020)).template_of("table3") == "gb2019"


def test_a_table_in_the_old_layout_for_the_year_is_reported():
    # hongze-2023: table 二 in the 2021 columns, table 三 in the 2019 layout
    cells = {k: v for k, v in zero_cells("gb2021").items() if k[0] != "table3"}
    cells.update({k: v for k, v in zero_cells("gb2019").items() if k[0] == "table3"})
    result = audit(build_report(cells, "gb2021", year=2023))
    assert dict(result.layout) == {"table2": "gb2021", "table3": "gb2019", "table4": "gb2021"}
    (finding,) = failing(result, "TEMPLATE.YEAR")
    assert "表三" in finding.message.zh and "2023" in finding.message.zh
    assert not failing(result, "TABLE.MISSING")


def test_declared_template_that_does_not_fit_the_year_is_reported():
    result = audit(build_report(zero_cells("gb2019"), "gb2019", year=2022, declared="gb2019"))
    tables = sorted(f.message.en.split(" follows")[0] for f in failing(result, "TEMPLATE.YEAR"))
    assert tables == ["Table 2 Proactive disclosure", "Table 3 Requests received and handled"]


def test_unknown_template_is_an_input_error():
    with pytest.raises(UnknownTemplateError) as caught:
        resolve_layout(build_report(zero_cells("gb2019"), declared="gb1999"))
    assert "gb1999" in caught.value.message() and "metadata.template" in caught.value.message()


def test_a_table_mixing_both_layouts_is_an_input_error():
    cells = zero_cells("gb2019")
    cells[("table3", "other_other", "total")] = 0
    with pytest.raises(ReportStructureError) as caught:
        resolve_layout(build_report(cells))
    assert "$.tables.table3" in caught.value.message()


def test_a_batch_is_checked_report_by_report():
    from gkaudit.engine import audit_reports

    from .support import ruleset

    good = build_report(zero_cells("gb2019"), path="good.json")
    bad_cells = zero_cells("gb2021")
    bad_cells[("table3", "total_outcomes", "total")] = 4
    bad = build_report(bad_cells, "gb2021", path="bad.json")
    results = audit_reports([good, bad, good], ruleset())
    assert [bool(failing(r)) for r in results] == [False, True, False]

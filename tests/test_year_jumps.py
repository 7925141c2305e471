"""Year-on-year jumps: a figure an order of magnitude off its body's other years, found
once on the year out of line, never for small numbers."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from gkaudit.pipeline import check_batch
from tests.support import build_report, ruleset, zero_cells

YEARS = range(2018, 2025)


def _series(values: list[int], body: str = "康桥街道") -> list:
    reports = []
    for year, value in zip(YEARS, values):
        template = "gb2019" if year < 2021 else "gb2021"
        cells = zero_cells(template)
        cells[("table3", "new_requests", "natural_person")] = value
        cells[("table3", "new_requests", "total")] = value
        report = build_report(cells, template, year=year, declared=template, path=f"{year}.json")
        report.metadata = dataclasses.replace(report.metadata, body=body)
        reports.append(report)
    return reports


def _jumps(values: list[int]) -> list[tuple[int, int, int]]:
    batch = check_batch(_series(values), ruleset())
    return [(result.metadata.year, f.computed, f.reported) for result in batch.reports for f in result.findings
            if f.rule == "XYEAR.JUMP"]


def test_a_figure_typed_ten_times_in_one_of_seven_years_is_one_finding_on_that_year():
    assert _jumps([41, 38, 45, 420, 44, 40, 47]) == [(2021, 45, 420)]


def test_a_lasting_change_is_found_once_where_it_starts():
    assert _jumps([30, 32, 31, 300, 310, 305, 298]) == [(2021, 31, 300)]


def test_a_steady_figure_falling_to_zero_is_a_jump():
    assert _jumps([60, 58, 61, 0, 59, 62, 60]) == [(2021, 61, 0)]


def test_small_figures_and_ordinary_changes_are_left_alone():
    assert _jumps([1, 12, 0, 3, 15, 2, 9]) == []
    assert _jumps([100, 180, 90, 300, 150, 60, 120]) == []


def test_the_finding_says_both_years_and_files():
    batch = check_batch(_series([41, 38, 45, 420, 44, 40, 47]), ruleset())
    [finding] = [f for r in batch.reports for f in r.findings if f.rule == "XYEAR.JUMP"]
    text = finding.message.text("zh")
    assert "为 420" in text and "2020 年度报告（2020.json）为 45" in text and "8 倍" in text
    assert finding.severity == "info"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(20, 100), min_size=2, max_size=7))
def test_figures_within_a_factor_of_five_never_jump(values):
    assert _jumps(values) == []


def test_a_threshold_that_cannot_work_is_refused_when_the_rules_load(tmp_path):
    import pytest

    import gkaudit
    from gkaudit.errors import RuleFileError

    override = tmp_path / "rules.yaml"
    for value, message in (("1", "'params.factor' must be a number, more than 1"), ("lots", "'params.factor' must be a number")):
        override.write_text(f"rules:\n  - id: XYEAR.JUMP\n    params: {{value: 'table3[$row, total]', factor: {value}, at_least: 20}}\n",
                            encoding="utf-8")
        with pytest.raises(RuleFileError, match=message):
            gkaudit.load_rules([override])


def test_a_figure_rising_from_zero_is_not_judged():
    assert _jumps([0, 0, 0, 50, 48, 52, 55]) == []

"""The rule expression language: what it accepts, what it expands to, what it refuses."""

from __future__ import annotations

import pytest

from gkaudit.rules.expr import ExpressionError, parse_assertion, parse_side
from gkaudit.rules.linear import linearise
from gkaudit.templates import Layout

LAYOUT = Layout.uniform("gb2021")


def cells(expression: str) -> list[tuple[int, str, str]]:
    side = linearise(parse_side(expression), LAYOUT, {})
    return [(t.coefficient, t.cell[1], t.cell[2]) for t in side.terms]


def test_a_range_selects_template_order_inclusive():
    assert cells("sum(table4[admin_review, upheld..pending])") == [
        (1, "admin_review", c) for c in ("upheld", "corrected", "other_result", "pending")
    ]


def test_a_group_and_a_star():
    assert [c for _, _, c in cells("sum(table3[granted, legal_persons])")] == [
        "commercial", "research", "public_interest", "legal_services", "other_org"
    ]
    assert len(cells("sum(table4[*, total])")) == 3


def test_signs_parentheses_and_constants():
    side = linearise(parse_side("table3[new_requests, total] - (table3[carried_over, total] - 2)"), LAYOUT, {})
    assert [(t.coefficient, t.cell[1]) for t in side.terms] == [(1, "new_requests"), (-1, "carried_over")]
    assert side.constant == 2


def test_comparisons():
    assert parse_assertion("table3[granted, total] = 1").op == "=="
    assert parse_assertion("table3[granted, total] <= table3[new_requests, total]").op == "<="


@pytest.mark.parametrize(
    ("source", "column"),
    [
        ("table3[granted, total] == 1 1", 29),
        ("table3[granted total] == 1", 16),
        ("__import__('os') == 1", 12),
        ("table3[granted, total] < 1", 24),
    ],
)
def test_refusals_say_where(source, column):
    with pytest.raises(ExpressionError) as caught:
        parse_assertion(source)
    assert f"at column {column}" in str(caught.value)
    assert caught.value.pointer().splitlines()[1].index("^") == column - 1

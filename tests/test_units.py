"""Figures printed with a unit: counts ("2笔") and amounts (元, 万元), in every reader."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkaudit.model import Source
from gkaudit.readers import read_report
from gkaudit.readers.numbers import COUNT_UNITS, read_cell, read_figure

from .support import FIXTURES, SEED_TEXT, audit, failing

CORPUS = FIXTURES / "corpus"
HERE = Source(file="t.txt", line=1)


@pytest.mark.parametrize("unit", COUNT_UNITS)
def test_a_count_with_its_unit_reads_as_the_count(unit):
    reading = read_figure(f"2{unit}", None, HERE)
    assert (reading.value, reading.text, reading.unit) == (2, f"2{unit}", unit)


@pytest.mark.parametrize(
    ("printed", "value", "note"),
    [
        ("3万元", 3, None),  # 万元 is the column's own unit: 3, not 30000
        ("127.047万元", Decimal("127.047"), None),
        ("147230元", Decimal("14.723"), "14.723 万元"),
        ("1,500元", Decimal("0.15"), "0.15 万元"),
        ("2笔", "2笔", None),  # a count's unit on an amount is not an amount
    ],
)
def test_amounts_in_a_wan_yuan_column(printed, value, note):
    reading = read_figure(printed, "万元", HERE)
    assert reading.value == value and type(reading.value) is type(value)
    assert reading.note == note


@pytest.mark.parametrize("printed", ["3万元", "5元"])
def test_an_amount_where_a_count_belongs_stays_text(printed):
    assert read_figure(printed, None, HERE).value == printed


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(COUNT_UNITS), st.booleans())
def test_any_count_with_any_unit_reads_as_the_bare_count(count, unit, separated):
    printed = f"{count:,}" if separated else str(count)
    assert read_figure(f"{printed}{unit}", None, HERE).value == count
    assert read_cell(f"{printed}{unit}").value == count


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
def test_any_amount_in_yuan_is_read_in_wan_yuan(amount):
    yuan = (amount * 10000).quantize(Decimal(1))
    assert read_figure(f"{yuan}元", "万元", HERE).value == yuan / 10000


def _written(tmp_path: Path, original: Path, old: str, new: str) -> Path:
    text = original.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / original.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _count_unit_notes(report) -> list[tuple[str, str, int | None]]:
    return [(n.printed, n.official, n.source.line if n.source else None) for n in report.notes if n.kind == "count_unit"]


def test_a_2020_report_with_2_procurement_projects_written_2bi(tmp_path):
    """The seed's 政府集中采购 row as a real 2020 report prints it: "2笔"."""
    path = _written(tmp_path, SEED_TEXT, "\t10\n\t127.047万元", "\t2笔\n\t127.047万元")
    report = read_report(path)
    cell = report.cell("table2", "procurement", "procurement_items")
    assert (cell.value, cell.text) == (2, "2笔")
    assert report.cell("table2", "procurement", "procurement_amount").value == Decimal("127.047")
    line = cell.source.line
    assert _count_unit_notes(report) == [("2笔", "2", line)]
    result = audit(report)
    assert not failing(result, "CELL.TYPE")
    (finding,) = failing(result, "EXTRACT.COUNT_UNIT")
    assert finding.severity == "info"
    assert finding.message.zh == "“2笔”带有单位，已按数量 2 读取"
    assert finding.message.en == "“2笔” carries a unit; read as the count 2"
    assert finding.location.endswith(f"kangqiao-2020.txt:{line}")


def test_an_amount_in_the_count_column_is_a_type_error(tmp_path):
    path = _written(tmp_path, SEED_TEXT, "\t10\n\t127.047万元", "\t10万元\n\t127.047万元")
    result = audit(read_report(path))
    (finding,) = failing(result, "CELL.TYPE")
    assert [(c.row, c.column, c.value) for c in finding.cells] == [("procurement", "procurement_items", "10万元")]
    assert not failing(result, "EXTRACT.COUNT_UNIT")


def test_html_counts_with_units(tmp_path):
    path = _written(tmp_path, CORPUS / "pingtan-jinjing-2019.html", "<p>3</p></td>", "<p>3笔</p></td>")
    report = read_report(path)
    assert report.cell("table2", "procurement", "procurement_items").value == 3
    assert report.cell("table2", "procurement", "procurement_amount").value == Decimal("14.723")
    assert [n[:2] for n in _count_unit_notes(report)] == [("3笔", "3")]
    assert [(n.printed, n.official) for n in report.notes if n.kind == "unit"] == [("147230元", "14.723 万元")]


def test_markdown_counts_with_units(tmp_path):
    row = "| 一、本年新收政府信息公开申请数量 | 1259 | 36 | 0 | 0 | 0 | 0 | 1295 |"
    path = _written(tmp_path, CORPUS / "shanghai-office-2025.md", row, row.replace("1259", "1259件").replace("1295 |", "1295件 |"))
    report = read_report(path)
    assert report.cell("table3", "new_requests", "natural_person").value == 1259
    assert report.cell("table3", "new_requests", "total").value == 1295
    assert [n[:2] for n in _count_unit_notes(report)] == [("1259件", "1259"), ("1295件", "1295")]
    original = audit(read_report(CORPUS / "shanghai-office-2025.md"))
    again = audit(report)
    assert sorted(f.rule for f in failing(again)) == sorted([f.rule for f in failing(original)] + ["EXTRACT.COUNT_UNIT"] * 2)

"""A report's one-word diagnosis and the batch's order, on the real seed and on copies
of it with one kind of trouble each."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest

import gkaudit
from gkaudit.render.triage import diagnosis_of, failing_rules, rules_across
from gkaudit.results import Finding
from gkaudit.templates import Label

SAMPLES = Path(__file__).resolve().parent.parent / "sample_reports"
CORRECTED = json.loads((SAMPLES / "kangqiao-2020-corrected.json").read_text(encoding="utf-8"))


def _checked(tmp_path: Path, edit) -> gkaudit.results.ReportResult:
    report = copy.deepcopy(CORRECTED)
    edit(report)
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    (result,) = gkaudit.check([path]).reports
    return result


def _set(table: str, row: str, column: str, value):
    def edit(report: dict) -> None:
        report["tables"][table]["rows"][row][column]["value"] = value
    return edit


def _prose(old: str, new: str):
    def edit(report: dict) -> None:
        first = report["narrative"][0]
        assert old in first["text"]
        first["text"] = first["text"].replace(old, new)
    return edit


def test_the_real_reports_are_diagnosed_as_a_reviewer_sorts_them():
    batch = gkaudit.check([SAMPLES])
    by_name = {Path(r.path).name: diagnosis_of(r) for r in batch.reports}
    assert by_name == {"example-gb2021-clean.json": "clean",
                       "kangqiao-2020-corrected.json": "warnings_only",
                       "kangqiao-2020.json": "unique_slip"}


@pytest.mark.parametrize(("edit", "diagnosis"), [
    (_set("table3", "granted", "natural_person", 2), "unique_slip"),
    (_set("table4", "admin_review", "upheld", 2), "ambiguous_slip"),
    (_set("table3", "granted", "total", "无"), "broken_table"),
    (_prose("办理依申请公开5件", "办理依申请公开6件"), "prose_only"),
])
def test_one_kind_of_trouble_gives_its_diagnosis(tmp_path, edit, diagnosis):
    assert diagnosis_of(_checked(tmp_path, edit)) == diagnosis


def test_an_unread_part_outranks_the_arithmetic_it_hides(tmp_path):
    result = _checked(tmp_path, _set("table3", "granted", "natural_person", 2))
    unread = Finding(rule="EXTRACT.STRUCTURE", severity="error", status="fail", title=Label("t", "t"),
                     message=Label("m", "m"), help=None, cells=(), location="report.json")
    assert diagnosis_of(dataclasses.replace(result, findings=result.findings + (unread,))) == "parts_unreadable"


def test_the_worst_report_comes_first_and_rules_are_counted_once_per_report():
    batch = gkaudit.check([SAMPLES])
    ordered = list(batch.worst_first())
    assert [Path(r.path).name for r in ordered][0] == "kangqiao-2020.json"
    assert ordered[-1].counts()["errors"] == ordered[-1].counts()["warnings"] == 0
    across = {rule: n for rule, n, _ in rules_across(ordered)}
    assert across["TABLE.BLANK"] == 2 and across["T3.TOTAL"] == 1
    assert len(failing_rules(ordered[0])) == len(set(failing_rules(ordered[0])))

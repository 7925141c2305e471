"""Whole-line slips of a clerk — a row copied into the next, a run of figures typed one cell
out of place, a total typed one row too low — are one cause each, with every cell's value."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gkaudit.localize import MAX_CHANGES
from gkaudit.templates import get_template

from .support import SAMPLES, CellMap, audit, build_report
from .test_localize import read_report_json
from .test_properties import report_case

def table3_lines(template_id: str) -> list[list[tuple[str, str, str]]]:
    """表三's rows, then its columns, each as its cells in template order."""
    spec = get_template(template_id).tables["table3"]
    rows = [[("table3", r, c) for c in spec.columns] for r in spec.rows]
    return rows + [[("table3", r, c) for r in spec.rows] for c in spec.columns]


def figure(value: object) -> object:
    return value or 0


def restoring(original: CellMap, typed: CellMap) -> dict:
    """The cells the slip changed, each with its value before the slip."""
    return {key: original[key] for key in typed if figure(typed[key]) != figure(original[key])}


def table3_cause(cells: CellMap, template_id: str):
    (cause,) = [c for c in audit(build_report(cells, template_id)).causes if any(r.startswith("T3.") for r, _ in c.rules)]
    return cause


def assert_named_with_values(cause, pattern: str, expected: dict) -> None:
    (named,) = [e for e in cause.explanations if pattern in e.hypotheses]
    assert cause.unique and named.identifiable
    assert {c.key: c.proposed for c in named.changes} == expected


@settings(max_examples=40, deadline=None)
@given(report_case(), st.data())
def test_a_row_copied_into_the_next_is_one_cause_with_its_own_values(case, data):
    template_id, cells = case
    rows = list(get_template(template_id).tables["table3"].rows)
    above = data.draw(st.sampled_from(rows[:-1]), label="row copied")
    below = rows[rows.index(above) + 1]
    typed = dict(cells)
    for column in get_template(template_id).tables["table3"].columns:
        typed[("table3", below, column)] = cells[("table3", above, column)]
    expected = restoring(cells, typed)
    assume(len(expected) > MAX_CHANGES)  # fewer are slips the ordinary search explains
    assume(sum(1 for key in typed if key[:2] == ("table3", below) and typed[key]) >= 2)
    assert_named_with_values(table3_cause(typed, template_id), "row_copied", expected)


def shifted(cells: CellMap, line: list, start: int, end: int, vacated: object) -> CellMap:
    """The figures of line[start:end] typed one cell further along line (right or down, or
    left or up for a reversed line): line[start] is left ``vacated``, line[end]'s figure lost."""
    typed = dict(cells)
    for i in range(start, end):
        typed[line[i + 1]] = cells[line[i]]
    typed[line[start]] = vacated
    return typed


@settings(max_examples=60, deadline=None)
@given(report_case(), st.data())
def test_a_run_typed_one_cell_out_of_place_is_one_cause_with_every_value(case, data):
    template_id, cells = case
    forward = data.draw(st.sampled_from(table3_lines(template_id)), label="line")
    backward = data.draw(st.booleans(), label="typed left or up")
    line = forward[::-1] if backward else forward
    start = data.draw(st.integers(0, len(line) - 2), label="start")
    end = data.draw(st.integers(start + 1, len(line) - 1), label="end")
    typed = shifted(cells, line, start, end, data.draw(st.sampled_from([None, 0]), label="vacated"))
    expected = restoring(cells, typed)
    assume(len(expected) > MAX_CHANGES)
    down_a_column = not backward and forward[0][2] == forward[-1][2]
    total = line[start][2] == "total" or line[start][1] == "total_outcomes"
    pattern = "total_one_row_low" if down_a_column and total else "values_shifted"
    assert_named_with_values(table3_cause(typed, template_id), pattern, expected)


@settings(max_examples=30, deadline=None)
@given(report_case(), st.sampled_from([None, 0]))
def test_the_total_row_typed_one_row_too_low_is_one_cause_with_every_value(case, left_behind):
    template_id, cells = case
    typed = dict(cells)
    for column in get_template(template_id).tables["table3"].columns:
        typed[("table3", "carried_forward", column)] = cells[("table3", "total_outcomes", column)]
        typed[("table3", "total_outcomes", column)] = left_behind
    expected = restoring(cells, typed)
    assume(len(expected) > MAX_CHANGES)
    assert_named_with_values(table3_cause(typed, template_id), "total_one_row_low", expected)


@settings(max_examples=30, deadline=None)
@given(report_case())
def test_a_consistent_table_has_no_cause(case):
    template_id, cells = case
    assert audit(build_report(cells, template_id)).causes == ()


@settings(max_examples=40, deadline=None)
@given(report_case(), st.data())
def test_one_slip_is_still_a_slip_not_a_pattern(case, data):
    template_id, cells = case
    target = data.draw(st.sampled_from([key for key in cells if key[0] == "table3"]), label="cell")
    original = cells[target]
    cells[target] = data.draw(st.integers(0, 99).filter(lambda v: v != original), label="value")
    cause = table3_cause(cells, template_id)
    assert cause.unique and [{(c.key, c.proposed) for c in e.changes} for e in cause.explanations] == [{(target, original)}]
    assert not {"values_shifted", "total_one_row_low"} & set(cause.explanations[0].hypotheses)


def test_a_copied_row_the_rules_cannot_fix_is_named_without_values():
    # two 表三 columns hold text further down, so their outcome totals say nothing: the
    # copied row's own figures there are tied only by its row total, and stay open
    cells = {key: 0 for key in get_template("gb2021").cell_ids()}
    granted, partially = {"natural_person": 4, "commercial": 3}, {"natural_person": 1, "research": 2, "public_interest": 1}
    for column in ("natural_person", "commercial", "research", "public_interest"):
        cells[("table3", "granted", column)], cells[("table3", "partially_granted", column)] = granted.get(column, 0), partially.get(column, 0)
        cells[("table3", "new_requests", column)] = cells[("table3", "total_outcomes", column)] = granted.get(column, 0) + partially.get(column, 0)
    for row in ("new_requests", "granted", "partially_granted", "total_outcomes"):
        cells[("table3", row, "total")] = sum(cells[("table3", row, c)] for c in ("natural_person", "commercial", "research", "public_interest"))
    cells[("table3", "other_other", "legal_services")] = cells[("table3", "other_other", "other_org")] = "—"
    for column in get_template("gb2021").tables["table3"].columns:
        cells[("table3", "denied_state_secret", column)] = cells[("table3", "partially_granted", column)]
    cause = table3_cause(cells, "gb2021")
    (named,) = [e for e in cause.explanations if "row_copied" in e.hypotheses]
    assert not cause.unique and not named.identifiable
    assert {c.key[1] for c in named.changes} == {"denied_state_secret"}
    assert {c.proposed for c in named.changes} == {None}


def consistent_seed() -> dict:
    """The seed with its 表三 as the office meant it: （七）总计 filled in with 3."""
    report = json.loads((SAMPLES / "kangqiao-2020.json").read_text(encoding="utf-8"))
    rows = report["tables"]["table3"]["rows"]
    rows["total_outcomes"]["natural_person"]["value"] = rows["total_outcomes"]["total"]["value"] = 3
    return report


def check_text(report: dict, tmp_path, *args: str) -> str:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "gkaudit", "check", *args, str(path)], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    return done.stdout


def test_the_consistent_seed_has_no_cause():
    assert audit(read_report_json(consistent_seed())).causes == ()


def test_the_seed_with_a_column_typed_one_row_down(tmp_path):
    report = consistent_seed()
    rows = report["tables"]["table3"]["rows"]
    figures = [row["natural_person"]["value"] for row in rows.values()]
    for row, value in zip(rows.values(), [None, *figures[:-1]]):
        row["natural_person"]["value"] = value
    zh, en = check_text(report, tmp_path), check_text(report, tmp_path, "--lang", "en")
    assert "可能原因［一串数字整体错位了一格］：改正以下单元格后" in zh
    assert "表三 · 一、本年新收政府信息公开申请数量 × 自然人 应为 5（当前为 (空)" in zh
    assert "表三 · 四、结转下年度继续办理 × 自然人 应为 2（当前为 3" in zh
    assert "likely cause [a run of figures typed one cell out of place]" in en
    assert "Table 3 · IV. Carried forward to next year × Natural persons should be 2 (now 3" in en
    assert "找不到" not in zh


def test_the_seed_with_its_total_row_typed_one_row_too_low(tmp_path):
    report = consistent_seed()
    rows = report["tables"]["table3"]["rows"]
    for column, cell in rows["total_outcomes"].items():
        rows["carried_forward"][column]["value"], cell["value"] = cell["value"], None
    zh, en = check_text(report, tmp_path), check_text(report, tmp_path, "--lang", "en")
    assert "可能原因［总计填到了下一行］：改正以下单元格后" in zh
    assert "表三 · （七）总计 × 总计 应为 3（当前为 (空)" in zh and "表三 · 四、结转下年度继续办理 × 总计 应为 2（当前为 3" in zh
    assert "likely cause [a total typed one row too low]" in en
    assert "Table 3 · (7) Total × Total should be 3 (now (blank)" in en


def test_the_seed_with_one_total_typed_over_the_cell_below(tmp_path):
    # two cells only, so the ordinary search finds it; the pattern is named all the same
    report = consistent_seed()
    rows = report["tables"]["table3"]["rows"]
    rows["carried_forward"]["total"]["value"], rows["total_outcomes"]["total"]["value"] = 3, None
    zh, en = check_text(report, tmp_path), check_text(report, tmp_path, "--lang", "en")
    assert "可能原因［总计未更新、总计填到了下一行］" in zh
    assert "表三 · （七）总计 × 总计 应为 3（当前为 (空)" in zh and "表三 · 四、结转下年度继续办理 × 总计 应为 2（当前为 3" in zh
    assert "likely cause [a total never updated, a total typed one row too low]" in en


def test_the_seed_with_a_row_copied_into_the_next(tmp_path):
    # the seed's rows hold one figure and its total, so the copy is among equally simple
    # explanations: the rules cannot tell which outcome row counts one request too many
    report = consistent_seed()
    rows = report["tables"]["table3"]["rows"]
    for column, cell in rows["granted"].items():
        rows["partially_granted"][column]["value"] = cell["value"]
    zh, en = check_text(report, tmp_path), check_text(report, tmp_path, "--lang", "en")
    assert "表三 · （二）部分公开（区分处理的，只计这一情形，不计其他情形） × 自然人 应为 0（当前为 1" in zh
    # a lone 1 and its total repeating the row above is no evidence of a copy: not named
    assert "整行照抄" not in zh and "a row copied" not in en
    # two figures besides the total repeated are: 予以公开 made 1 + 2 = 3 (the table kept
    # consistent), then copied into 部分公开
    report = consistent_seed()
    rows = report["tables"]["table3"]["rows"]
    for row in ("new_requests", "granted", "total_outcomes"):
        rows[row]["commercial"]["value"] = (rows[row]["commercial"]["value"] or 0) + 2
        rows[row]["total"]["value"] = (rows[row]["total"]["value"] or 0) + 2
    assert check_text(report, tmp_path).count("错误[T3") == 0
    for column, cell in rows["granted"].items():
        rows["partially_granted"][column]["value"] = cell["value"]
    zh, en = check_text(report, tmp_path), check_text(report, tmp_path, "--lang", "en")
    assert "［整行照抄了上一行］" in zh
    assert "[a row copied from the row above]" in en

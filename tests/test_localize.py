"""Which cell is wrong: minimal explanations, their determinism, and `gkaudit fix`."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gkaudit.fix import fix_report
from gkaudit.readers import read_report

from .support import FIXTURES, SAMPLES, audit, build_report, failing, ruleset, zero_cells
from .test_properties import equality_cells, report_case


def change_sets(cluster) -> list[set]:
    return [{(c.key, c.proposed) for c in e.changes} for e in cluster.explanations]


def test_seed_has_one_root_cause_for_the_broken_total_row():
    result = audit(read_report(SAMPLES / "kangqiao-2020.json"))
    (cluster,) = result.causes
    assert cluster.unique
    assert change_sets(cluster) == [{(("table3", "total_outcomes", "natural_person"), 3), (("table3", "total_outcomes", "total"), 3)}]
    assert set(cluster.keys) == {
        "T3.TOTAL[column=natural_person]", "T3.TOTAL[column=total]",
        "T3.IDENTITY[column=natural_person]", "T3.IDENTITY[column=total]",
    }
    assert cluster.explanations[0].hypotheses == ("total_not_updated",)


def test_over_counted_outcomes_with_a_consistent_identity_are_stated_as_ambiguous():
    # pingtan-gonganju-2021: one application counted as decided (（六）3) and as carried forward
    result = audit(read_report(FIXTURES / "corpus" / "pingtan-gonganju-2021.html"))
    (cluster,) = result.causes
    assert not cluster.unique and len(cluster.explanations) == 3
    rows = sorted({change.key[1] for e in cluster.explanations for change in e.changes})
    assert rows == ["carried_forward", "carried_over", "new_requests"]


def test_outcomes_that_over_count_under_a_consistent_identity_are_ambiguous():
    # three outcome rows add up to 5, but （七）总计 reads 4 and 一 + 二 = （七） + 四 holds with 4:
    # any one of the outcome rows could be the one counted once too often
    cells = zero_cells("gb2021")
    for row, value in (("granted", 2), ("partially_granted", 1), ("unavailable_not_held", 2)):
        cells[("table3", row, "natural_person")] = cells[("table3", row, "total")] = value
    for row, value in (("new_requests", 4), ("total_outcomes", 4)):
        cells[("table3", row, "natural_person")] = cells[("table3", row, "total")] = value
    (cluster,) = audit(build_report(cells, "gb2021")).causes
    assert not cluster.unique
    assert change_sets(cluster) == [
        {(("table3", row, "natural_person"), value - 1), (("table3", row, "total"), value - 1)}
        for row, value in (("granted", 2), ("partially_granted", 1), ("unavailable_not_held", 2))
    ]
    report = build_report(cells, "gb2021")
    fixed, applied, skipped = fix_report(report, audit(report).causes)
    assert applied == [] and [s.reason for s in skipped] == ["ambiguous"]


def test_digit_slips_are_named():
    cells = zero_cells("gb2021")
    for column, value in (("natural_person", 21), ("total", 21)):
        for row in ("new_requests", "granted", "total_outcomes"):
            cells[("table3", row, column)] = value
    cells[("table3", "granted", "natural_person")] = 12  # transposed
    (cluster,) = audit(build_report(cells, "gb2021")).causes
    assert cluster.unique and cluster.explanations[0].hypotheses == ("digits_transposed",)


def test_a_stray_figure_is_traced_to_its_cell():
    # pingtan-ziranziyuan-2020: the 法律服务机构 1 in （四）1 breaks two columns at once
    result = audit(read_report(FIXTURES / "corpus" / "pingtan-ziranziyuan-2020.html"))
    (cluster,) = result.causes
    assert change_sets(cluster) == [{(("table3", "unavailable_not_held", "legal_services"), 0), (("table3", "unavailable_not_held", "total"), 1)}]


@settings(max_examples=60, deadline=None)
@given(report_case(), st.data())
def test_one_corrupted_cell_is_named_with_its_original_value(case, data):
    """In 表三 every cell lies in a row rule and a column rule, so one wrong cell is
    identifiable. In 表四 a cell lies in its row's total alone: any cell of that row
    could be the wrong one, so the true cell is one of the tied explanations."""
    template_id, cells = case
    target = data.draw(st.sampled_from(equality_cells(template_id)), label="cell")
    original = cells[target]
    cells[target] = data.draw(st.integers(0, 99).filter(lambda v: v != original), label="value")
    (cluster,) = audit(build_report(cells, template_id)).causes
    assert {(target, original)} in change_sets(cluster)
    if target[0] == "table3":
        assert cluster.unique and change_sets(cluster) == [{(target, original)}]


@settings(max_examples=40, deadline=None)
@given(report_case(), st.data())
def test_two_corrupted_cells_are_among_the_minimal_explanations(case, data):
    template_id, cells = case
    table3 = [c for c in equality_cells(template_id) if c[0] == "table3"]
    first, second = data.draw(st.lists(st.sampled_from(table3), min_size=2, max_size=2, unique=True), label="cells")
    originals = {first: cells[first], second: cells[second]}
    for cell in (first, second):
        cells[cell] = data.draw(st.integers(0, 99).filter(lambda v, c=cell: v != originals[c]), label=str(cell))
    clusters = audit(build_report(cells, template_id)).causes
    explanations = [s for cluster in clusters for s in change_sets(cluster)]
    assume(all(len(s) == 2 for s in explanations))  # unless two slips happen to look like one
    truth = {(first, originals[first]), (second, originals[second])}
    if len(clusters) == 1:
        assert truth in explanations
    else:  # the two slips are independent: each cluster names one
        assert all(any(s <= truth for s in change_sets(c)) for c in clusters)


def test_same_input_gives_identical_output():
    outputs = [
        subprocess.run([sys.executable, "-m", "gkaudit", "check", "--format", "json",
                        str(FIXTURES / "corpus" / "pingtan-gonganju-2021.html")], capture_output=True, text=True).stdout
        for _ in range(2)
    ]
    assert outputs[0] == outputs[1]
    causes = json.loads(outputs[0])["reports"][0]["causes"]
    assert causes[0]["unique"] is False and len(causes[0]["explanations"]) == 3


def test_fix_applies_only_unique_causes_and_the_result_passes(tmp_path):
    report = read_report(FIXTURES / "corpus" / "hongze-2023.pdf")
    fixed, applied, skipped = fix_report(report, audit(report).causes)
    assert [(a.change.key, a.change.current, a.change.proposed) for a in applied] == [
        (("table4", "admin_review", "total"), 0, 11)
    ]
    assert [s.reason for s in skipped] == ["ambiguous"]
    after = audit(fixed)
    assert not [f for f in failing(after, "T4.TOTAL") if dict(f.scope)["row"] == "admin_review"]
    assert report.cell("table4", "admin_review", "total").value == 0  # the input is untouched


def test_fix_command_on_the_seed(tmp_path):
    target = tmp_path / "x.json"
    source = SAMPLES / "kangqiao-2020.json"
    before = source.read_bytes()
    done = subprocess.run([sys.executable, "-m", "gkaudit", "fix", str(source), "-o", str(target)], capture_output=True, text=True)
    assert done.returncode == 0
    log = [line for line in done.stdout.splitlines() if line.startswith("已修改")]
    assert len(log) == 2 and "（七）总计 × 自然人: (空) → 3" in log[0] and "（七）总计 × 总计: 0 → 3" in log[1]
    assert source.read_bytes() == before
    check = subprocess.run([sys.executable, "-m", "gkaudit", "check", "--select", "T3", "--select", "T4", str(target)], capture_output=True, text=True)
    assert check.returncode == 0
    again = subprocess.run([sys.executable, "-m", "gkaudit", "fix", str(source), "-o", str(target)], capture_output=True, text=True)
    assert again.returncode == 2 and "--force" in again.stderr
    refused = subprocess.run([sys.executable, "-m", "gkaudit", "fix", str(target), "-o", str(target), "--force"], capture_output=True, text=True)
    assert refused.returncode == 2 and "是输入文件" in refused.stderr


def _slipped_seedless_report(value: int):
    """A gb2021 表三 where one natural person was granted and 总计 copies the column, but
    the 予以公开 cell of the 自然人 column reads ``value`` (digits run together)."""
    cells = zero_cells("gb2021")
    for row in ("new_requests", "granted", "total_outcomes"):
        cells[("table3", row, "natural_person")] = cells[("table3", row, "total")] = 1
    cells[("table3", "granted", "natural_person")] = value
    return build_report(cells, "gb2021")


def test_a_huge_figure_run_together_still_gets_its_cause_with_the_right_value():
    # 10¹⁰ is where the fixed float tolerance used to lose the cause
    (cluster,) = audit(_slipped_seedless_report(10_000_000_000)).causes
    assert cluster.unique
    assert change_sets(cluster) == [{(("table3", "granted", "natural_person"), 1)}]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=10**15))
def test_the_cause_is_found_exactly_for_any_size_of_slip(value):
    (cluster,) = audit(_slipped_seedless_report(value)).causes
    assert change_sets(cluster) == [{(("table3", "granted", "natural_person"), 1)}]


def _without_total_column(cells: dict, table: str) -> dict:
    return {key: (None if key[0] == table and key[2] == "total" else value) for key, value in cells.items()}


@settings(max_examples=30, deadline=None)
@given(report_case())
def test_a_total_column_left_blank_is_one_cause_with_every_value(case):
    template_id, cells = case
    blanked = _without_total_column(cells, "table3")
    expected = {key: cells[key] for key in blanked if blanked[key] is None and cells[key] not in (None, 0)}
    assume(len(expected) > 3)  # fewer blank totals are slips the ordinary search explains
    result = audit(build_report(blanked, template_id))
    (cause,) = [c for c in result.causes if any(rule.startswith("T3.") for rule, _ in c.rules)]
    assert cause.unique and cause.explanations[0].hypotheses == ("totals_not_filled",)
    assert {c.key: c.proposed for c in cause.explanations[0].changes} == expected


def read_report_json(report: dict):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.json"
        path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
        return read_report(path)


def test_blank_totals_and_one_slip_besides_are_explained_together():
    report = json.loads((SAMPLES / "kangqiao-2020.json").read_text(encoding="utf-8"))
    rows = report["tables"]["table3"]["rows"]
    for row in rows.values():
        if "total" in row:
            row["total"] = None
    rows["total_outcomes"]["natural_person"] = 4  # typed one too many: the outcomes above add up to 3
    result = audit(read_report_json(report))
    (cause,) = result.causes
    assert cause.unique and cause.explanations[0].hypotheses == ("totals_not_filled",)
    changes = {c.key: c.proposed for c in cause.explanations[0].changes}
    assert changes[("table3", "total_outcomes", "natural_person")] == 3
    assert changes[("table3", "new_requests", "total")] == 5 and changes[("table3", "carried_forward", "total")] == 2


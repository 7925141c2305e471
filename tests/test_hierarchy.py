"""The batch manifest and the roll-up: a parent's report against the sum of its
children's, bodies known by their aliases, files given their body and year."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import gkaudit
from gkaudit.cli import app
from gkaudit.manifest import ManifestError, load_manifest
from gkaudit.pipeline import check_batch
from tests.support import SEED_JSON, build_report, hierarchy, ruleset, zero_cells

NEW = ("table3", "new_requests", "total")
GRANTED = ("table3", "granted", "natural_person")


def _report(body: str, year: int = 2021, path: str | None = None, **cells: int):
    values = zero_cells("gb2021")
    for name, value in cells.items():
        values[{"new": NEW, "granted": GRANTED}[name]] = value
    report = build_report(values, "gb2021", year=year, declared="gb2021", path=path or f"{body}-{year}.json")
    report.metadata = dataclasses.replace(report.metadata, body=body)
    return report


def _roll_up(result, status: str = "fail") -> list:
    return [f for f in result.findings if f.rule.startswith("ROLLUP") and f.status == status]


def test_a_planted_mismatch_is_one_warning_naming_the_cell_and_all_four_values():
    parent = _report("拱墅区人民政府", new=13)
    children = [_report("康桥街道", new=5), _report("米市巷街道", new=3), _report("区财政局", new=4)]
    batch = check_batch([parent, *children], ruleset(), hierarchy("拱墅区人民政府", ["康桥街道", "米市巷街道", "区财政局"]))
    [finding] = _roll_up(batch.reports[0])
    assert finding.rule == "ROLLUP.T3" and finding.severity == "warning"
    assert (finding.reported, finding.computed) == (13, 12)
    text = finding.message.text("zh")
    assert "表三 · 一、本年新收政府信息公开申请数量 × 总计 为 13" in text
    for part in ("康桥街道 5（康桥街道-2021.json）", "米市巷街道 3（米市巷街道-2021.json）", "区财政局 4（区财政局-2021.json）", "之和 12"):
        assert part in text
    assert [c.source for c in finding.cells if c.role == "context"] == [
        f"{body}-2021.json · $.tables.table3.rows.new_requests.total" for body in ("康桥街道", "米市巷街道", "区财政局")]
    assert all(not _roll_up(r) for r in batch.reports[1:])  # the children are not blamed


def test_a_missing_child_makes_the_roll_up_not_assessable_naming_it():
    parent = _report("拱墅区人民政府", new=8)
    batch = check_batch([parent, _report("康桥街道", new=5)], ruleset(), hierarchy("拱墅区人民政府", ["康桥街道", "米市巷街道"]))
    result = batch.reports[0]
    assert not _roll_up(result)
    missing = _roll_up(result, "not_assessable")
    assert {f.rule for f in missing} == {"ROLLUP.T2", "ROLLUP.T3", "ROLLUP.T4"}
    assert all("米市巷街道" in f.message.text("zh") and "康桥街道" not in f.message.text("zh") for f in missing)


def test_a_parent_that_counts_its_own_office_may_exceed_the_sum_but_not_fall_short():
    manifest = hierarchy("区政府", ["甲街道", "乙街道"], own_office="included")
    above = check_batch([_report("区政府", new=9), _report("甲街道", new=3), _report("乙街道", new=4)], ruleset(), manifest)
    assert not _roll_up(above.reports[0])
    below = check_batch([_report("区政府", new=6), _report("甲街道", new=3), _report("乙街道", new=4)], ruleset(), manifest)
    [finding] = _roll_up(below.reports[0])
    assert "应不少于下属 2 个单位之和 7" in finding.message.text("zh")


def test_other_years_of_the_children_are_not_summed():
    batch = check_batch([_report("区政府", new=5), _report("甲街道", new=5), _report("甲街道", year=2020, new=50)],
                        ruleset(), hierarchy("区政府", ["甲街道"]))
    assert not _roll_up(batch.reports[0])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=5), st.integers(-10**6, 10**6))
def test_the_roll_up_fails_exactly_when_the_parent_is_not_the_sum(children_values, difference):
    names = [f"街道{i}" for i in range(len(children_values))]
    children = [_report(name, granted=value) for name, value in zip(names, children_values)]
    parent = _report("区政府", granted=sum(children_values) + difference)
    found = _roll_up(check_batch([parent, *children], ruleset(), hierarchy("区政府", names)).reports[0])
    assert [(f.scope, f.computed) for f in found] == ([] if difference == 0 else
                                                      [((("row", "granted"), ("column", "natural_person")), sum(children_values))])


def test_a_body_written_with_its_city_in_front_is_the_manifests_body(tmp_path):
    manifest_file = tmp_path / "m.yaml"
    manifest_file.write_text("bodies:\n  - name: 区政府\n  - name: 康桥街道\n    parent: 区政府\n", encoding="utf-8")
    manifest = load_manifest(manifest_file)
    parent, child = _report("区政府", new=5), _report("杭州市拱墅区康桥街道", new=4)
    result = check_batch([parent, child], ruleset(), manifest)
    assert result.reports[1].metadata.body == "康桥街道"
    assert [f.computed for f in _roll_up(result.reports[0])] == [4]


def _write(folder: Path, name: str, body: str, year: int, **cells: int) -> Path:
    report = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    report["metadata"].update(body=body, year=year)
    rows = report["tables"]["table3"]["rows"]
    for key, value in cells.items():
        row, column = key.split("__")
        rows[row][column]["value"] = value
    path = folder / name
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_command_line_reads_a_csv_manifest_with_aliases_and_files(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    _write(reports, "district.json", "拱墅区人民政府", 2020, new_requests__natural_person=9, new_requests__total=9)
    _write(reports, "kq.json", "康桥街道", 2020)  # the seed: 5 new requests
    _write(reports, "untitled.json", "", 2020, new_requests__natural_person=3, new_requests__total=3)
    manifest = tmp_path / "district.csv"
    manifest.write_text("\ufeffbody,aliases,parent,own_office,year,file\n"
                        "拱墅区人民政府,拱墅区政府；杭州市拱墅区人民政府,,,,\n"
                        "康桥街道,康桥街道办事处,拱墅区人民政府,,,\n"
                        "米市巷街道,,拱墅区人民政府,,2020,reports/untitled.json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(reports), "--manifest", str(manifest), "--format", "json", "--isolated"])
    document = json.loads(result.stdout)
    by_body = {r["body"]: r for r in document["reports"]}
    assert set(by_body) == {"拱墅区人民政府", "康桥街道", "米市巷街道"}
    district = [f for f in by_body["拱墅区人民政府"]["findings"] if f["rule"] == "ROLLUP.T3"]
    new_total = [f for f in district if f["scope"] == {"row": "new_requests", "column": "total"}]
    assert [(f["reported"], f["computed"]) for f in new_total] == [(9, 8)]
    assert f"米市巷街道 3（{reports / 'untitled.json'}）" in new_total[0]["message"]


@pytest.mark.parametrize("text, where", [
    ("bodies:\n  - name: A\n    parent: B\n", "parent 'B' is not a body"),
    ("bodies:\n  - {name: A, parent: B}\n  - {name: B, parent: A}\n", "loop"),
    ("bodies:\n  - {name: A, own_office: maybe}\n", "bodies[0].own_office"),
    ("bodies:\n  - {name: A, colour: red}\n", "bodies[0].colour"),
    ("bodies:\n  - {name: A, aliases: [B]}\n  - {name: B}\n", "given to A as well"),
    ("bodies:\n  - {name: A, files: {soon: a.pdf}}\n", "expected a year"),
    ("- A\n", "top level"),
])
def test_a_broken_manifest_names_the_place(tmp_path, text, where):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=where.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        load_manifest(path)
    result = CliRunner().invoke(app, ["check", str(SEED_JSON), "--manifest", str(path), "--isolated"])
    assert result.exit_code == 2 and str(path) in result.output


def test_a_csv_manifest_says_which_column_is_wrong(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("name,parent\nA,\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="body is required"):
        load_manifest(path)
    path.write_text("body,year\nA,2020\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="year and file go together"):
        load_manifest(path)


def test_cross_year_rules_pair_a_body_through_its_aliases(tmp_path):
    earlier = _write(tmp_path, "2019.json", "拱墅区康桥街道办事处", 2019, carried_forward__total=4, carried_forward__natural_person=4)
    later = tmp_path / "2020.json"
    shutil.copy(SEED_JSON, later)  # 康桥街道 2020: carries over nothing
    manifest = tmp_path / "m.yaml"
    manifest.write_text("bodies:\n  - name: 康桥街道\n    aliases: [拱墅区康桥街道办事处]\n", encoding="utf-8")
    without = gkaudit.check([earlier, later], ruleset=ruleset())
    assert not [f for f in without.reports[1].findings if f.rule == "XYEAR.CARRIED"]
    with_manifest = gkaudit.check([earlier, later], ruleset=ruleset(), manifest=manifest)
    assert [f.rule for f in with_manifest.reports[1].findings if f.rule == "XYEAR.CARRIED"]


def test_previous_compares_with_last_years_reports_without_reporting_on_them(tmp_path):
    last_year, this_year = tmp_path / "2019", tmp_path / "2020"
    last_year.mkdir()
    this_year.mkdir()
    _write(last_year, "kq-2019.json", "康桥街道", 2019, carried_forward__total=4, carried_forward__natural_person=4)
    shutil.copy(SEED_JSON, this_year / "kq-2020.json")
    result = CliRunner().invoke(app, ["check", str(this_year), "--previous", str(last_year), "--format", "json", "--isolated"])
    document = json.loads(result.stdout)
    assert [r["path"] for r in document["reports"]] == [str(this_year / "kq-2020.json")]
    carried = [f for f in document["reports"][0]["findings"] if f["rule"] == "XYEAR.CARRIED"]
    assert carried and "kq-2019.json" in carried[0]["message"]

"""``check --previous``: last year's batch given as its reports, or as the results file its run
wrote (SQLite or JSON); either way this year's reports are compared with the same figures."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gkaudit.cli import app
from tests.support import SEED_JSON

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _gkaudit(*args: str):
    return CliRunner().invoke(app, [*args, "--isolated"])


def _last_year(folder: Path, body: str = "康桥街道", carried: int = 4) -> Path:
    """The seed as the year before, carrying ``carried`` requests into 2020 (the seed's 2020
    report carries none over: XYEAR.CARRIED)."""
    report = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    report["metadata"].update(body=body, year=2019)
    rows = report["tables"]["table3"]["rows"]
    rows["carried_forward"]["natural_person"]["value"] = rows["carried_forward"]["total"]["value"] = carried
    folder.mkdir()
    (folder / "kq-2019.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return folder


def _results(last_year: Path, kind: str, target: Path) -> Path:
    written = _gkaudit("check", str(last_year), "--format", kind, "-o", str(target))
    assert written.exit_code in (0, 1) and target.is_file(), written.output
    return target


def _year_findings(this_year: Path, *previous: str) -> list[tuple]:
    result = _gkaudit("check", str(this_year), *[w for p in previous for w in ("--previous", p)], "--format", "json")
    assert result.exit_code in (0, 1), result.output
    reports = json.loads(result.stdout)["reports"]
    return [(r["path"], f["rule"], f["message"], [(c["table"], c["row"], c["column"], c["value"], c["source"]) for c in f["cells"]])
            for r in reports for f in r["findings"] if f["rule"].startswith("XYEAR.")]


@pytest.mark.parametrize("kind", ["sqlite", "json"])
def test_last_years_results_file_compares_as_its_reports_do(tmp_path, kind):
    last_year = _last_year(tmp_path / "2019")
    this_year = tmp_path / "2020"
    this_year.mkdir()
    shutil.copy(SEED_JSON, this_year / "kq-2020.json")
    from_reports = _year_findings(this_year, str(last_year))
    assert {rule for _, rule, _, _ in from_reports} == {"XYEAR.CARRIED"}  # 自然人 and 总计
    assert "kq-2019.json" in from_reports[0][2] and 4 in [c[3] for c in from_reports[0][3]]
    results = _results(last_year, kind, tmp_path / f"2019.{'db' if kind == 'sqlite' else 'json'}")
    assert _year_findings(this_year, str(results)) == from_reports


@pytest.mark.parametrize("kind", ["sqlite", "json"])
def test_real_reports_of_two_years_pair_the_same_from_the_results_file(tmp_path, kind):
    last_year, this_year = tmp_path / "2023", tmp_path / "2024"
    last_year.mkdir()
    this_year.mkdir()
    shutil.copy(CORPUS / "hongze-2023.pdf", last_year)
    shutil.copy(CORPUS / "hongze-2024.pdf", this_year)
    results = _results(last_year, kind, tmp_path / "2023.results")
    from_pdf = _gkaudit("check", str(this_year), "--previous", str(last_year), "--format", "json")
    from_results = _gkaudit("check", str(this_year), "--previous", str(results), "--format", "json")
    assert from_pdf.exit_code == from_results.exit_code
    assert json.loads(from_pdf.stdout)["reports"] == json.loads(from_results.stdout)["reports"]


def test_a_results_file_goes_through_the_manifests_aliases(tmp_path):
    last_year = _last_year(tmp_path / "2019", body="拱墅区康桥街道办事处")
    this_year = tmp_path / "2020"
    this_year.mkdir()
    shutil.copy(SEED_JSON, this_year / "kq-2020.json")
    results = _results(last_year, "sqlite", tmp_path / "2019.db")
    assert _year_findings(this_year, str(results)) == []  # another name: not the same body
    manifest = tmp_path / "m.yaml"
    manifest.write_text("bodies:\n  - name: 康桥街道\n    aliases: [拱墅区康桥街道办事处]\n", encoding="utf-8")
    paired = _gkaudit("check", str(this_year), "--previous", str(results), "--manifest", str(manifest), "--format", "json")
    assert [f["rule"] for r in json.loads(paired.stdout)["reports"] for f in r["findings"] if f["rule"].startswith("XYEAR.")] == ["XYEAR.CARRIED"] * 2


def test_a_results_file_that_cannot_serve_is_a_clear_input_error(tmp_path):
    this_year = tmp_path / "2020"
    this_year.mkdir()
    shutil.copy(SEED_JSON, this_year / "kq-2020.json")
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"gkaudit": "0.0.9", "reports": [{"path": "a.json", "body": "康桥街道", "year": 2019}]}), encoding="utf-8")
    other_db = tmp_path / "other.db"
    with sqlite3.connect(other_db) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    for bad, expected in ((old, "year_cells"), (other_db, "gkaudit")):
        result = CliRunner().invoke(app, ["check", str(this_year), "--previous", str(bad), "--isolated"])
        assert result.exit_code == 2 and expected in result.output and str(bad) in result.output, result.output
        assert "Traceback" not in result.output

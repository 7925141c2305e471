"""Reviewers' decisions: recorded by `gkaudit decide`, applied by `check`, reported when
they no longer apply, and kept across re-extraction of the document."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import gkaudit
from gkaudit.cli import app
from gkaudit.decisions import DecisionFileError, apply_decisions, load_decisions
from tests.support import SEED_JSON, SEED_TEXT

runner = CliRunner()
TOTAL_IS_ZERO = "b22b73a3aa70c6c9"  # T3.TOTAL: （七）总计 × 总计 reads 0, its rows add up to 3


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copy(SEED_JSON, tmp_path / "kangqiao-2020.json")
    return tmp_path


def _decide(folder: Path, *args: str) -> None:
    result = runner.invoke(app, ["decide", *args, str(folder / "kangqiao-2020.json")])
    assert result.exit_code == 0, result.output


def _check(folder: Path) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def _set_total(folder: Path, value: int) -> None:
    path = folder / "kangqiao-2020.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    report["tables"]["table3"]["rows"]["total_outcomes"]["total"]["value"] = value
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


def _finding(document: dict, fingerprint: str) -> dict:
    return next(f for f in document["reports"][0]["findings"] if f["fingerprint"] == fingerprint)


def test_the_fingerprint_survives_re_extraction_from_the_original_document():
    from_text = gkaudit.check([SEED_TEXT]).reports[0]
    from_json = gkaudit.check([SEED_JSON]).reports[0]
    assert [from_text.fingerprint(f) for f in from_text.findings] == [from_json.fingerprint(f) for f in from_json.findings]
    assert TOTAL_IS_ZERO in {from_json.fingerprint(f) for f in from_json.findings}


def test_a_dismissal_leaves_the_verdict_but_stays_listed(folder):
    _, before = _check(folder)
    _decide(folder, TOTAL_IS_ZERO[:8], "--dismiss", "--why", "区里核实：总计另有口径", "--author", "李审核")
    code, after = _check(folder)
    assert after["reports"][0]["summary"]["errors"] == before["reports"][0]["summary"]["errors"] - 1
    assert after["reports"][0]["summary"]["dismissed"] == 1
    review = _finding(after, TOTAL_IS_ZERO)["review"]
    assert review["verdict"] == "dismissed" and review["author"] == "李审核" and review["why"] == "区里核实：总计另有口径"
    assert code == 1  # the report's other errors still fail it
    text = runner.invoke(app, ["check", str(folder)]).stdout
    assert "已驳回（李审核，" in text and "1 项已驳回" in text


def test_dismissing_every_error_makes_the_gate_pass(folder):
    batch = gkaudit.check([folder / "kangqiao-2020.json"])
    result = batch.reports[0]
    for finding in result.findings:
        if finding.status == "fail" and finding.severity == "error":
            _decide(folder, result.fingerprint(finding), "--dismiss", "--why", "已核实", "--author", "a")
    assert runner.invoke(app, ["check", str(folder)]).exit_code == 0


def test_a_confirmation_is_marked_and_still_counts(folder):
    _decide(folder, TOTAL_IS_ZERO, "--confirm", "--author", "王")
    code, document = _check(folder)
    assert _finding(document, TOTAL_IS_ZERO)["review"]["verdict"] == "confirmed"
    assert document["reports"][0]["summary"]["dismissed"] == 0 and code == 1


def test_changed_figures_void_the_decision_and_say_so(folder):
    _decide(folder, TOTAL_IS_ZERO, "--dismiss", "--why", "口径不同", "--author", "a")
    _set_total(folder, 7)  # the office edited the cell: still wrong, but not what was dismissed
    _, document = _check(folder)
    assert all(f["review"] is None for f in document["reports"][0]["findings"])
    [problem] = document["decision_problems"]
    assert problem["problem"] == "values_changed" and problem["fingerprint"] == TOTAL_IS_ZERO
    assert "gkaudit.decisions.yaml" in problem["source"]
    assert "数字已改动" in runner.invoke(app, ["check", str(folder)]).stdout


def test_a_finding_that_is_gone_is_reported(folder):
    _decide(folder, TOTAL_IS_ZERO, "--confirm", "--author", "a")
    _set_total(folder, 3)
    _, document = _check(folder)
    assert [p["problem"] for p in document["decision_problems"]] == ["gone"]


def test_an_expired_decision_is_not_applied(folder):
    batch = gkaudit.check([folder / "kangqiao-2020.json"])
    decisions_file = folder / "d.yaml"
    decisions_file.write_text(yaml.safe_dump({"decisions": [{
        "fingerprint": TOTAL_IS_ZERO, "verdict": "dismissed", "why": "x", "author": "a",
        "date": "2025-01-01", "expires": "2025-06-30"}]}), encoding="utf-8")
    applied = apply_decisions(batch, load_decisions(decisions_file), today=datetime.date(2026, 1, 1))
    assert [p.problem for p in applied.decision_problems] == ["expired"]
    assert all(f.review is None for f in applied.reports[0].findings)
    still_valid = apply_decisions(batch, load_decisions(decisions_file), today=datetime.date(2025, 3, 1))
    assert still_valid.decision_problems == () and still_valid.reports[0].counts()["dismissed"] == 1


def test_decisions_about_reports_outside_the_batch_are_left_alone(folder, tmp_path_factory):
    _decide(folder, TOTAL_IS_ZERO, "--confirm", "--author", "a")
    other = tmp_path_factory.mktemp("other")
    shutil.copy(SEED_JSON, other / "r.json")
    report = json.loads((other / "r.json").read_text(encoding="utf-8"))
    report["metadata"]["body"] = "另一个街道"
    (other / "r.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(other), "--format", "json", "--decisions", str(folder / "gkaudit.decisions.yaml")])
    assert json.loads(result.stdout)["decision_problems"] == []


def test_decide_appends_and_keeps_what_was_written(folder):
    path = folder / "gkaudit.decisions.yaml"
    _decide(folder, TOTAL_IS_ZERO, "--confirm", "--author", "a")
    path.write_text("# 区政务公开办\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    _decide(folder, "95c24dd3", "--dismiss", "--why", "空格即 0", "--author", "b", "--expires", "2099-01-01")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 区政务公开办\n")
    entries = load_decisions(path)
    assert [(d.verdict, d.rule, d.body, d.year) for d in entries] == [
        ("confirmed", "T3.TOTAL", "康桥街道", 2020), ("dismissed", "T3.TOTAL", "康桥街道", 2020)]
    assert entries[1].expires == "2099-01-01"


@pytest.mark.parametrize("args, message", [
    (["--dismiss"], "justification"),
    (["--dismiss", "--confirm", "--why", "x"], "exactly one"),
    (["--confirm", "--expires", "next week"], "YYYY-MM-DD"),
    (["--confirm", "--author", "a"], "no finding"),
])
def test_decide_refuses_what_it_cannot_record(folder, args, message):
    fingerprint = "ffffffff" if message == "no finding" else TOTAL_IS_ZERO
    result = runner.invoke(app, ["decide", fingerprint, *args, "--lang", "en", str(folder / "kangqiao-2020.json")])
    assert result.exit_code == 2 and message in result.output
    assert not (folder / "gkaudit.decisions.yaml").exists()


@pytest.mark.parametrize("text, where", [
    ("decisions: [1]\n", "decisions[0]"),
    ("decisions:\n  - {fingerprint: a, verdict: dismissed, author: x, date: 2026-01-01}\n", "decisions[0].why"),
    ("decisions:\n  - {fingerprint: a, verdict: maybe, author: x, date: 2026-01-01}\n", "decisions[0].verdict"),
    ("decisions:\n  - {fingerprint: a, verdict: confirmed, author: x, date: soon}\n", "decisions[0].date"),
    ("decisions:\n  - {fingerprint: a, verdict: confirmed, author: x, date: 2026-01-01, colour: red}\n", "decisions[0].colour"),
    ("decisions: [\n", "line 2"),
    ("- just a list\n", "top level"),
])
def test_a_broken_decisions_file_names_the_place(tmp_path, text, where):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DecisionFileError) as caught:
        load_decisions(path)
    assert where in str(caught.value)
    result = runner.invoke(app, ["check", str(SEED_JSON), "--decisions", str(path)])
    assert result.exit_code == 2 and str(path) in result.output and "Traceback" not in result.output

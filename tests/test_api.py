"""The public Python API: the steps of the command line, for programs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import gkaudit
from gkaudit.errors import NoReportsError, NoRulesError
from gkaudit.rules.selection import UnknownSelectorError

SAMPLES = Path(__file__).resolve().parent.parent / "sample_reports"
SEED_TEXT = Path(__file__).resolve().parent / "fixtures" / "kangqiao-2020.txt"


def test_check_gives_the_batch_result_the_cli_renders():
    batch = gkaudit.check([SAMPLES / "kangqiao-2020.json", str(SAMPLES / "kangqiao-2020.json")])
    (result,) = batch.reports  # the same file named twice is checked once
    assert result.metadata.body == "康桥街道" and result.counts()["errors"] == 4
    assert {f.rule for f in result.findings if f.severity == "error"} >= {"T3.TOTAL", "T3.IDENTITY"}


def test_select_and_ignore_narrow_the_rules_like_the_cli():
    only_prose = gkaudit.check([SAMPLES / "kangqiao-2020.json"], select=["PROSE"])
    assert {f.rule.split(".")[0] for f in only_prose.reports[0].findings} == {"PROSE"}
    with pytest.raises(NoRulesError):
        gkaudit.load_rules(select=["T3"], ignore=["T3"])
    with pytest.raises(UnknownSelectorError):
        gkaudit.load_rules(select=["NO.SUCH"])


def test_a_path_with_no_report_is_an_error_not_a_pass(tmp_path):
    (tmp_path / ".hidden.json").write_text("{}", encoding="utf-8")
    with pytest.raises(NoReportsError, match=str(tmp_path)):
        gkaudit.check([tmp_path])


def test_read_then_check_one_matches_checking_the_file():
    report = gkaudit.read(SEED_TEXT)
    alone = gkaudit.check_one(report)
    via_file = gkaudit.check([SEED_TEXT]).reports[0]
    assert [alone.fingerprint(f) for f in alone.findings] == [via_file.fingerprint(f) for f in via_file.findings]


def test_importing_gkaudit_stays_light():
    code = "import sys, gkaudit; print('pandas' in sys.modules, 'gkaudit.engine' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]

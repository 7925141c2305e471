"""The benchmark's generator and the engine agree: on a small generated batch the CLI
reports exactly the planted errors, and nothing (warning or above) on the clean reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.support import ROOT
from tests.test_cli import run

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import KINDS, generate  # noqa: E402


def test_cli_finds_exactly_the_planted_errors(tmp_path: Path) -> None:
    planted = generate(tmp_path, 24, seed=3, error_rate=0.5)
    assert {entry["rule"] for entry in planted} == set(KINDS)  # every kind is exercised
    result = run("check", str(tmp_path / "reports"), "--format", "json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert len(document["reports"]) == 24
    templates = {report["template"] for report in document["reports"]}
    assert templates == {"gb2019", "gb2021"}
    found = {(Path(report["path"]).name, finding["rule"]) for report in document["reports"]
             for finding in report["findings"] if finding["severity"] in ("error", "warning")}
    assert found == {(entry["file"], entry["rule"]) for entry in planted}
    assert json.loads((tmp_path / "planted.json").read_text(encoding="utf-8")) == planted

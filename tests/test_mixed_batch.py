"""A reviewer's folder as it arrives — real documents, generated reports with planted
errors, a README, an image and a truncated PDF — ends in one state per input and the
exit code a reviewer needs (benchmarks/mixed_batch.py runs the same at full size)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.support import ROOT
from tests.test_cli import run

sys.path.insert(0, str(ROOT / "benchmarks"))

from mixed_batch import build, planted_rank_first  # noqa: E402


def test_a_mixed_folder_is_triaged_not_refused(tmp_path: Path) -> None:
    planted = build(tmp_path, 40, copies=1, seed=5, planted=4)
    assert planted
    result = run("check", str(tmp_path), "--format", "json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert len(document["reports"]) == 40 + 12
    assert {Path(e["path"]).name for e in document["skipped"]} == {"README.md", "scan.png"}
    assert [(Path(e["path"]).name, e["code"]) for e in document["unreadable"]] == [("truncated.pdf", "input.unreadable")]
    assert "truncated.pdf" in result.stderr
    assert planted_rank_first(document, planted)
    found = {(Path(r["path"]).name, f["rule"]) for r in document["reports"] if "/generated/" in r["path"]
             for f in r["findings"] if f["severity"] in ("error", "warning")}
    assert found == {(entry["file"], entry["rule"]) for entry in planted}
    assert run("check", str(tmp_path), "--strict").returncode == 2
    assert run("check", str(tmp_path), "--exclude", "truncated.pdf", "--strict").returncode == 1


def test_the_triage_list_names_every_state(tmp_path: Path) -> None:
    build(tmp_path, 6, copies=1, seed=5, planted=2)
    text = run("check", str(tmp_path)).stdout
    triage = text[text.index("按严重程度排序"):]
    assert "已跳过（不是报告）" in triage and "scan.png: 不是报告" in triage
    assert "无法读取" in triage and "truncated.pdf" in triage
    assert "淮安" in triage or "huaian-2024.pdf" in triage

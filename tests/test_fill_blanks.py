"""TABLE.BLANK lists every blank cell by row, and ``fix --fill-blanks`` writes 0 in each
of them — except a blank total that a correction fills with its sum."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run

SEED_TEXT = Path(__file__).resolve().parent / "fixtures" / "kangqiao-2020.txt"


def test_the_blank_finding_lists_every_blank_row():
    text = run("check", str(SEED_TEXT)).stdout
    blank = text[text.index("[TABLE.BLANK]"):]
    assert "有 133 个空白单元格（分布在 23 行" in blank
    listed = [line for line in blank.splitlines() if line.startswith("      表三 · ")]
    assert len(listed) == 23
    assert "      表三 · 二、上年结转政府信息公开申请数量：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他" in listed


def test_fill_blanks_writes_zero_except_where_a_correction_gives_the_value(tmp_path):
    out = tmp_path / "fixed.json"
    result = run("fix", str(SEED_TEXT), "-o", str(out), "--fill-blanks")
    assert result.returncode == 0, result.stderr
    assert "已将 132 个空白单元格填写为 0" in result.stdout
    table3 = json.loads(out.read_text(encoding="utf-8"))["tables"]["table3"]["rows"]
    assert table3["total_outcomes"]["natural_person"]["value"] == 3  # the blank total: its sum, not 0
    assert table3["carried_over"]["commercial"]["value"] == 0
    assert all(cell["value"] is not None for row in table3.values() for cell in row.values())
    checked = run("check", str(out), "--select", "TABLE", "--format", "json")
    assert checked.returncode == 0 and json.loads(checked.stdout)["reports"][0]["findings"] == []


def test_without_the_option_blanks_stay_blank(tmp_path):
    out = tmp_path / "fixed.json"
    run("fix", str(SEED_TEXT), "-o", str(out))
    table3 = json.loads(out.read_text(encoding="utf-8"))["tables"]["table3"]["rows"]
    assert table3["carried_over"]["commercial"]["value"] is None

"""The command line as a user runs it: exit codes, outputs, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from .support import FIXTURES, SAMPLES, SEED_TEXT


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "gkaudit", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def test_seed_exits_1_and_names_the_cells():
    result = run("check", str(SAMPLES / "kangqiao-2020.json"))
    assert result.returncode == 1
    out = result.stdout
    assert "错误[T3.TOTAL]" in out
    assert "  --> sample_reports/kangqiao-2020.json:1222:6 · 表三 · （七）总计 × 总计\n      原文：kangqiao-2020.txt:337\n" in out
    assert "1 + 1 + 1 = 3 ≠ 0" in out
    assert "1 + 1 + 1 = 3 ≠ (空)" in out
    assert "5 + 0 ≠ 0 + 2" in out
    assert "[(空)]" in out and "\x1b[" not in out
    # the likely cause: a headline, then one 改正 line per cell to change, with its value and source line
    assert ("= 可能原因［总计未更新］：改正以下单元格后，4 条规则全部成立\n"
            "    = 改正：表三 · （七）总计 × 自然人 应为 3（当前为 (空)，sample_reports/kangqiao-2020.json:1186:6，原文 kangqiao-2020.txt:331）\n"
            "    = 改正：表三 · （七）总计 × 总计 应为 3（当前为 0，sample_reports/kangqiao-2020.json:1222:6，原文 kangqiao-2020.txt:337）\n") in out
    assert out.count("同一原因，见上") == 3
    # a finding with no single offending cell stands on its first cell, in the original too
    # the identity of four cells points at the one its cause corrects, with the value, not at 本年新收
    identity = out[out.index("错误[T3.IDENTITY]"):]
    assert identity.startswith("错误[T3.IDENTITY] 表三：本年新收加上年结转应等于办理总计加结转下年度\n"
                               "  --> sample_reports/kangqiao-2020.json:1186:6 · 表三 · （七）总计 × 自然人\n"
                               "      原文：kangqiao-2020.txt:331\n")
    assert "= 同一原因，见上：表三 · （七）总计 × 自然人 应为 3\n" in identity


def test_english_messages():
    result = run("check", "--lang", "en", str(SAMPLES / "kangqiao-2020.json"))
    assert result.returncode == 1
    assert "error[T3.TOTAL] Table 3: total outcomes must equal the sum of the outcomes" in result.stdout
    assert "4 errors, 2 warnings" in result.stdout


def test_corrected_sample_exits_0_and_warnings_can_gate():
    corrected = str(SAMPLES / "kangqiao-2020-corrected.json")
    assert run("check", corrected).returncode == 0
    assert run("check", "--fail-on", "warning", corrected).returncode == 1
    assert run("check", "--fail-on", "warning", "--ignore", "TABLE.BLANK", "--ignore", "PROSE.NUMBERING", corrected).returncode == 0


def test_json_output_carries_the_same_findings_as_the_text():
    text = run("check", str(SAMPLES / "kangqiao-2020.json")).stdout
    result = run("check", "--format", "json", str(SAMPLES / "kangqiao-2020.json"))
    assert result.returncode == 1
    document = json.loads(result.stdout)
    (report,) = document["reports"]
    assert report["template"] == "gb2019"
    flat = "".join(text.split())
    for finding in report["findings"]:
        assert f"[{finding['rule']}]" in text
        assert "".join(finding["message"].split()) in flat
        assert {"rule", "severity", "status", "message", "cells", "reported", "computed"} <= set(finding)
    total = next(f for f in report["findings"] if f["rule"] == "T3.TOTAL" and f["scope"] == {"column": "total"})
    assert (total["reported"], total["computed"], total["arithmetic"]) == (0, 3, "1 + 1 + 1 = 3 ≠ 0")
    primary = next(c for c in total["cells"] if c["role"] == "primary")
    assert primary == {
        "table": "table3", "row": "total_outcomes", "column": "total", "label": "表三 · （七）总计 × 总计",
        "value": 0, "role": "primary", "source": "sample_reports/kangqiao-2020.json:1222:6",
        "origin": "kangqiao-2020.txt:337",
    }
    assert report["summary"]["errors"] == 4


def test_the_word_text_is_checked_directly():
    result = run("check", str(SEED_TEXT))
    assert result.returncode == 1
    assert "--> tests/fixtures/kangqiao-2020.txt:337 · 表三 · （七）总计 × 总计\n" in result.stdout
    assert "原文" not in result.stdout  # the file checked is the original


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"metadata": {"body": "x", "year": 2020}, "tables": {', "line 1, column"),
        ('{"metadata": {"body": "x", "year": "2020"}, "tables": {}}', "$.metadata.year: expected an integer year, found a string"),
        ('{"metadata": {"body": "x", "year": 2020, "template": "gb1999"}, "tables": {}}', "unknown template 'gb1999'"),
        ('{"metadata": {"body": "x", "year": 2020}, "tables": {"table3": {"rows": {"granted": {"total": true}}}}}',
         "$.tables.table3.rows.granted.total: expected a number, a string or null, found a boolean"),
        ('{"metadata": {"body": "x", "year": 2020}, "tables": {"table3": {"rows": {"grantd": {}}}}}', "unknown row id"),
        ("", "the file is empty"),
        ("just some words\n", "not a report: text with no report tables"),
        ("\t一\n" * 30, "not a report: no table"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run("check", str(path), "--lang", "en")
    assert result.returncode == 2
    assert expected in result.stdout + result.stderr
    assert str(path) in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_broken_rules_exit_2(tmp_path):
    result = run("check", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "文件不存在" in result.stderr and not result.stdout
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: X\n    severity: error\n    title: t\n    message: m\n    assert: table3[[\n")
    result = run("check", "--lang", "en", "--rules", str(rules), str(SAMPLES / "kangqiao-2020.json"))
    assert result.returncode == 2 and "'assert' is malformed" in result.stderr and "Traceback" not in result.stderr


def test_a_batch_with_one_bad_file_reports_the_rest_worst_first(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    files = [str(SAMPLES / "kangqiao-2020-corrected.json"), str(bad), str(SAMPLES / "kangqiao-2020.json")]
    result = run("check", *files)
    assert result.returncode == 1 and "bad.json" in result.stderr
    assert run("check", "--strict", *files).returncode == 2
    triage = result.stdout[result.stdout.index("按严重程度排序"):]
    assert triage.index("kangqiao-2020.json") < triage.index("kangqiao-2020-corrected.json")


def test_light_commands_do_not_import_pandas():
    probe = (
        "import sys, runpy; sys.argv = ['gkaudit'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('gkaudit', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('HEAVY' if {'pandas', 'pandera'} & set(sys.modules) else 'LIGHT', file=sys.stderr)\n"
    )
    for args in (["--help"], ["rules"], ["schema"], ["rules", "explain", "T3.TOTAL"]):
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
        assert result.stderr.strip().endswith("LIGHT"), (args, result.stderr)


def test_rules_list_and_explain():
    listing = run("rules")
    assert listing.returncode == 0 and "T3.IDENTITY" in listing.stdout
    page = run("rules", "--lang", "en", "explain", "T4.TOTAL")
    assert page.returncode == 0 and "passing example" in page.stdout and "failing example" in page.stdout
    assert run("rules", "explain", "NO.SUCH").returncode == 2


def test_schema_accepts_every_sample_and_rejects_a_bad_one():
    schema = json.loads(run("schema").stdout)
    for sample in sorted(SAMPLES.glob("*.json")):
        jsonschema.validate(json.loads(sample.read_text(encoding="utf-8")), schema)
    extracted = json.loads(run("extract", str(FIXTURES / "corpus" / "hongze-2023.pdf")).stdout)
    assert extracted["extraction_notes"]
    jsonschema.validate(extracted, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"metadata": {"body": "x", "year": 2020}, "tables": {"table3": {"rows": {"grantd": {}}}}}, schema)


def test_extract_round_trips_and_never_overwrites(tmp_path):
    target = tmp_path / "out.json"
    assert run("extract", str(SEED_TEXT), "-o", str(target)).returncode == 0
    extracted = json.loads(target.read_text(encoding="utf-8"))
    shipped = json.loads((SAMPLES / "kangqiao-2020.json").read_text(encoding="utf-8"))
    assert extracted["tables"] == shipped["tables"]
    assert extracted["narrative"] == shipped["narrative"]
    again = run("extract", str(SEED_TEXT), "-o", str(target))
    assert again.returncode == 2 and "--force" in again.stderr
    assert run("extract", str(SEED_TEXT), "-o", str(target), "--force").returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_folder_stands_for_every_report_in_it(tmp_path):
    for name in ("kangqiao-2020.json", "kangqiao-2020-corrected.json"):
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    result = run("check", "--format", "json", str(tmp_path))
    assert result.returncode == 1
    assert sorted(Path(r["path"]).name for r in json.loads(result.stdout)["reports"]) == [
        "kangqiao-2020-corrected.json", "kangqiao-2020.json"
    ]

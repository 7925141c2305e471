"""The limits of docs/limits.md: each input beyond one ends with exit 2 and a message naming the
limit, and files that are not regular files are refused without being read."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
import yaml

from gkaudit.errors import FileUnreadableError, InputLimitError, RuleFileError
from gkaudit.inputs import MAX_CELL_CHARS, MAX_CELLS, MAX_INPUT_BYTES, MAX_NARRATIVE_CHARS, check_report_limits
from gkaudit.model import Cell, Table
from gkaudit.readers import read_report
from gkaudit.rules.catalog import MAX_RULES_PER_FILE, load_ruleset
from gkaudit.yamlio import MAX_YAML_VALUES, expanded_size, load_yaml_mapping

from .support import ROOT, SEED_JSON
from .test_fuzz_cases import refused, run

LIMITS_DOC = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")


def _sample() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def _write(tmp_path: Path, report: dict) -> Path:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_it_is_read(device):
    with pytest.raises(FileUnreadableError, match="is a character device, not a file"):
        read_report(Path(device))


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "r.txt"
    os.mkfifo(fifo)
    with pytest.raises(FileUnreadableError, match=r"is a FIFO \(named pipe\), not a file"):
        read_report(fifo)


def test_the_cli_refuses_dev_zero_with_exit_2():
    assert "/dev/zero: is a character device" in refused(run("check", "/dev/zero"))


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: takes no disk space
        stream.truncate(MAX_INPUT_BYTES + 1)
    with pytest.raises(FileUnreadableError, match=r"limit: input file size"):
        read_report(path)


def test_an_input_name_over_255_bytes_is_refused_clearly(tmp_path):
    out = refused(run("check", str(tmp_path / ("a" * 300 + ".json"))))
    assert "cannot be read (File name too long)" in out


def test_a_folder_given_as_rules_is_refused_clearly(tmp_path):
    """The long fuzz run's one crash: a directory opens read-only on Linux and fdopen refused it."""
    out = refused(run("check", str(SEED_JSON), "--rules", str(tmp_path)))
    assert "is a directory" in out and str(tmp_path) in out


def test_a_name_holding_a_nul_is_an_unreadable_input_through_the_api(tmp_path):
    """No command line can carry a NUL, but a program calling the API can pass one."""
    import gkaudit

    batch = gkaudit.check([tmp_path / "a\0b.json"])
    (error,) = batch.unreadable
    assert isinstance(error, FileUnreadableError) and "NUL" in error.message() and not batch.reports
    with pytest.raises(FileUnreadableError, match="NUL"):
        read_report(tmp_path / "a\0b.json")


def test_a_text_cell_over_the_limit_is_refused_at_its_json_path(tmp_path):
    report = _sample()
    report["tables"]["table3"]["rows"]["granted"]["natural_person"] = {"value": "x" * (MAX_CELL_CHARS + 1)}
    with pytest.raises(InputLimitError, match=r"a cell of 1,001 characters; .*limit: text per cell") as caught:
        read_report(_write(tmp_path, report))
    assert "granted" in caught.value.where


def test_a_narrative_over_the_limit_is_refused(tmp_path):
    report = _sample()
    report["narrative"][0]["text"] = "情况。" * (MAX_NARRATIVE_CHARS // 3 + 1)
    with pytest.raises(InputLimitError, match=r"limit: narrative length") as caught:
        read_report(_write(tmp_path, report))
    assert caught.value.where == "narrative"


def test_a_report_over_the_cell_count_is_refused(tmp_path):
    report = read_report(SEED_JSON)
    report.tables["extra"] = Table({f"r{i}": {"c": Cell(i)} for i in range(MAX_CELLS)})
    with pytest.raises(InputLimitError, match=r"limit: cell count"):
        check_report_limits(report, "r.json")


def test_a_real_report_is_within_every_limit():
    report = read_report(SEED_JSON)
    check_report_limits(report, str(SEED_JSON))
    assert report.tables


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\nrules: []\n"


def test_a_yaml_alias_bomb_is_refused_naming_the_limit(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(_bomb(9), encoding="utf-8")
    with pytest.raises(InputLimitError, match=r"expand it to [\d,]+ values; .*limit: YAML aliases"):
        load_yaml_mapping(path)


def test_aliases_within_the_limit_are_read(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(_bomb(3), encoding="utf-8")
    assert load_yaml_mapping(path)["a2"][0][0] == ["x"] * 9


def test_expanded_size_counts_every_use_of_an_alias():
    shared = [1, 2]
    assert expanded_size({"a": shared, "b": [shared, shared]}) == 1 + 2 + 3 + 7
    assert expanded_size([[[]] * 3] * 4) == 1 + 4 * (1 + 3)
    looped: list = [1]
    looped.append(looped)
    assert expanded_size(looped) is None
    assert expanded_size("text") == 1


def test_the_shipped_files_are_far_within_the_yaml_limits():
    files = sorted((ROOT / "rules").rglob("*.yaml"))
    assert files and all(expanded_size(yaml.safe_load(f.read_text(encoding="utf-8"))) < MAX_YAML_VALUES // 10 for f in files)


def test_a_rule_file_over_the_rule_count_is_refused(tmp_path):
    rules = [{"id": f"FUZZ.R{i}", "severity": "warning"} for i in range(MAX_RULES_PER_FILE + 1)]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    with pytest.raises(InputLimitError, match=r"501 rules; gkaudit reads at most 500 rules \(limit: rules per file"):
        load_ruleset([path])


def test_an_undecodable_rule_file_is_refused_at_its_line_and_column(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_bytes("rules:\n  - id: 规则".encode("utf-8") + b"\xff\n")
    with pytest.raises(RuleFileError) as caught:
        load_yaml_mapping(path)
    assert caught.value.where == "line 2, column 11"
    assert "not UTF-8 text" in caught.value.expected


def test_a_rule_file_that_is_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "rules.yaml"
    os.mkfifo(fifo)
    with pytest.raises(RuleFileError, match="is a FIFO"):
        load_yaml_mapping(fifo)


@pytest.mark.parametrize("name", ["input file size", "cell count", "text per cell", "narrative length",
                                  "digits per number", "JSON nesting depth", "YAML aliases", "rules per file"])
def test_every_limit_is_documented(name):
    assert f"**{name}**" in LIMITS_DOC

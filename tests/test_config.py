"""Configuration found as ruff finds its own: the nearest gkaudit.toml or pyproject.toml
with [tool.gkaudit], validated, relative paths from the file, the command line winning."""

from __future__ import annotations

from pathlib import Path

import pytest

import gkaudit
from gkaudit.config import ConfigError, discover, find_config, load_config

SEED = Path(__file__).resolve().parent.parent / "sample_reports" / "kangqiao-2020.json"


def test_the_nearest_file_is_found_upward_and_a_pyproject_without_our_table_is_passed_over(tmp_path):
    inner = tmp_path / "district" / "office"
    inner.mkdir(parents=True)
    (tmp_path / "gkaudit.toml").write_text('lang = "en"\n', encoding="utf-8")
    (tmp_path / "district" / "pyproject.toml").write_text('[tool.black]\nline-length = 80\n', encoding="utf-8")
    assert discover(inner) == (tmp_path / "gkaudit.toml").resolve()
    (tmp_path / "district" / "pyproject.toml").write_text('[tool.gkaudit]\nlang = "zh"\n', encoding="utf-8")
    assert discover(inner) == (tmp_path / "district" / "pyproject.toml").resolve()
    assert find_config(inner).lang == "zh"
    assert find_config(inner, explicit=tmp_path / "gkaudit.toml").lang == "en"
    assert find_config(inner, isolated=True).lang is None


def test_settings_are_read_with_their_types_and_paths_from_the_file(tmp_path):
    (tmp_path / "gkaudit.toml").write_text(
        'select = "T3,T4"\nignore = ["PROSE.NUMBERING"]\nseverity = { "TABLE.BLANK" = "error" }\n'
        'rules = ["extra.yaml"]\nexclude = ["*.png"]\nfail-on = "warning"\nstrict = true\njobs = 2\n', encoding="utf-8")
    config = load_config(tmp_path / "gkaudit.toml")
    assert config.select == ("T3,T4",) and config.ignore == ("PROSE.NUMBERING",)
    assert config.severity == (("TABLE.BLANK", "error"),) and config.rules == (tmp_path / "extra.yaml",)
    assert (config.exclude, config.fail_on, config.strict, config.jobs) == (("*.png",), "warning", True, 2)
    assert config.as_toml_lines()[2] == 'severity = { "TABLE.BLANK" = "error" }'


@pytest.mark.parametrize(("text", "message"), [
    ('selct = ["T3"]\n', "unknown setting 'selct'; did you mean 'select'?"),
    ('fail-on = "fatal"\n', "fail-on: expected one of error, warning, info, got 'fatal'"),
    ('jobs = 0\n', "jobs: expected a whole number of at least 1"),
    ('strict = "yes"\n', "strict: expected true or false"),
    ('severity = { "T3.TOTAL" = "loud" }\n', "severity.T3.TOTAL: expected one of error, warning, info"),
    ('select = [1]\n', "select: expected a string or a list of strings"),
    ('lang = "en\n', "is not valid TOML"),
])
def test_a_bad_setting_is_an_error_naming_the_file_and_the_key(tmp_path, text, message):
    path = tmp_path / "gkaudit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.message().startswith(str(path)) and message in caught.value.message()


def test_a_regraded_rule_changes_the_verdict():
    as_given = gkaudit.check([SEED.with_name("kangqiao-2020-corrected.json")])
    assert as_given.reports[0].counts()["errors"] == 0
    regraded = gkaudit.check([SEED.with_name("kangqiao-2020-corrected.json")], severity=[("table.blank", "error")])
    assert [f.rule for f in regraded.reports[0].findings if f.severity == "error"] == ["TABLE.BLANK"]

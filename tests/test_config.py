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


def _cli(*args: str, stdin: str | None = None):
    from typer.testing import CliRunner

    from gkaudit.cli import app

    return CliRunner().invoke(app, list(args), input=stdin)


def test_check_takes_its_settings_from_the_file_found_and_the_command_line_wins(tmp_path, monkeypatch):
    (tmp_path / "gkaudit.toml").write_text('lang = "en"\nignore = ["PROSE"]\nfail-on = "warning"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_file = _cli("check", str(SEED), "-q")
    assert "4 errors, 1 warnings" in from_file.stdout and from_file.exit_code == 1  # PROSE ignored, in English
    overridden = _cli("check", str(SEED), "-q", "--lang", "zh", "--ignore", "TABLE")
    assert "4 个错误，1 个警告" in overridden.stdout  # --ignore replaces the file's list: PROSE back, TABLE.BLANK out
    isolated = _cli("check", str(SEED), "-q", "--isolated")
    assert "4 个错误，2 个警告" in isolated.stdout


def test_the_config_command_shows_the_file_and_its_settings(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.gkaudit]\nselect = ["T3"]\nstrict = true\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = _cli("config").stdout.splitlines()
    assert shown == [f"# {(tmp_path / 'pyproject.toml').resolve()}", 'select = ["T3"]', "strict = true"]
    other = tmp_path / "other.toml"
    other.write_text('lang = "en"\n', encoding="utf-8")
    assert _cli("config", "--config", str(other)).stdout.splitlines()[1:] == ['lang = "en"']
    assert "no configuration file" in _cli("config", "--isolated").stdout


def test_a_broken_configuration_stops_check_with_the_file_and_key(tmp_path, monkeypatch):
    (tmp_path / "gkaudit.toml").write_text('lnag = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _cli("check", str(SEED))
    assert result.exit_code == 2 and "gkaudit.toml: lnag: 未知的设置 'lnag'；是否想写 'lang'？" in result.output


def test_the_decisions_file_can_be_named_in_the_configuration(tmp_path, monkeypatch):
    (tmp_path / "gkaudit.toml").write_text('decisions = "reviews/d.yaml"\n', encoding="utf-8")
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "d.yaml").write_text("decisions: [1]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _cli("check", str(SEED))
    assert result.exit_code == 2 and "reviews/d.yaml" in result.output and "decisions[0]" in result.output


def test_standard_input_is_checked_and_named_as_given():
    text = (Path(__file__).resolve().parent / "fixtures" / "kangqiao-2020.txt").read_text(encoding="utf-8")
    result = _cli("check", "-", "--isolated", stdin=text)
    assert result.exit_code == 1 and "-: 4 个错误" in result.stdout
    named = _cli("check", "-", "--isolated", "--stdin-filename", "kq.txt", stdin=text)
    assert "--> kq.txt:331" in named.stdout


def test_quiet_prints_only_the_summary_and_statistics_count_each_rule():
    quiet = _cli("check", str(SEED), "-q", "--isolated").stdout
    assert quiet.strip().splitlines() == [f"{SEED}: 4 个错误，2 个警告，0 个提示，0 项无法判定"]
    stats = _cli("check", str(SEED), "-q", "--isolated", "--statistics", "--lang", "en").stdout
    rows = {line.split()[1]: int(line.split()[0]) for line in stats.splitlines() if line.strip()[:1].isdigit()}
    assert rows == {"T3.TOTAL": 2, "T3.IDENTITY": 2, "PROSE.NUMBERING": 1, "TABLE.BLANK": 1}


def test_fail_on_takes_the_lowest_severity_that_fails_the_gate(tmp_path):
    (tmp_path / "infos.toml").write_text('severity = { "PROSE.NUMBERING" = "info" }\n', encoding="utf-8")
    codes = [_cli("check", str(SEED), "-q", "--config", str(tmp_path / "infos.toml"), "--select", "PROSE.NUMBERING",
                  "--fail-on", level).exit_code for level in ("error", "warning", "info")]
    assert codes == [0, 0, 1]

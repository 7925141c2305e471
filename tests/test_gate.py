"""The gate's verdict must be right: reading nothing, checking nothing, or leaving errors
in a "fixed" report must never look like a pass (exit 0)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkaudit.errors import GkauditError
from gkaudit.rules.selection import UnknownSelectorError, resolve_selectors

from .support import FIXTURES, SAMPLES

SEED = str(SAMPLES / "kangqiao-2020.json")
HONGZE = str(FIXTURES / "corpus" / "hongze-2023.pdf")
IDS = ["T3.TOTAL", "T3.IDENTITY", "T4.TOTAL", "PROSE.NEW", "TABLE.BLANK"]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "gkaudit", *args], capture_output=True, text=True, env=env, timeout=120)


# 1. reading nothing is an input error


@pytest.mark.parametrize("lang, words", [("zh", "未找到报告："), ("en", "no reports found in ")])
def test_empty_folder_is_exit_2_naming_it(tmp_path: Path, lang: str, words: str):
    result = run("check", "--lang", lang, str(tmp_path))
    assert result.returncode == 2
    assert f"{words}{tmp_path}" in result.stderr
    assert result.stdout == ""


def test_folder_of_hidden_files_is_exit_2(tmp_path: Path):
    (tmp_path / ".DS_Store").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\n")  # not hidden itself, but under a hidden folder
    result = run("check", str(tmp_path))
    assert result.returncode == 2
    assert f"未找到报告：{tmp_path}" in result.stderr


def test_an_empty_folder_among_good_files_is_still_exit_2(tmp_path: Path):
    result = run("check", SEED, str(tmp_path))
    assert result.returncode == 2
    assert str(tmp_path) in result.stderr


def test_a_path_that_matches_nothing_is_exit_2(tmp_path: Path):
    missing = tmp_path / "*.pdf"
    result = run("check", "--format", "json", str(missing))
    assert result.returncode == 2 and not result.stdout  # nothing half-written on stdout
    assert f"{missing}: 文件不存在" in result.stderr  # Chinese by default


def test_a_folder_skips_hidden_folders_but_reads_reports(tmp_path: Path):
    from gkaudit.pipeline import expand

    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    report = tmp_path / "a.json"
    report.write_text(Path(SEED).read_text(encoding="utf-8"), encoding="utf-8")
    assert expand([tmp_path]) == [report]
    assert run("check", str(tmp_path)).returncode == 1


_names = st.text(st.sampled_from("ab-._~é1"), min_size=1, max_size=4).filter(lambda name: name not in (".", ".."))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_names, min_size=1, max_size=3), min_size=1, max_size=12), st.booleans())
def test_a_folder_lists_its_files_as_sorted_rglob_did(tmp_path_factory, trees, from_inside):
    """The walk keeps no Path a file; the order and the spelling are rglob's, sorted."""
    from gkaudit.pipeline import expand

    root = tmp_path_factory.mktemp("tree")
    for parts in trees:
        folder = root.joinpath(*parts[:-1])
        if any(p.is_file() for p in [folder, *folder.parents] if p != root and root in p.parents):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.joinpath(parts[-1]).is_dir():
            folder.joinpath(parts[-1]).write_text("x")
    (root / "link").symlink_to(root, target_is_directory=True)  # rglob did not follow links to folders
    given = Path(".") if from_inside else root
    before = Path.cwd()
    os.chdir(root)
    try:
        expected = sorted(p for p in given.rglob("*") if p.is_file()
                          and not any(part.startswith(".") for part in p.relative_to(given).parts))
        assert list(expand([given])) == expected
        assert [str(p) for p in expand([given])] == [str(p) for p in expected]
    finally:
        os.chdir(before)


# 2. checking nothing is a usage error


def test_selectors_resolve_case_insensitively_and_in_comma_lists():
    assert resolve_selectors(IDS, ["t3"]) == ["T3"]
    assert resolve_selectors(IDS, ["T3,prose", "t4.total"]) == ["T3", "PROSE", "T4.TOTAL"]
    assert resolve_selectors(IDS, ["T3.", " T3 , "]) == ["T3"]
    assert resolve_selectors(IDS, None) is None


@pytest.mark.parametrize("value, hint", [("NOPE", None), ("T", "'T3'"), ("PROS", "'PROSE'"), ("T3.TOTL", "'T3.TOTAL'")])
def test_unknown_selectors_raise_with_did_you_mean(value: str, hint: str | None):
    with pytest.raises(UnknownSelectorError) as caught:
        resolve_selectors(IDS, [value], "--ignore")
    assert isinstance(caught.value, GkauditError)
    message = caught.value.message()
    assert message.startswith("--ignore") and repr(value) in message
    assert (hint in message) if hint else ("did you mean" not in message)


def test_empty_selector_is_an_error():
    with pytest.raises(UnknownSelectorError):
        resolve_selectors(IDS, [""])
    with pytest.raises(UnknownSelectorError):
        resolve_selectors(IDS, [","])


def test_select_unknown_is_exit_2_with_did_you_mean():
    result = run("check", "--select", "PROS", SEED)
    assert result.returncode == 2
    assert "错误[usage.unknown-rule]" in result.stderr and "是否想写 'PROSE'" in result.stderr
    assert run("check", "--select", "NOPE", SEED).returncode == 2
    assert run("check", "--ignore", "NOPE", SEED).returncode == 2


def test_select_lower_case_checks_the_rules():
    result = run("check", "--lang", "en", "--select", "t3", SEED)
    assert result.returncode == 1
    assert "error[T3.TOTAL]" in result.stdout


def test_select_comma_list_is_the_union():
    result = run("check", "--lang", "en", "--select", "T3,PROSE", SEED)
    assert result.returncode == 1
    assert "error[T3.TOTAL]" in result.stdout and "[PROSE." in result.stdout
    assert "[TABLE.BLANK]" not in result.stdout


def test_ignore_comma_list_and_case():
    corrected = str(SAMPLES / "kangqiao-2020-corrected.json")
    assert run("check", "--fail-on", "warning", "--ignore", "table.blank,prose.numbering", corrected).returncode == 0


def test_selecting_then_ignoring_everything_is_exit_2():
    result = run("check", "--select", "T3", "--ignore", "t3", SEED)
    assert result.returncode == 2
    assert "排除之后没有可检查的规则" in result.stderr


# 3. fix: the log, --help and behaviour agree; the exit code is the fixed report's verdict


def test_unsafe_fix_says_which_explanation_it_applied(tmp_path: Path):
    out = tmp_path / "fixed.json"
    result = run("fix", "--unsafe", "--lang", "en", HONGZE, "-o", str(out))
    assert "0 → 5" in result.stdout  # the total, explanation 2, is what is applied …
    assert "explanation 2 of 2 (it looks like a total never updated), --unsafe" in result.stdout  # … and said
    assert "first of 2" not in result.stdout
    # the alternatives are listed as such, not as a verdict that contradicts the change made
    assert "the tied explanations: 1. " in result.stdout and "none preferred" not in result.stdout
    fixed = json.loads(out.read_text(encoding="utf-8"))
    row = fixed["tables"]["table4"]["rows"]["litigation_after_review"]
    assert row["total"]["value"] == 5 and row["upheld"]["value"] == 5
    zh = run("fix", "--unsafe", HONGZE, "-o", str(tmp_path / "zh.json"))
    assert "采用 2 种解释中的第 2 种（看似总计未更新），--unsafe" in zh.stdout


def test_unsafe_help_and_skip_reason_describe_the_choice(tmp_path: Path):
    help_text = " ".join(run("fix", "--help").stdout.split())
    assert "looks like a known slip" in help_text and "first of several" not in help_text
    assert "Exit codes" in help_text or "exit code" in help_text
    skipped = run("fix", "--lang", "en", HONGZE, "-o", str(tmp_path / "f.json")).stdout
    assert "--unsafe takes the one that looks like a known slip, else the first" in skipped


def test_fix_exits_1_when_errors_remain(tmp_path: Path):
    result = run("fix", "--lang", "en", HONGZE, "-o", str(tmp_path / "f.json"))
    assert result.returncode == 1
    assert "still has 1 error" in result.stderr
    assert run("check", str(tmp_path / "f.json")).returncode == 1


def test_fix_exits_0_when_the_written_report_is_clean(tmp_path: Path):
    out = tmp_path / "f.json"
    assert run("fix", "--unsafe", HONGZE, "-o", str(out)).returncode == 0
    assert run("check", str(out)).returncode == 0
    assert run("fix", SEED, "-o", str(tmp_path / "seed.json")).returncode == 0


def test_fix_exits_2_on_input_errors(tmp_path: Path):
    assert run("fix", str(tmp_path / "missing.json"), "-o", str(tmp_path / "f.json")).returncode == 2
    assert run("fix", str(tmp_path), "-o", str(tmp_path / "f.json")).returncode == 2


def test_a_list_of_files_found_is_not_searched_again(tmp_path: Path):
    from gkaudit.api import find_reports
    from gkaudit.pipeline import FileList, expand

    (tmp_path / "sub").mkdir()
    for name in ("b.json", "a.json", "sub/c.json"):
        (tmp_path / name).write_text("{}")
    found = find_reports([tmp_path, tmp_path / "a.json"])
    assert [p.name for p in found] == ["a.json", "b.json", "c.json"]
    assert find_reports(found) is found and expand(found) is found
    assert expand(found, ["b.*"]) == [tmp_path / "a.json", tmp_path / "sub" / "c.json"]
    given = FileList([tmp_path, tmp_path / "a.json"])  # not found by expand: still searched
    assert expand(given) == found


def test_a_file_reached_twice_is_found_once_and_a_path_of_files_named_before_is_no_error(tmp_path: Path):
    from gkaudit.api import find_reports
    from gkaudit.errors import NoReportsError
    from gkaudit.pipeline import expand

    (tmp_path / "sub").mkdir()
    for name in ("a.json", "sub/c.json"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "link.json").symlink_to(tmp_path / "a.json")
    a, c = tmp_path / "a.json", tmp_path / "sub" / "c.json"
    assert expand([a, a, tmp_path / "link.json"]) == [a]
    assert expand([tmp_path]) == [a, c]  # link.json is a.json again
    assert find_reports([tmp_path, tmp_path / "sub", a]) == [a, c]  # sub's one file was found already
    with pytest.raises(NoReportsError):
        find_reports([tmp_path, tmp_path / "sub"], exclude=["c.json"])  # sub gives nothing at all


def test_a_folder_deeper_than_the_recursion_limit_is_searched(tmp_path: Path):
    from gkaudit.pipeline import expand

    deep = tmp_path.joinpath(*["d"] * 300)  # 600 characters: far inside PATH_MAX
    deep.mkdir(parents=True)
    (deep / "r.json").write_text("{}")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)  # a walk recursing once a folder would need more than 300 frames
    try:
        found = expand([tmp_path])
    finally:
        sys.setrecursionlimit(limit)
    assert found == [deep / "r.json"]

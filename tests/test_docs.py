"""The rule documentation is generated from the catalogue and never stale; the README's
rule example is a file --rules takes; ``rules explain`` takes several ids, any case."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT
from tests.test_cli import run


def test_the_committed_rule_docs_are_what_the_catalogue_generates():
    result = run("rules", "docs", "--check", "--docs", str(ROOT / "docs" / "rules"), "--readme", str(ROOT / "README.md"))
    assert result.returncode == 0, result.stderr


def test_a_changed_catalogue_makes_the_docs_stale_and_regenerating_fixes_them(tmp_path):
    docs, readme = tmp_path / "rules", tmp_path / "README.md"
    shutil.copytree(ROOT / "docs" / "rules", docs)
    shutil.copy(ROOT / "README.md", readme)
    (docs / "T3.TOTAL.md").write_text("edited by hand\n", encoding="utf-8")
    (docs / "GONE.RULE.md").write_text("a rule that no longer exists\n", encoding="utf-8")
    stale = run("rules", "docs", "--check", "--docs", str(docs), "--readme", str(readme))
    assert stale.returncode == 1
    assert set(re.findall(r"stale: (\S+)", stale.stderr)) == {str(docs / "T3.TOTAL.md"), str(docs / "GONE.RULE.md")}
    assert run("rules", "docs", "--docs", str(docs), "--readme", str(readme)).returncode == 0
    assert not (docs / "GONE.RULE.md").exists() and "sum(table3[outcomes, $column])" in (docs / "T3.TOTAL.md").read_text(encoding="utf-8")
    assert run("rules", "docs", "--check", "--docs", str(docs), "--readme", str(readme)).returncode == 0


def test_the_readme_rule_example_is_a_rule_file_that_loads(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("An arithmetic rule looks like this"):]
    block = example[example.index("```yaml") + 7:example.index("```", example.index("```yaml") + 7)]
    rule_file = tmp_path / "override.yaml"
    rule_file.write_text(block, encoding="utf-8")
    result = run("check", str(ROOT / "sample_reports" / "kangqiao-2020.json"), "--rules", str(rule_file), "--select", "T3.TOTAL")
    assert result.returncode == 1 and "T3.TOTAL" in result.stdout, result.stderr


def test_a_bare_list_of_rules_is_refused_with_the_shape_it_should_have(tmp_path):
    rule_file = tmp_path / "bare.yaml"
    rule_file.write_text("- id: T3.TOTAL\n  severity: warning\n", encoding="utf-8")
    result = run("check", str(ROOT / "sample_reports" / "kangqiao-2020.json"), "--rules", str(rule_file), "--lang", "en")
    assert result.returncode == 2 and "expected a mapping with a 'rules:' list" in result.stderr


def test_rules_explain_takes_several_ids_and_prefixes_in_any_case():
    result = run("rules", "explain", "t4", "T3.total", "--lang", "en")
    titles = re.findall(r"^(\S+) — ", result.stdout, flags=re.M)
    assert titles == ["T3.TOTAL", "T4.TOTAL", "T4.SUIT_AFTER_REVIEW"]
    assert "passing example" in result.stdout
    unknown = run("rules", "explain", "T3.TOTL")
    assert unknown.returncode == 2 and "是否想写 'T3.TOTAL'" in unknown.stderr  # the default language is Chinese


def test_a_prose_rule_explains_its_examples_by_their_sentences():
    text = run("rules", "explain", "PROSE.RECEIVED").stdout
    passing, failing = text.split("不通过的例子")
    assert "申请5件" in passing and "申请7件" in failing


def test_the_readme_shows_what_check_prints_on_the_sample():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## What an office sees"):]
    start = section.index("```text\n") + len("```text\n")
    shown = section[start:section.index("\n```", start)]
    printed = subprocess.run([sys.executable, "-m", "gkaudit", "check", "sample_reports/kangqiao-2020.json"], cwd=ROOT,
                             capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}).stdout
    assert shown == "\n".join(line.rstrip() for line in printed.rstrip("\n").split("\n"))

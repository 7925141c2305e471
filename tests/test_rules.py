"""The rule catalogue: every rule's documented examples, and the rule-set self-check."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.errors import RuleFileError
from gkaudit.rules.catalog import load_ruleset
from gkaudit.rules.explain import explain
from gkaudit.rules.selfcheck import check_ruleset

from .support import audit, audit_example, failing, ruleset

RULES = ruleset().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_is_documented(rule):
    assert rule.title.zh and rule.title.en
    assert rule.message.zh and rule.message.en
    assert rule.what is not None and rule.why is not None, "doc.what and doc.why are required"
    assert rule.passing is not None and rule.failing is not None, "pass and fail examples are required"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_passing_example_passes(rule):
    for template in rule.templates:
        result = audit_example(rule.passing, template)
        assert not [f for f in result.findings if f.rule == rule.id], template


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_failing_example_fails(rule):
    for template in rule.templates:
        result = audit_example(rule.failing, template)
        assert failing(result, rule.id), f"{rule.id} did not fail on its example in {template}"


def test_the_shipped_rule_set_passes_its_self_check():
    check_ruleset(ruleset())  # raises RuleFileError naming the rule otherwise


def test_explain_names_the_rule_and_both_examples():
    page = explain(ruleset().get("T3.TOTAL"), "zh")
    assert "T3.TOTAL" in page
    assert "table3[total_outcomes, $column] == sum(table3[outcomes, $column])" in page
    assert "通过的例子" in page and "不通过的例子" in page


def test_select_and_ignore_by_prefix():
    selected = ruleset().select(["T3"], None)
    assert {r.id for r in selected.rules} == {"T3.TOTAL", "T3.IDENTITY", "T3.ROW_TOTAL"}
    ignored = ruleset().select(None, ["TABLE.BLANK", "T4"])
    assert not {"TABLE.BLANK", "T4.TOTAL", "T4.SUIT_AFTER_REVIEW"} & {r.id for r in ignored.rules}


def write_rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "extra.yaml"
    path.write_text(body, encoding="utf-8")
    return path


RULE_HEAD = """rules:
  - id: X.TEST
    severity: error
    title: {zh: 测试, en: test}
    message: {zh: "{cell} 报告为 {reported}", en: "{cell} reads {reported}"}
"""


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (RULE_HEAD + "    assert: table3[nonexistent, total] == 0\n", "no row or row group 'nonexistent'"),
        (RULE_HEAD + "    assert: table3[granted, total] == \n", "'assert' is malformed"),
        (RULE_HEAD + "    assert: table3[granted, total] == 0; __import__('os')\n", "'assert' is malformed"),
        (RULE_HEAD + "    assert: table3[granted, $column] == 0\n", "not bound by 'for_each'"),
        (RULE_HEAD + "    assert: table3[outcomes, total] == 0\n", "wrap it in sum"),
        (RULE_HEAD + "    assert: table3[granted, total] == table3[granted, total]\n", "can never fail"),
        (RULE_HEAD + "    templates: [gb1999]\n    assert: table3[granted, total] == 0\n", "unknown templates"),
        (RULE_HEAD.replace("{reported}", "{reported.__class__}") + "    assert: table3[granted, total] == 0\n", "a message may use only"),
        (RULE_HEAD + "    check: not_a_check\n", "unknown check"),
        (RULE_HEAD + "    assert: table3[granted, total] == 0\n" + RULE_HEAD.replace("rules:\n", ""), "duplicate rule id"),
        (
            RULE_HEAD + "    templates: [gb2019]\n    assert: table3[granted, total] == table3[partially_granted, total] + 1\n"
            + RULE_HEAD.replace("rules:\n", "").replace("X.TEST", "X.OTHER")
            + "    templates: [gb2019]\n    assert: table3[partially_granted, total] == table3[granted, total] + 1\n",
            "can never hold together with the rules before it",
        ),
        ("rules: [unclosed\n", "not valid YAML"),
        ("rules:\n  - id: X\n    severity: fatal\n", "severity is 'fatal'"),
    ],
)
def test_broken_rule_files_are_rejected_with_the_place(tmp_path, body, problem):
    path = write_rules(tmp_path, body)
    with pytest.raises(RuleFileError) as caught:
        load_ruleset([path])
    message = caught.value.message()
    assert problem in message
    assert str(path) in message


def test_a_user_file_adds_a_rule_and_regrades_a_shipped_one(tmp_path):
    path = write_rules(
        tmp_path,
        RULE_HEAD + "    assert: table3[granted, total] <= table3[new_requests, total]\n"
        "  - id: TABLE.BLANK\n    severity: info\n",
    )
    rules = load_ruleset([path])
    assert rules.get("X.TEST") is not None
    assert rules.get("TABLE.BLANK").severity == "info"
    assert rules.get("TABLE.BLANK").check == "blank_cells"

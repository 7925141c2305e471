"""The registry of checks: it says what the code does, and the self-check holds rules to it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from gkaudit.errors import RuleFileError
from gkaudit.results import Finding
from gkaudit.rules.catalog import load_ruleset
from gkaudit.rules.registry import ARITHMETIC_FIELDS, CHECKS, UnknownCheckError, fields_of, param_problems, resolve

from .support import SAMPLES, audit, audit_example, ruleset
from .test_cli import run


def _fields_filled_by_the_code(monkeypatch) -> dict[str | None, set[str]]:
    """Run every shipped rule's failing example and record the fields each check fills in."""
    seen: dict[str | None, set[str]] = defaultdict(set)
    original = Finding.of.__func__

    def recording(cls, rule, fields, *args, **kwargs):
        seen[rule.check] |= set(fields) - {name for name, _ in rule.for_each}
        return original(cls, rule, fields, *args, **kwargs)

    monkeypatch.setattr(Finding, "of", classmethod(recording))
    for rule in ruleset().rules:
        for template in rule.templates:
            audit_example(rule.failing, template)
    return seen


def test_every_shipped_check_is_registered():
    assert {r.check for r in ruleset().rules if r.check} <= set(CHECKS)


def test_registered_fields_are_exactly_what_the_code_fills_in(monkeypatch):
    seen = _fields_filled_by_the_code(monkeypatch)
    assert seen.pop(None) == set(ARITHMETIC_FIELDS)
    assert set(seen) == {r.check for r in ruleset().rules if r.check}, "every shipped check fails on some example"
    for check, fields in seen.items():
        assert fields == set(CHECKS[check].fields), check


def test_every_shipped_rule_uses_only_its_checks_fields_and_params():
    for rule in ruleset().rules:
        if rule.check:
            assert not param_problems(rule.check, rule.params), rule.id
        assert set(fields_of(rule.check, rule.for_each)) >= _names(rule.message.zh) | _names(rule.message.en), rule.id


def _names(text: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_an_unknown_check_suggests_the_closest_name():
    with pytest.raises(UnknownCheckError) as caught:
        resolve("blank_cell")
    assert "did you mean 'blank_cells'" in str(caught.value)
    assert resolve("cross_year").required.keys() == {"this", "previous"}


def test_param_problems_name_missing_unknown_and_mistyped_keys():
    problems = param_problems("cross_year", {"this": "table3[granted, total]", "prevous": "x", "op": 3})
    text = "; ".join(problems)
    assert "'params.previous' is required" in text
    assert "'params.prevous' is not a parameter" in text and "did you mean 'previous'" in text
    assert "'params.op' must be a string" in text


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        # a message naming a field its check does not fill in
        ("rules:\n  - id: TABLE.BLANK\n    message: {zh: '{table} {reported}', en: '{table} {reported}'}\n",
         ["TABLE.BLANK", "{reported}", "blank_cells"]),
        # help is held to the same fields
        ("rules:\n  - id: TABLE.BLANK\n    help: {zh: '{stated}', en: '{stated}'}\n", ["TABLE.BLANK", "help uses {stated}"]),
        # an arithmetic rule may use its for_each variables, but no other names
        ("rules:\n  - id: T3.TOTAL\n    message: {zh: '{sentence}', en: '{sentence}'}\n", ["T3.TOTAL", "{sentence}"]),
        # a typo in a check name
        ("rules:\n  - id: X.NEW\n    severity: info\n    check: blank_cell\n    title: t\n    message: m\n",
         ["X.NEW", "unknown check 'blank_cell'", "did you mean 'blank_cells'"]),
        # a cross-year expression naming a row no template has
        ("rules:\n  - id: XYEAR.CARRIED\n    params: {this: 'table3[carried_ovr, $column]', previous: 'table3[carried_forward, $column]'}\n",
         ["XYEAR.CARRIED", "params.this", "carried_ovr"]),
        # ... or a column
        ("rules:\n  - id: XYEAR.CARRIED\n    params: {this: 'table3[carried_over, $column]', previous: 'table3[carried_forward, totl]'}\n",
         ["XYEAR.CARRIED", "params.previous", "totl"]),
        # ... or a variable its for_each does not bind
        ("rules:\n  - id: XYEAR.CARRIED\n    params: {this: 'table3[carried_over, $col]', previous: 'table3[carried_forward, $column]'}\n",
         ["XYEAR.CARRIED", "$col", "not bound"]),
        # ... or a for_each group the template lacks
        ("rules:\n  - id: XYEAR.IN_FORCE\n    for_each: {row: table2.rows.nope}\n", ["XYEAR.IN_FORCE", "group 'nope'"]),
        # a claim about a row no template has, directly or in an alternative reading
        ("rules:\n  - id: PROSE.RECEIVED\n    params: {patterns: ['收到{n}件'], label: {zh: a, en: b}, refers_to: 'table3[new_request, total]'}\n",
         ["PROSE.RECEIVED", "params.refers_to", "new_request"]),
        ("rules:\n  - id: PROSE.RECEIVED\n    params: {patterns: ['收到{n}件'], label: {zh: a, en: b}, refers_to: 'table3[new_requests, total]',"
         " alternatives: [{refers_to: 'table9[x, total]', reading: {zh: a, en: b}}]}\n",
         ["PROSE.RECEIVED", "alternatives[0].refers_to", "table9"]),
        # a claim about several cells without sum(...) could never be compared
        ("rules:\n  - id: PROSE.RECEIVED\n    params: {patterns: ['收到{n}件'], label: {zh: a, en: b}, refers_to: 'table3[outcomes, total]'}\n",
         ["PROSE.RECEIVED", "wrap it in sum"]),
        # params the check does not take, or lacks
        ("rules:\n  - id: XYEAR.CARRIED\n    params: {this: 'table3[carried_over, $column]'}\n", ["XYEAR.CARRIED", "'params.previous' is required"]),
    ],
)
def test_a_bad_rule_file_is_rejected_naming_rule_and_problem(tmp_path, body, problems):
    path = write(tmp_path, body)
    with pytest.raises(RuleFileError) as caught:
        load_ruleset([path])
    message = caught.value.message()
    assert str(path) in message
    for problem in problems:
        assert problem in message


def test_cli_exits_2_naming_the_rule_and_the_field(tmp_path):
    path = write(tmp_path, "rules:\n  - id: TABLE.BLANK\n    message: {zh: '{table} {reported}', en: '{table} {reported}'}\n")
    result = run("check", str(SAMPLES / "kangqiao-2020.json"), "--rules", str(path))
    assert result.returncode == 2, result.stderr
    assert "TABLE.BLANK" in result.stderr and "{reported}" in result.stderr and str(path) in result.stderr
    assert "internal error" not in result.stderr


def test_cli_exits_2_on_an_unknown_row_in_a_cross_year_rule(tmp_path):
    path = write(tmp_path, "rules:\n  - id: XYEAR.CARRIED\n    params: {this: 'table3[carried_ovr, $column]', previous: 'table3[carried_forward, $column]'}\n")
    result = run("check", str(SAMPLES / "kangqiao-2020.json"), "--rules", str(path))
    assert result.returncode == 2, result.stderr
    assert "XYEAR.CARRIED" in result.stderr and "carried_ovr" in result.stderr

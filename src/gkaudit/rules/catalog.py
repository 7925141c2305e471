"""The rule catalogue: YAML rule files → typed :class:`Rule` objects.

Two kinds of rule share one format. An *arithmetic* rule carries an ``assert``
expression (parsed by :mod:`gkaudit.rules.expr`) and a ``for_each`` scope. A *check*
rule names one of the built-in structural checks (``check: blank_cells``); its id,
severity, messages and documentation are still data, so a reviewer can read, select,
ignore or re-grade it like any other rule.

A user's rule file (``--rules FILE``) may add rules, or override fields of a shipped
rule by repeating its id (``{id: TABLE.BLANK, severity: info}``).
"""

from __future__ import annotations

import string
from pathlib import Path

from gkaudit.errors import InputLimitError, RuleFileError
from gkaudit.resources import rules_dir
from gkaudit.rules.expr import ExpressionError, parse_assertion, parse_side, variables
from gkaudit.rules.model import SEVERITIES, Example, Rule, RuleSet, Severity
from gkaudit.rules.registry import BATCH_EXPRESSIONS, UnknownCheckError, param_problems, resolve
from gkaudit.rules.selfcheck import check_ruleset
from gkaudit.templates import Label, load_templates
from gkaudit.yamlio import load_yaml_mapping

# Rule, RuleSet and Example live in gkaudit.rules.model; they are re-exported here so
# the catalogue stays the one place callers import rules from.
__all__ = ["SEVERITIES", "Example", "Rule", "RuleSet", "Severity", "load_ruleset", "parse_rule"]

def _kind_name(value: object) -> str:
    if value is None:
        return "nothing (null)"
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a mapping"}
    return names.get(type(value), "a date" if type(value).__name__ in ("date", "datetime") else "another value")


def _require(value: object, kind: type | tuple[type, ...], where: str, key: str, what: str) -> None:
    """Refuse a field of the wrong YAML type, naming the field and what it holds instead."""
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise RuleFileError(*_split(where), f"'{key}' must be {what}; found {_kind_name(value)}")
    if not isinstance(value, kind):
        raise RuleFileError(*_split(where), f"'{key}' must be {what}; found {_kind_name(value)}")


def _require_list(value: object, item: type, where: str, key: str, what: str) -> list:
    _require(value, list, where, key, what)
    item_what = {str: "a string", dict: "a mapping"}.get(item, "a value")
    for i, element in enumerate(value):  # type: ignore[arg-type]
        _require(element, item, where, f"{key}[{i}]", f"{item_what} ({key} is {what})")
    return value  # type: ignore[return-value]


def _label(node: object, where: str, key: str) -> Label:
    if isinstance(node, str):
        return Label(node, node)
    if isinstance(node, dict) and isinstance(node.get("zh"), str) and isinstance(node.get("en"), str):
        return Label(node["zh"], node["en"])
    raise RuleFileError(*_split(where), f"'{key}' must be a mapping with 'zh' and 'en' strings")


def _split(where: str) -> tuple[str, str]:
    file, _, place = where.partition("::")
    return file, place


def _check_message(label: Label, where: str) -> None:
    for text in (label.zh, label.en):
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise RuleFileError(*_split(where), f"message template is malformed: {exc}") from exc
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            # Which names a rule may use depends on its check: the self-check knows that.
            if not name.isidentifier() or spec or conversion:
                raise RuleFileError(
                    *_split(where),
                    f"message uses {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}; "
                    "a message may use only plain {field} names, such as {cell} or {reported}",
                )


def _example(node: object, where: str) -> Example | None:
    if node is None:
        return None
    if not isinstance(node, dict):
        raise RuleFileError(*_split(where), "an example must be a mapping with 'cells', 'missing', 'notes', 'narrative', 'year' or 'layout'")
    unknown = set(node) - {"cells", "missing", "notes", "narrative", "previous", "children", "year", "layout"}
    if unknown:
        raise RuleFileError(*_split(where), f"unknown example key {sorted(map(str, unknown))[0]!r}; an example has "
                                            "'cells', 'missing', 'notes', 'narrative', 'previous', 'children', 'year' or 'layout'")
    cells = node.get("cells") or {}
    if not isinstance(cells, dict):
        raise RuleFileError(*_split(where), "example 'cells' must map 'table[row, column]' to a value")
    _require_list(node.get("missing") or [], str, where, "example missing", "a list of cells such as 'table3[total, total]'")
    if node.get("previous") is not None:
        _require(node["previous"], dict, where, "example previous", "a mapping of the year before's cells to values")
    children = node.get("children") or []
    if not isinstance(children, list) or not all(isinstance(c, dict) for c in children):
        raise RuleFileError(*_split(where), "example 'children' must be a list of mappings of each child's cells to values")
    if node.get("year") is not None:
        _require(node["year"], int, where, "example year", "a year (an integer)")
    if node.get("layout") is not None:
        _require(node["layout"], str, where, "example layout", "a template id")
    notes = node.get("notes") or []
    if not isinstance(notes, list) or not all(isinstance(n, dict) for n in notes):
        raise RuleFileError(*_split(where), "example 'notes' must be a list of mappings")
    narrative = node.get("narrative") or []
    if not isinstance(narrative, list) or not all(isinstance(n, dict) for n in narrative):
        raise RuleFileError(*_split(where), "example 'narrative' must be a list of {number, heading, text}")
    return Example(
        cells=tuple(cells.items()),
        narrative=tuple((str(n.get("number", "")), str(n.get("heading", "")), str(n.get("text", ""))) for n in narrative),
        previous=tuple((node.get("previous") or {}).items()) if "previous" in node else None,
        children=tuple(tuple(child.items()) for child in children),
        missing=tuple(node.get("missing") or ()),
        notes=tuple(tuple(n.items()) for n in notes),
        year=node.get("year"),
        layout=node.get("layout"),
    )


def _check_thresholds(params: dict, where: str) -> None:
    """A year_jump's factor (more than 1) and at_least (0 or more), numbers as written."""
    for key, lowest, strict in (("factor", 1, True), ("at_least", 0, False)):
        if key not in params:
            continue
        try:
            value = float(params[key])
        except (TypeError, ValueError):
            value = float("nan")
        if not (value > lowest if strict else value >= lowest):
            bound = f"more than {lowest}" if strict else f"{lowest} or more"
            raise RuleFileError(*_split(where), f"'params.{key}' must be a number, {bound}; found {params[key]!r}")


def _check_claim(params: dict, where: str) -> None:
    """A narrative claim: cue patterns with {n} (or a fixed ``states``), and the cells it is about."""
    patterns = params.get("patterns")
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
        raise RuleFileError(*_split(where), "a narrative claim needs 'patterns', a list of strings")
    if "states" not in params and not all("{n}" in p for p in patterns):
        raise RuleFileError(*_split(where), "every pattern needs the number placeholder {n} (or give 'states')")
    _label(params.get("label"), where, "params.label")
    alternatives = _require_list(params.get("alternatives") or [], dict, where, "params.alternatives",
                                 "a list of mappings with 'refers_to' and 'reading'")
    readings = [params] + alternatives
    for i, reading in enumerate(readings):
        if "refers_to" in reading:
            _require(reading["refers_to"], str, where, "params.refers_to" if i == 0 else f"params.alternatives[{i - 1}].refers_to",
                     "an expression such as 'table3[new_requests, total]'")
        try:
            parse_side(str(reading.get("refers_to", "")))
        except ExpressionError as exc:
            raise RuleFileError(*_split(where), f"'refers_to' is malformed: {exc}\n{exc.pointer()}") from exc
    for alternative in params.get("alternatives") or []:
        _label(alternative.get("reading"), where, "alternatives.reading")


def parse_rule(node: dict, where: str) -> Rule:
    """Build one rule from its YAML mapping; ``where`` is ``file::rules[i]``."""
    rule_id = node.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleFileError(*_split(where), "every rule needs a string 'id'")
    where = f"{where} ({rule_id})"
    known_templates = set(load_templates())
    severity = node.get("severity")
    if not isinstance(severity, str) or severity not in SEVERITIES:
        found = repr(severity) if isinstance(severity, str) else _kind_name(severity)
        raise RuleFileError(*_split(where), f"severity is {found}; expected one of {', '.join(SEVERITIES)}")
    if node.get("templates") is not None:
        _require_list(node["templates"], str, where, "templates", "a list of template ids")
    for key in ("assert", "check", "reference"):
        if key in node:
            _require(node[key], str, where, key, "a string")
    for key, what in (("for_each", "a mapping of variable names to domains"), ("params", "a mapping"),
                      ("doc", "a mapping with 'what', 'why' and 'reference'"), ("examples", "a mapping with 'pass' and 'fail'")):
        if node.get(key) is not None:
            _require(node[key], dict, where, key, what)
    for key, domain in (node.get("for_each") or {}).items():
        _require(key, str, where, "for_each", "a mapping of variable names (strings) to domains")
        _require(domain, str, where, f"for_each.{key}", "a domain such as table3.columns")
    doc = node.get("doc") or {}
    if doc.get("reference") is not None:
        _require(doc["reference"], str, where, "doc.reference", "a string")
    templates = tuple(node.get("templates") or sorted(known_templates))
    unknown = [t for t in templates if t not in known_templates]
    if unknown:
        raise RuleFileError(*_split(where), f"unknown templates {unknown}; known: {sorted(known_templates)}")
    has_assert, has_check = "assert" in node, "check" in node
    if has_assert == has_check:
        raise RuleFileError(*_split(where), "a rule needs exactly one of 'assert' (an expression) or 'check' (a built-in check)")
    assertion = None
    if has_assert:
        try:
            assertion = parse_assertion(str(node["assert"]))
        except ExpressionError as exc:
            raise RuleFileError(*_split(where), f"'assert' is malformed: {exc}\n{exc.pointer()}") from exc
    else:
        try:
            resolve(node["check"])
        except UnknownCheckError as exc:
            raise RuleFileError(*_split(where), str(exc)) from None
    for_each = node.get("for_each") or {}
    if not isinstance(for_each, dict):
        raise RuleFileError(*_split(where), "'for_each' must map a variable name to a domain such as table3.columns")
    if assertion is not None:
        unbound = variables(assertion) - set(for_each)
        if unbound:
            raise RuleFileError(*_split(where), f"variables {sorted('$' + v for v in unbound)} are not bound by 'for_each'")
    params = node.get("params") or {}
    if not isinstance(params, dict):
        raise RuleFileError(*_split(where), "'params' must be a mapping")
    if has_check:
        problems = param_problems(node["check"], params)
        if problems:
            raise RuleFileError(*_split(where), "; ".join(problems))
    if node.get("check") == "narrative_claim":
        _check_claim(params, where)
    if node.get("check") in BATCH_EXPRESSIONS:
        for key in BATCH_EXPRESSIONS[node["check"]]:
            try:
                parse_side(str(params.get(key, "")))
            except ExpressionError as exc:
                raise RuleFileError(*_split(where), f"'params.{key}' is malformed: {exc}\n{exc.pointer()}") from exc
        if params.get("op", "==") not in ("==", "<=", ">="):
            raise RuleFileError(*_split(where), "'params.op' must be ==, <= or >=")
    if node.get("check") == "year_jump":
        _check_thresholds(params, where)
    message = _label(node.get("message"), where, "message")
    _check_message(message, where)
    help_label = _label(node["help"], where, "help") if "help" in node else None
    if help_label is not None:
        _check_message(help_label, where)
    doc = node.get("doc") or {}
    examples = node.get("examples") or {}
    return Rule(
        id=rule_id,
        severity=severity,
        templates=templates,
        title=_label(node.get("title"), where, "title"),
        message=message,
        help=help_label,
        for_each=tuple((str(k), str(v)) for k, v in for_each.items()),
        assertion=assertion,
        check=node.get("check"),
        what=_label(doc["what"], where, "doc.what") if "what" in doc else None,
        why=_label(doc["why"], where, "doc.why") if "why" in doc else None,
        reference=str(doc.get("reference", "")),
        passing=_example(examples.get("pass"), where),
        failing=_example(examples.get("fail"), where),
        origin=where.split("::")[0],
        params=params,
    )


MAX_RULES_PER_FILE = 500
"""The most rules one rule file may hold (the shipped files hold at most 30): every rule is
parsed and self-checked against the rest on each run."""

_RULE_FILE_SHAPE = "a mapping with a 'rules:' list (rules:, then each rule as '- id: …' beneath it)"


def _entries(path: Path) -> list[tuple[dict, str]]:
    data = load_yaml_mapping(path, _RULE_FILE_SHAPE)
    entries = data.get("rules")
    if not isinstance(entries, list):
        raise RuleFileError(str(path), "top level", f"expected {_RULE_FILE_SHAPE}")
    if len(entries) > MAX_RULES_PER_FILE:
        raise InputLimitError(str(path), "rules", f"{len(entries):,} rules", "rules per file", f"{MAX_RULES_PER_FILE:,} rules")
    result = []
    for index, node in enumerate(entries):
        if not isinstance(node, dict):
            raise RuleFileError(str(path), f"rules[{index}]", "each rule must be a mapping")
        result.append((node, f"{path}::rules[{index}]"))
    return result


def _raw_nodes(paths: list[Path]) -> dict[str, tuple[dict, str]]:
    """Rule mappings by id; a later file's entry overrides fields of an earlier one."""
    nodes: dict[str, tuple[dict, str]] = {}
    for path in paths:
        seen: set[str] = set()
        for node, where in _entries(path):
            rule_id = node.get("id")
            if not isinstance(rule_id, str) or not rule_id:
                raise RuleFileError(*_split(where), f"every rule needs a string 'id'; found {_kind_name(rule_id)}")
            if rule_id in seen:
                raise RuleFileError(*_split(where), f"duplicate rule id {rule_id!r} in the same file")
            seen.add(rule_id)
            base = nodes.get(rule_id, ({}, where))[0]
            merged = {**base, **node}
            if "assert" in node:
                merged.pop("check", None)
            if "check" in node:
                merged.pop("assert", None)
            nodes[rule_id] = (merged, where)
    return nodes


def shipped_rule_files() -> list[Path]:
    return sorted(rules_dir().glob("*.yaml"))


def load_ruleset(extra: list[Path] | None = None) -> RuleSet:
    """The shipped rules plus any user rule files, parsed; with user files, self-checked.

    The shipped set is self-checked by the test suite, so a gate does not pay for it on
    every run; a user's file is checked together with the rules it joins.
    """
    nodes = _raw_nodes(shipped_rule_files() + list(extra or []))
    ruleset = RuleSet(tuple(parse_rule(node, where) for node, where in nodes.values()))
    if extra:
        check_ruleset(ruleset)
    return ruleset

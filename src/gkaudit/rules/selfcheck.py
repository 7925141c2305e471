"""Rule-set self-check, run on the shipped rules and on every ``--rules FILE``.

Parsing already rejects malformed expressions, unknown templates, unbound variables and
bad message fields. Here every arithmetic rule is expanded over each template it names
(unknown rows, columns or groups fail), and the expanded system is tested for rules
that can never fail (tautologies) and equalities that can never hold together.
"""

from __future__ import annotations

import string

from gkaudit.errors import RuleFileError
from gkaudit.rules.model import Rule, RuleSet
from gkaudit.rules.registry import fields_of
from gkaudit.rules.linear import ExpansionError, LinearSystem, compile_system, expand
from gkaudit.templates import Layout


def _fail(rule: Rule, problem: str) -> RuleFileError:
    return RuleFileError(rule.origin, f"rule {rule.id}", problem)


def _check_fields(rule: Rule) -> None:
    """The message (and help) may name only fields the rule's check fills in; anything
    else would end the run in a KeyError on the rule's first finding."""
    provided = fields_of(rule.check, rule.for_each)
    for key, label in (("message", rule.message), ("help", rule.help)):
        if label is None:
            continue
        for text in (label.zh, label.en):
            for _, name, _, _ in string.Formatter().parse(text):
                if name is not None and name not in provided:
                    kind = f"check {rule.check!r}" if rule.check else "an arithmetic rule (with its for_each variables)"
                    raise _fail(rule, f"{key} uses {{{name}}}, which {kind} does not provide; it provides {sorted(provided)}")


def _check_expansion(rule: Rule) -> None:
    for template in rule.templates:
        try:
            bindings = expand(rule, Layout.uniform(template))
        except ExpansionError as exc:
            raise _fail(rule, f"in template {template}: {exc}") from exc
        for binding in bindings:
            net: dict[tuple[str, str, str], int] = {}
            for term in binding.lhs.terms:
                net[term.cell] = net.get(term.cell, 0) + term.coefficient
            for term in binding.rhs.terms:
                net[term.cell] = net.get(term.cell, 0) - term.coefficient
            if not any(net.values()):
                raise _fail(rule, f"binding {binding.key} compares a value with itself and can never fail")


def _check_consistency(system: LinearSystem, template: str) -> None:
    """Equalities must admit a solution: rank(A) == rank([A | b]).

    Rules are added one at a time, so the blame falls on the first rule (in file order,
    user files last) that cannot hold together with those before it.
    """
    import numpy as np

    a, b = system.matrix(), system.constants()
    taken: list[int] = []
    for rule in dict.fromkeys(binding.rule for binding in system.bindings):
        taken += [i for i, binding in enumerate(system.bindings) if binding.rule == rule and binding.op == "=="]
        if not taken:
            continue
        if np.linalg.matrix_rank(a[taken]) < np.linalg.matrix_rank(np.column_stack([a[taken], b[taken]])):
            raise _fail(rule, f"in template {template} it can never hold together with the rules before it")


def check_ruleset(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        _check_fields(rule)
    arithmetic = ruleset.arithmetic()
    for rule in arithmetic:
        _check_expansion(rule)
    templates = sorted({t for rule in arithmetic for t in rule.templates})
    for template in templates:
        _check_consistency(compile_system(tuple(arithmetic), Layout.uniform(template)), template)

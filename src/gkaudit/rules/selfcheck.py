"""Rule-set self-check, run on the shipped rules and on every ``--rules FILE``.

Parsing already rejects malformed expressions, unknown checks and templates, unbound
variables and malformed messages. Here every rule's message and help may name only the
fields its check provides (gkaudit.rules.registry); every arithmetic rule, and every
claim (``refers_to``) and cross-year (``this``/``previous``) expression, is expanded over
each template it names (unknown tables, rows, columns or groups fail); and the expanded
arithmetic system is tested for rules that can never fail (tautologies) and equalities
that can never hold together.
"""

from __future__ import annotations

import itertools
import string

from gkaudit.errors import RuleFileError
from gkaudit.rules.model import Rule, RuleSet
from gkaudit.rules.registry import BATCH_EXPRESSIONS, fields_of
from gkaudit.rules.expr import ExpressionError, Ref, Side, Sum, parse_side
from gkaudit.rules.linear import ExpansionError, LinearSystem, _select, domain_ids, _spec, compile_system, expand
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


def _resolve(side: Side, layout: Layout, scope: dict[str, str]) -> None:
    """Every table, row and column an expression names, at one point of its scope, exists
    in the layout.

    A cell the layout lacks at a named row and column is fine (the report is not
    compared there, as at run time); a name that is no row or column at all is a typo
    that would make the rule silently never fire."""
    for _, term in side.terms:
        if isinstance(term, Side):
            _resolve(term, layout, scope)
            continue
        if not isinstance(term, (Ref, Sum)):
            continue
        ref = term.ref if isinstance(term, Sum) else term
        unbound = [s.first for s in (ref.row, ref.column) if s.kind == "var" and s.first not in scope]
        if unbound:
            raise ExpansionError(f"variables {sorted('$' + v for v in unbound)} are not bound by 'for_each'")
        table = _spec(layout, ref.table)
        _, single_row = _select(ref.row, "row", table, scope)
        _, single_column = _select(ref.column, "column", table, scope)
        if isinstance(term, Ref) and not (single_row and single_column):
            raise ExpansionError(f"{ref.table}[{ref.row}, {ref.column}] selects several cells; wrap it in sum(...)")


def _expressions(rule: Rule) -> list[tuple[str, str]]:
    """(params key, expression) of a claim or cross-year rule."""
    if rule.check == "narrative_claim":
        found = [("refers_to", str(rule.params.get("refers_to", "")))]
        for i, alternative in enumerate(rule.params.get("alternatives") or []):
            found.append((f"alternatives[{i}].refers_to", str(alternative.get("refers_to", ""))))
        return found
    if rule.check in BATCH_EXPRESSIONS:
        return [(key, str(rule.params.get(key, ""))) for key in BATCH_EXPRESSIONS[rule.check]]
    return []


def _check_expressions(rule: Rule) -> None:
    """Claim (``refers_to``) and cross-year (``this``/``previous``) expressions, expanded
    over every template the rule applies to and every point of its ``for_each`` scope."""
    expressions = _expressions(rule)
    if not expressions:
        return
    # Claims are evaluated as written; only cross-year rules range over a for_each scope.
    for_each = rule.for_each if rule.check in BATCH_EXPRESSIONS else ()
    for template in rule.templates:
        layout = Layout.uniform(template)
        try:
            domains = [domain_ids(domain, layout) for _, domain in for_each]
        except ExpansionError as exc:
            raise _fail(rule, f"in template {template}: {exc}") from exc
        names = [name for name, _ in for_each]
        for values in itertools.product(*domains):
            scope = dict(zip(names, values))
            for key, expression in expressions:
                at = f" at {', '.join(f'{k}={v}' for k, v in scope.items())}" if scope else ""
                try:
                    _resolve(parse_side(expression), layout, scope)
                except (ExpansionError, ExpressionError) as exc:
                    raise _fail(rule, f"'params.{key}' in template {template}{at}: {exc}") from exc


def _check_consistency(system: LinearSystem, template: str) -> None:
    """Equalities must admit a solution: rank(A) == rank([A | b]).

    Rules are added one at a time, so the blame falls on the first rule (in file order,
    user files last) that cannot hold together with those before it.
    """
    import numpy as np

    a, b = system.matrix(), system.constants()
    equalities: dict[int, tuple[Rule, list[int]]] = {}  # by rule, in order; one pass, not one per rule
    for i, binding in enumerate(system.bindings):
        _, indices = equalities.setdefault(id(binding.rule), (binding.rule, []))
        if binding.op == "==":
            indices.append(i)
    taken: list[int] = []
    for rule, indices in equalities.values():
        if not indices:  # nothing new to hold together
            continue
        taken += indices
        if np.linalg.matrix_rank(a[taken]) < np.linalg.matrix_rank(np.column_stack([a[taken], b[taken]])):
            raise _fail(rule, f"in template {template} it can never hold together with the rules before it")


def check_ruleset(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        _check_fields(rule)
        _check_expressions(rule)
    arithmetic = ruleset.arithmetic()
    for rule in arithmetic:
        _check_expansion(rule)
    templates = sorted({t for rule in arithmetic for t in rule.templates})
    for template in templates:
        _check_consistency(compile_system(tuple(arithmetic), Layout.uniform(template)), template)

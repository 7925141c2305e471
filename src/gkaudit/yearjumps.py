"""Year-on-year jumps: a figure that moves by an order of magnitude from a body's report
of the year before, or falls from a steady value to 0 — the mark of a digit slip (a 0 typed
twice, a figure put in the wrong row) that arithmetic inside one report cannot see.

A ``year_jump`` rule names the figures (``value`` at every point of ``for_each``) and
its thresholds (``factor``, and ``at_least``: the larger of the two years must reach it,
so 1 → 12 requests is not a jump). A single year out of line — 40, 400, 41 — is one
finding on that year, not two: the return to the usual level is not reported again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from gkaudit.crossyear import (Scope, YearFacts, YearKeys, YearPairs, cells_of, consecutive_pairs, scopes, side_at,
                               value_of)
from gkaudit.prose import plain_number
from gkaudit.results import Finding
from gkaudit.rules.catalog import Rule, RuleSet
from gkaudit.rules.linear import LinearSide
from gkaudit.templates import Label, Layout

def _jumps(before: Decimal, now: Decimal, factor: Decimal, at_least: Decimal) -> bool:
    """A move by ``factor`` or more, or from a steady value to 0; a figure rising from 0
    has no scale to judge it by (a first year of requests is ordinary)."""
    small, large = sorted((before, now))
    if small < 0 or large < at_least or before == 0:
        return False
    return now == 0 or large >= small * factor


def _series(rule: Rule, layout: Layout) -> dict[Scope, LinearSide]:
    """The rule's ``value`` at every point of its scope the layout has cells for."""
    found = {}
    for scope in scopes(rule, layout):
        side = side_at(rule.params["value"], layout, scope)
        if side is not None and side.terms:
            found[tuple(scope.items())] = side
    return found


class _JumpRule:
    """One ``year_jump`` rule over a batch: its thresholds, and its series resolved once per
    layout (not once per pair of reports; a Rule's hash alone costs more than a comparison)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.factor, self.at_least = Decimal(str(rule.params["factor"])), Decimal(str(rule.params["at_least"]))
        self._series: dict[Layout, dict[Scope, LinearSide]] = {}

    def series(self, layout: Layout) -> dict[Scope, LinearSide]:
        found = self._series.get(layout)
        if found is None:
            found = self._series[layout] = _series(self.rule, layout)
        return found

    def value(self, facts: YearFacts, scope: Scope) -> Decimal | None:
        side = self.series(facts.layout).get(scope)
        return None if side is None else value_of(side, facts)

    def jumps(self, before: Decimal, now: Decimal) -> bool:
        return _jumps(before, now, self.factor, self.at_least)

    def jumped(self, before_earlier: list[YearFacts], earlier: YearFacts, later: YearFacts, scope: Scope) -> bool:
        before, now = self.value(earlier, scope), self.value(later, scope)
        if before is None or now is None or not self.jumps(before, now):
            return False
        return not self._returns_from_outlier(before_earlier, scope, before, now)

    def _returns_from_outlier(self, before_earlier: list[YearFacts], scope: Scope, before: Decimal, now: Decimal) -> bool:
        """Whether ``before`` was itself a jump away from the year before it (one of the
        reports ``before_earlier``), and ``now`` is back at that year's level: the jump was
        reported once, on the year out of line."""
        for facts in before_earlier:
            usual = self.value(facts, scope)
            if usual is None or not self.jumps(usual, before):
                continue
            if (before > usual) != (now > before) and not self.jumps(usual, now):
                return True
        return False

    def finding(self, scope: Scope, earlier: YearFacts, later: YearFacts) -> Finding:
        side, before_side = self.series(later.layout)[scope], self.series(earlier.layout)[scope]
        cells = cells_of(side, later, "primary") + cells_of(before_side, earlier, "context")
        now, before = plain_number(value_of(side, later)), plain_number(value_of(before_side, earlier))
        factor = plain_number(self.factor)
        fields = {
            "cell": Label(cells[0].label("zh"), cells[0].label("en")),
            "reported": Label(str(now), str(now)), "computed": Label(str(before), str(before)),
            "year": Label(str(earlier.year), str(earlier.year)), "printed": Label(earlier.path, earlier.path),
            "factor": Label(str(factor), str(factor)),
        }
        return Finding.of(self.rule, fields, cells, cells[0].source, reported=now, computed=before, scope=scope)


def jump_findings(batch: Sequence[YearFacts], ruleset: RuleSet,
                  pairs: YearPairs | None = None) -> Iterator[tuple[int, list[Finding]]]:
    """(position, its findings) for each report with jumps from the year before, in
    ascending position (one report's at a time, as cross_year_findings)."""
    rules = [_JumpRule(rule) for rule in ruleset.checks("year_jump")]
    if not rules:
        return
    preceding = consecutive_pairs(YearKeys.of(batch)) if pairs is None else pairs
    for later, earlier in preceding.by_later():
        later_facts = batch[later]  # each report read from a store once here, not once a rule
        years_before = [(batch[before], [batch[index] for index in preceding.earlier_of(before)]) for before in earlier]
        findings = [rule.finding(scope, before_facts, later_facts) for rule in rules for before_facts, usual in years_before
                    for scope in rule.series(later_facts.layout) if rule.jumped(usual, before_facts, later_facts, scope)]
        if findings:
            yield later, findings

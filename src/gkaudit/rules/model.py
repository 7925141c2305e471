"""The rule types shared by the catalogue, the compiler and the self-check.

Kept apart from :mod:`gkaudit.rules.catalog` (which parses YAML and runs the
self-check) so that :mod:`gkaudit.rules.linear` and :mod:`gkaudit.rules.selfcheck`
can use :class:`Rule` without importing the catalogue back: no import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from gkaudit.rules.expr import Assertion
from gkaudit.templates import Label

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Example:
    """A rule's documented example: cells not named read 0; ``missing`` cells are absent;
    ``notes`` are what a reader noted while extracting the report."""

    cells: tuple[tuple[str, object], ...] = ()
    missing: tuple[str, ...] = ()
    notes: tuple[tuple[tuple[str, object], ...], ...] = ()  # extraction notes, as key/value pairs
    narrative: tuple[tuple[str, str, str], ...] = ()  # (number, heading, text) sections
    previous: tuple[tuple[str, object], ...] | None = None  # the cells of the year before, for cross-year rules
    children: tuple[tuple[tuple[str, object], ...], ...] = ()  # each child body's cells, for roll-up rules
    year: int | None = None
    layout: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    templates: tuple[str, ...]
    title: Label
    message: Label
    help: Label | None = None
    for_each: tuple[tuple[str, str], ...] = ()
    assertion: Assertion | None = None
    check: str | None = None
    what: Label | None = None
    why: Label | None = None
    reference: str = ""
    passing: Example | None = None
    failing: Example | None = None
    origin: str = ""
    params: dict = field(default_factory=dict, hash=False, compare=False)  # a built-in check's settings

    @property
    def is_arithmetic(self) -> bool:
        return self.assertion is not None


Scope = tuple[tuple[str, str], ...]  # the point of a rule's for_each it is checked at


def rule_key(rule_id: str, scope: Scope) -> str:
    """A rule at one point of its scope, e.g. ``T3.TOTAL[column=total]``."""
    spelled = ",".join(f"{k}={v}" for k, v in scope)
    return f"{rule_id}[{spelled}]" if spelled else rule_id


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def arithmetic(self) -> list[Rule]:
        return [r for r in self.rules if r.is_arithmetic]

    def checks(self, name: str) -> list[Rule]:
        return [r for r in self.rules if r.check == name]

    def order(self) -> dict[str, int]:
        """Each rule id's place in the catalogue, for ordering findings."""
        return {rule.id: i for i, rule in enumerate(self.rules)}

    def select(self, select: list[str] | None = None, ignore: list[str] | None = None) -> RuleSet:
        """Keep rules whose id starts with one of ``select`` and none of ``ignore`` (ruff-style)."""

        def matches(rule: Rule, prefixes: list[str]) -> bool:
            return any(rule.id == p or rule.id.startswith(p.rstrip(".") + ".") for p in prefixes)

        kept = [
            r for r in self.rules
            if (not select or matches(r, select)) and not (ignore and matches(r, ignore))
        ]
        return RuleSet(tuple(kept))

    def regraded(self, severities: list[tuple[str, Severity]]) -> RuleSet:
        """Each rule at the severity of the last selector (id or prefix) that names it."""
        def severity_of(rule: Rule) -> Severity:
            named = [s for p, s in severities if rule.id == p or rule.id.startswith(p.rstrip(".") + ".")]
            return named[-1] if named else rule.severity
        return RuleSet(tuple(replace(r, severity=severity_of(r)) for r in self.rules))

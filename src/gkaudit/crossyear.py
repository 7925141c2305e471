"""Across years: a body's report against its report of the year before, within one batch.

A reviewer checks many reports at once; when a batch holds the same body's reports for
consecutive years, what one year carries forward must be what the next carries over.
The pairs of expressions are declared in YAML (``check: cross_year``): ``this`` is
evaluated on the later report, ``previous`` on the earlier one, compared with ``op``
(``==``, or ``>=``/``<=`` for soft checks), at every point of ``for_each`` — expanded
and resolved exactly as the arithmetic rules are.

A batch keeps, of each report, only its :class:`YearFacts` — who, which year, and the
few cells these rules name — so pairing the years costs memory in proportion to those
cells, not to whole reports.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from gkaudit.audit import ReportAudit, finding_cell
from gkaudit.prose import plain_number
from gkaudit.results import CellRole, Finding, FindingCell, ReportResult, YearCells
from gkaudit.rules.catalog import Rule, RuleSet
from gkaudit.rules.registry import BATCH_EXPRESSIONS
from gkaudit.rules.expr import parse_side
from gkaudit.rules.linear import CellKey, ExpansionError, LinearSide, domain_ids, linearise
from gkaudit.templates import Label, Layout, load_templates
from gkaudit.text import compact

Scope = tuple[tuple[str, str], ...]


def same_body(a: str, b: str) -> bool:
    """The same issuing body, written in full or without its city (洪泽区人民政府 ·
    淮安市洪泽区人民政府)."""
    a, b = compact(a), compact(b)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and longer.endswith(shorter)


@dataclass(frozen=True, slots=True)
class YearFacts:
    """What the cross-year rules need of one report (a batch holds one for every report)."""

    path: str
    body: str
    year: int
    layout: Layout
    cells: YearCells  # value and source of each cell the rules name

    def known_as(self, body: str, year: int | None) -> YearFacts:
        """The same facts under the body and year a manifest gives the report."""
        return YearFacts(self.path, body, self.year if year is None else year, self.layout, self.cells)

    def __reduce__(self):
        # one Layout object for every report of a layout, not one each, once unpickled
        return (_restored_facts, (self.path, self.body, self.year, self.layout.tables, self.cells))

    @classmethod
    def of(cls, result: ReportResult) -> YearFacts:
        """The facts of a checked report, from the cells its result keeps for the batch rules."""
        meta = result.metadata
        return cls(result.path, meta.body, meta.year, Layout(result.layout), result.year_cells)


@lru_cache(maxsize=256)
def _layout(tables: tuple[tuple[str, str], ...]) -> Layout:
    return Layout(tables)


def _restored_facts(path: str, body: str, year: int, tables: tuple[tuple[str, str], ...],
                    cells: YearCells) -> YearFacts:
    return YearFacts(path, body, year, _layout(tables), cells)


def year_cells(audit: ReportAudit, rules: tuple[Rule, ...]) -> YearCells:
    """The cells of a report that ``rules`` (cross-year, jump, roll-up) can name, with value
    and source, placed in one pass over a JSON file. A text cell is not compared, as a
    missing one."""
    needed = _cells_named(rules, audit.layout)
    keys = sorted(key for key, cell in audit.cells.items() if key in needed and cell.state != "text")
    places = audit.places(keys)
    return YearCells((key, audit.cells[key].value, audit.source_of(key, places)) for key in keys)


def scopes(rule: Rule, layout: Layout) -> list[dict[str, str]]:
    names = [name for name, _ in rule.for_each]
    try:
        domains = [domain_ids(domain, layout) for _, domain in rule.for_each]
    except ExpansionError:
        return []
    return [dict(zip(names, values)) for values in itertools.product(*domains)]


@lru_cache(maxsize=4096)  # bounded as the arithmetic's systems are (gkaudit.rules.linear)
def _expression(text: str):
    return parse_side(text)


def side_at(text: str, layout: Layout, scope: dict[str, str]) -> LinearSide | None:
    """An expression at one point of its scope, or None where the layout lacks a cell it names."""
    try:
        return linearise(_expression(text), layout, scope)
    except ExpansionError:
        return None


def _templates_allow(rule: Rule, side: LinearSide, layout: Layout) -> bool:
    return all(layout.template_of(table) in rule.templates for table in {t.cell[0] for t in side.terms})


@lru_cache(maxsize=1024)
def _comparisons(rule: Rule, later: Layout, earlier: Layout) -> tuple[tuple[Scope, LinearSide, LinearSide], ...]:
    """(scope, this on the later layout, previous on the earlier one) at every point of the
    rule's scope where both years have the cells and the templates the rule applies to."""
    found = []
    for scope in scopes(rule, later):
        this = side_at(rule.params["this"], later, scope)
        previous = side_at(rule.params["previous"], earlier, scope)
        if this is None or previous is None or not this.terms:
            continue
        if _templates_allow(rule, this, later) and _templates_allow(rule, previous, earlier):
            found.append((tuple(scope.items()), this, previous))
    return tuple(found)


@lru_cache(maxsize=256)
def _cells_named(rules: tuple[Rule, ...], layout: Layout) -> frozenset[CellKey]:
    """The cells of a layout any cross-year rule can name, this year or as the year before
    (the scope may come from the other year's layout: every template's is tried)."""
    layouts = [layout] + [Layout.uniform(template) for template in load_templates()]
    named: set[CellKey] = set()
    for rule in rules:
        for scope_layout in layouts:
            for scope in scopes(rule, scope_layout):
                sides = (side_at(rule.params[key], layout, scope) for key in BATCH_EXPRESSIONS[rule.check])
                named.update(t.cell for side in sides if side is not None for t in side.terms)
    return frozenset(named)


def value_of(side: LinearSide, facts: YearFacts) -> Decimal | None:
    total = Decimal(side.constant)
    for term in side.terms:
        if term.cell not in facts.cells:
            return None  # missing, or text: not compared
        value = facts.cells.value(term.cell)
        total += term.coefficient * (value if isinstance(value, (int, Decimal)) else Decimal(str(value or 0)))
    return total


def _holds(later: Decimal, earlier: Decimal, op: str) -> bool:
    return {"==": later == earlier, ">=": later >= earlier, "<=": later <= earlier}[op]


def cells_of(side: LinearSide, facts: YearFacts, role: CellRole) -> tuple[FindingCell, ...]:
    cells = []
    for term in side.terms:
        value, source = facts.cells[term.cell]
        cells.append(finding_cell(facts.layout, term.cell, value, role, source))
    return tuple(cells)


def _compare(rule: Rule, earlier: YearFacts, later: YearFacts) -> list[Finding]:
    findings: list[Finding] = []
    for scope, this, previous in _comparisons(rule, later.layout, earlier.layout):
        now, before = value_of(this, later), value_of(previous, earlier)
        if now is None or before is None or _holds(now, before, rule.params.get("op", "==")):
            continue
        cells = cells_of(this, later, "primary") + cells_of(previous, earlier, "context")
        fields = {
            "year": Label(str(earlier.year), str(earlier.year)),
            "reported": Label(str(plain_number(now)), str(plain_number(now))),
            "computed": Label(str(plain_number(before)), str(plain_number(before))),
            "printed": Label(earlier.path, earlier.path),
            "cell": Label(cells[0].label("zh"), cells[0].label("en")),
        }
        findings.append(Finding.of(rule, fields, cells, cells[0].source, reported=plain_number(now),
                                   computed=plain_number(before), scope=scope))
    return findings


def _suffixes(body: str) -> list[str]:
    """The endings a shorter spelling of the same body could have (four characters or more)."""
    return [body[i:] for i in range(len(body) - 3)]


def consecutive_pairs(batch: list[YearFacts]) -> list[tuple[int, int]]:
    """(earlier, later) positions for each report and the same body's report of the year before.

    A hash join on (year, normalised body): each report looks up every ending of its body
    (four characters or more) among the bodies of the year before and of the year after, so
    that the same body written in full or without its city pairs, in time linear in the
    batch and with one index entry per report. A spelling that ends several bodies' names
    pairs only with itself (see _unambiguous).
    """
    by_body: dict[tuple[int, str], list[int]] = {}
    bodies = [compact(facts.body) for facts in batch]
    for index, (facts, body) in enumerate(zip(batch, bodies)):
        by_body.setdefault((facts.year, body), []).append(index)
    pairs: set[tuple[int, int]] = set()
    for index, (facts, body) in enumerate(zip(batch, bodies)):
        for ending in _suffixes(body):
            pairs.update((earlier, index) for earlier in by_body.get((facts.year - 1, ending), ()) if earlier != index)
            pairs.update((index, later) for later in by_body.get((facts.year + 1, ending), ()) if later != index)
    return sorted(_unambiguous(pairs, bodies))


def _unambiguous(pairs: set[tuple[int, int]], bodies: list[str]) -> list[tuple[int, int]]:
    """The pairs left when a shorter spelling could mean several bodies: a bare 市场监督管理局
    ends both 洪泽区市场监督管理局 and 淮阴区市场监督管理局 of the other year, so it pairs with
    neither (only with its own spelling); comparing it with both would report two false slips."""
    later_bodies: dict[int, set[str]] = {}
    earlier_bodies: dict[int, set[str]] = {}
    for earlier, later in pairs:
        later_bodies.setdefault(earlier, set()).add(bodies[later])
        earlier_bodies.setdefault(later, set()).add(bodies[earlier])
    return [(earlier, later) for earlier, later in pairs if bodies[earlier] == bodies[later]
            or (len(later_bodies[earlier]) == 1 and len(earlier_bodies[later]) == 1)]


def earlier_reports(pairs: list[tuple[int, int]]) -> dict[int, list[int]]:
    """Each later report's position → its earlier reports' positions, both ascending."""
    earlier: dict[int, list[int]] = {}
    for before, later in sorted(pairs, key=lambda pair: (pair[1], pair[0])):
        earlier.setdefault(later, []).append(before)
    return earlier


def cross_year_findings(batch: list[YearFacts], ruleset: RuleSet,
                        pairs: list[tuple[int, int]] | None = None) -> Iterator[tuple[int, list[Finding]]]:
    """(position, its findings) for each later report of a consecutive pair with findings,
    in ascending position: one report's at a time, never a whole batch's in memory."""
    rules = ruleset.checks("cross_year")
    if not rules:
        return
    for later, earlier in earlier_reports(consecutive_pairs(batch) if pairs is None else pairs).items():
        findings = [f for before in earlier for rule in rules for f in _compare(rule, batch[before], batch[later])]
        if findings:
            yield later, findings

"""Across years: a body's report against its report of the year before, within one batch.

A reviewer checks many reports at once; when a batch holds the same body's reports for
consecutive years, what one year carries forward must be what the next carries over.
The pairs of expressions are declared in YAML (``check: cross_year``): ``this`` is
evaluated on the later report, ``previous`` on the earlier one, compared with ``op``
(``==``, or ``>=``/``<=`` for soft checks), at every point of ``for_each`` — expanded
and resolved exactly as the arithmetic rules are.

A batch keeps, of each report, only its :class:`YearFacts` — who, which year, and the
few cells these rules name — on disk (gkaudit.result_store.FactStore), and in memory its
:class:`YearKeys` entry, the (body, year) it is paired by: a few bytes a report.
"""

from __future__ import annotations

import itertools
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter

import numpy as np

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


class YearKeys:
    """Each report's pairing key, (normalised body, year), in a few bytes a report: the
    bodies' names once each, a report's body as the number of its name. A batch keeps
    these in memory and its year facts on disk (gkaudit.result_store.FactStore)."""

    def __init__(self) -> None:
        self.names: list[str] = []  # each normalised body once
        self.ids: dict[str, int] = {}  # name → its place in names
        self.body_of = array("I")  # each report's body, as its name's place (4 bytes)
        self.year_of: list[int] = []  # each report's year (any integer a report gives)
        self._years: dict[int, int] = {}  # one int object per distinct year

    @classmethod
    def of(cls, batch: Iterable[YearFacts]) -> YearKeys:
        keys = cls()
        for facts in batch:
            keys.add(facts.body, facts.year)
        return keys

    def add(self, body: str, year: int) -> None:
        name = compact(body)
        body_id = self.ids.get(name)
        if body_id is None:
            body_id = self.ids[name] = len(self.names)
            self.names.append(name)
        self.body_of.append(body_id)
        self.year_of.append(self._years.setdefault(year, year))

    def copy(self) -> YearKeys:
        copy = YearKeys()
        copy.names, copy.ids, copy._years = list(self.names), dict(self.ids), dict(self._years)
        copy.body_of, copy.year_of = array("I", self.body_of), list(self.year_of)
        return copy

    def __len__(self) -> int:
        return len(self.body_of)

    def key(self, index: int) -> tuple[int, int]:
        return self.body_of[index], self.year_of[index]


_SHIFT, _MASK = 32, (1 << 32) - 1  # two positions in one number (a batch has fewer than 2³¹ reports)


class YearPairs:
    """(earlier, later) positions of the same body's reports of consecutive years, held as
    one array of numbers, later << 32 | earlier, ordered by the later report (8 bytes a pair)."""

    def __init__(self, numbers: np.ndarray) -> None:
        self._numbers = array("q", np.sort(numbers).astype(np.int64).tobytes())

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """The pairs, by later report then earlier one."""
        for number in self._numbers:
            yield number & _MASK, number >> _SHIFT

    def __len__(self) -> int:
        return len(self._numbers)

    def by_later(self) -> Iterator[tuple[int, list[int]]]:
        """Each later report's position with its earlier reports' positions, both ascending."""
        for later, group in itertools.groupby(self, key=itemgetter(1)):
            yield later, [earlier for earlier, _ in group]

    def earlier_of(self, later: int) -> list[int]:
        """The positions of the reports ``later`` is paired with as the year after, ascending."""
        start = bisect_left(self._numbers, later << _SHIFT)
        end = bisect_left(self._numbers, (later + 1) << _SHIFT)
        return [number & _MASK for number in self._numbers[start:end]]


class _KeyOrder:
    """The reports' positions ordered by pairing key (ties by position), each key one number
    (its body's place times the number of distinct years, plus its year's place among them):
    arrays of numbers, where a tuple for each report's key held 12 MB at 100,000 reports."""

    def __init__(self, keys: YearKeys) -> None:
        self._places = {year: place for place, year in enumerate(sorted(set(keys.year_of)))}
        years = np.fromiter(map(self._places.__getitem__, keys.year_of), np.int64, len(keys))
        numbers = np.asarray(keys.body_of, dtype=np.int64) * len(self._places) + years
        self._order = np.argsort(numbers, kind="stable")
        self._numbers = numbers[self._order]

    def reports_of(self, body_id: int, year: int) -> list[int]:
        """The positions of the reports of this body and year, ascending."""
        place = self._places.get(year)
        if place is None:
            return []
        number = body_id * len(self._places) + place
        start, end = np.searchsorted(self._numbers, [number, number + 1])
        return self._order[start:end].tolist()


def consecutive_pairs(keys: YearKeys) -> YearPairs:
    """The pairs of reports of the same body and consecutive years.

    A join on (year, normalised body): each report looks up every ending of its body (four
    characters or more) among the bodies of the year before and of the year after, so
    that the same body written in full or without its city pairs, in time linear in the
    batch (n log n for the one sort) and in a few bytes a report: the reports are found by
    bisecting one array of positions ordered by their keys. A spelling that ends several
    bodies' names pairs only with itself (see _unambiguous).
    """
    numbers = _matches(keys)
    earlier, later = numbers >> _SHIFT, numbers & _MASK
    kept = _unambiguous(earlier, later, np.asarray(keys.body_of, dtype=np.int64))
    return YearPairs(later[kept] << _SHIFT | earlier[kept])


def _matches(keys: YearKeys) -> np.ndarray:
    """Each pair of reports of consecutive years whose bodies' names one ends the other's,
    once, as earlier << _SHIFT | later, ascending."""
    order = _KeyOrder(keys)
    found = array("Q")  # most pairs are found from both sides
    for index, (body_id, year) in enumerate(zip(keys.body_of, keys.year_of)):
        for ending in _suffixes(keys.names[body_id]):
            ending_id = keys.ids.get(ending)
            if ending_id is None:
                continue
            found.extend(earlier << _SHIFT | index for earlier in order.reports_of(ending_id, year - 1) if earlier != index)
            found.extend(index << _SHIFT | later for later in order.reports_of(ending_id, year + 1) if later != index)
    return np.unique(np.frombuffer(found, dtype=np.uint64)).astype(np.int64)


def _unambiguous(earlier: np.ndarray, later: np.ndarray, body_of: np.ndarray) -> np.ndarray:
    """Which pairs are left when a shorter spelling could mean several bodies: a bare 市场监督管理局
    ends both 洪泽区市场监督管理局 and 淮阴区市场监督管理局 of the other year, so it pairs with
    neither (only with its own spelling); comparing it with both would report two false slips."""
    one_later_body = _one_body(earlier, body_of[later], len(body_of))
    one_earlier_body = _one_body(later, body_of[earlier], len(body_of))
    return (body_of[earlier] == body_of[later]) | (one_later_body[earlier] & one_earlier_body[later])


def _one_body(reports: np.ndarray, partners: np.ndarray, size: int) -> np.ndarray:
    """For each position, whether the partner bodies ``partners`` paired with it (where
    ``reports`` is that position) are all one body, or none."""
    lowest, highest = np.full(size, np.iinfo(np.int64).max), np.full(size, -1, dtype=np.int64)
    np.minimum.at(lowest, reports, partners)
    np.maximum.at(highest, reports, partners)
    return lowest >= highest


def cross_year_findings(batch: Sequence[YearFacts], ruleset: RuleSet,
                        pairs: YearPairs | None = None) -> Iterator[tuple[int, list[Finding]]]:
    """(position, its findings) for each later report of a consecutive pair with findings,
    in ascending position: one report's at a time, never a whole batch's in memory."""
    rules = ruleset.checks("cross_year")
    if not rules:
        return
    for later, earlier in (consecutive_pairs(YearKeys.of(batch)) if pairs is None else pairs).by_later():
        later_facts = batch[later]  # each report read from a store once here, not once a rule
        findings: list[Finding] = []
        for before in earlier:
            before_facts = batch[before]
            findings += [f for rule in rules for f in _compare(rule, before_facts, later_facts)]
        if findings:
            yield later, findings

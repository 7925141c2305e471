"""Arithmetic rules compiled into one linear system over a report's cell vector.

Once a rule's ``for_each`` scope is expanded, every binding is a linear relation
``Σ coef·cell + constant  (== | <= | >=)  0`` over the cells of one layout. Stacking the
bindings gives a matrix ``A`` (bindings × cells): checking a batch of reports is the
product ``X · Aᵀ``, and localising a wrong cell searches the same system. The tables
are small (a few hundred cells), so a dense numpy array is both simpler and faster
than a sparse one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

from gkaudit.model import Cell
from gkaudit.rules.model import Rule, Scope, rule_key
from gkaudit.rules.expr import Assertion, Number, Ref, Selector, Side, Sum, parse_side
from gkaudit.templates import Layout, TableSpec

CellKey = tuple[str, str, str]  # (table, row, column)


class ExpansionError(ValueError):
    """A rule refers to something the layout does not have."""


@dataclass(frozen=True)
class Term:
    coefficient: int
    cell: CellKey


@dataclass(frozen=True)
class LinearSide:
    terms: tuple[Term, ...]
    constant: int


@dataclass(frozen=True)
class Binding:
    """One rule applied at one point of its scope, e.g. T3.TOTAL for column 总计."""

    rule: Rule
    scope: Scope
    lhs: LinearSide
    op: str
    rhs: LinearSide

    @property
    def cells(self) -> list[CellKey]:
        return [t.cell for t in self.lhs.terms + self.rhs.terms]

    @property
    def key(self) -> str:
        return rule_key(self.rule.id, self.scope)


def tables_of(rule: Rule) -> set[str]:
    """Tables a rule's expression and scope touch."""
    tables = {domain.split(".")[0] for _, domain in rule.for_each}
    if rule.assertion is not None:
        for side in (rule.assertion.lhs, rule.assertion.rhs):
            tables |= _side_tables(side)
    return tables


def _side_tables(side: Side) -> set[str]:
    tables: set[str] = set()
    for _, term in side.terms:
        if isinstance(term, Ref):
            tables.add(term.table)
        elif isinstance(term, Sum):
            tables.add(term.ref.table)
        elif isinstance(term, Side):
            tables |= _side_tables(term)
    return tables


def applies(rule: Rule, layout: Layout) -> bool:
    known = dict(layout.tables)
    return all(table in known and known[table] in rule.templates for table in tables_of(rule))


def domain_ids(domain: str, layout: Layout) -> list[str]:
    """The row or column ids a for_each domain (TABLE.rows, TABLE.columns.GROUP …) ranges over."""
    parts = domain.split(".")
    if len(parts) not in (2, 3) or parts[1] not in ("rows", "columns"):
        raise ExpansionError(f"for_each domain {domain!r} must be TABLE.rows, TABLE.columns or TABLE.rows.GROUP")
    table = _spec(layout, parts[0])
    if len(parts) == 2:
        return list(table.rows if parts[1] == "rows" else table.columns)
    groups = table.row_groups if parts[1] == "rows" else table.column_groups
    if parts[2] not in groups:
        raise ExpansionError(f"for_each domain {domain!r}: {parts[0]} has no {parts[1][:-1]} group {parts[2]!r}")
    return list(groups[parts[2]].members)


def _spec(layout: Layout, table: str) -> TableSpec:
    if table not in dict(layout.tables):
        raise ExpansionError(f"unknown table {table!r}")
    return layout.spec(table)


def _select(selector: Selector, axis: str, table: TableSpec, env: dict[str, str]) -> tuple[list[str], bool]:
    """The ids a selector picks, and whether it is a single cell position."""
    ids = list(table.rows if axis == "row" else table.columns)
    groups = table.row_groups if axis == "row" else table.column_groups
    if selector.kind == "var":
        return [env[selector.first]], True
    if selector.kind == "all":
        return ids, False
    if selector.kind == "range":
        for end in (selector.first, selector.last):
            if end not in ids:
                raise ExpansionError(f"{table.id} has no {axis} {end!r}")
        start, stop = ids.index(selector.first), ids.index(selector.last)
        if start > stop:
            raise ExpansionError(f"range {selector} runs backwards in {table.id}")
        return ids[start : stop + 1], False
    if selector.first in ids:
        return [selector.first], True
    if selector.first in groups:
        return list(groups[selector.first].members), False
    raise ExpansionError(f"{table.id} has no {axis} or {axis} group {selector.first!r}")


def _ref_cells(ref: Ref, layout: Layout, env: dict[str, str], in_sum: bool) -> list[CellKey]:
    table = _spec(layout, ref.table)
    rows, single_row = _select(ref.row, "row", table, env)
    columns, single_column = _select(ref.column, "column", table, env)
    if not in_sum and not (single_row and single_column):
        raise ExpansionError(f"{ref.table}[{ref.row}, {ref.column}] selects several cells; wrap it in sum(...)")
    cells = [(ref.table, r, c) for r, c in itertools.product(rows, columns) if table.has_cell(r, c)]
    if not cells:
        raise ExpansionError(f"{ref.table}[{ref.row}, {ref.column}] selects no cell of this layout")
    return cells


def linearise(side: Side, layout: Layout, env: dict[str, str], sign: int = 1) -> LinearSide:
    terms: list[Term] = []
    constant = 0
    for term_sign, term in side.terms:
        s = sign * term_sign
        if isinstance(term, Number):
            constant += s * term.value
        elif isinstance(term, Ref):
            terms += [Term(s, c) for c in _ref_cells(term, layout, env, in_sum=False)]
        elif isinstance(term, Sum):
            terms += [Term(s, c) for c in _ref_cells(term.ref, layout, env, in_sum=True)]
        else:
            inner = linearise(term, layout, env, s)
            terms += inner.terms
            constant += inner.constant
    return LinearSide(tuple(terms), constant)


def expand(rule: Rule, layout: Layout) -> list[Binding]:
    """Every binding of an arithmetic rule over one layout."""
    assertion: Assertion | None = rule.assertion
    if assertion is None:
        return []
    names = [name for name, _ in rule.for_each]
    domains = [domain_ids(domain, layout) for _, domain in rule.for_each]
    bindings = []
    for values in itertools.product(*domains) if domains else [()]:
        env = dict(zip(names, values))
        bindings.append(
            Binding(
                rule=rule,
                scope=tuple(env.items()),
                lhs=linearise(assertion.lhs, layout, env),
                op=assertion.op,
                rhs=linearise(assertion.rhs, layout, env),
            )
        )
    return bindings


@dataclass(frozen=True)
class LinearSystem:
    """All bindings of a rule set over one layout, as ``A·x + b (op) 0``."""

    layout: Layout
    cells: tuple[CellKey, ...]
    bindings: tuple[Binding, ...]

    @cached_property
    def index(self) -> dict[CellKey, int]:
        return {cell: i for i, cell in enumerate(self.cells)}

    def matrix(self):  # -> numpy.ndarray, imported lazily to keep start-up light
        import numpy as np

        index = self.index
        a = np.zeros((len(self.bindings), len(self.cells)))
        for i, binding in enumerate(self.bindings):
            for term in binding.lhs.terms:
                a[i, index[term.cell]] += term.coefficient
            for term in binding.rhs.terms:
                a[i, index[term.cell]] -= term.coefficient
        return a

    def constants(self):
        import numpy as np

        return np.array([b.lhs.constant - b.rhs.constant for b in self.bindings], dtype=float)


# bounded: a run has one rule set and a few layouts, the fuzzer a new rule set for many inputs
@lru_cache(maxsize=64)
def compile_system(rules: tuple[Rule, ...], layout: Layout) -> LinearSystem:
    bindings = [b for rule in rules if rule.is_arithmetic and applies(rule, layout) for b in expand(rule, layout)]
    return LinearSystem(layout, tuple(layout.cell_ids()), tuple(bindings))


@lru_cache(maxsize=4096)
def _linear_side(expression: str, layout: Layout) -> LinearSide | None:
    """An expression parsed and resolved once per layout: prose and cross-year rules
    evaluate the same few expressions on every report of a batch."""
    try:
        return linearise(parse_side(expression), layout, {})
    except ExpansionError:
        return None


def evaluate(expression: str, layout: Layout, cells: dict[CellKey, Cell]) -> tuple[Decimal | None, list[CellKey]]:
    """An expression (without comparison) over one report's cells: its value and cells,
    or None when the layout lacks a cell it names or a cell is missing or text."""
    side = _linear_side(expression, layout)
    if side is None:
        return None, []
    total = Decimal(side.constant)
    for term in side.terms:
        cell = cells.get(term.cell)
        if cell is None or cell.state == "text":
            return None, []
        total += term.coefficient * Decimal(str(cell.value or 0))
    return total, [t.cell for t in side.terms]

"""Which cell is wrong: minimum-change explanations of failed arithmetic (Fellegi–Holt).

The failed equality rules of one report are grouped where they share cells (one
slip usually breaks several rules). For each group, the smallest sets of cells are
searched whose change makes *every* equality rule of the report hold at once, with
whole, non-negative values where the template asks for counts. The search is exact and
deterministic: sets are tried by size, in template order, and every minimal set found is
kept, so ties are listed, never broken at random.

Weights: every cell weighs the same — a total and a part are equally likely to be the
wrong one. A total that disagrees with its parts is therefore often ambiguous on its
own; it becomes identifiable when other rules (the row totals, the printed identity)
pin it down, as in the seed, where the 总计 column and the 自然人 column cross.

A set is *identifiable* when the rules fix its new values uniquely (the changed cells'
columns of the rule matrix are independent); otherwise it is reported without values.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
import numpy as np

from gkaudit.audit import ReportAudit, cell_info
from gkaudit.results import Cause, CellChange, Explanation
from gkaudit.rules.linear import Binding, CellKey, LinearSystem, compile_system

MAX_CHANGES = 3
MAX_CANDIDATE_SETS = 60_000  # per group and size; beyond it the table is not "a slip"
FLOAT_SCREEN = 1e-9  # relative: the float pass only screens, exact arithmetic decides


@dataclass
class _Group:
    """Failed rules linked through shared cells, while their explanations are searched."""

    bindings: list[Binding]  # the failed ones
    explanations: list[Explanation] = field(default_factory=list)
    searched_up_to: int = 0

    def as_cause(self, cause_id: str) -> Cause:
        return Cause(cause_id, tuple((b.rule.id, b.scope) for b in self.bindings), tuple(self.explanations), self.searched_up_to)


def _components(bindings: list[Binding]) -> list[list[Binding]]:
    """Bindings linked by shared cells, directly or through other bindings.

    A slip is searched within its component: changing a cell moves every rule that uses
    it, passing rules included, so the seed's two columns fail together through the
    （七）总计 row. Tables never share a rule, so they never share a component.
    """
    groups: list[tuple[set[CellKey], list[Binding]]] = []
    for binding in bindings:
        cells = set(binding.cells)
        touching = [g for g in groups if g[0] & cells]
        merged = (cells.union(*(g[0] for g in touching)), [b for g in touching for b in g[1]] + [binding])
        groups = [g for g in groups if all(g is not t for t in touching)] + [merged]
    return [g[1] for g in groups]


class _Solver:
    """The report's equality system restricted to what can be assessed.

    Candidates are screened in floating point with a tolerance scaled to the figures
    involved, then decided in exact rational arithmetic: a PDF can run digits together
    into 10,000,000,000, where a fixed float tolerance loses the cause.
    """

    def __init__(self, audit: ReportAudit, system: LinearSystem, rows: list[int]) -> None:
        index = system.index
        self.system = system
        self.matrix = system.matrix()[rows]
        self.exact_matrix = [[int(a) for a in row] for row in self.matrix]
        exact_values: list[int | Fraction] = [0] * len(system.cells)
        for key, cell in audit.cells.items():
            if key in index and cell.state == "number":
                value = cell.value
                exact_values[index[key]] = value if isinstance(value, int) else Fraction(value)  # type: ignore[arg-type]
        self.exact_values = exact_values
        self.exact_residual = [
            sum((a * exact_values[j] for j, a in enumerate(row) if a),
                _exact(system.bindings[r].lhs.constant - system.bindings[r].rhs.constant))
            for row, r in zip(self.exact_matrix, rows)
        ]
        self.values = np.array([float(v) for v in exact_values])
        self.residual = np.array([float(r) for r in self.exact_residual])
        self.scale = max(1.0, float(np.abs(self.values).max(initial=0)), float(np.abs(self.residual).max(initial=0)))
        self.kinds = [audit.layout.spec(t).columns[c].kind for t, _, c in system.cells]

    def solve(self, positions: tuple[int, ...]) -> tuple[bool, tuple[int, ...] | None]:
        """(all rules hold after changing these cells, the unique new values or None)."""
        a = self.matrix[:, positions]
        delta, *_ = np.linalg.lstsq(a, -self.residual, rcond=None)
        if np.abs(a @ delta + self.residual).max(initial=0) > FLOAT_SCREEN * self.scale:
            return False, None
        consistent, exact_delta = solve_exactly(
            [[row[p] for p in positions] for row in self.exact_matrix], [-r for r in self.exact_residual]
        )
        if not consistent:
            return False, None
        if exact_delta is None:
            return True, None
        new = [self.exact_values[p] + d for p, d in zip(positions, exact_delta)]
        if any(v.denominator != 1 for v in new) or not any(exact_delta):
            return False, None
        if any(v < 0 and self.kinds[p] != "signed" for p, v in zip(positions, new)):
            return False, None
        return True, tuple(int(v) for v in new)


def _exact(number: int | Decimal) -> int | Fraction:
    return number if isinstance(number, int) else Fraction(number)


def solve_exactly(matrix: list[list[int]], target: list[Fraction]) -> tuple[bool, list[Fraction] | None]:
    """Gaussian elimination over the rationals: (the system has a solution, the solution
    when it is unique, else None)."""
    rows = [[Fraction(a) for a in row] + [t] for row, t in zip(matrix, target)]
    width = len(matrix[0]) if matrix else 0
    pivots: list[int] = []
    rank = 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][column]
        rows[rank] = [x / lead for x in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[rank])]
        pivots.append(column)
        rank += 1
    if any(row[-1] for row in rows[rank:]):
        return False, None
    if rank < width:
        return True, None
    return True, [rows[i][-1] for i in range(width)]


def _search(solver: _Solver, group: _Group, audit: ReportAudit) -> None:
    index = solver.system.index
    candidates = sorted({index[c] for b in group.bindings for c in b.cells if c in index})
    must_hit = [{index[c] for c in b.cells} for b in group.bindings]
    for size in range(1, MAX_CHANGES + 1):
        group.searched_up_to = size
        tried = 0
        for positions in itertools.combinations(candidates, size):
            if not all(hit & set(positions) for hit in must_hit):
                continue
            tried += 1
            if tried > MAX_CANDIDATE_SETS:
                return
            holds, new = solver.solve(positions)
            if not holds:
                continue
            changes = tuple(_change(audit, solver.system.cells[p], new[i] if new is not None else None)
                            for i, p in enumerate(positions))
            group.explanations.append(Explanation(changes, new is not None, _hypotheses(changes, group, audit)))
        if group.explanations:
            return


def _blank_totals(solver: _Solver, component: list[Binding], audit: ReportAudit) -> list[Explanation]:
    """A clerk who fills in the parts and leaves the 总计 column (or every total) blank, or
    writes 0 throughout it, breaks one rule per total: far more changes than a slip, so the
    search gives up. Filling every blank or zero total of the group with the sum its rule
    gives is one cause, when it makes every rule hold and the rules fix each value."""
    totals = {b.lhs.terms[0].cell for b in component if len(b.lhs.terms) == 1 and not b.rhs.constant}
    index = solver.system.index
    blanks = tuple(sorted(index[c] for c in totals if (cell := audit.cells.get(c)) is not None and cell.value in (None, 0)))
    if len(blanks) <= MAX_CHANGES:
        return []  # a few unfilled totals are slips the search already tried
    found = _filled(solver, audit, blanks)
    if found:
        return found
    # the blank totals and one slip besides: each other cell of the group tried once, ties kept
    others = sorted({index[c] for b in component for c in b.cells if c in index} - set(blanks))
    return [e for p in others for e in _filled(solver, audit, tuple(sorted((*blanks, p))))]


def _filled(solver: _Solver, audit: ReportAudit, positions: tuple[int, ...]) -> list[Explanation]:
    holds, new = solver.solve(positions)
    if not holds or new is None:
        return []
    changes = tuple(_change(audit, solver.system.cells[p], value) for p, value in zip(positions, new)
                    if value != (audit.cells[solver.system.cells[p]].value or 0))
    return [Explanation(changes, True, ("totals_not_filled",))]


def _change(audit: ReportAudit, key: CellKey, proposed: int | None) -> CellChange:
    cell = audit.cells.get(key)
    current = cell.value if cell is not None and cell.state == "number" else None
    return CellChange(cell_info(audit, key, "primary"), current, proposed)  # type: ignore[arg-type]


def _digits(value: object) -> str:
    return str(value) if isinstance(value, int) else ""


def _hypotheses(changes: tuple[CellChange, ...], group: _Group, audit: ReportAudit) -> tuple[str, ...]:
    """Labels for the kind of slip an explanation looks like."""
    found: list[str] = []
    totals = {b.lhs.terms[0].cell for b in group.bindings if len(b.lhs.terms) == 1}
    for change in changes:
        old, new = change.current, change.proposed
        if new is None:
            continue
        a, b = _digits(old), _digits(new)
        if change.key in totals and (old in (None, 0)) and new != 0:
            found.append("total_not_updated")
        elif a and b and a != b and sorted(a) == sorted(b) and len(a) > 1:
            found.append("digits_transposed")
        elif a and b and len(a) + 1 == len(b) and any(b[:i] + b[i + 1 :] == a for i in range(len(b))):
            found.append("digit_dropped")
        elif a and b and len(a) == len(b) + 1 and any(a[:i] + a[i + 1 :] == b for i in range(len(a))):
            found.append("digit_doubled" if any(a[i] == a[i + 1] for i in range(len(a) - 1)) else "digit_inserted")
        elif isinstance(old, int) and old == -new and old != 0:
            found.append("sign_error")
        elif isinstance(old, int) and old >= 10 and _copied(change, group, audit):
            found.append("copied_from_neighbour")
    if len(changes) == 2:
        first, second = changes
        for x, y in ((first, second), (second, first)):
            if x.proposed is None or y.proposed is None or not _digits(x.current):
                continue
            if _digits(x.current) == f"{x.proposed}{y.proposed}" and y.current in (None, 0):
                found.append("digits_run_together")  # "123" | "" for "12" | "3"
            if _digits(y.current) and str(x.proposed) == f"{x.current}{y.current}" and y.proposed == 0:
                found.append("digits_split")  # "12" | "3" for "123" | "0"
    return tuple(dict.fromkeys(found))


def _copied(change: CellChange, group: _Group, audit: ReportAudit) -> bool:
    """The wrong value equals another cell's value in the same row or column (only for
    values of two digits or more: small counts coincide too often to mean anything)."""
    table, row, column = change.key
    for binding in group.bindings:
        for other in binding.cells:
            if other != change.key and other[0] == table and (other[1] == row or other[2] == column):
                cell = audit.cells.get(other)
                if cell is not None and cell.value == change.current:
                    return True
    return False


def localize(audit: ReportAudit, rules: tuple) -> list[Cause]:
    """The causes of the failed error-severity equality rules of one report, numbered
    C1, C2, … in the order their first rule fails."""
    failed_keys = {(f.rule, f.scope) for f in audit.findings if f.status == "fail" and f.arithmetic is not None}
    if not failed_keys:
        return []  # most reports of a batch add up: nothing to search
    system = compile_system(rules, audit.layout)
    equalities = [i for i, b in enumerate(system.bindings) if b.op == "==" and b.rule.severity == "error"]
    if not equalities:
        return []

    def readable(cell: CellKey) -> bool:
        present = audit.cells.get(cell)
        return present is not None and present.state != "text"

    # rules over missing or text cells say nothing about the other cells: leave them out
    assessable = [i for i in equalities if all(readable(c) for c in system.bindings[i].cells)]
    failed = {id(system.bindings[i]) for i in assessable if (system.bindings[i].rule.id, system.bindings[i].scope) in failed_keys}
    causes: list[Cause] = []
    for component in _components([system.bindings[i] for i in assessable]):
        failing = [b for b in component if id(b) in failed]
        if not failing:
            continue
        members = {id(b) for b in component}
        group = _Group(failing)
        solver = _Solver(audit, system, [i for i in assessable if id(system.bindings[i]) in members])
        _search(solver, group, audit)
        if not group.explanations:
            group.explanations += _blank_totals(solver, component, audit)
        causes.append(group.as_cause(f"C{len(causes) + 1}"))
    return causes

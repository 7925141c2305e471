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

When no small set explains a group, the whole-line slips of a clerk are tried, each as
one cause with every cell's value: a 总计 column left blank, a row copied into the next,
a run of figures typed one cell out of place, a total typed one row too low.
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
        self.terms: list[list[tuple[int, int]]] = [[] for _ in system.cells]  # cell → (rule row, coefficient)
        for k, row in enumerate(self.exact_matrix):
            for j, a in enumerate(row):
                if a:
                    self.terms[j].append((k, a))

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
        if not any(exact_delta):
            return False, None
        return self.admissible(positions, exact_delta)

    def admissible(self, positions: tuple[int, ...], delta: list[Fraction]) -> tuple[bool, tuple[int, ...] | None]:
        """The changed cells' new values, if whole and (for counts) not negative."""
        new = [self.exact_values[p] + d for p, d in zip(positions, delta)]
        if any(v.denominator != 1 for v in new):
            return False, None
        if any(v < 0 and self.kinds[p] != "signed" for p, v in zip(positions, new)):
            return False, None
        return True, tuple(int(v) for v in new)


class _Residual:
    """The rules' exact residuals while some cells take other values, one cell at a time:
    a clerk pattern moves many cells, and trying each run anew would cost its length again."""

    def __init__(self, solver: _Solver) -> None:
        self.solver = solver
        self.left = {k: r for k, r in enumerate(solver.exact_residual) if r}  # the rules that fail

    def set(self, position: int, value: int | Fraction) -> None:
        change = value - self.solver.exact_values[position]
        for k, a in self.solver.terms[position]:
            left = self.left.get(k, 0) + a * change
            if left:
                self.left[k] = left
            else:
                self.left.pop(k, None)

    def fixing(self, free: tuple[int, ...]) -> tuple[bool, tuple[int, ...] | None]:
        """(every rule holds once the free cells take the values the rules then call for,
        those values when the rules fix them)."""
        rows = sorted({k for p in free for k, _ in self.solver.terms[p]})
        if any(k not in rows for k in self.left):
            return False, None
        if not rows:
            return True, None  # no rule uses the free cells: they could hold anything
        matrix = self.solver.exact_matrix
        consistent, delta = solve_exactly([[matrix[k][p] for p in free] for k in rows], [-Fraction(self.left.get(k, 0)) for k in rows])
        if not consistent or delta is None:
            return consistent, None
        return self.solver.admissible(free, delta)


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
            group.explanations.append(Explanation(changes, new is not None, _hypotheses(changes, group, solver, audit)))
        if group.explanations:
            return


def _total_cells(component: list[Binding]) -> set[CellKey]:
    """The cells that hold a sum of others: the left side of a total rule."""
    return {b.lhs.terms[0].cell for b in component if len(b.lhs.terms) == 1 and not b.rhs.constant}


def _blank_totals(solver: _Solver, component: list[Binding], audit: ReportAudit) -> tuple[int, ...]:
    """The blank or zero totals of the group, when there are more than a few: a few
    unfilled totals are slips the search already tried."""
    index = solver.system.index
    blanks = tuple(sorted(index[c] for c in _total_cells(component) if (cell := audit.cells.get(c)) is not None and cell.value in (None, 0)))
    return blanks if len(blanks) > MAX_CHANGES else ()


def _totals_filled(solver: _Solver, component: list[Binding], audit: ReportAudit) -> list[Explanation]:
    """A clerk who fills in the parts and leaves the 总计 column (or every total) blank, or
    writes 0 throughout it, breaks one rule per total: far more changes than a slip, so the
    search gives up. Filling every blank or zero total of the group with the sum its rule
    gives is one cause, when it makes every rule hold and the rules fix each value."""
    blanks = _blank_totals(solver, component, audit)
    return _filled(solver, audit, blanks) if blanks else []


def _totals_filled_and_a_slip(solver: _Solver, component: list[Binding], audit: ReportAudit) -> list[Explanation]:
    """The blank totals and one slip besides: each other cell of the group tried once, ties
    kept. Two causes at once, so only when no single one explains the group."""
    blanks, index = _blank_totals(solver, component, audit), solver.system.index
    if not blanks:
        return []
    others = sorted({index[c] for b in component for c in b.cells if c in index} - set(blanks))
    return [e for p in others for e in _filled(solver, audit, tuple(sorted((*blanks, p))))]


def _filled(solver: _Solver, audit: ReportAudit, positions: tuple[int, ...]) -> list[Explanation]:
    holds, new = solver.solve(positions)
    if not holds or new is None:
        return []
    changes = tuple(_change(audit, solver.system.cells[p], value) for p, value in zip(positions, new)
                    if value != (audit.cells[solver.system.cells[p]].value or 0))
    return [Explanation(changes, True, ("totals_not_filled",))]


@dataclass(frozen=True)
class _Line:
    """A row or a column of one table: the solver positions of its cells, in template order."""

    table: str
    axis: str  # "row" (its cells run left to right) or "column" (top to bottom)
    name: str
    positions: tuple[int, ...]


def _lines(solver: _Solver, component: list[Binding], audit: ReportAudit) -> list[_Line]:
    """The rows, then the columns, of the tables the group's rules use, each only when every
    cell of it can be read: a clerk's pattern is looked for in whole lines."""
    index = solver.system.index
    lines: list[_Line] = []
    for table in sorted({c[0] for b in component for c in b.cells}, key=[t for t, _ in audit.layout.tables].index):
        spec = audit.layout.spec(table)
        along = [("row", r, [(table, r, c) for c in spec.columns if spec.has_cell(r, c)]) for r in spec.rows]
        along += [("column", c, [(table, r, c) for r in spec.rows if spec.has_cell(r, c)]) for c in spec.columns]
        for axis, name, keys in along:
            if len(keys) > 1 and all(k in index and _readable(audit, k) for k in keys):
                lines.append(_Line(table, axis, name, tuple(index[k] for k in keys)))
    return lines


def _readable(audit: ReportAudit, key: CellKey) -> bool:
    cell = audit.cells.get(key)
    return cell is not None and cell.state != "text"


def _row_repeats_above(audit: ReportAudit, table: str, row: str, parts: int = 1,
                       totals: frozenset[CellKey] = frozenset()) -> bool:
    """The row holds exactly the figures of the row above (a blank and a 0 alike), at least
    two of them not zero and ``parts`` of those outside ``totals``: fewer coincide too often
    between neighbouring rows to mean a copy."""
    spec = audit.layout.spec(table)
    rows = list(spec.rows)
    place = rows.index(row)
    if place == 0 or spec.rows[rows[place - 1]].columns != spec.rows[row].columns:
        return False
    above = rows[place - 1]
    values = [[_figure(audit, (table, r, c)) for c in spec.rows[row].columns] for r in (above, row)]
    filled = [c for c, v in zip(spec.rows[row].columns, values[1]) if v]
    return (values[0] == values[1] and None not in values[1] and len(filled) >= 2
            and sum(1 for c in filled if (table, row, c) not in totals) >= parts)


def _figure(audit: ReportAudit, key: CellKey) -> int | Decimal | None:
    """A cell's number, a blank as 0; None when it holds text or is missing."""
    cell = audit.cells.get(key)
    if cell is None or cell.state == "text":
        return None
    return cell.value or 0  # type: ignore[return-value]


_Correction = tuple[dict[int, int | Fraction], tuple[int, ...], str]  # moved values, cells the rules fix, the pattern


def _copied_rows(lines: list[_Line], audit: ReportAudit) -> list[_Correction]:
    """A row holding the figures of the row above: its own are the ones the rules call for."""
    return [({}, line.positions, "row_copied") for line in lines
            if line.axis == "row" and _row_repeats_above(audit, line.table, line.name)]


def _shifted_runs(lines: list[_Line], solver: _Solver, totals: set[CellKey]) -> list[_Correction]:
    """Every run of a line moved back by one cell, either way; the cell it vacates takes the
    value the rules fix. A column's run moved up onto a total is a total typed one row too
    low, its cells below moved down with it."""
    found: list[_Correction] = []
    values, cells = solver.exact_values, solver.system.cells
    for line in lines:
        for order in (line.positions, line.positions[::-1]):
            upward = line.axis == "column" and order[0] == line.positions[0]
            for start in range(len(order) - 1):
                residual = _Residual(solver)
                for end in range(start + 1, len(order)):
                    residual.set(order[end - 1], values[order[end]])
                    if residual.fixing((order[end],))[0]:
                        moved = {order[i]: values[order[i + 1]] for i in range(start, end)}
                        pattern = "total_one_row_low" if upward and cells[order[start]] in totals else "values_shifted"
                        found.append((moved, (order[end],), pattern))
    return found


def _totals_row_low(lines: list[_Line], solver: _Solver, audit: ReportAudit, totals: set[CellKey]) -> list[_Correction]:
    """A row of totals typed into the row below: over it, or pushing the rows below down
    with it. Its figures move back up; the row left over takes what the rules call for."""
    rows = {(line.table, line.name): line for line in lines if line.axis == "row"}
    cells, values = solver.system.cells, solver.exact_values
    found: list[_Correction] = []
    for line in rows.values():
        if not all(cells[p] in totals for p in line.positions):
            continue
        below = _rows_below(line, rows, audit)
        for last in sorted({1, len(below)} - {0}):
            block = [line, *below[:last]]
            moved = {p: values[q] for upper, lower in zip(block, block[1:]) for p, q in zip(upper.positions, lower.positions)}
            found.append((moved, block[-1].positions, "total_one_row_low"))
    return found


def _rows_below(line: _Line, rows: dict[tuple[str, str], _Line], audit: ReportAudit) -> list[_Line]:
    """The rows under a row, in template order, as far as they are whole and as wide."""
    order = list(audit.layout.spec(line.table).rows)
    below: list[_Line] = []
    for name in order[order.index(line.name) + 1:]:
        lower = rows.get((line.table, name))
        if lower is None or len(lower.positions) != len(line.positions):
            break
        below.append(lower)
    return below


def _clerk_patterns(solver: _Solver, component: list[Binding], audit: ReportAudit) -> list[Explanation]:
    """Whole-line slips break many rules at once, far more than the search tries: a row
    copied into the next, a run of figures typed one cell out of place, a total typed one
    row too low. Each is one cause when undoing it makes every rule hold; the same
    corrected table reached by two patterns is one explanation naming both."""
    lines, totals = _lines(solver, component, audit), _total_cells(component)
    corrections = _copied_rows(lines, audit) + _shifted_runs(lines, solver, totals) + _totals_row_low(lines, solver, audit, totals)
    found: dict[tuple, tuple[tuple[CellChange, ...], bool, list[str]]] = {}
    for moved, free, pattern in corrections:
        residual = _Residual(solver)
        for position, value in moved.items():
            residual.set(position, value)
        holds, solved = residual.fixing(free)
        if not holds:
            continue
        proposed = {**moved, **dict(zip(free, solved or (None,) * len(free)))}
        changes = tuple(_change(audit, solver.system.cells[p], int(v) if v is not None else None)
                        for p, v in sorted(proposed.items())
                        if v is None or v != (audit.cells[solver.system.cells[p]].value or 0))
        entry = found.setdefault(tuple((c.key, c.proposed) for c in changes), (changes, solved is not None, []))
        entry[2].append(pattern)
    return [Explanation(changes, identifiable, tuple(dict.fromkeys(patterns))) for changes, identifiable, patterns in found.values()]


def _change(audit: ReportAudit, key: CellKey, proposed: int | None) -> CellChange:
    cell = audit.cells.get(key)
    current = cell.value if cell is not None and cell.state == "number" else None
    return CellChange(cell_info(audit, key, "primary"), current, proposed)  # type: ignore[arg-type]


def _digits(value: object) -> str:
    return str(value) if isinstance(value, int) else ""


def _hypotheses(changes: tuple[CellChange, ...], group: _Group, solver: _Solver, audit: ReportAudit) -> tuple[str, ...]:
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
    rows = {change.key[:2] for change in changes}
    # a small change that a copy would also explain: a hint only with two figures besides the
    # total (a lone 1 and its total repeat by chance, and fix --unsafe prefers a named slip)
    every_total = frozenset(_total_cells(solver.system.bindings))  # the passing rules' totals too
    if len(rows) == 1 and _row_repeats_above(audit, *rows.pop(), parts=2, totals=every_total):
        found.append("row_copied")
    if len(changes) == 2:
        first, second = changes
        for x, y in ((first, second), (second, first)):
            if x.key in totals and y.key == _below(audit, x.key) and x.current in (None, 0) and x.proposed == y.current != 0:
                found.append("total_one_row_low")  # the total typed over the cell below it
            if x.proposed is None or y.proposed is None or not _digits(x.current):
                continue
            if _digits(x.current) == f"{x.proposed}{y.proposed}" and y.current in (None, 0):
                found.append("digits_run_together")  # "123" | "" for "12" | "3"
            if _digits(y.current) and str(x.proposed) == f"{x.current}{y.current}" and y.proposed == 0:
                found.append("digits_split")  # "12" | "3" for "123" | "0"
    return tuple(dict.fromkeys(found))


def _below(audit: ReportAudit, key: CellKey) -> CellKey | None:
    """The cell under a cell in its table, if the template has one."""
    table, row, column = key
    spec = audit.layout.spec(table)
    rows = list(spec.rows)
    below = rows[rows.index(row) + 1:][:1]
    return (table, below[0], column) if below and spec.has_cell(below[0], column) else None


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

    # rules over missing or text cells say nothing about the other cells: leave them out
    assessable = [i for i in equalities if all(_readable(audit, c) for c in system.bindings[i].cells)]
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
            group.explanations += _totals_filled(solver, component, audit) + _clerk_patterns(solver, component, audit)
        if not group.explanations:
            group.explanations += _totals_filled_and_a_slip(solver, component, audit)
        causes.append(group.as_cause(f"C{len(causes) + 1}"))
    return causes

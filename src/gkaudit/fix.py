"""Apply the likely causes of failed arithmetic to a report, only where that is safe.

Safe means: the minimal explanation of a cause (failed rules linked by their cells) is unique and fixes
every new value. With ``unsafe``, a cause with several tied explanations gets the
first identifiable one that looks like a known slip (a total never updated, digits
transposed, …), else the first identifiable one in the deterministic search order; the
log names which of them was taken (``chosen``) and lists them all. Nothing else is
changed: the report is copied, its cells replaced, and the change log says exactly
which cells moved from what to what, and why. ``fill_blanks`` (``fix --fill-blanks``)
also writes 0 in the blank cells TABLE.BLANK reports, for offices that left zeros unwritten.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from gkaudit.errors import number_fits
from gkaudit.model import Cell, Report
from gkaudit.results import Cause, CellChange, Explanation, FindingCell


@dataclass(frozen=True)
class AppliedFix:
    change: CellChange
    cause: Cause  # the cause it explains, with every tied explanation
    chosen: int = 1  # 1-based position of the applied one among the cause's explanations

    @property
    def chosen_among(self) -> int:
        return len(self.cause.explanations)

    @property
    def hypotheses(self) -> tuple[str, ...]:
        """The known slips the applied explanation looks like: why --unsafe took it."""
        return self.cause.explanations[self.chosen - 1].hypotheses


@dataclass(frozen=True)
class SkippedCause:
    cause: Cause
    reason: str  # "ambiguous", "not identifiable", "no explanation", "out of range"


def _choice(cause: Cause, unsafe: bool) -> tuple[Explanation | None, str]:
    if not cause.explanations:
        return None, "no explanation"
    if cause.unique:
        return cause.explanations[0], ""
    identifiable = [e for e in cause.explanations if e.identifiable]
    if not identifiable:
        return None, "not identifiable"
    if unsafe:
        # prefer an explanation that looks like a known slip (a total never updated, …)
        return min(identifiable, key=lambda e: (not e.hypotheses, identifiable.index(e))), ""
    return None, "ambiguous"


def fix_report(report: Report, causes: tuple[Cause, ...], unsafe: bool = False) -> tuple[Report, list[AppliedFix], list[SkippedCause]]:
    """A copy of ``report`` with the chosen explanation of each cause applied."""
    fixed = copy.deepcopy(report)
    applied: list[AppliedFix] = []
    skipped: list[SkippedCause] = []
    for cause in causes:
        explanation, reason = _choice(cause, unsafe)
        if explanation is not None and not all(number_fits(str(c.proposed)) for c in explanation.changes):
            explanation, reason = None, "out of range"  # written, it could not be read back
        if explanation is None:
            skipped.append(SkippedCause(cause, reason))
            continue
        for change in explanation.changes:
            table, row, column = change.key
            old = fixed.tables[table].rows[row].get(column)
            fixed.tables[table].rows[row][column] = Cell(change.proposed, old.source if old else None)
            applied.append(AppliedFix(change, cause, cause.explanations.index(explanation) + 1))
    return fixed, applied, skipped


def fill_blanks(report: Report, blanks: list[FindingCell], applied: list[AppliedFix]) -> tuple[Report, list[FindingCell]]:
    """A copy of ``report`` with 0 written in each blank cell ``blanks`` names, except the
    cells a fix already gave a value: a blank total whose parts add up to 3 gets 3, not 0."""
    fixed = copy.deepcopy(report)
    changed = {fix.change.key for fix in applied}
    filled = []
    for cell in blanks:
        key = (cell.table, cell.row, cell.column)
        current = fixed.tables[cell.table].rows.get(cell.row, {}).get(cell.column)
        if key in changed or current is None or current.value is not None:
            continue
        fixed.tables[cell.table].rows[cell.row][cell.column] = Cell(0, current.source)
        filled.append(cell)
    return fixed, filled

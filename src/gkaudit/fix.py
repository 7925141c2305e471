"""Apply the likely causes of failed arithmetic to a report, only where that is safe.

Safe means: the minimal explanation of a cluster of failed rules is unique and fixes
every new value. With ``unsafe``, a cluster with several tied explanations gets the
first identifiable one that looks like a known slip (a total never updated, digits
transposed, …), else the first identifiable one in the deterministic search order; the
log names which of them was taken (``chosen``) and lists them all. Nothing else is
changed: the report is copied, its cells replaced, and the change log says exactly
which cells moved from what to what, and why.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from gkaudit.engine import ReportAudit
from gkaudit.localize import Change, Cluster, Explanation
from gkaudit.model import Cell, Report


@dataclass(frozen=True)
class AppliedFix:
    change: Change
    rules: tuple[str, ...]  # "T3.TOTAL[column=total]" …
    chosen_among: int  # 1 when the explanation was unique
    chosen: int = 1  # 1-based position of the applied one among Cluster.explanations
    hypotheses: tuple[str, ...] = ()  # the known slips it looks like, why --unsafe took it


@dataclass(frozen=True)
class SkippedCause:
    cluster: Cluster
    reason: str  # "ambiguous", "not identifiable", "no explanation"


def _choice(cluster: Cluster, unsafe: bool) -> tuple[Explanation | None, str]:
    if not cluster.explanations:
        return None, "no explanation"
    if cluster.unique:
        return cluster.explanations[0], ""
    identifiable = [e for e in cluster.explanations if e.identifiable]
    if not identifiable:
        return None, "not identifiable"
    if unsafe:
        # prefer an explanation that looks like a known slip (a total never updated, …)
        return min(identifiable, key=lambda e: (not e.hypotheses, identifiable.index(e))), ""
    return None, "ambiguous"


def fix_report(audit: ReportAudit, unsafe: bool = False) -> tuple[Report, list[AppliedFix], list[SkippedCause]]:
    report = copy.deepcopy(audit.report)
    applied: list[AppliedFix] = []
    skipped: list[SkippedCause] = []
    for cluster in audit.causes:
        explanation, reason = _choice(cluster, unsafe)
        if explanation is None:
            skipped.append(SkippedCause(cluster, reason))
            continue
        rules = tuple(b.key for b in cluster.bindings)
        for change in explanation.changes:
            table, row, column = change.cell
            old = report.tables[table].rows[row].get(column)
            report.tables[table].rows[row][column] = Cell(change.proposed, old.source if old else None)
            applied.append(AppliedFix(change, rules, len(cluster.explanations),
                                      cluster.explanations.index(explanation) + 1, explanation.hypotheses))
    return report, applied, skipped

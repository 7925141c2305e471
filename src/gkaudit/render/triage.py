"""Triage of a batch, shared by every output: each report's diagnosis in one word, and the
rules failing across the batch (the order worst first is the batch's own,
BatchResult.triage_order).

It reads only the results model, like every renderer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal

from gkaudit.results import ReportResult
from gkaudit.templates import Label

Diagnosis = Literal["clean", "warnings_only", "unique_slip", "ambiguous_slip", "broken_table", "prose_only", "parts_unreadable"]

DIAGNOSES: dict[Diagnosis, Label] = {
    "clean": Label("未发现问题", "clean"),
    "warnings_only": Label("仅有警告", "warnings only"),
    "unique_slip": Label("笔误，可唯一修正", "slip with a unique fix"),
    "ambiguous_slip": Label("笔误，修正方式不唯一", "ambiguous slip"),
    "broken_table": Label("表格多处不符", "broken table"),
    "prose_only": Label("仅正文有误", "prose only"),
    "parts_unreadable": Label("部分内容无法读取", "parts unreadable"),
}

# errors in these rules mean part of the document was not read, not that a figure is wrong
_UNREAD_RULES = ("EXTRACT.", "TABLE.MISSING")
_TEXT_RULES = ("PROSE.", "META.")


def failing_rules(result: ReportResult) -> list[str]:
    """The report's failing rules (errors and warnings), worst first, each once."""
    return list(dict.fromkeys(f.rule for f in result.findings if f.counts_against and f.severity != "info"))


def rules_across(reports: Iterable[ReportResult]) -> list[tuple[str, int, Label]]:
    """Each failing rule with the number of reports it fails in and its title, most first."""
    counts: Counter[str] = Counter()
    titles: dict[str, Label] = {}
    for result in reports:
        counts.update(failing_rules(result))
        for finding in result.findings:
            titles.setdefault(finding.rule, finding.title)
    return [(rule, n, titles[rule]) for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def diagnosis_of(result: ReportResult) -> Diagnosis:
    """What kind of trouble a report is in, as a reviewer sorts them."""
    failed = [f for f in result.findings if f.counts_against]
    errors = [f for f in failed if f.severity == "error"]
    if not errors:
        return "warnings_only" if any(f.severity == "warning" for f in failed) else "clean"
    table_errors = [f for f in errors if not f.rule.startswith(_TEXT_RULES)]
    if not table_errors:
        return "prose_only"
    if any(f.rule.startswith(_UNREAD_RULES) for f in errors):
        return "parts_unreadable"
    causes = {f.cause for f in table_errors}
    if None in causes:
        return "broken_table"  # an error no arithmetic explanation covers (text in a cell, a blank…)
    explained = [result.cause(cause_id) for cause_id in causes]
    if not all(cause is not None and cause.explanations for cause in explained):
        return "broken_table"
    return "unique_slip" if all(cause.unique for cause in explained) else "ambiguous_slip"

"""Confront a batch of reports with a rule set and produce findings.

Reports are grouped by layout; each group is checked against its compiled linear system
in one matrix product (``X · Aᵀ + b``), so one report is simply a batch of one. The
typed cell layer runs through pandera over the whole batch; the structural checks
(blank and missing cells, layout against year), the readers' extraction notes and the
narrative checks (gkaudit.prose) are plain passes over each report.

Blank policy: a blank cell counts as 0 in the arithmetic and is reported by TABLE.BLANK;
a blank total next to non-zero parts therefore fails its arithmetic rule as an error. A
cell holding text, or missing from the table, makes every binding that uses it
"not assessable" (reported as such), never silently 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import numpy as np

from gkaudit.audit import ReportAudit, cell_info, shown_path
from gkaudit.results import Finding, FindingCell, format_number
from gkaudit.layout import deviating_tables, expected_template
from gkaudit.model import CellValue, Report
from gkaudit.prose import check_claims, check_metadata_year, check_parts, check_sections
from gkaudit.readers.labels import CERTAIN
from gkaudit.rules.catalog import Rule, RuleSet
from gkaudit.rules.linear import Binding, CellKey, LinearSide, LinearSystem, compile_system
from gkaudit.schema import cell_frame, validate_cells
from gkaudit.templates import TABLE_IDS, Label, Layout, get_template

TOLERANCE = 1e-6
_STATE_CODE = {"number": 0, "blank": 1, "text": 2}
_MISSING = 3
_KIND_TEXT = {"count": Label("非负整数", "a non-negative whole number"),
              "signed": Label("整数（可为负）", "a whole number (may be negative)"),
              "amount": Label("非负金额", "a non-negative amount")}


def _number(value: CellValue) -> int | Decimal:
    return value if isinstance(value, (int, Decimal)) else 0


def _total(side: LinearSide, values: dict[CellKey, CellValue]) -> int | Decimal:
    return sum((t.coefficient * _number(values[t.cell]) for t in side.terms), side.constant)


def _terms_text(side: LinearSide, values: dict[CellKey, CellValue], lang: str) -> str:
    terms = list(side.terms)
    if len(terms) > 4 and any(_number(values[t.cell]) for t in terms):
        terms = [t for t in terms if _number(values[t.cell])]
    parts = []
    for i, term in enumerate(terms):
        text = format_number(values[term.cell], lang)
        sign = "−" if term.coefficient < 0 else "+"
        parts.append(text if i == 0 and sign == "+" else f"{sign} {text}" if i else f"−{text}")
    if side.constant:
        parts.append(f"{'+' if side.constant > 0 else '−'} {abs(side.constant)}")
    return " ".join(parts) if parts else "0"


def _arithmetic(binding: Binding, values: dict[CellKey, CellValue], lang: str) -> str:
    lhs, rhs = binding.lhs, binding.rhs
    lhs_total, rhs_total = _total(lhs, values), _total(rhs, values)
    relation = "≠" if binding.op == "==" else ("<" if lhs_total < rhs_total else ">")
    lhs_text, rhs_text = _terms_text(lhs, values, lang), _terms_text(rhs, values, lang)
    if binding.op != "==":
        return f"{lhs_text} {relation} {rhs_text}"
    if len(lhs.terms) == 1 and not lhs.constant and len(rhs.terms) > 1:
        return f"{rhs_text} = {rhs_total} ≠ {lhs_text}"
    if len(rhs.terms) == 1 and not rhs.constant and len(lhs.terms) > 1:
        return f"{lhs_text} = {lhs_total} ≠ {rhs_text}"
    # both sides' sums said in words: "（5 ≠ 2）" after "5 + (空) ≠ (空) + 2" read as a second claim
    return (f"{lhs_text} ≠ {rhs_text}（左边之和为 {lhs_total}，右边之和为 {rhs_total}）" if lang == "zh"
            else f"{lhs_text} ≠ {rhs_text} (the left side adds up to {lhs_total}, the right side to {rhs_total})")


def _both(fn) -> Label:
    return Label(fn("zh"), fn("en"))


def _scope_fields(layout: Layout, binding: Binding) -> dict[str, Label]:
    """Message fields {row} and {column}: the labels the rule's scope is bound to."""
    table = next(iter(binding.cells))[0]
    spec = layout.spec(table)
    fields = {}
    for name, value in binding.scope:
        if value in spec.rows:
            fields[name] = spec.rows[value].display
        elif value in spec.columns:
            fields[name] = spec.columns[value].display
    return fields


def _arithmetic_finding(audit: ReportAudit, binding: Binding) -> Finding:
    rule = binding.rule
    single_lhs = len(binding.lhs.terms) == 1 and not binding.lhs.constant
    cells_in_order: dict[CellKey, str] = {}
    for term in binding.lhs.terms:
        cells_in_order[term.cell] = "primary" if single_lhs else "context"
    for term in binding.rhs.terms:
        cells_in_order.setdefault(term.cell, "context")
    cells = tuple(cell_info(audit, key, role) for key, role in cells_in_order.items())
    values = {c: cell.value for c, cell in zip(cells_in_order, cells)}
    lhs_value = values[binding.lhs.terms[0].cell] if single_lhs else _total(binding.lhs, values)
    lead = cells[0]
    arithmetic = _both(lambda lang: _arithmetic(binding, values, lang))
    fields = {
        "cell": _both(lead.label),
        "reported": _both(lambda lang: format_number(lhs_value, lang)),
        "computed": _both(lambda lang: format_number(_total(binding.rhs, values), lang)),
        "arithmetic": arithmetic,
        **_scope_fields(audit.layout, binding),
    }
    return Finding.of(
        rule, fields, cells, lead.source, origin=lead.origin, reported=lhs_value if not isinstance(lhs_value, str) else None,
        computed=_total(binding.rhs, values), arithmetic=arithmetic, scope=binding.scope,
    )


def _not_assessable_finding(audit: ReportAudit, binding: Binding, unreadable: list[CellKey]) -> Finding:
    cells = tuple(cell_info(audit, key, "primary" if key in unreadable else "context") for key in dict.fromkeys(binding.cells))
    bad = [c for c in cells if c.role == "primary"]
    text = [c for c in bad if (c.table, c.row, c.column) in audit.cells]
    missing = [c for c in bad if c not in text]

    def describe(lang: str) -> str:
        parts = []
        if text:
            values = ("、" if lang == "zh" else ", ").join(
                f"{c.label(lang)}（{format_number(c.value, lang)}）" if lang == "zh" else f"{c.label(lang)} ({format_number(c.value, lang)})"
                for c in text)
            parts.append(f"{values} 不是数字" if lang == "zh" else f"{values} is not a number")
        if missing:
            listed = _cells_by_row(missing, lang)
            parts.append(f"{listed} 不在表中" if lang == "zh" else f"{listed} not in the table")
        return ("无法判定：" + "；".join(parts)) if lang == "zh" else "cannot be assessed: " + "; ".join(parts)

    location = text[0].source if text else shown_path(audit.report.path)  # a missing cell stands nowhere
    return Finding(
        rule=binding.rule.id, severity="info", status="not_assessable", title=binding.rule.title,
        message=_both(describe), help=None, cells=cells, location=location, scope=binding.scope,
    )


def _cells_by_row(cells: list[FindingCell], lang: str) -> str:
    """``表三 · （二）部分公开 × 自然人、商业企业``: the row said once for its cells."""
    rows: dict[tuple[str, str], list[FindingCell]] = {}
    for cell in cells:
        rows.setdefault((cell.table, cell.row), []).append(cell)
    comma = "、" if lang == "zh" else ", "
    return ("；" if lang == "zh" else "; ").join(
        f"{group[0].table_short.text(lang)} · {group[0].row_label.text(lang)} × " + comma.join(c.column_label.text(lang) for c in group)
        for group in rows.values())


def _state_matrix(audits: list[ReportAudit], system: LinearSystem) -> tuple[np.ndarray, np.ndarray]:
    numbers = np.zeros((len(audits), len(system.cells)))
    states = np.full((len(audits), len(system.cells)), _MISSING, dtype=np.int8)
    for i, audit in enumerate(audits):
        for j, key in enumerate(system.cells):
            cell = audit.cells.get(key)
            if cell is None:
                continue
            states[i, j] = _STATE_CODE[cell.state]
            if cell.state == "number":
                numbers[i, j] = float(cell.value)  # type: ignore[arg-type]
    return numbers, states


def _check_arithmetic(audits: list[ReportAudit], rules: tuple[Rule, ...]) -> None:
    groups: dict[Layout, list[ReportAudit]] = {}
    for audit in audits:
        groups.setdefault(audit.layout, []).append(audit)
    for layout, members in groups.items():
        system = compile_system(rules, layout)
        if not system.bindings:
            continue
        a, b = system.matrix(), system.constants()
        ops = np.array([binding.op for binding in system.bindings])
        numbers, states = _state_matrix(members, system)
        residual = numbers @ a.T + b
        uses = (a != 0).astype(np.int8)
        unreadable = ((states >= 2).astype(np.int8) @ uses.T) > 0
        violated = np.where(ops == "==", np.abs(residual) > TOLERANCE,
                            np.where(ops == "<=", residual > TOLERANCE, residual < -TOLERANCE))
        for i, audit in enumerate(members):
            for k in np.flatnonzero(unreadable[i] | violated[i]):
                binding = system.bindings[k]
                if unreadable[i, k]:
                    # listed one by one (TABLE.MISSING only counts the missing cells), so that
                    # "11 not assessable" can be looked up
                    bad = [c for c in binding.cells if states[i, system.index[c]] >= 2]
                    audit.findings.append(_not_assessable_finding(audit, binding, bad))
                else:
                    audit.findings.append(_arithmetic_finding(audit, binding))
            audit.checked["not_assessable"] += int(unreadable[i].sum())
            audit.checked["fail"] += int((violated[i] & ~unreadable[i]).sum())
            audit.checked["pass"] += int((~violated[i] & ~unreadable[i]).sum())


def _check_cells(audits: list[ReportAudit], ruleset: RuleSet) -> None:
    rules = {r.check: r for r in ruleset.rules if r.check in ("cell_type", "cell_integer", "cell_range")}
    by_check = {"CELL.TYPE": "cell_type", "CELL.INTEGER": "cell_integer", "CELL.RANGE": "cell_range"}
    if not rules:
        return
    frame = cell_frame([(a.cells, a.layout) for a in audits])
    for failure in validate_cells(frame):
        rule = rules.get(by_check[failure.rule])
        if rule is None:
            continue
        audit = audits[failure.report_index]
        key = (failure.table, failure.row, failure.column)
        info = cell_info(audit, key, "primary")
        kind = audit.layout.spec(failure.table).columns[failure.column].kind
        fields = {"cell": _both(info.label), "value": Label(str(info.value), str(info.value)), "kind": _KIND_TEXT[kind]}
        audit.findings.append(Finding.of(rule, fields, (info,), info.source))


def _table_listing(cells: list[FindingCell]) -> Label:
    first = cells[0]
    rows = len({c.row for c in cells})
    return Label(
        f"分布在 {rows} 行，首个为 {first.row_label.zh} × {first.column_label.zh}",
        f"in {rows} rows, the first {first.row_label.en} × {first.column_label.en}",
    )


def _check_tables(audit: ReportAudit, ruleset: RuleSet) -> None:
    layout = audit.layout

    def state(key: CellKey) -> str:
        cell = audit.cells.get(key)
        return "missing" if cell is None else cell.state

    for check, wanted in (("blank_cells", "blank"), ("missing_cells", "missing")):
        for rule in ruleset.checks(check):
            for table in TABLE_IDS:
                keys = [(table, r, c) for r, c in layout.spec(table).cells() if state((table, r, c)) == wanted]
                if not keys:
                    continue
                cells = [cell_info(audit, key, "primary") for key in keys]
                spec = layout.spec(table)
                fields = {"table": spec.label, "count": Label(str(len(keys)), str(len(keys))), "cells": _table_listing(cells)}
                audit.findings.append(Finding.of(rule, fields, tuple(cells), cells[0].source))


def _check_layout_year(audit: ReportAudit, ruleset: RuleSet) -> None:
    deviating = deviating_tables(audit.report, audit.layout)
    if not deviating:
        return
    expected = expected_template(audit.report)
    for rule in ruleset.checks("layout_year"):
        for table in deviating:
            actual = get_template(audit.layout.template_of(table))
            spec = audit.layout.spec(table)
            fields = {
                "table": spec.label,
                "layout": Label(f"{actual.name.zh}（{actual.issued_as}）", f"{actual.name.en} ({actual.id})"),
                "template": Label(f"{expected.name.zh}（{expected.issued_as}）", f"{expected.name.en} ({expected.id})"),
                "year": Label(str(audit.report.metadata.year), str(audit.report.metadata.year)),
            }
            audit.findings.append(Finding.of(rule, fields, (), audit.report.source_file or audit.report.path))


def _check_prose(audit: ReportAudit, ruleset: RuleSet) -> None:
    template = expected_template(audit.report)
    info = lambda key, role: cell_info(audit, key, role)  # noqa: E731
    audit.findings += check_claims(audit.report, audit.layout, template, audit.cells, ruleset, info)
    audit.findings += check_sections(audit.report, template, ruleset)
    audit.findings += check_parts(audit.report, template, ruleset)
    audit.findings += check_metadata_year(audit.report, ruleset)


_NOTE_CHECKS = {"label": "extraction_label", "unplaced": "extraction_unplaced",
                "unit": "extraction_unit", "structure": "extraction_structure", "metadata": "extraction_metadata",
                "split": "extraction_split", "count_unit": "extraction_count_unit",
                "ambiguous": "extraction_ambiguous", "flat_ambiguous": "extraction_flat_ambiguous",
                "flat_unsplit": "extraction_flat_unsplit"}


def _check_notes(audit: ReportAudit, ruleset: RuleSet) -> None:
    report = audit.report
    for note in report.notes:
        for rule in ruleset.checks(_NOTE_CHECKS[note.kind]):
            uncertain = note.score is not None and note.score < CERTAIN
            score = Label(f"（匹配不确定，相似度 {note.score:.2f}）", f" (an uncertain match, similarity {note.score:.2f})") if uncertain else Label("", "")
            fields = {"printed": Label(note.printed, note.printed), "official": Label(note.official, note.official), "score": score}
            location = note.source.display(report.source_file or report.path) if note.source else report.path
            audit.findings.append(Finding.of(rule, fields, (), location))


def audit_reports(reports: list[Report], ruleset: RuleSet) -> list[ReportAudit]:
    """Check every report; findings come back worst first, then table by table in rule order."""
    audits = [ReportAudit.start(report) for report in reports]
    _check_cells(audits, ruleset)
    _check_arithmetic(audits, tuple(ruleset.arithmetic()))
    for audit in audits:
        _check_tables(audit, ruleset)
        _check_layout_year(audit, ruleset)
        _check_notes(audit, ruleset)
        _check_prose(audit, ruleset)
    for audit in audits:
        audit.findings = sort_findings(audit.findings, ruleset)
    return audits


def sort_findings(findings: Iterable[Finding], ruleset: RuleSet) -> list[Finding]:
    """Worst first, then table by table in the catalogue's rule order."""
    rule_order = ruleset.order()
    return sorted(findings, key=lambda f: f.sort_key(rule_order))

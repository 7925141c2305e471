"""Machine-readable findings: one JSON document carrying the same facts as the terminal."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import orjson

from gkaudit import __version__
from gkaudit.engine import ReportAudit
from gkaudit.errors import GkauditError
from gkaudit.findings import Finding
from gkaudit.localize import Cluster, cluster_of
from gkaudit.render.causes import cause_text, cell_label
from gkaudit.model import CellValue


def _number(value: CellValue | int | Decimal) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def fingerprint(finding: Finding) -> str:
    """A stable identity of a finding across runs (rule, scope and the values involved)."""
    basis = [finding.rule, finding.status, list(finding.scope)]
    basis += [[c.table, c.row, c.column, str(c.value)] for c in finding.cells]
    return hashlib.sha1(json.dumps(basis, ensure_ascii=False).encode()).hexdigest()[:16]


def finding_dict(finding: Finding, lang: str, cause: int | None = None) -> dict:
    return {
        "cause": f"C{cause + 1}" if cause is not None else None,
        "rule": finding.rule,
        "severity": finding.severity,
        "status": finding.status,
        "title": finding.title.text(lang),
        "message": finding.message.text(lang),
        "help": finding.help.text(lang) if finding.help else None,
        "location": finding.location,
        "scope": dict(finding.scope),
        "cells": [
            {
                "table": c.table, "row": c.row, "column": c.column,
                "label": c.label(lang), "value": _number(c.value), "role": c.role, "source": c.source,
            }
            for c in finding.cells
        ],
        "reported": _number(finding.reported),
        "computed": _number(finding.computed),
        "arithmetic": finding.arithmetic.text(lang) if finding.arithmetic else None,
        "fingerprint": fingerprint(finding),
    }


def _cause_dict(audit: ReportAudit, index: int, cluster: Cluster, lang: str) -> dict:
    return {
        "id": f"C{index + 1}",
        "message": cause_text(audit, cluster, lang),
        "rules": [{"rule": b.rule.id, "scope": dict(b.scope)} for b in cluster.bindings],
        "unique": cluster.unique,
        "searched_up_to_changes": cluster.searched_up_to,
        "explanations": [
            {
                "identifiable": e.identifiable,
                "hypotheses": list(e.hypotheses),
                "changes": [
                    {"table": c.cell[0], "row": c.cell[1], "column": c.cell[2], "label": cell_label(audit, c, lang),
                     "current": _number(c.current), "proposed": c.proposed}
                    for c in e.changes
                ],
            }
            for e in cluster.explanations
        ],
    }


def _template_name(audit: ReportAudit) -> str:
    used = {template for _, template in audit.layout.tables}
    return used.pop() if len(used) == 1 else "mixed"


def audits_document(audits: list[ReportAudit], failures: list[GkauditError], lang: str) -> dict:
    reports = []
    for audit in audits:
        meta = audit.report.metadata
        reports.append({
            "path": audit.report.path,
            "source_file": audit.report.source_file,
            "body": meta.body,
            "year": meta.year,
            "template": _template_name(audit),
            "layout": dict(audit.layout.tables),
            "findings": [
                finding_dict(f, lang, cluster_of(audit.causes, f.rule, f.scope) if f.status == "fail" else None)
                for f in audit.findings
            ],
            "causes": [_cause_dict(audit, i, cluster, lang) for i, cluster in enumerate(audit.causes)],
            "summary": audit.counts(),
        })
    return {
        "gkaudit": __version__,
        "reports": reports,
        "input_errors": [
            {"path": e.file, "code": e.code, "where": e.where, "message": e.message()} for e in failures
        ],
    }


def render_json(audits: list[ReportAudit], failures: list[GkauditError], lang: str) -> str:
    document = audits_document(audits, failures, lang)
    try:
        # orjson writes the same indented text as json.dumps, about ten times faster
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
    except orjson.JSONEncodeError:  # integers beyond 64 bits: only the standard library writes them
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

"""Machine-readable findings: one JSON document carrying the same facts as the terminal,
written a report at a time."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from decimal import Decimal

import orjson

from gkaudit.version import __version__
from gkaudit.errors import GkauditError
from gkaudit.model import CellValue
from gkaudit.render.causes import cause_text
from gkaudit.render.jsonstream import MARKER, streamed
from gkaudit.render.triage import diagnosis_of
from gkaudit.results import BatchResult, Cause, Finding, ReportResult


def _number(value: CellValue | int | Decimal) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def finding_dict(finding: Finding, fingerprint: str, lang: str) -> dict:
    return {
        "cause": finding.cause,
        "rule": finding.rule,
        "severity": finding.severity,
        "status": finding.status,
        "title": finding.title.text(lang),
        "message": finding.message.text(lang),
        "help": finding.help.text(lang) if finding.help else None,
        "location": finding.location,
        "origin": finding.origin,
        "scope": dict(finding.scope),
        "cells": [
            {
                "table": c.table, "row": c.row, "column": c.column,
                "label": c.label(lang), "value": _number(c.value), "role": c.role, "source": c.source, "origin": c.origin,
            }
            for c in finding.cells
        ],
        "reported": _number(finding.reported),
        "computed": _number(finding.computed),
        "arithmetic": finding.arithmetic.text(lang) if finding.arithmetic else None,
        "fingerprint": fingerprint,
        "review": None if finding.review is None else dataclasses.asdict(finding.review),
    }


def _cause_dict(cause: Cause, lang: str) -> dict:
    return {
        "id": cause.id,
        "message": cause_text(cause, lang),
        "rules": [{"rule": rule, "scope": dict(scope)} for rule, scope in cause.rules],
        "unique": cause.unique,
        "searched_up_to_changes": cause.searched_up_to,
        "explanations": [
            {
                "identifiable": e.identifiable,
                "hypotheses": list(e.hypotheses),
                "changes": [
                    {"table": c.cell.table, "row": c.cell.row, "column": c.cell.column, "label": c.cell.label(lang),
                     "current": _number(c.current), "proposed": c.proposed}
                    for c in e.changes
                ],
            }
            for e in cause.explanations
        ],
    }


def report_dict(result: ReportResult, lang: str, rank: int | None = None) -> dict:
    meta = result.metadata
    return {
        "path": result.path,
        "rank": rank,
        "source_file": result.source_file,
        "body": meta.body,
        "year": meta.year,
        "template": result.template,
        "diagnosis": diagnosis_of(result),
        "layout": dict(result.layout),
        "findings": [finding_dict(f, result.fingerprint(f), lang) for f in result.findings],
        "causes": [_cause_dict(cause, lang) for cause in result.causes],
        "summary": result.counts(),
        "year_cells": {".".join(key): {"value": _number(value), "source": source}
                       for key, (value, source) in result.year_cells.items()},
    }


def _input_dict(error: GkauditError, lang: str) -> dict:
    return {"path": error.file, "code": error.code, "where": error.where, "message": error.message(lang)}


def _dumped(value: object) -> str:
    try:
        # orjson writes the same indented text as json.dumps, about ten times faster
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:  # integers beyond 64 bits: only the standard library writes them
        return json.dumps(value, ensure_ascii=False, indent=2)


def json_chunks(batch: BatchResult, lang: str) -> Iterator[str]:
    """The JSON document, a report at a time: reports in input order, each with its rank in
    the triage order (1 = worst). A batch's output is never whole in memory; the text is
    the same as the whole document indented by two."""
    frame = {
        "gkaudit": __version__,
        "reports": MARKER,
        "skipped": [_input_dict(e, lang) for e in batch.skipped],
        "unreadable": [_input_dict(e, lang) for e in batch.unreadable],
        "decision_problems": [dataclasses.asdict(problem) for problem in batch.decision_problems],
    }
    reports = (report_dict(result, lang, rank) for result, rank in zip(batch.reports, batch.ranks()))
    return streamed(frame, reports, 1, _dumped)


def render_json(batch: BatchResult, lang: str) -> str:
    return "".join(json_chunks(batch, lang))

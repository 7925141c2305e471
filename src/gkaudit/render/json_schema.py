"""The JSON Schema of `gkaudit check --format json` (`gkaudit schema --output`), kept next
to the renderer that writes the document; docs/output-format.md explains each field."""

from __future__ import annotations

from gkaudit.render.triage import DIAGNOSES
from gkaudit.results import SEVERITY_ORDER

_NUMBER = {"type": ["integer", "number", "null"]}
_VALUE = {"description": "The cell as read: a number, null when blank, or the text printed instead of a number.",
          "type": ["integer", "number", "string", "null"]}
_SCOPE = {"type": "object", "description": "The point of the rule's for_each it was checked at, e.g. {column: total}.",
          "additionalProperties": {"type": "string"}}
_CELL_KEY = {"table": {"type": "string"}, "row": {"type": "string"}, "column": {"type": "string"},
             "label": {"type": "string", "description": "The official label: 表三 · （七）总计 × 自然人."}}


def _object(properties: dict, description: str = "", optional: tuple[str, ...] = ()) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": False,
              "required": [key for key in properties if key not in optional]}
    if description:
        schema["description"] = description
    return schema


def _input() -> dict:
    return _object({"path": {"type": "string"}, "code": {"type": "string", "description": "A stable error code, e.g. input.invalid-json."},
                    "where": {"type": "string"}, "message": {"type": "string"}})


def _finding() -> dict:
    cell = _object({**_CELL_KEY, "value": _VALUE, "role": {"enum": ["primary", "context"]},
                    "source": {"type": "string", "description": "Where the cell stands in the file checked: path:line (text), path:line:column (report JSON), page and table cell (PDF, DOCX); the path relative to the working directory."},
                    "origin": {"type": ["string", "null"], "description": "For report JSON extracted from a document: where the cell stood in that document."}})
    return _object({
        "cause": {"type": ["string", "null"], "description": "The id of the cause (in this report's causes) that explains it."},
        "rule": {"type": "string"}, "severity": {"enum": list(SEVERITY_ORDER)},
        "status": {"enum": ["fail", "not_assessable"]}, "title": {"type": "string"}, "message": {"type": "string"},
        "help": {"type": ["string", "null"]}, "location": {"type": "string"},
        "origin": {"type": ["string", "null"], "description": "For a finding of report JSON extracted from a document with no cell of its own (prose): where it stood in that document."}, "scope": _SCOPE,
        "cells": {"type": "array", "items": cell},
        "reported": _NUMBER, "computed": _NUMBER,
        "arithmetic": {"type": ["string", "null"], "description": "The sum written out: 1 + 1 + 1 = 3 ≠ 0."},
        "fingerprint": {"type": "string", "description": "Stable across runs, copies of the document and batches: body, year, rule, scope, cells and values."},
        "review": {"oneOf": [{"type": "null"}, _object({
            "verdict": {"enum": ["confirmed", "dismissed"]}, "why": {"type": "string"},
            "author": {"type": "string"}, "date": {"type": "string", "format": "date"}})],
            "description": "A reviewer's decision on it (docs/decisions.md); a dismissed finding does not count in the summary."},
    })


def _cause() -> dict:
    change = _object({**_CELL_KEY, "current": _NUMBER,
                      "proposed": {"type": ["integer", "null"], "description": "null when the rules do not fix the value."}})
    explanation = _object({"identifiable": {"type": "boolean"}, "hypotheses": {"type": "array", "items": {"type": "string"}},
                           "changes": {"type": "array", "items": change}})
    return _object({
        "id": {"type": "string"}, "message": {"type": "string"},
        "rules": {"type": "array", "items": _object({"rule": {"type": "string"}, "scope": _SCOPE})},
        "unique": {"type": "boolean", "description": "One explanation, and it fixes every value: fix applies it."},
        "searched_up_to_changes": {"type": "integer"},
        "explanations": {"type": "array", "items": explanation},
    }, "Failed arithmetic rules linked by their cells, with their smallest explanations.")


def _report() -> dict:
    counts = {key: {"type": "integer", "minimum": 0} for key in
              ("errors", "warnings", "infos", "not_assessable", "bindings_checked", "bindings_passed", "dismissed")}
    return _object({
        "path": {"type": "string", "description": "The file as given on the command line."},
        "rank": {"type": "integer", "minimum": 1, "description": "Its place in the triage order, worst first."},
        "source_file": {"type": ["string", "null"], "description": "The original document, when the report was extracted from one."},
        "body": {"type": "string"}, "year": {"type": ["integer", "null"]},
        "template": {"type": "string", "description": "gb2019, gb2021, or mixed."},
        "diagnosis": {"enum": list(DIAGNOSES)},
        "layout": {"type": "object", "additionalProperties": {"type": "string"}},
        "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
        "causes": {"type": "array", "items": {"$ref": "#/$defs/cause"}},
        "summary": _object(counts),
        "year_cells": {"type": "object", "description": (
            "The cells the cross-year, jump and roll-up rules read, by table.row.column (template ids): "
            "what `check --previous` takes from this file for next year's batch."),
            "additionalProperties": _object({"value": {"type": ["integer", "number", "string", "null"]},
                                             "source": {"type": "string"}})},
    })


def _decision_problem() -> dict:
    return _object({
        "fingerprint": {"type": "string"},
        "problem": {"enum": ["gone", "values_changed", "expired"]},
        "rule": {"type": "string"}, "body": {"type": "string"}, "year": {"type": ["integer", "null"]},
        "why": {"type": "string"}, "source": {"type": "string", "description": "The decisions file and the entry."},
    }, "A recorded decision that no longer applies as it stands.")


def output_schema() -> dict:
    document = _object({
        "gkaudit": {"type": "string", "description": "The version that wrote it."},
        "reports": {"type": "array", "items": {"$ref": "#/$defs/report"}, "description": "In input order."},
        "skipped": {"type": "array", "items": {"$ref": "#/$defs/input"}, "description": "Inputs that are not reports."},
        "unreadable": {"type": "array", "items": {"$ref": "#/$defs/input"}, "description": "Inputs that could not be read."},
        "decision_problems": {"type": "array", "items": {"$ref": "#/$defs/decision_problem"},
                              "description": "Decisions whose finding is gone, whose figures changed, or that expired."},
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "gkaudit check --format json",
        **document,
        "$defs": {"report": _report(), "finding": _finding(), "cause": _cause(), "input": _input(),
                   "decision_problem": _decision_problem()},
    }

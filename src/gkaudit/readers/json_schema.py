"""The JSON Schema of the report format, generated from the templates."""

from __future__ import annotations

from gkaudit.readers.json_report import FORMAT_ID, NOTE_KINDS
from gkaudit.templates import TABLE_IDS, load_templates

_SOURCE = {
    "type": "object",
    "description": "Where the value came from in the original document.",
    "properties": {
        "file": {"type": "string"}, "line": {"type": "integer"}, "paragraph": {"type": "integer"}, "page": {"type": "integer"},
        "table": {"type": "integer"}, "row": {"type": "integer"}, "column": {"type": "integer"},
        "path": {"type": "string"}, "sheet": {"type": "string"},
    },
    "additionalProperties": False,
}
_VALUE = {
    "description": "A number, null for a blank cell, or the text printed when it is not a number.",
    "type": ["integer", "number", "string", "null"],
}
_CELL = {
    "oneOf": [
        {"$ref": "#/$defs/value"},
        {
            "type": "object",
            "properties": {"value": {"$ref": "#/$defs/value"}, "source": {"$ref": "#/$defs/source"}, "text": {"type": "string"}},
            "required": ["value"],
            "additionalProperties": False,
        },
    ]
}


def _table_schema(table: str) -> dict:
    templates = load_templates().values()
    rows: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for template in templates:
        spec = template.tables[table]
        for row_id, row in spec.rows.items():
            rows.setdefault(row_id, set()).update(row.columns)
            labels[row_id] = row.display.zh
    return {
        "type": "object",
        "properties": {
            "layout": {"enum": sorted(t.id for t in templates)},
            "rows": {
                "type": "object",
                "properties": {
                    row_id: {
                        "type": "object",
                        "description": labels[row_id],
                        "properties": {column: {"$ref": "#/$defs/cell"} for column in sorted(columns)},
                        "additionalProperties": False,
                    }
                    for row_id, columns in rows.items()
                },
                "additionalProperties": False,
            },
        },
        "required": ["rows"],
        "additionalProperties": False,
    }


def report_schema() -> dict:
    templates = sorted(load_templates())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "gkaudit report",
        "description": "A 政府信息公开工作年度报告 as gkaudit reads it: metadata, narrative by section, tables 二–四.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_ID},
            "source_file": {"type": "string", "description": "The document the report was extracted from."},
            "metadata": {
                "type": "object",
                "properties": {
                    "body": {"type": "string", "description": "The issuing body."},
                    "region": {"type": "string"},
                    "year": {"type": "integer", "description": "The report year."},
                    "template": {"enum": templates},
                    "title": {"type": "string"},
                },
                "required": ["body", "year"],
            },
            "narrative": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "number": {"type": "string"}, "heading": {"type": "string"},
                        "text": {"type": "string"}, "source": {"$ref": "#/$defs/source"},
                        "paragraph_sources": {"type": "array", "items": {"oneOf": [{"$ref": "#/$defs/source"}, {"type": "null"}]}},
                    },
                    "required": ["number", "heading", "text"],
                },
            },
            "tables": {
                "type": "object",
                "properties": {table: _table_schema(table) for table in TABLE_IDS},
                "additionalProperties": False,
            },
            "extraction_notes": {
                "type": "array",
                "description": "What a reader could not read with certainty; each becomes a finding.",
                "items": {
                    "type": "object",
                    "properties": {
                        "kind": {"enum": list(NOTE_KINDS)},
                        "printed": {"type": "string"}, "official": {"type": "string"},
                        "score": {"type": "number"}, "source": {"$ref": "#/$defs/source"},
                    },
                    "required": ["kind", "printed"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["metadata", "tables"],
        "$defs": {"source": _SOURCE, "value": _VALUE, "cell": _CELL},
    }

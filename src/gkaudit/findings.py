"""Findings: the facts of one rule failing (or not being assessable) on one report.

A finding carries everything a renderer needs — rule, severity, the cells with their
official labels, values, roles and sources, the reported and computed figures and the
arithmetic — in both languages, so terminal and JSON output say the same things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from gkaudit.model import CellValue
from gkaudit.rules.catalog import Rule
from gkaudit.templates import Label

Status = Literal["fail", "not_assessable"]
CellRole = Literal["primary", "context"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class FindingCell:
    table: str
    row: str
    column: str
    table_label: Label
    table_short: Label
    row_label: Label
    column_label: Label
    column_short: Label  # without its spanning header, for table excerpts
    value: CellValue
    role: CellRole
    source: str
    order: tuple[int, int]  # (row, column) position in the template, for rendering

    def label(self, lang: str) -> str:
        return f"{self.table_short.text(lang)} · {self.row_label.text(lang)} × {self.column_label.text(lang)}"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    status: Status
    title: Label
    message: Label
    help: Label | None
    cells: tuple[FindingCell, ...]
    location: str
    reported: int | Decimal | None = None
    computed: int | Decimal | None = None
    arithmetic: Label | None = None
    scope: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def of(cls, rule: Rule, fields: dict[str, Label], cells: tuple[FindingCell, ...], location: str, **facts) -> Finding:
        """A failed rule: its message filled in from ``fields``; ``facts`` add reported,
        computed, arithmetic, scope or a different severity."""
        facts.setdefault("severity", rule.severity)
        return cls(rule=rule.id, status="fail", title=rule.title, message=format_label(rule.message, fields),
                   help=rule.help, cells=cells, location=location, **facts)

    @property
    def primary(self) -> FindingCell | None:
        return next((c for c in self.cells if c.role == "primary"), None)

    def sort_key(self, rule_order: dict[str, int]) -> tuple:
        """Worst first; then by table, the rule's place in the catalogue, and position."""
        first = min((c.order for c in self.cells), default=(0, 0))
        table = self.cells[0].table if self.cells else ""
        return (SEVERITY_ORDER.get(self.severity, 9), self.status != "fail", table, rule_order.get(self.rule, 0), first)


def format_number(value: CellValue, lang: str) -> str:
    if value is None:
        return "(空)" if lang == "zh" else "(blank)"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_label(message: Label, fields: dict[str, Label]) -> Label:
    """A rule's message template filled in, each language with its own field values."""
    return Label(
        message.zh.format_map({k: v.zh for k, v in fields.items()}),
        message.en.format_map({k: v.en for k, v in fields.items()}),
    )

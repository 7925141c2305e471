"""The results model: what checking a batch found, read-only for every renderer.

- a **finding**: one rule failing (or not assessable) on one report, with its cells
  (official labels, values, roles and sources resolved when the finding is made), the
  reported and computed figures and the arithmetic, in both languages;
- a **cause**: the minimal explanations of a group of failed arithmetic rules (which
  cells to change, to what), with the id its findings refer to;
- a **report result**: a report's metadata, template, findings, causes and counts (and,
  when asked for, every cell it gives with its source);
- a **batch result**: every report result, and the inputs that could not be checked.

The check stage makes findings, diagnosis makes causes and report results, the batch
adds cross-year findings; after that nothing changes them. Renderers import this module,
never the engine or the localiser.
"""

from __future__ import annotations

import hashlib
import json
import os
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal, NamedTuple, Protocol, runtime_checkable

from gkaudit.errors import GkauditError
from gkaudit.model import CellValue, Metadata
from gkaudit.rules.model import Rule, Scope, rule_key
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
    source: str  # where it stands in the file passed
    order: tuple[int, int]  # (row, column) position in the template, for rendering
    origin: str | None = None  # where it stood in the document a report JSON was extracted from

    def label(self, lang: str) -> str:
        return f"{self.table_short.text(lang)} · {self.row_label.text(lang)} × {self.column_label.text(lang)}"


@dataclass(frozen=True)
class Review:
    """A reviewer's decision on a finding: ``confirmed`` (a real error, sent back) or
    ``dismissed`` (not an error; ``why`` says so). Dismissed findings stay listed but leave
    the verdict."""

    verdict: Literal["confirmed", "dismissed"]
    why: str
    author: str
    date: str


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
    origin: str | None = None  # where it stood in the document a report JSON was extracted from
    reported: int | Decimal | None = None
    computed: int | Decimal | None = None
    arithmetic: Label | None = None
    scope: Scope = field(default=())
    cause: str | None = None  # the id of the cause that explains it, set by diagnosis
    review: Review | None = None  # a reviewer's decision on it, set when decisions are applied

    @classmethod
    def of(cls, rule: Rule, fields: dict[str, Label], cells: tuple[FindingCell, ...], location: str, **facts) -> Finding:
        """A failed rule: its message filled in from ``fields``; ``facts`` add reported,
        computed, arithmetic, scope or a different severity."""
        facts.setdefault("severity", rule.severity)
        return cls(rule=rule.id, status="fail", title=rule.title, message=format_label(rule.message, fields),
                   help=rule.help, cells=cells, location=location, **facts)

    @property
    def key(self) -> str:
        """The rule at its scope, e.g. ``T3.TOTAL[column=total]``."""
        return rule_key(self.rule, self.scope)

    @property
    def counts_against(self) -> bool:
        """A failure the verdict counts: not dismissed by a reviewer."""
        return self.status == "fail" and not (self.review is not None and self.review.verdict == "dismissed")

    def identity(self, body: str, year: int | None, with_values: bool = True) -> str:
        """A stable identity across runs: body, year, rule, scope and the cells (with their
        values, unless ``with_values`` is off) — never the file path, so a new copy of the
        document keeps it."""
        basis: list = [" ".join(body.split()), year, self.rule, self.status, list(self.scope)]
        basis += [[c.table, c.row, c.column] + ([str(c.value)] if with_values else []) for c in self.cells]
        return hashlib.sha1(json.dumps(basis, ensure_ascii=False).encode()).hexdigest()[:16]

    @property
    def primary(self) -> FindingCell | None:
        return next((c for c in self.cells if c.role == "primary"), None)

    @property
    def place(self) -> str:
        """Where it stands in the file passed: its offending cell, else its own location (the
        sentence of a prose finding, not the table cells it is compared with)."""
        primary = self.primary
        return primary.source if primary is not None else self.location

    @property
    def original_place(self) -> str | None:
        """Where it stood in the document a report JSON was extracted from, if known."""
        primary = self.primary
        return primary.origin if primary is not None else self.origin

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


@dataclass(frozen=True)
class CellChange:
    """One cell of an explanation: its value now and the value the rules call for."""

    cell: FindingCell  # label and source of the cell to change
    current: int | Decimal | None
    proposed: int | None  # None when the rules do not fix the value

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.cell.table, self.cell.row, self.cell.column)


@dataclass(frozen=True)
class Explanation:
    """A smallest set of cells whose change makes every equality rule of the report hold."""

    changes: tuple[CellChange, ...]
    identifiable: bool  # the rules fix the new values uniquely
    hypotheses: tuple[str, ...] = ()  # the kinds of slip it looks like ("total_not_updated", …)


@dataclass(frozen=True)
class Cause:
    """Failed arithmetic rules linked through shared cells, and their minimal explanations
    (ties kept in template order; none when no small change explains them)."""

    id: str  # "C1", "C2", … within one report; findings point here through Finding.cause
    rules: tuple[tuple[str, Scope], ...]  # the failed rules, each with its scope
    explanations: tuple[Explanation, ...]
    searched_up_to: int  # the largest number of changed cells tried

    @property
    def keys(self) -> tuple[str, ...]:
        """Its rules as Finding.key spells them, e.g. ``T3.TOTAL[column=total]``."""
        return tuple(rule_key(rule, scope) for rule, scope in self.rules)

    @property
    def unique(self) -> bool:
        return len(self.explanations) == 1 and self.explanations[0].identifiable


CellKey = tuple[str, str, str]  # (table, row, column)
_SHARED_KEYS: dict[tuple[CellKey, ...], tuple[tuple[CellKey, ...], dict[CellKey, int]]] = {}
_MAX_SHARED = 4096  # distinct sets of cells kept shared; a fuzzer's odd reports must not grow it without end
_JOIN = "\x00"  # never in a source: file names with a NUL are refused


def _shared(keys: tuple[CellKey, ...]) -> tuple[tuple[CellKey, ...], dict[CellKey, int]]:
    """One copy of a set of keys, and each key's position, for every report giving those cells."""
    found = _SHARED_KEYS.get(keys)
    if found is None:
        if len(_SHARED_KEYS) >= _MAX_SHARED:
            _SHARED_KEYS.clear()
        found = _SHARED_KEYS[keys] = (keys, {key: i for i, key in enumerate(keys)})
    return found


class YearCells(Mapping[CellKey, tuple[CellValue, str]]):
    """The cells the cross-year, jump and roll-up rules read of one report: key → (value,
    source). A batch holds these for every report until its years are paired, so they are
    kept small: the keys once for every report giving the same cells, the sources as their
    common beginning (the file's path) and the rest joined in one string."""

    __slots__ = ("_keys", "_positions", "_values", "_prefix", "_rest")

    def __init__(self, cells: Iterable[tuple[CellKey, CellValue, str]] = ()) -> None:
        ordered = sorted(cells, key=lambda cell: cell[0])
        sources = [source for _, _, source in ordered]
        prefix = os.path.commonprefix(sources) if sources else ""
        rest = [source[len(prefix):] for source in sources]
        self._set(tuple(key for key, _, _ in ordered), tuple(value for _, value, _ in ordered), prefix,
                  _JOIN.join(rest) if not any(_JOIN in r for r in rest) else tuple(rest))

    def _set(self, keys: tuple[CellKey, ...], values: tuple[CellValue, ...], prefix: str, rest: str | tuple[str, ...]) -> None:
        self._keys, self._positions = _shared(keys)
        self._values, self._prefix, self._rest = values, prefix, rest

    @classmethod
    def _restored(cls, keys: tuple[CellKey, ...], values: tuple[CellValue, ...], prefix: str,
                  rest: str | tuple[str, ...]) -> YearCells:
        cells = cls.__new__(cls)
        cells._set(keys, values, prefix, rest)
        return cells

    def __reduce__(self):
        return (YearCells._restored, (self._keys, self._values, self._prefix, self._rest))

    def _source(self, position: int) -> str:
        rest = self._rest.split(_JOIN) if isinstance(self._rest, str) else self._rest
        return self._prefix + rest[position]

    def __getitem__(self, key: CellKey) -> tuple[CellValue, str]:
        position = self._positions[key]
        return self._values[position], self._source(position)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def __iter__(self) -> Iterator[CellKey]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def value(self, key: CellKey) -> CellValue:
        return self._values[self._positions[key]]

    def __repr__(self) -> str:
        return f"YearCells({len(self)} cells)"


class ReportSummary(NamedTuple):
    """What a batch keeps of each report in memory: enough for the triage order and the verdict."""

    path: str
    errors: int
    warnings: int
    infos: int
    not_assessable: int

    def triage_key(self) -> tuple[int, int, int]:
        """Most errors first, then most warnings, then most not assessable (ties by path:
        BatchResult.triage_order)."""
        return (-self.errors, -self.warnings, -self.not_assessable)

    def failed(self, severities: set[str]) -> bool:
        counted = {"error": self.errors, "warning": self.warnings, "info": self.infos}
        return any(counted.get(severity, 0) for severity in severities)


@dataclass(frozen=True)
class ReportResult:
    """Everything checking one report found."""

    path: str  # the file the user passed
    source_file: str | None  # the original document, when the report was extracted from one
    metadata: Metadata
    template: str  # the template id of its tables, or "mixed"
    layout: tuple[tuple[str, str], ...]  # table id → template id
    findings: tuple[Finding, ...]
    causes: tuple[Cause, ...]
    bindings: tuple[tuple[str, int], ...]  # arithmetic bindings by status: pass, fail, not_assessable
    # every cell the report gives, labelled and placed like a finding's (role "context"), in
    # template order; kept only when asked for (the SQLite output): placing each cell costs
    # several times what checking the report does
    cells: tuple[FindingCell, ...] = ()
    # the cells the cross-year, jump and roll-up rules read, with value and source: what a
    # results file keeps so that next year's batch can be compared with it (``--previous``)
    year_cells: YearCells = field(default_factory=YearCells)

    def fingerprint(self, finding: Finding) -> str:
        """The finding's identity across runs, copies of the document and batches."""
        return finding.identity(self.metadata.body, self.metadata.year)

    def place(self, finding: Finding) -> str:
        """The finding's identity without the values: the same cells of the same report, so
        a decision can tell "the office changed the figures" from "the problem is gone"."""
        return finding.identity(self.metadata.body, self.metadata.year, with_values=False)

    def counts(self) -> dict[str, int]:
        fails = Counter(f.severity for f in self.findings if f.counts_against)
        checked = dict(self.bindings)
        return {
            "errors": fails["error"],
            "warnings": fails["warning"],
            "infos": fails["info"],
            "not_assessable": checked.get("not_assessable", 0),
            "bindings_checked": sum(checked.values()),
            "bindings_passed": checked.get("pass", 0),
            "dismissed": sum(1 for f in self.findings if f.status == "fail" and not f.counts_against),
        }

    def summary(self) -> ReportSummary:
        counts = self.counts()
        return ReportSummary(self.path, counts["errors"], counts["warnings"], counts["infos"], counts["not_assessable"])

    def cause(self, cause_id: str | None) -> Cause | None:
        return next((c for c in self.causes if c.id == cause_id), None)


@dataclass(frozen=True)
class BatchResult:
    """A whole run. Every input ends in exactly one state: checked (a report result, in
    input order), skipped (not a report: an image, a README) or unreadable (an input error
    naming the file and the place)."""

    # a tuple, or a gkaudit.result_store.ResultStore reading each result from disk when asked
    reports: Sequence[ReportResult]
    unreadable: tuple[GkauditError, ...] = ()
    skipped: tuple[GkauditError, ...] = ()
    decision_problems: tuple[DecisionProblem, ...] = ()

    def summaries(self) -> Sequence[ReportSummary]:
        """Each report's summary in input order, without reading the results back from a store."""
        if isinstance(self.reports, KeptResults):
            return self.reports.summaries()
        return [result.summary() for result in self.reports]

    def triage_order(self) -> Sequence[int]:
        """The reports' indices, worst first (see ReportSummary.triage_key), ties by path.
        Sorted a group of equal counts at a time, keyed by the paths the summaries hold: a
        key made for each report (a tuple) held 12 MB at 100,000 reports."""
        summaries = self.summaries()
        groups: dict[tuple[int, int, int], array[int]] = {}
        for index, summary in enumerate(summaries):
            groups.setdefault(summary.triage_key(), array("q")).append(index)
        order = array("q")
        for counts in sorted(groups):
            order.extend(sorted(groups.pop(counts), key=lambda index: summaries[index].path))
        return order

    def ranks(self) -> Sequence[int]:
        """Each report's place in the triage order (1 = worst), in input order."""
        ranks = array("q", bytes(8 * len(self.reports)))  # zeros, 8 bytes a report
        for rank, index in enumerate(self.triage_order(), start=1):
            ranks[index] = rank
        return ranks

    def worst_first(self) -> Iterator[ReportResult]:
        for index in self.triage_order():
            yield self.reports[index]

    def failed(self, severities: set[str]) -> bool:
        return any(summary.failed(severities) for summary in self.summaries())

    def with_changed(self, changes: Iterable[tuple[int, ReportResult]], **fields) -> BatchResult:
        """The batch with some reports replaced, given as (index, new result) (and ``fields`` set)."""
        if isinstance(self.reports, KeptResults):
            reports: Sequence[ReportResult] = self.reports.replaced(changes)
        else:
            new = dict(changes)
            reports = tuple(new.get(index, result) for index, result in enumerate(self.reports))
        return replace(self, reports=reports, **fields)


@runtime_checkable
class KeptResults(Protocol):
    """Results kept out of memory (gkaudit.result_store), with each one's summary at hand."""

    def summaries(self) -> Sequence[ReportSummary]: ...

    def replaced(self, changes: Iterable[tuple[int, ReportResult]]) -> KeptResults: ...


@dataclass(frozen=True)
class DecisionProblem:
    """A recorded decision that no longer applies as it stands: its finding is gone, its
    figures changed (the office edited the cells), or it expired."""

    fingerprint: str
    problem: Literal["gone", "values_changed", "expired"]
    rule: str
    body: str
    year: int | None
    why: str
    source: str  # the decisions file and the entry

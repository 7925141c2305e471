"""The registry of built-in checks: what each ``check:`` name provides and needs.

A rule's message is a template filled in from the fields its check supplies; which
fields those are used to be visible only in the code that builds the findings
(engine.py, prose.py, crossyear.py). They are data here, so the self-check can reject a
message naming a field its check never fills in — at load time, naming the rule —
instead of the run ending in a ``KeyError`` on the first finding.

Each entry also lists the ``params`` keys the check reads: ``required`` ones it indexes
directly, ``optional`` ones it reads with a default, each with the YAML types allowed.

Keep this table in step with the code: a check that starts filling a new field, or
reading a new parameter, must say so here (tests/test_registry.py renders every
shipped rule's failing example, so a field missing here shows up there).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

# Fields of an arithmetic rule's message (``assert:``), set by engine._arithmetic_finding;
# each ``for_each`` variable is a field as well (its row or column label).
ARITHMETIC_FIELDS = frozenset({"cell", "reported", "computed", "arithmetic"})

ParamTypes = tuple[type, ...]
_STR: ParamTypes = (str,)
_LIST: ParamTypes = (list,)
_MAP: ParamTypes = (dict,)
_NUMBER: ParamTypes = (int, float, str)


@dataclass(frozen=True)
class CheckSpec:
    """One built-in check: the message fields it provides and the params it reads."""

    name: str
    fields: frozenset[str]
    required: dict[str, ParamTypes] = field(default_factory=dict)
    optional: dict[str, ParamTypes] = field(default_factory=dict)
    implemented_in: str = ""

    @property
    def params(self) -> dict[str, ParamTypes]:
        return {**self.required, **self.optional}


def _spec(name: str, fields: set[str], where: str, required=None, optional=None) -> CheckSpec:
    return CheckSpec(name, frozenset(fields), dict(required or {}), dict(optional or {}), where)


_CELL = {"cell", "value", "kind"}  # engine._check_cells
_TABLE = {"table", "count", "cells"}  # engine._check_tables
_NOTE = {"printed", "official", "score"}  # engine._check_notes
_CLAIM = {"sentence", "stated", "computed", "cell"}  # prose.check_claims

CHECKS: dict[str, CheckSpec] = {
    spec.name: spec
    for spec in (
        _spec("cell_type", _CELL, "engine._check_cells"),
        _spec("cell_integer", _CELL, "engine._check_cells"),
        _spec("cell_range", _CELL, "engine._check_cells"),
        _spec("blank_cells", _TABLE, "engine._check_tables"),
        _spec("missing_cells", _TABLE, "engine._check_tables"),
        _spec("layout_year", {"table", "layout", "template", "year"}, "engine._check_layout_year"),
        _spec("extraction_label", _NOTE, "engine._check_notes"),
        _spec("extraction_unplaced", _NOTE, "engine._check_notes"),
        _spec("extraction_unit", _NOTE, "engine._check_notes"),
        _spec("extraction_structure", _NOTE, "engine._check_notes"),
        _spec("extraction_metadata", _NOTE, "engine._check_notes"),
        _spec("extraction_split", _NOTE, "engine._check_notes"),
        _spec("extraction_count_unit", _NOTE, "engine._check_notes"),
        _spec("extraction_ambiguous", _NOTE, "engine._check_notes"),
        _spec("extraction_flat_ambiguous", _NOTE, "engine._check_notes"),
        _spec("extraction_flat_unsplit", _NOTE, "engine._check_notes"),
        _spec(
            "narrative_claim", _CLAIM, "prose.check_claims",
            required={"patterns": _LIST, "refers_to": _STR, "label": _MAP},
            optional={"states": _NUMBER, "alternatives": _LIST, "not_after": _LIST, "sections": _LIST},
        ),
        # A claim's finding re-graded as a scope warning: the claim's fields and {reading}.
        _spec("narrative_scope", _CLAIM | {"reading"}, "prose.check_claims",
              optional={"part_markers": _LIST, "blank_totals": _MAP}),
        _spec("narrative_parts", {"sentence", "stated", "computed", "number"}, "prose.check_parts",
              optional={"marker": _STR, "units": _LIST, "breakdowns": _MAP, "ends": _LIST}),
        _spec("section_presence", {"section"}, "prose.check_sections"),
        _spec("section_numbering", {"section", "number"}, "prose.check_sections"),
        _spec("section_heading", {"printed", "official"}, "prose.check_sections"),
        _spec("section_topics", {"section", "topics"}, "prose.check_sections",
              required={"section": _STR, "topics": _MAP}),
        _spec("section_empty", {"section", "sentence"}, "prose.check_sections",
              optional={"sections": _LIST, "empty_words": _LIST}),
        _spec("metadata_year", {"year", "stated", "evidence"}, "prose.check_metadata_year"),
        _spec("report_year", {"sentence", "year", "number"}, "prose._year_findings",
              optional={"period_pattern": _STR, "plan_section": _STR}),
        _spec("statistics_period", {"sentence", "number", "year"}, "prose._period_findings",
              optional={"period_pattern": _STR}),
        _spec("citation_date", {"printed", "official", "sentence"}, "prose._citation_findings",
              optional={"documents": _MAP}),
        _spec("cross_year", {"year", "reported", "computed", "printed", "cell"}, "crossyear._compare",
              required={"this": _STR, "previous": _STR}, optional={"op": _STR}),
        _spec("year_jump", {"year", "reported", "computed", "printed", "cell", "factor"}, "yearjumps.jump_findings",
              required={"value": _STR, "factor": _NUMBER, "at_least": _NUMBER}),
        _spec("roll_up", {"cell", "reported", "computed", "count", "children", "expected"}, "rollup.roll_up_findings",
              required={"value": _STR}),
    )
}


# The expressions each check evaluated across reports (a batch) reads from its params:
# the self-check expands them, and a report's year facts keep the cells they name.
BATCH_EXPRESSIONS: dict[str, tuple[str, ...]] = {
    "cross_year": ("this", "previous"), "year_jump": ("value",), "roll_up": ("value",),
}


class UnknownCheckError(KeyError):
    """A ``check:`` name the registry does not know."""

    def __init__(self, name: object) -> None:
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        close = difflib.get_close_matches(str(self.name), CHECKS, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return f"unknown check {self.name!r}{hint} (known checks: {', '.join(sorted(CHECKS))})"


def resolve(name: object) -> CheckSpec:
    """The registry entry for a ``check:`` name, or :class:`UnknownCheckError`."""
    if isinstance(name, str) and name in CHECKS:
        return CHECKS[name]
    raise UnknownCheckError(name)


def fields_of(check: str | None, for_each: tuple[tuple[str, str], ...] = ()) -> frozenset[str]:
    """The message fields a rule may use: its check's, or an arithmetic rule's plus its
    ``for_each`` variables."""
    if check is None:
        return ARITHMETIC_FIELDS | {name for name, _ in for_each}
    return resolve(check).fields


def param_problems(check: str, params: dict) -> list[str]:
    """What is wrong with a check's ``params``: missing required keys, unknown keys, wrong types."""
    spec = resolve(check)
    problems = [f"'params.{key}' is required by check {check!r}" for key in spec.required if key not in params]
    for key, value in params.items():
        allowed = spec.params.get(key)
        if allowed is None:
            known = ", ".join(sorted(spec.params)) or "none"
            close = difflib.get_close_matches(str(key), spec.params, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"'params.{key}' is not a parameter of check {check!r}{hint}; it takes: {known}")
        elif not isinstance(value, allowed) or isinstance(value, bool):
            names = " or ".join(_TYPE_NAMES[t] for t in allowed)
            found = "a boolean" if isinstance(value, bool) else _TYPE_NAMES.get(type(value), "another kind of value")
            problems.append(f"'params.{key}' must be {names}; found {found}")
    return problems


_TYPE_NAMES = {str: "a string", list: "a list", dict: "a mapping", int: "an integer", float: "a number"}

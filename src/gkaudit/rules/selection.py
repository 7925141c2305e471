"""What the user's ``--select`` / ``--ignore`` values mean, before a rule set is narrowed.

A selector is a rule id (``T3.TOTAL``) or a dotted prefix of one (``T3``, ``PROSE``).
Values are case-insensitive and may be comma lists, as ruff takes them
(``--select t3,prose``). A value that names no rule and no prefix is an error with a
did-you-mean, never a silent selection of nothing (or, for ``--ignore``, of everything):
a gate that checks no rules and exits 0 would pass any report.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from gkaudit.errors import GkauditError


class UnknownSelectorError(GkauditError):
    """A ``--select`` or ``--ignore`` value names no rule id and no prefix of one."""

    code = "usage.unknown-rule"


def selectors(rule_ids: Iterable[str]) -> dict[str, str]:
    """Every id and dotted prefix of an id, keyed by its upper-case spelling."""
    known: dict[str, str] = {}
    for rule_id in rule_ids:
        parts = rule_id.split(".")
        for end in range(1, len(parts) + 1):
            name = ".".join(parts[:end])
            known.setdefault(name.upper(), name)
    return known


def resolve_selectors(rule_ids: Iterable[str], values: Iterable[str] | None, option: str = "--select") -> list[str] | None:
    """The canonical ids/prefixes the values name, in order, without repeats.

    ``None`` (the option not given) stays ``None``. Raises UnknownSelectorError for a
    value that matches nothing, and for an option given with nothing in it.
    """
    if values is None:
        return None
    values = list(values)
    known = selectors(rule_ids)
    resolved: list[str] = []
    given = 0
    for value in values:
        for token in value.split(","):
            token = token.strip().rstrip(".")
            if not token:
                continue
            given += 1
            canonical = known.get(token.upper())
            if canonical is None:
                raise UnknownSelectorError(option, "", _unknown(token, known))
            if canonical not in resolved:
                resolved.append(canonical)
    if not given and values:
        raise UnknownSelectorError(option, "", "expected a rule id or prefix, e.g. T3 or T3.TOTAL; got nothing")
    return resolved


def _unknown(token: str, known: dict[str, str]) -> str:
    close = difflib.get_close_matches(token.upper(), list(known), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(known[c]) for c in close)}?" if close else ""
    return f"no rule id or prefix {token!r}{hint} (`gkaudit rules` lists them)"

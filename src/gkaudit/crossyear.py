"""Across years: a body's report against its report of the year before, within one batch.

A reviewer checks many reports at once; when a batch holds the same body's reports for
consecutive years, what one year carries forward must be what the next carries over.
The pairs of expressions are declared in YAML (``check: cross_year``): ``this`` is
evaluated on the later report, ``previous`` on the earlier one, compared with ``op``
(``==``, or ``>=``/``<=`` for soft checks), at every point of ``for_each``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import Decimal

from gkaudit.engine import ReportAudit, cell_info, sort_findings
from gkaudit.findings import Finding
from gkaudit.prose import plain_number
from gkaudit.rules.linear import evaluate
from gkaudit.rules.catalog import Rule, RuleSet
from gkaudit.templates import Label

_SPACES = re.compile(r"\s+")
_TABLE = re.compile(r"\b(table\d)\s*\[")


def _body(name: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


def same_body(a: str, b: str) -> bool:
    """The same issuing body, written in full or without its city (洪泽区人民政府 ·
    淮安市洪泽区人民政府)."""
    a, b = _body(a), _body(b)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and longer.endswith(shorter)


def _substitute(expression: str, scope: dict[str, str]) -> str:
    for name, value in scope.items():
        expression = expression.replace(f"${name}", value)
    return expression


def _scopes(rule: Rule, audit: ReportAudit) -> list[dict[str, str]]:
    names = [name for name, _ in rule.for_each]
    domains = []
    for _, domain in rule.for_each:
        table, axis, *group = domain.split(".")
        spec = audit.layout.spec(table)
        if group:
            groups = spec.row_groups if axis == "rows" else spec.column_groups
            domains.append(list(groups[group[0]].members) if group[0] in groups else [])
        else:
            domains.append(list(spec.rows if axis == "rows" else spec.columns))
    return [dict(zip(names, values)) for values in itertools.product(*domains)] if names else [{}]


def _holds(later: Decimal, earlier: Decimal, op: str) -> bool:
    return {"==": later == earlier, ">=": later >= earlier, "<=": later <= earlier}[op]


def _applies(rule: Rule, audit: ReportAudit) -> bool:
    tables = set(_TABLE.findall(rule.params["this"] + " " + rule.params["previous"]))
    return all(audit.layout.template_of(table) in rule.templates for table in tables)


def _compare(rule: Rule, earlier: ReportAudit, later: ReportAudit) -> list[Finding]:
    findings: list[Finding] = []
    if not (_applies(rule, earlier) and _applies(rule, later)):
        return findings
    for scope in _scopes(rule, later):
        # None where a year lacks the cells (another layout, a missing or text cell): not compared
        now, now_cells = evaluate(_substitute(rule.params["this"], scope), later.layout, later.cells)
        before, before_cells = evaluate(_substitute(rule.params["previous"], scope), earlier.layout, earlier.cells)
        if now is None or before is None or not now_cells or _holds(now, before, rule.params.get("op", "==")):
            continue
        cells = tuple(cell_info(later, key, "primary") for key in now_cells)
        cells += tuple(cell_info(earlier, key, "context") for key in before_cells)
        fields = {
            "year": Label(str(earlier.report.metadata.year), str(earlier.report.metadata.year)),
            "reported": Label(str(plain_number(now)), str(plain_number(now))),
            "computed": Label(str(plain_number(before)), str(plain_number(before))),
            "printed": Label(earlier.report.path, earlier.report.path),
            "cell": Label(cells[0].label("zh"), cells[0].label("en")),
        }
        findings.append(Finding.of(rule, fields, cells, cells[0].source, reported=plain_number(now), computed=plain_number(before),
                                   scope=tuple(scope.items())))
    return findings


def _suffixes(body: str) -> list[str]:
    """The endings a shorter spelling of the same body could have (four characters or more)."""
    return [body[i:] for i in range(len(body) - 3)]


def consecutive_pairs(audits: list[ReportAudit]) -> list[tuple[ReportAudit, ReportAudit]]:
    """(earlier, later) for each report and the same body's report of the year before.

    A hash join on (year, normalised body): every report is indexed under each ending of
    its body, so a later report finds earlier ones written in full or without the city in
    time linear in the batch, not by comparing every report with every other one.
    """
    by_ending: dict[tuple[int, str], list[int]] = {}
    bodies = [_body(a.report.metadata.body) for a in audits]
    for index, (audit, body) in enumerate(zip(audits, bodies)):
        for ending in _suffixes(body):
            by_ending.setdefault((audit.report.metadata.year, ending), []).append(index)
    pairs = []
    for later_index, (later, body) in enumerate(zip(audits, bodies)):
        if len(body) < 4:
            continue
        year = later.report.metadata.year - 1
        found = set(by_ending.get((year, body), ()))  # earlier bodies ending with this one
        found.update(i for ending in _suffixes(body) for i in by_ending.get((year, ending), ()) if bodies[i] == ending)
        pairs += [(audits[i], later) for i in sorted(found) if i != later_index]
    return pairs


def check_across_years(audits: list[ReportAudit], ruleset: RuleSet) -> None:
    """Add cross-year findings to the later report of each consecutive pair in the batch."""
    rules = ruleset.checks("cross_year")
    if not rules:
        return
    pairs = consecutive_pairs(audits)
    order = {id(audit): i for i, audit in enumerate(audits)}
    # the order permutations gave: earlier report first, then later, in batch order
    for earlier, later in sorted(pairs, key=lambda pair: (order[id(pair[0])], order[id(pair[1])])):
        for rule in rules:
            later.findings += _compare(rule, earlier, later)
    sort_findings(audits, ruleset)

"""Roll-up: a parent body's report against the sum of its children's (a district and its
departments and streets, a city and its districts), along the manifest's hierarchy.

A ``roll_up`` rule names the figures that add up (``value`` at every point of
``for_each``). Each is compared, year by year, with the sum over the parent's children:
equal when the parent's own office reports among them (``own_office: separate``), at
least the sum when the parent's report also counts its own office
(``own_office: included``). A child with no report of that year in the batch makes the
roll-up not assessable, naming the child, rather than a sum that is silently short.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gkaudit.crossyear import YearFacts, cells_of, scopes, side_at, value_of
from gkaudit.manifest import Body, Manifest
from gkaudit.prose import plain_number
from gkaudit.results import Finding, FindingCell, format_number
from gkaudit.rules.catalog import Rule, RuleSet
from gkaudit.templates import Label

_EXPECTED = {"separate": Label("应等于", "should equal"), "included": Label("应不少于", "should be at least")}


def roll_up_findings(batch: Sequence[YearFacts], manifest: Manifest | None, ruleset: RuleSet) -> dict[int, list[Finding]]:
    """The roll-up findings of each parent's report, by position in ``batch`` (whose
    bodies are already the manifest's names)."""
    rules = ruleset.checks("roll_up")
    found: dict[int, list[Finding]] = {}
    if manifest is None or not rules:
        return found
    by_body_year: dict[tuple[str, int], int] = {}
    for index, facts in enumerate(batch):
        by_body_year.setdefault((facts.body, facts.year), index)
    for parent in manifest.parents():
        children = manifest.children(parent.name)
        for (body, year), index in by_body_year.items():
            if body != parent.name:
                continue
            present = [(child, batch[by_body_year[(child.name, year)]]) for child in children if (child.name, year) in by_body_year]
            missing = [child for child in children if (child.name, year) not in by_body_year]
            for rule in rules:
                findings = ([_not_assessable(rule, batch[index], missing)] if missing
                            else _compare(rule, batch[index], present, parent))
                if findings:
                    found.setdefault(index, []).extend(findings)
    return found


def _compare(rule: Rule, parent_facts: YearFacts, children: list[tuple[Body, YearFacts]], parent: Body) -> list[Finding]:
    findings = []
    for scope in scopes(rule, parent_facts.layout):
        side = side_at(rule.params["value"], parent_facts.layout, scope)
        if side is None or not side.terms:
            continue
        reported = value_of(side, parent_facts)
        parts = [(child, facts, side_at(rule.params["value"], facts.layout, scope)) for child, facts in children]
        values = [value_of(part, facts) if part is not None and part.terms else None for _, facts, part in parts]
        if reported is None or any(value is None for value in values):
            continue  # a cell that is text, or a child laid out without it: nothing to compare
        total = sum(values, Decimal(0))
        if reported == total or (parent.own_office == "included" and reported > total):
            continue
        context: tuple[FindingCell, ...] = ()
        for (_, facts, part), _value in zip(parts, values):
            context += cells_of(part, facts, "context")  # type: ignore[arg-type]
        findings.append(_finding(rule, scope, cells_of(side, parent_facts, "primary") + context, reported, total,
                                 [(child.name, value, facts.path) for (child, facts, _), value in zip(parts, values)],
                                 parent.own_office))
    return findings


def _finding(rule: Rule, scope: dict[str, str], cells: tuple[FindingCell, ...], reported: Decimal, total: Decimal,
             children: list[tuple[str, Decimal | None, str]], own_office: str) -> Finding:
    def listed(lang: str) -> str:
        separator, open_, close = ("、", "（", "）") if lang == "zh" else (", ", " (", ")")
        return separator.join(f"{name} {format_number(plain_number(value), lang)}{open_}{path}{close}"
                              for name, value, path in children)

    now, summed = plain_number(reported), plain_number(total)
    fields = {
        "cell": Label(cells[0].label("zh"), cells[0].label("en")),
        "reported": Label(str(now), str(now)), "computed": Label(str(summed), str(summed)),
        "count": Label(str(len(children)), str(len(children))),
        "children": Label(listed("zh"), listed("en")), "expected": _EXPECTED[own_office],
    }
    return Finding.of(rule, fields, cells, cells[0].source, reported=now, computed=summed, scope=tuple(scope.items()))


def _not_assessable(rule: Rule, parent: YearFacts, missing: list[Body]) -> Finding:
    names_zh, names_en = "、".join(c.name for c in missing), ", ".join(c.name for c in missing)
    message = Label(f"无法判定：下属单位 {names_zh} 的 {parent.year} 年度报告不在本批中，无法与上级报告的合计比较",
                    f"cannot be assessed: the {parent.year} report of {names_en} is not in the batch, so the roll-up cannot be compared")
    return Finding(rule=rule.id, severity="info", status="not_assessable", title=rule.title, message=message,
                   help=None, cells=(), location=parent.path)

"""gkaudit's prose rules against sixteen real narratives whose figures were worked out by hand.

    python benchmarks/narratives.py [FOLDER] [--check]

FOLDER (default ``tests/fixtures/narratives``, a copy of ``/work/shared/corpus/narratives``) holds,
per report, the hand-decoded tables, the narrative verbatim, every figure that states a table
cell (``claims``, each ``agrees`` or not) and every look-alike that does not (``not_claims``).
Each report is built as ``gkaudit-report/1`` JSON, read by the JSON report reader and checked
with the PROSE rules. Prints, over all reports and per report: the disagreeing claims found
(any finding on them), the false errors (an error on an agreeing claim, on a not_claim, or on a
figure nobody listed) and the warnings on agreeing claims and not_claims. ``--check`` exits 1
when there is a false error or a disagreeing claim is missed.

Matching a finding to a hand-worked figure: the finding's stated figure (``reported``) must
equal the figure's ``value``, and among the report's figures of that value the one whose
``quote`` (else ``says``) shares the longest run of characters with the finding's sentence
(the “…” its message opens with) is taken, if that run is at least ``MIN_SHARED`` characters.
A figure finding that matches none is "unlisted".
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from gkaudit.api import check_one, load_rules
from gkaudit.readers.json_report import parse_report
from gkaudit.rules.model import RuleSet
from gkaudit.templates import TableSpec, get_template

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "fixtures" / "narratives"
MIN_SHARED = 2
NEAR = 40  # characters between a figure's words and its digits, at most, when a figure is changed
FIGURE_CHECKS = ("narrative_claim", "narrative_scope", "narrative_parts")
T3_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
T4_ROWS = {"行政复议": "admin_review", "未经复议直接起诉": "litigation_direct", "复议后起诉": "litigation_after_review"}
T4_COLUMNS = ("upheld", "corrected", "other_result", "pending", "total")
_SENTENCE = re.compile(r"^“(.*)”(?:称|中的|：|意味着)", re.S)


@dataclass(frozen=True)
class Figure:
    """One hand-worked figure: a claim (``agrees`` True/False) or a not_claim (``agrees`` None)."""

    value: Decimal
    words: str
    agrees: bool | None
    section: str = ""

    @property
    def disagreeing(self) -> bool:
        return self.agrees is False


@dataclass(frozen=True)
class Hit:
    rule: str
    severity: str
    figure: Figure | None
    stated: object
    sentence: str


@dataclass
class Outcome:
    report: str
    figures: list[Figure]
    hits: list[Hit] = field(default_factory=list)

    @property
    def disagreeing(self) -> list[Figure]:
        return [f for f in self.figures if f.disagreeing]

    @property
    def found(self) -> list[Figure]:
        return [f for f in self.disagreeing if any(h.figure is f for h in self.hits)]

    @property
    def false_errors(self) -> list[Hit]:
        return [h for h in self.hits if h.severity == "error" and (h.figure is None or not h.figure.disagreeing)]

    @property
    def warnings(self) -> list[Hit]:
        return [h for h in self.hits if h.severity == "warning" and (h.figure is None or not h.figure.disagreeing)]


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _row_id(table: TableSpec, label: str) -> str:
    """The template row a hand-decoded label names: ``（三）不予公开/1.属于国家秘密`` is row 1 of group （三）."""
    group, _, row = label.rpartition("/")
    groups = [g.members for g in table.row_groups.values() if group and _normal(g.label.zh) == _normal(group)]
    members = groups[0] if groups else None
    for row_id, spec in table.rows.items():
        if _normal(spec.label.zh) == _normal(row) and (members is None or row_id in members):
            return row_id
    raise ValueError(f"{table.id}: no row labelled {label!r}")


def _column_id(table: TableSpec, label: str) -> str:
    for column_id, spec in table.columns.items():
        if _normal(spec.label.zh) == _normal(label):
            return column_id
    raise ValueError(f"{table.id}: no column labelled {label!r}")


def report_json(case: dict) -> dict:
    """The hand-worked case as a ``gkaudit-report/1`` document."""
    template = get_template(case["template"])
    t2, t3 = template.tables["table2"], template.tables["table3"]
    table2 = {_row_id(t2, entry["label"]): {_column_id(t2, k): v for k, v in entry["values"].items()} for entry in case["table2"]}
    table3 = {_row_id(t3, row["label"]): dict(zip(T3_COLUMNS, row["values"])) for row in case["table3"]["rows"]}
    table4 = {T4_ROWS[label]: dict(zip(T4_COLUMNS, values)) for label, values in case["table4"].items()}
    narrative = []
    for section in case["narrative"]:
        number, mark, heading = section["heading"].partition("、")
        narrative.append({"number": number if mark else "", "heading": heading if mark else number, "text": section["text"]})
    return {"format": "gkaudit-report/1", "source_file": f"{case['id']}.page.txt",
            "metadata": {"body": case["agency"], "year": case["year"], "template": case["template"]},
            "narrative": narrative,
            "tables": {"table2": {"rows": table2}, "table3": {"rows": table3}, "table4": {"rows": table4}}}


def figures(case: dict) -> list[Figure]:
    listed = [(c, c["agrees"]) for c in case["claims"]] + [(n, None) for n in case["not_claims"]]
    return [Figure(Decimal(str(item["value"])), item.get("quote") or item["says"], agrees, item["section"])
            for item, agrees in listed if item.get("value") is not None]


def _shared(a: str, b: str) -> int:
    a, b = _normal(a), _normal(b)
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def match(stated: object, sentence: str, listed: list[Figure]) -> Figure | None:
    """The hand-worked figure a finding is about (see the module docstring), or None."""
    if stated is None:
        return None
    same = [f for f in listed if f.value == Decimal(str(stated))]
    scored = max(((_shared(f.words, sentence), i) for i, f in enumerate(same)), default=(0, -1))
    return same[scored[1]] if scored[0] >= MIN_SHARED else None


@cache
def _prose_rules() -> tuple[RuleSet, frozenset[str]]:
    """The PROSE rules, and the ids of those that judge a stated figure."""
    ruleset = load_rules(select=["PROSE"])
    return ruleset, frozenset(rule.id for check in FIGURE_CHECKS for rule in ruleset.checks(check))


def _hits(case: dict, listed: list[Figure], file: str) -> list[Hit]:
    ruleset, figure_rules = _prose_rules()
    hits = []
    for finding in check_one(parse_report(report_json(case), file), ruleset).findings:
        if finding.rule not in figure_rules or finding.status != "fail":
            continue
        quoted = _SENTENCE.match(finding.message.zh)
        sentence = quoted.group(1) if quoted else finding.message.zh
        hits.append(Hit(finding.rule, finding.severity, match(finding.reported, sentence, listed), finding.reported, sentence))
    return hits


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)  # the reader takes exact numbers


def measure_case(path: Path) -> Outcome:
    case = _load(path)
    outcome = Outcome(case["id"], figures(case))
    outcome.hits = _hits(case, outcome.figures, str(path))
    return outcome


def _printed(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value)


def changed(case: dict, figure: Figure) -> dict | None:
    """The case with ``figure`` printed one higher where the narrative states it (the occurrence
    of its digits nearest the words it is listed with), or None when it is not printed in digits
    (zeros in words: 未发生, 没有)."""
    for section in case["narrative"]:
        if _normal(section["heading"]) != _normal(figure.section):
            continue
        text = section["text"]
        words = SequenceMatcher(None, text, figure.words, autojunk=False).find_longest_match(0, len(text), 0, len(figure.words))
        anchor = words.a + words.size
        digits = [m for m in re.finditer(rf"(?<![\d.]){re.escape(_printed(figure.value))}(?![\d.])", text)
                  if abs(m.start() - anchor) <= NEAR]
        if words.size < MIN_SHARED or not digits:
            return None
        at = min(digits, key=lambda m: abs(m.start() - anchor))
        edited = dict(section, text=text[: at.start()] + _printed(figure.value + 1) + text[at.end():])
        return dict(case, narrative=[edited if s is section else s for s in case["narrative"]])
    return None


@dataclass
class Change:
    """What a figure printed one higher gives: a claim should then be reported; a not_claim,
    which states no table cell, must still give no error."""

    report: str
    figure: Figure
    hits: list[Hit]

    @property
    def reported(self) -> bool:
        return any(h.stated is not None and Decimal(str(h.stated)) == self.figure.value + 1 for h in self.hits)

    @property
    def false_error(self) -> bool:
        return any(h.severity == "error" and h.stated is not None and Decimal(str(h.stated)) == self.figure.value + 1
                   for h in self.hits)


def measure_changes(path: Path) -> list[Change]:
    case = _load(path)
    changes = []
    for figure in figures(case):
        edited = changed(case, figure)
        if edited is not None:
            changes.append(Change(case["id"], figure, _hits(edited, figures(case), str(path))))
    return changes


def measure(folder: Path = FOLDER) -> list[Outcome]:
    return [measure_case(path) for path in sorted(folder.glob("*.json"))]


def _describe(hit: Hit) -> str:
    about = "unlisted" if hit.figure is None else ("not_claim" if hit.figure.agrees is None else "agreeing claim")
    return f"      {hit.severity} {hit.rule} {hit.stated} on {about}: {hit.sentence[:90]}"


def render_changes(changes: list[Change]) -> str:
    claims = [c for c in changes if c.figure.agrees is not None]
    looks = [c for c in changes if c.figure.agrees is None]
    lines = [f"claims printed in digits and changed by one, reported: {sum(c.reported for c in claims)}/{len(claims)}",
             f"not_claims changed by one, given an error: {sum(c.false_error for c in looks)}/{len(looks)}"]
    lines += [f"  {c.report:16} not read: {c.figure.value} {c.figure.words}" for c in claims if not c.reported]
    lines += [f"  {c.report:16} mistaken: {c.figure.value} {c.figure.words}" for c in looks if c.false_error]
    return "\n".join(lines)


def render(outcomes: list[Outcome]) -> str:
    disagreeing = sum(len(o.disagreeing) for o in outcomes)
    lines = [f"disagreeing claims found: {sum(len(o.found) for o in outcomes)}/{disagreeing}",
             f"false errors (agreeing claims, not_claims, unlisted figures): {sum(len(o.false_errors) for o in outcomes)}",
             f"warnings on them: {sum(len(o.warnings) for o in outcomes)}",
             f"figures worked out by hand: {sum(len(o.figures) for o in outcomes)} in {len(outcomes)} reports"]
    for o in outcomes:
        lines.append(f"  {o.report:16} found {len(o.found)}/{len(o.disagreeing)}  false errors {len(o.false_errors)}"
                     f"  warnings {len(o.warnings)}")
        lines += [_describe(h) for h in o.false_errors + o.warnings]
        lines += [f"      missed: {f.value} {f.words}" for f in o.disagreeing if f not in o.found]
    return "\n".join(lines)


def passes(outcomes: list[Outcome]) -> bool:
    return all(not o.false_errors and len(o.found) == len(o.disagreeing) for o in outcomes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=FOLDER)
    parser.add_argument("--check", action="store_true", help="exit 1 on a false error or a missed disagreement")
    parser.add_argument("--changes", action="store_true",
                        help="also print each figure one higher: are claims then reported, look-alikes left alone?")
    args = parser.parse_args(argv)
    outcomes = measure(args.folder)
    print(render(outcomes))
    if args.changes:
        print(render_changes([c for path in sorted(args.folder.glob("*.json")) for c in measure_changes(path)]))
    return 1 if args.check and not passes(outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())

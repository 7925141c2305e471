"""The flattened-text reader against sixteen real pages whose table cells were decoded by hand.

    python benchmarks/flattened.py [FOLDER] [--check]

FOLDER (default ``tests/fixtures/narratives``) holds, per report, ``<slug>.page.txt`` (the
archive's page text, its tables flattened: a row's figures run together) and ``<slug>.json``
(the same report worked out by hand; see that folder's README). Each page is read as a user
would (``gkaudit check X.page.txt``) and compared, cell by cell, with the hand-decoded 表二,
表三 and 表四: a cell *agrees*, *differs*, is *undecided* (left out, its row named by an
EXTRACT.FLAT_AMBIGUOUS or EXTRACT.FLAT_UNSPLIT finding) or *missing* (left out without one). The
arithmetic findings (T3.TOTAL, T3.IDENTITY, T3.ROW_TOTAL, T4.TOTAL) are set beside the ones
the JSON's ``expected`` lists. ``--check`` exits 1 when a cell differs or is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gkaudit.api import check_one, load_rules
from gkaudit.readers import read_report
from gkaudit.readers.labels import without_numbering
from gkaudit.templates import get_template

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "fixtures" / "narratives"
T4_ROWS = {"行政复议": "admin_review", "未经复议直接起诉": "litigation_direct", "复议后起诉": "litigation_after_review"}
ARITHMETIC = {"T3.TOTAL": "t3_total", "T3.IDENTITY": "t3_identity", "T3.ROW_TOTAL": "t3_rowsum", "T4.TOTAL": "t4_total"}
CellKey = tuple[str, str, str]


def decoded_cells(case: dict) -> dict[CellKey, object]:
    """(table, row, column) → the hand-decoded value, found by the JSON's labels."""
    template = get_template(case["template"])
    cells: dict[CellKey, object] = {}
    t3 = template.tables["table3"]
    for row_id, row in zip(t3.rows, case["table3"]["rows"], strict=True):
        cells.update({("table3", row_id, c): v for c, v in zip(t3.columns, row["values"], strict=True)})
    t4 = template.tables["table4"]
    for name, values in case["table4"].items():
        cells.update({("table4", T4_ROWS[name], c): v for c, v in zip(t4.columns, values, strict=True)})
    t2 = template.tables["table2"]
    for row in case["table2"]:
        row_id = next(k for k, r in t2.rows.items() if without_numbering(r.label.zh) in (row["label"], "行政" + row["label"])
                      or row["label"] == "行政" + r.label.zh)
        for label, value in row["values"].items():
            column = next(k for k, c in t2.columns.items() if c.label.zh.startswith(label))
            shown = row.get("shown", {}).get(label, "")
            number = Decimal(str(value)) if isinstance(value, float) else value
            # an amount printed in 元 is read in the template's 万元 (and noted, EXTRACT.UNIT)
            cells[("table2", row_id, column)] = Decimal(number) / 10000 if shown.endswith("元") and not shown.endswith("万元") else number
    return cells


@dataclass(frozen=True)
class PageOutcome:
    slug: str
    cells: Counter[str]  # agrees / differs / undecided / missing
    undecided_rows: tuple[str, ...]  # the rows the findings name, as printed
    arithmetic: Counter[str]  # kinds found
    expected: Counter[str]  # kinds the JSON lists
    wrong: tuple[str, ...]  # the cells that differ or are missing, for the report


def measure_page(path: Path) -> PageOutcome:
    case = json.loads(path.with_name(path.name.replace(".page.txt", ".json")).read_text(encoding="utf-8"))
    report = read_report(path)
    notes = [n for n in report.notes if n.kind in ("flat_ambiguous", "flat_unsplit")]
    template = get_template(case["template"])

    def named(table: str, row: str) -> bool:
        label = "表四" if table == "table4" else without_numbering(template.tables[table].rows[row].label.zh)
        return any(label in without_numbering(n.printed) for n in notes)

    counts: Counter[str] = Counter()
    wrong = []
    for (table, row, column), value in decoded_cells(case).items():
        cell = report.cell(table, row, column)
        if cell is not None:
            outcome = "agrees" if cell.value == value else "differs"
        else:
            outcome = "undecided" if named(table, row) else "missing"
        counts[outcome] += 1
        if outcome in ("differs", "missing"):
            wrong.append(f"{table}.{row}.{column}: {cell.value if cell else '—'} ≠ {value}")
    findings = check_one(report, load_rules()).findings
    arithmetic = Counter(ARITHMETIC[f.rule] for f in findings if f.rule in ARITHMETIC and f.status != "not_assessable")
    expected = Counter(e["kind"] for e in case["expected"] if e["kind"] in ARITHMETIC.values())
    return PageOutcome(case["id"], counts, tuple(n.printed for n in notes), arithmetic, expected, tuple(wrong))


def measure(folder: Path = FOLDER) -> list[PageOutcome]:
    return [measure_page(path) for path in sorted(folder.glob("*.page.txt"))]


def render(outcomes: list[PageOutcome]) -> str:
    total: Counter[str] = sum((o.cells for o in outcomes), Counter())
    same = sum(1 for o in outcomes if o.arithmetic == o.expected)
    lines = [
        f"{len(outcomes)} pages: {total['agrees']} cells agree, {total['differs']} differ, "
        f"{total['undecided']} undecided (row named), {total['missing']} missing; "
        f"arithmetic findings as expected in {same}/{len(outcomes)}",
    ]
    for o in outcomes:
        found = ", ".join(f"{k} {v}" for k, v in sorted(o.arithmetic.items())) or "none"
        expected = ", ".join(f"{k} {v}" for k, v in sorted(o.expected.items())) or "none"
        lines.append(f"  {o.slug:16} {o.cells['agrees']:3} agree  {o.cells['undecided']:2} undecided  "
                     f"arithmetic {found} (expected {expected})")
        lines += [f"      undecided: {row}" for row in o.undecided_rows]
        lines += [f"      WRONG {cell}" for cell in o.wrong]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=FOLDER)
    parser.add_argument("--check", action="store_true", help="exit 1 when a cell differs or is missing")
    args = parser.parse_args(argv)
    outcomes = measure(args.folder)
    print(render(outcomes))
    return 1 if args.check and any(o.wrong for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())

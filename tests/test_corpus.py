"""The real corpus (tests/fixtures/corpus, see its README): figures and known findings.

The expected figures in tests/fixtures/corpus-expected were checked by hand against
the documents (PDFs through `pdftotext -layout`, HTML through the browser text): every
figure the corpus README states is asserted here again explicitly, and the rest agree
with the tables' own arithmetic. Cells a lossy conversion garbled are absent from the
expected figures and must be reported as unplaced, never guessed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gkaudit.readers import read_report

from .support import FIXTURES, audit, failing

CORPUS = FIXTURES / "corpus"
EXPECTED = FIXTURES / "corpus-expected"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.name != "README.md")

# The arithmetic errors the corpus README lists, as (rule, scope value); nothing else may be an error.
ARITHMETIC_ERRORS = {
    "hongze-2023.pdf": {("T4.TOTAL", "admin_review"), ("T4.TOTAL", "litigation_after_review")},
    "hongze-2024.pdf": set(),
    "huaian-2024.pdf": set(),
    "pingtan-gonganju-2021.html": {("T3.IDENTITY", "natural_person"), ("T3.IDENTITY", "total")},
    "pingtan-jinjing-2019.html": set(),
    "pingtan-jinjing-2023.html": set(),
    "pingtan-shehuishiye-2023.html": set(),
    "pingtan-ziranziyuan-2020.html": {("T3.TOTAL", "legal_services"), ("T3.TOTAL", "total")},
    "shanghai-office-2025.md": set(),
    "shanghai-stcsm-2024.md": {("T3.IDENTITY", "total"), ("T3.ROW_TOTAL", "carried_forward")},
    "shuyang-county-2025.txt": set(),
    "shuyang-fgj-2023.html": set(),
}
# Other findings the README describes, each of which must be among the findings.
OTHER_FINDINGS = {
    "hongze-2023.pdf": {"LABEL.WORDING", "TEMPLATE.YEAR"},
    "hongze-2024.pdf": {"LABEL.WORDING", "TEMPLATE.YEAR"},
    "pingtan-gonganju-2021.html": {"LABEL.WORDING"},
    "pingtan-jinjing-2019.html": {"EXTRACT.UNIT"},
    "pingtan-jinjing-2023.html": {"TABLE.BLANK", "LABEL.WORDING"},
    "pingtan-shehuishiye-2023.html": {"TABLE.MISSING", "LABEL.WORDING", "T2.IN_FORCE", "T4.SUIT_AFTER_REVIEW"},
    "pingtan-ziranziyuan-2020.html": {"LABEL.WORDING"},
    "shanghai-office-2025.md": {"EXTRACT.UNPLACED"},
    "shanghai-stcsm-2024.md": {"EXTRACT.UNPLACED", "TABLE.BLANK", "LABEL.WORDING"},
    "shuyang-fgj-2023.html": {"TABLE.BLANK", "LABEL.WORDING"},
}


def _plain(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


@pytest.fixture(scope="module", params=DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def document(request) -> tuple[Path, object]:
    return request.param, read_report(request.param)


def test_every_corpus_document_has_expectations():
    assert {p.name for p in DOCUMENTS} == set(ARITHMETIC_ERRORS)
    assert {p.stem for p in DOCUMENTS} == {p.stem for p in EXPECTED.glob("*.json")}


def test_figures_come_out_exactly(document):
    path, report = document
    expected = json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert (report.metadata.body, report.metadata.year) == (expected["body"], expected["year"])
    result = audit(report)
    assert dict(result.layout) == expected["layout"]
    for table, rows in expected["figures"].items():
        found = {
            row: {column: _plain(cell.value) for column, cell in cells.items()}
            for row, cells in report.tables.get(table, {}).rows.items()
        } if table in report.tables else {}
        assert found == rows, f"{path.name} {table}"


def test_known_arithmetic_errors_and_no_others(document):
    path, report = document
    result = audit(report)
    errors = {
        (f.rule, next(iter(dict(f.scope).values()), ""))
        for f in failing(result) if f.severity == "error" and f.rule.startswith(("T2.", "T3.", "T4."))
    }
    assert errors == ARITHMETIC_ERRORS[path.name]
    assert OTHER_FINDINGS.get(path.name, set()) <= {f.rule for f in failing(result)}


def test_readme_figures():
    """The figures the corpus README states in words, asserted one by one."""
    cell = lambda name, table, row, column: read_report(CORPUS / name).cell(table, row, column).value  # noqa: E731
    hongze = audit(read_report(CORPUS / "hongze-2023.pdf"))
    review = next(f for f in failing(hongze, "T4.TOTAL") if dict(f.scope)["row"] == "admin_review")
    assert (review.reported, review.computed) == (0, 11)
    assert cell("huaian-2024.pdf", "table3", "new_requests", "total") == 3119
    assert cell("huaian-2024.pdf", "table3", "total_outcomes", "total") == 3050
    assert cell("huaian-2024.pdf", "table4", "admin_review", "total") == 351
    assert cell("hongze-2024.pdf", "table3", "new_requests", "total") == 95
    assert cell("hongze-2024.pdf", "table2", "normative_documents", "in_force") == 8
    assert cell("pingtan-jinjing-2019.html", "table2", "procurement", "procurement_amount") == Decimal("14.723")
    assert cell("pingtan-ziranziyuan-2020.html", "table2", "procurement", "procurement_amount") == Decimal("1690.9913")
    assert cell("pingtan-jinjing-2023.html", "table3", "carried_forward", "commercial") is None
    assert cell("shanghai-stcsm-2024.md", "table3", "carried_forward", "total") is None
    assert cell("shuyang-county-2025.txt", "table3", "new_requests", "total") == 713
    assert cell("shanghai-office-2025.md", "table4", "litigation_after_review", "total") == 22


def test_deviating_wording_is_reported_as_printed():
    notes = read_report(CORPUS / "pingtan-shehuishiye-2023.html").notes
    printed = {n.printed for n in notes if n.kind == "label"}
    assert "（本列数据的钩稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in printed
    assert "规范性文件" in printed
    gonganju = {(n.printed, n.official) for n in read_report(CORPUS / "pingtan-gonganju-2021.html").notes if n.kind == "label"}
    assert ("本年废纸件数", "本年废止件数") in gonganju


def test_lossy_conversions_report_what_they_cannot_place():
    office = read_report(CORPUS / "shanghai-office-2025.md")
    unplaced = [n.printed for n in office.notes if n.kind == "unplaced"]
    assert "2 | 0 | 0 | 0 | 0 | 0 | 2" in unplaced  # （二）部分公开, its label lost
    assert "partially_granted" not in office.tables["table3"].rows
    assert any(n.printed.startswith("规章 | 22") for n in office.notes)  # 表二 rows with a column lost


def test_each_check_that_cannot_be_assessed_is_listed_with_the_cells_that_stopped_it():
    from gkaudit.api import check

    result = check([CORPUS / "shanghai-office-2025.md"]).reports[0]
    listed = [f for f in result.findings if f.status == "not_assessable"]
    assert len(listed) == result.counts()["not_assessable"] == 11
    lost_row = [f for f in listed if f.rule == "T3.ROW_TOTAL" and dict(f.scope).get("row") == "partially_granted"]
    assert len(lost_row) == 1
    message = lost_row[0].message.text("zh")
    assert message.startswith("无法判定：表三 · （二）部分公开") and message.endswith("不在表中")
    assert {c.row for c in lost_row[0].cells if c.role == "primary"} == {"partially_granted"}


def test_the_terminal_lists_the_checks_that_cannot_be_assessed(tmp_path):
    import subprocess
    import sys

    shown = subprocess.run([sys.executable, "-m", "gkaudit", "check", str(CORPUS / "shanghai-office-2025.md")],
                           capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": ""}, timeout=120).stdout
    section = shown[shown.index("无法判定的检查（11 项）"):]
    assert section.count("  [T") == 11 and "[T2.IN_FORCE] 无法判定：表二 · 规章 × 现行有效件数、本年制发件数 不在表中" in section

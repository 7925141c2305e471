"""Whatever ``extract`` writes, ``check`` reads, and finds in it what it finds in the document:
the same findings (rule, severity, cells, values, message), the same causes, the same counts.

Documents are drawn as the fuzzer draws them (the real seed report, its cells and rows changed
in every way a broken document differs) and written in each text format gkaudit reads and as
a .docx; the extracted JSON goes through the same path a reviewer's file does.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fuzz.documents import Document, docx_bytes, html_page, markdown, page_text, seed_document, word_text
from fuzz.strategies import documents
from gkaudit.api import check_one, load_rules
from gkaudit.errors import GkauditError
from gkaudit.fix import fix_report
from gkaudit.model import Report
from gkaudit.readers import read_report
from gkaudit.readers.json_report import dumps_report
from gkaudit.results import ReportResult

WRITERS = {"report.txt": word_text, "report.md": markdown, "report.html": html_page, "report.docx": docx_bytes,
           "report.page.txt": page_text}
RULES = load_rules()


def _what_check_says(result: ReportResult) -> tuple:
    """A result without where things stand: the file passed differs, the document does not."""
    findings = sorted(
        (f.rule, f.severity, f.status, f.scope, f.message.zh, str(f.reported), str(f.computed), f.cause or "",
         tuple((c.table, c.row, c.column, str(c.value), c.role) for c in f.cells))
        for f in result.findings)
    causes = [(c.id, c.rules, c.searched_up_to, tuple(
        (tuple((change.key, str(change.current), str(change.proposed)) for change in e.changes), e.identifiable, e.hypotheses)
        for e in c.explanations)) for c in result.causes]
    return result.metadata.body, result.metadata.year, result.template, findings, causes, result.counts()


def _write(folder: Path, name: str, document: Document) -> Path:
    body = WRITERS[name](document)
    path = folder / name
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=documents(), name=st.sampled_from(sorted(WRITERS)))
def test_checking_the_extracted_json_finds_what_checking_the_document_finds(tmp_path: Path, document: Document,
                                                                            name: str) -> None:
    path = _write(tmp_path, name, document)
    try:
        report = read_report(path)
    except GkauditError:
        return  # refused by check and by extract alike: nothing is written to read back
    extracted = tmp_path / "extracted.json"
    extracted.write_text(dumps_report(report), encoding="utf-8")
    assert _checked(read_report(extracted)) == _checked(report)


def _checked(report: Report) -> tuple | str:
    """What check says of a report read, or the input error it refuses it with (without the
    file's name: the same refusal of the document and of its JSON is a round trip too)."""
    try:
        return _what_check_says(check_one(report, RULES))
    except GkauditError as error:
        return f"{type(error).__name__} at {error.where}: {error.expected}"


def test_the_comparison_sees_a_changed_cell(tmp_path: Path) -> None:
    """The property above could not fail if the summary dropped the values: a cell changed
    between the two readings must show."""
    report = read_report(_write(tmp_path, "report.txt", seed_document()))
    extracted = tmp_path / "extracted.json"
    written = json.loads(dumps_report(report))
    written["tables"]["table3"]["rows"]["new_requests"]["natural_person"]["value"] += 1
    extracted.write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    assert _what_check_says(check_one(read_report(extracted), RULES)) != _what_check_says(check_one(report, RULES))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=documents(), name=st.sampled_from(sorted(WRITERS)))
@example(document=seed_document(), name="report.docx")  # the real seed: its 总计 row is fixed
def test_what_fix_writes_check_reads_and_the_rules_it_fixed_hold(tmp_path: Path, document: Document, name: str) -> None:
    try:
        report = read_report(_write(tmp_path, name, document))
        result = check_one(report, RULES)
    except GkauditError:
        return  # refused before anything is fixed
    fixed, applied, _ = fix_report(report, result.causes, unsafe=True)
    written = tmp_path / "fixed.json"
    written.write_text(dumps_report(fixed), encoding="utf-8")
    read_back = read_report(written)  # an input error here, or below, is the round trip failing
    again = check_one(read_back, RULES)
    still_failing = {(f.rule, f.scope) for f in again.findings if f.status == "fail"}
    assert applied or not result.causes or all(not c.unique for c in result.causes)
    for fix in applied:
        assert not set(fix.cause.rules) & still_failing, (fix.cause.rules, still_failing)
        table, row, column = fix.change.key
        assert read_back.tables[table].rows[row][column].value == fix.change.proposed


def test_a_decimal_keeps_its_digits_through_the_json(tmp_path: Path) -> None:
    """Found by the property above on a fresh seed: a cell printed 0.0000 came back 0.0."""
    from decimal import Decimal

    report = read_report(_write(tmp_path, "report.txt", seed_document()))
    cell = report.tables["table3"].rows["new_requests"]["natural_person"]
    report.tables["table3"].rows["new_requests"]["natural_person"] = type(cell)(Decimal("0.0000"), cell.source)
    extracted = tmp_path / "extracted.json"
    extracted.write_text(dumps_report(report), encoding="utf-8")
    assert str(read_report(extracted).cell("table3", "new_requests", "natural_person").value) == "0.0000"

"""Regression tests for the fuzz cases of the hardening issue: each class of input that used to end in
"internal error" now ends with exit 2 and a message naming the file, the place and the cause."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).parent / "fixtures" / "fuzz"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """gkaudit in English (--lang en), the language these tests assert; test_messages.py asserts the Chinese."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    english = ["rules", "--lang", "en", *args[1:]] if args[0] == "rules" else [*args, "--lang", "en"]
    return subprocess.run(
        [sys.executable, "-m", "gkaudit", *english], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def refused(result: subprocess.CompletedProcess) -> str:
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "internal error" not in out and "Traceback" not in out, out
    return " ".join(out.split())


def copy(tmp_path: Path, name: str, as_name: str) -> Path:
    target = tmp_path / as_name
    shutil.copy(FUZZ / name, target)
    return target


@pytest.mark.parametrize(("case", "expected"), [
    ("01-XMLSyntaxError", "r.docx: part word/document.xml, line 1:12: not well-formed XML: Namespace prefix w on document is not defined"),
    ("03-AttributeError", "r.docx: part word/document.xml: the root element is 'document' in namespace 'urn:x'"),
    ("06-OSError", "r.docx: part [Content_Types].xml: the part cannot be unpacked; its data is corrupt"),
    ("09-RuntimeError", "r.docx: part [Content_Types].xml: the part is encrypted"),
    ("10-NotImplementedError", "r.docx: part [Content_Types].xml: unsupported zip compression method 99"),
    ("11-error", "r.docx: part word/document.xml: the part cannot be unpacked; its data is corrupt (Error -3 while decompressing data"),
    ("31-NotImplementedError", "r.docx: not a readable .docx: unsupported zip feature (zip file version 8.4)"),
])
def test_broken_docx_is_refused_naming_the_part(tmp_path, case, expected):
    path = copy(tmp_path, f"{case}.docx", "r.docx")
    assert expected in refused(run("check", str(path)))


@pytest.mark.parametrize(("case", "expected"), [
    ("07-OverflowError", "$.tables.table3.rows.new_requests.natural_person: the number 10000000000000000000…"),
    ("16-Overflow", "$.tables.table3.rows.new_requests.natural_person: the number 1E+999999999 is out of range"),
    ("19-ValueError", "$.tables.table3.rows.new_requests.natural_person: the number 1e400 is out of range"),
])
def test_numbers_beyond_the_digit_limit_are_refused_at_their_json_path(tmp_path, case, expected):
    path = copy(tmp_path, f"{case}.json", "r.json")
    out = refused(run("check", str(path)))
    assert f"r.json: {expected}" in out
    assert "at most 15 significant digits" in out


def test_a_huge_note_score_is_refused_by_fix(tmp_path):
    path = copy(tmp_path, "23-OverflowError.json", "report.json")
    (tmp_path / "out").mkdir()
    out = refused(run("fix", str(path), "-o", str(tmp_path / "out" / "fixed.json"), "--force"))
    assert "report.json: $.extraction_notes[0].score: the number 99999999999999999999…" in out
    assert "at most 15 significant digits" in out


def test_json_nested_too_deep_is_refused_with_line_and_column(tmp_path):
    path = copy(tmp_path, "02-RecursionError.json", "r.json")
    assert "r.json: line 1, column 65: lists and objects are nested more than 64 deep" in refused(run("check", str(path)))


@pytest.mark.parametrize(("case", "place", "fmt"), [
    ("33-UnicodeEncodeError", "line 33, column 22", "json"),
    ("35-UnicodeEncodeError", "line 72, column 24", "text"),
])
def test_lone_surrogates_are_refused_where_they_are_written(tmp_path, case, place, fmt):
    path = copy(tmp_path, f"{case}.json", "r.json")
    out = refused(run("check", str(path), "--format", fmt))
    assert f"r.json: {place}: the string escapes a lone UTF-16 surrogate" in out


def test_an_empty_source_object_is_written_back_by_fix(tmp_path):
    path = copy(tmp_path, "32-KeyError.json", "report.json")
    result = run("fix", str(path), "-o", str(tmp_path / "fixed.json"))
    out = result.stdout + result.stderr
    assert result.returncode in (0, 1), out
    assert "internal error" not in out
    assert (tmp_path / "fixed.json").exists()


def test_a_huge_figure_in_a_document_table_is_refused_at_its_cell(tmp_path):
    path = copy(tmp_path, "27-OverflowError.html", "report.html")
    out = refused(run("check", str(path), "--select", "T3"))
    assert "report.html: table 1 row 2 cell 6: the number 11111111111111111111…11111111 (1,000 characters) is out of range" in out


def test_a_long_digit_run_outside_the_tables_is_checked_normally(tmp_path):
    path = copy(tmp_path, "05-ValueError.txt", "r.txt")
    result = run("check", str(path))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "internal error" not in out and "Traceback" not in out


SAMPLE = Path(__file__).parent.parent / "sample_reports" / "kangqiao-2020.json"


@pytest.mark.parametrize(("case", "command", "expected"), [
    ("08-TypeError", "check", "aliases: an alias (*name) is used inside the list or mapping it names, an endless value"),
    ("13-TypeError", "check", "rules[0]: every rule needs a string 'id'; found a list"),
    ("15-AttributeError", "check", "rules[0] (XYEAR.CARRIED): 'doc' must be a mapping with 'what', 'why' and 'reference'; found a string"),
    ("21-TypeError", "rules", "rules[0] (XYEAR.IN_FORCE): 'templates' must be a list of template ids; found a number"),
    ("24-TypeError", "check", "rules[0] (CELL.TYPE): 'example missing' must be a list of cells"),
    ("25-AttributeError", "rules", "rules[0] (LABEL.WORDING): 'example previous' must be a mapping of the year before's cells"),
    ("30-AttributeError", "check", "rules[0] (PROSE.REVIEW): 'params.alternatives' must be a list; found a string"),
    ("37-TypeError", "rules", "rules[0] (TABLE.BLANK): 'doc' must be a mapping with 'what', 'why' and 'reference'; found a boolean"),
    ("38-AttributeError", "check", "rules[0] (TEMPLATE.YEAR): 'examples' must be a mapping with 'pass' and 'fail'; found a number"),
    ("39-TypeError", "check", "rules[0] (PROSE.RECEIVED): 'params.refers_to' must be a string; found an integer"),
    ("22-KeyError", "check", "rule T3.TOTAL: message uses {sentence}, which"),
    ("36-KeyError", "check", "rule T3.TOTAL: message uses {sentence}, which"),
])
def test_rule_overrides_of_the_wrong_type_are_refused_naming_the_field(tmp_path, case, command, expected):
    rules = copy(tmp_path, f"{case}.yaml", "rules.yaml")
    args = ["check", str(SAMPLE), "--rules", str(rules)] if command == "check" else ["rules", "--rules", str(rules)]
    assert f"rules.yaml: {expected}" in refused(run(*args))


@pytest.mark.parametrize(("case", "expected"), [
    ("12-ValueError", "rules[0] (XYEAR.CARRIED): 'assert' is malformed: the number has 5,000 digits; an expression's numbers have at most 15"),
    ("18-RecursionError", "rules[0] (PROSE.RECEIVED): 'assert' is malformed: parentheses are nested more than 32 deep at column 33"),
    ("20-RecursionError", "rules[0] (PROSE.NEW): 'assert' is malformed: parentheses are nested more than 32 deep at column 33"),
])
def test_rule_expressions_beyond_the_limits_are_refused_at_their_column(tmp_path, case, expected):
    rules = copy(tmp_path, f"{case}.yaml", "rules.yaml")
    assert f"rules.yaml: {expected}" in refused(run("check", str(SAMPLE), "--rules", str(rules), "--format", "json"))


def test_a_malformed_pdf_object_pdfium_reads_past_is_judged_by_its_text(tmp_path):
    """The MediaBox holds strings: pdfminer refuses the file, pdfium reads it as a viewer
    would, and its one line of text is no report (tests/test_pdf_layer.py has pdfminer's words)."""
    path = copy(tmp_path, "14-MalformedPDFException.pdf", "r.pdf")
    out = refused(run("check", str(path), "--lang", "en"))
    assert "r.pdf: not a report" in out


def test_a_pdf_without_a_root_keeps_the_cause(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(b"%PDF-1.4\ngarbage\n")
    assert "r.pdf: not a readable PDF (No /Root object" in refused(run("check", str(path)))


def test_output_path_problems_are_refused_clearly(tmp_path):
    source = Path(__file__).parent / "fixtures" / "kangqiao-2020.txt"
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert "a: cannot be resolved" in refused(run("extract", str(source), "-o", str(tmp_path / "a")))
    assert "is a folder; give the file to write in it" in refused(run("extract", str(source), "-o", str(tmp_path), "--force"))
    long_name = str(tmp_path / ("a" * 300))
    assert "the file name is longer than 255 bytes" in refused(run("extract", str(source), "-o", long_name))

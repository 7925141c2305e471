"""The reviewer's output formats, read back as their readers read them: the CSV as a
spreadsheet opens it (Chinese intact, no formula run), the SARIF log against the official
2.1.0 schema, the SQLite database by the queries docs/sqlite.md documents, the GitHub
annotations as the runner parses them; on the seed, a clean report and the corpus."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections import Counter

import jsonschema
import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

import gkaudit
from gkaudit.cli import app
from gkaudit.render.csvout import COLUMNS, defused, render_csv
from gkaudit.render.github import escape_data, escape_property, render_github
from gkaudit.render.sarif import sarif_log
from gkaudit.render.sqlite import render_sqlite

from .support import FIXTURES, ROOT, SAMPLES, SEED_JSON

CLEAN = SAMPLES / "example-gb2021-clean.json"
SEED_SHOWN = "sample_reports/kangqiao-2020.json"  # as locations name it, relative to the working directory
CORPUS = FIXTURES / "corpus"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def cli(*args: str):
    return CliRunner().invoke(app, ["check", *args, "--isolated"])


@pytest.fixture(scope="module")
def batch():
    """The seed, a clean report and the corpus folder, with every cell kept."""
    return gkaudit.check([SEED_JSON, CLEAN, CORPUS], cells=True)


# CSV


def _read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_opens_with_its_chinese_intact_one_row_per_finding(tmp_path):
    target = tmp_path / "findings.csv"
    result = cli(str(SEED_JSON), "--format", "csv", "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel and WPS need to read UTF-8
    rows = _read_csv(data)
    assert list(rows[0]) == [zh for _, zh, _ in COLUMNS]
    assert [row["规则"] for row in rows] == ["T3.TOTAL", "T3.TOTAL", "T3.IDENTITY", "T3.IDENTITY",
                                             "PROSE.NUMBERING", "TABLE.BLANK"]
    first = rows[0]
    assert (first["报告文件"], first["机关"], first["年度"], first["模板"]) == (str(SEED_JSON), "康桥街道", "2020", "gb2019")
    assert (first["严重程度"], first["表"], first["行"], first["列"]) == ("错误", "table3", "total_outcomes", "natural_person")
    assert first["单元格（官方名称）"] == "表三 · （七）总计 × 自然人"
    assert (first["报告值"], first["计算值"], first["建议值"]) == ("", "3", "3")
    assert first["位置"].endswith("kangqiao-2020.json:1186:6") and first["原文位置"] == "kangqiao-2020.txt:331"
    assert first["说明"] == "表三 · （七）总计 × 自然人 报告为 (空)，但各项办理结果之和为 3：1 + 1 + 1 = 3 ≠ (空)"
    assert rows[1]["报告值"] == "0" and rows[1]["建议值"] == "3"
    assert rows[2]["建议值"] == "3" and rows[2]["可能原因"].startswith("可能原因：表三 · （七）总计 × 自然人 应为 3")


def test_the_csv_headers_follow_the_language_and_standard_output_is_the_same_file(tmp_path):
    target = tmp_path / "findings.csv"
    assert cli(str(SEED_JSON), "--format", "csv", "--lang", "en", "-o", str(target)).exit_code == 1
    printed = cli(str(SEED_JSON), "--format", "csv", "--lang", "en")
    assert printed.stdout_bytes == target.read_bytes()
    rows = _read_csv(target.read_bytes())
    assert list(rows[0])[:5] == ["report file", "body", "year", "template", "rule"]
    assert rows[0]["severity"] == "error" and rows[0]["cell (official label)"] == "表三 · （七）总计 × 自然人"
    assert rows[0]["message"].startswith("Table 3 · (7) Total × Natural persons")


def test_a_clean_report_gives_only_the_header_row(tmp_path):
    target = tmp_path / "clean.csv"
    assert cli(str(CLEAN), "--format", "csv", "-o", str(target)).exit_code == 0
    assert _read_csv(target.read_bytes()) == []
    assert target.read_bytes().decode("utf-8-sig").splitlines() == [",".join(zh for _, zh, _ in COLUMNS)]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(tmp_path):
    report = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    report["metadata"]["body"] = "=HYPERLINK(\"http://x\",\"康桥\")"
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    rows = _read_csv(render_csv(gkaudit.check([planted]), "zh").encode("utf-8"))
    assert {row["机关"] for row in rows} == {"'=HYPERLINK(\"http://x\",\"康桥\")"}
    assert [defused(text) for text in ("-3", "+12", "-1.5", "@sum", "+86 10", "-x", "\t=1", "总计")] == [
        "-3", "+12", "-1.5", "'@sum", "'+86 10", "'-x", "'\t=1", "总计"]


@given(st.text())
def test_defused_text_never_starts_a_formula_and_keeps_the_text(text):
    shown = defused(text)
    assert shown == text or shown == "'" + text
    assert not shown.startswith(("=", "+", "-", "@", "\t", "\r")) or re.fullmatch(r"[+-]?\d+(\.\d+)?", shown)


def test_the_batch_csv_has_a_row_for_every_finding(batch):
    rows = _read_csv(render_csv(batch, "zh").encode("utf-8"))
    assert len(rows) == sum(len(result.findings) for result in batch.reports)
    assert {row["报告文件"] for row in rows} == {r.path for r in batch.reports if r.findings}


# SARIF


def _validate(log: dict) -> None:
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("report", [SEED_JSON, CLEAN], ids=["seed", "clean"])
def test_the_sarif_log_validates_against_the_official_schema(tmp_path, report):
    target = tmp_path / "out.sarif"
    result = cli(str(report), "--format", "sarif", "-o", str(target))
    assert result.exit_code == (1 if report == SEED_JSON else 0)
    log = json.loads(target.read_text(encoding="utf-8"))
    _validate(log)
    assert log["version"] == "2.1.0" and log["runs"][0]["tool"]["driver"]["name"] == "gkaudit"


def test_the_sarif_log_of_the_batch_validates_and_lists_the_inputs_not_checked(batch):
    log = sarif_log(batch, "zh", gkaudit.load_rules().rules)
    _validate(log)
    run = log["runs"][0]
    assert len(run["results"]) == sum(len(r.findings) for r in batch.reports)
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == [
        "tests/fixtures/corpus/README.md"]
    pdf = next(r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("hongze-2023.pdf")
               and r["ruleId"] == "T4.TOTAL")
    assert "region" not in pdf["locations"][0]["physicalLocation"]  # a PDF cell has a page, not a line
    assert pdf["locations"][0]["message"]["text"] == "p.4 · table 5 row 4 cell 5 · 表四 · 行政复议 × 总计"


def test_sarif_results_stand_on_the_cell_with_the_original_document_related(tmp_path):
    log = sarif_log(gkaudit.check([SEED_JSON]), "zh", gkaudit.load_rules().rules)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == {rule.id for rule in gkaudit.load_rules().rules}
    for rule in rules:  # every rule links its page, and the page exists
        assert (ROOT / rule["properties"]["documentation"]).is_file()
        assert rule["help"]["text"].endswith(f"docs/rules/{rule['id']}.md")
    first = run["results"][0]
    assert (first["ruleId"], first["level"], first["kind"]) == ("T3.TOTAL", "error", "fail")
    assert rules[first["ruleIndex"]]["id"] == "T3.TOTAL"
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == SEED_SHOWN
    assert physical["region"] == {"startLine": 1186, "startColumn": 6}
    assert first["relatedLocations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "kangqiao-2020.txt"}, "region": {"startLine": 331}}
    assert first["properties"]["proposed"] == 3 and first["partialFingerprints"]["gkaudit/v1"]
    prose = next(r for r in run["results"] if r["ruleId"] == "PROSE.NUMBERING")
    # the heading where it stands in the report JSON passed, and in the Word text it came from
    assert prose["level"] == "warning" and prose["locations"][0]["physicalLocation"]["region"] == {"startLine": 44, "startColumn": 16}
    assert prose["relatedLocations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "kangqiao-2020.txt"}, "region": {"startLine": 12}}


def test_a_dismissed_finding_is_a_suppressed_sarif_result(tmp_path):
    import shutil

    copy = tmp_path / "kangqiao-2020.json"
    shutil.copy(SEED_JSON, copy)
    checked = gkaudit.check([copy]).reports[0]
    fingerprint = checked.fingerprint(checked.findings[-1])  # TABLE.BLANK
    decided = CliRunner().invoke(app, ["decide", fingerprint, str(copy), "--dismiss", "--why", "空白按惯例", "--author", "审核员"])
    assert decided.exit_code == 0, decided.stdout
    log = sarif_log(gkaudit.check([copy], decisions=tmp_path / "gkaudit.decisions.yaml"), "zh")
    _validate(log)
    blank = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "TABLE.BLANK")
    assert blank["suppressions"] == [{"kind": "external", "status": "accepted", "justification": "空白按惯例"}]


# SQLite


def _documented_queries() -> dict[str, str]:
    text = (ROOT / "docs" / "sqlite.md").read_text(encoding="utf-8")
    return {title: sql for title, sql in re.findall(r"^### ([^\n]+)\n\n```sql\n(.*?)```", text, flags=re.M | re.S)}


def _blank_total_columns(batch) -> list[tuple]:
    counts = Counter((r.metadata.body, r.metadata.year, c.table) for r in batch.reports for c in r.cells
                     if c.column_label.zh == "总计" and c.value is None)
    return sorted(((*key, n) for key, n in counts.items()), key=lambda row: (-row[3], row[0]))


def _blank_totals(batch) -> list[tuple]:
    return sorted((r.metadata.body, r.metadata.year, c.label("zh"), c.source) for r in batch.reports for c in r.cells
                  if (c.column_label.zh == "总计" or "总计" in c.row_label.zh) and c.value is None)


def _failures_by_year(batch) -> list[tuple]:
    failures = Counter((r.metadata.year, f.rule) for r in batch.reports for f in r.findings if f.counts_against)
    reports = Counter((year, rule) for year, rule, _ in {(r.metadata.year, f.rule, r.path) for r in batch.reports
                                                          for f in r.findings if f.counts_against})
    return sorted(((year, rule, n, reports[(year, rule)]) for (year, rule), n in failures.items()),
                  key=lambda row: (row[0], -row[2], row[1]))


def _worst_first(batch) -> list[tuple]:
    from gkaudit.render.triage import diagnosis_of

    return [(rank, r.metadata.body, r.metadata.year, diagnosis_of(r), r.counts()["errors"], r.counts()["warnings"], r.path)
            for rank, r in enumerate(batch.worst_first(), start=1)]


def _unique_corrections(batch) -> list[tuple]:
    return sorted((r.metadata.body, r.metadata.year, ch.cell.label("zh"), ch.current, ch.proposed, ch.cell.source)
                  for r in batch.reports for cause in r.causes if cause.unique for ch in cause.explanations[0].changes)


def _one_figure(batch) -> list[tuple]:
    return sorted((r.metadata.body, r.metadata.year, c.value) for r in batch.reports for c in r.cells
                  if c.label("zh") == "表三 · （七）总计 × 总计")


EXPECTED = {
    "Which offices report a blank 总计 column": _blank_total_columns,
    "Which totals were left blank, in a 总计 row or column": _blank_totals,
    "How often each rule fails, by year": _failures_by_year,
    "The reports worst first": _worst_first,
    "Every correction a unique cause calls for": _unique_corrections,
    "One figure across the batch: 表三 （七）总计 × 总计": _one_figure,
}


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """The database the command line writes for the seed, a clean report and the corpus."""
    target = tmp_path_factory.mktemp("sqlite") / "batch.db"
    result = cli(str(SEED_JSON), str(CLEAN), str(CORPUS), "--format", "sqlite", "-o", str(target))
    assert result.exit_code == 1, result.stdout
    connection = sqlite3.connect(target)
    yield connection
    connection.close()


def test_every_documented_query_answers_as_the_batch_does(database, batch):
    queries = _documented_queries()
    assert set(queries) == set(EXPECTED)
    for title, sql in queries.items():
        assert database.execute(sql).fetchall() == EXPECTED[title](batch), title
    assert database.execute(queries["Which offices report a blank 总计 column"]).fetchall() == [("上海市科委", 2024, "table3", 1)]
    blank = database.execute(queries["Which totals were left blank, in a 总计 row or column"]).fetchall()
    assert ("康桥街道", 2020, "表三 · （七）总计 × 自然人", f"{SEED_SHOWN}:1186:6") in blank


def test_the_database_holds_every_cell_finding_and_cause_linked(database, batch):
    count = lambda sql: database.execute(sql).fetchone()[0]  # noqa: E731
    assert count("SELECT count(*) FROM reports") == len(batch.reports)
    assert count("SELECT count(*) FROM cells") == sum(len(r.cells) for r in batch.reports) > 2000
    assert count("SELECT count(*) FROM findings") == sum(len(r.findings) for r in batch.reports)
    assert count("SELECT count(*) FROM findings WHERE cause_id IS NOT NULL") == sum(
        1 for r in batch.reports for f in r.findings if f.cause is not None)
    assert count("SELECT count(*) FROM findings f LEFT JOIN causes k ON k.id = f.cause_id "
                 "WHERE f.cause_id IS NOT NULL AND k.report_id != f.report_id") == 0
    assert database.execute("SELECT path, state, code FROM inputs_not_checked").fetchall() == [
        (str(CORPUS / "README.md"), "skipped", "input.not-a-report")]
    seed = database.execute("SELECT value, state, source, origin FROM cells WHERE report_id = 1 AND table_id = 'table3' "
                            "AND row_id = 'total_outcomes' AND column_id = 'natural_person'").fetchone()
    assert seed == (None, "blank", f"{SEED_SHOWN}:1186:6", "kangqiao-2020.txt:331")


def test_sqlite_needs_a_file_and_writes_nothing_without_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli(str(SEED_JSON), "--format", "sqlite")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--format sqlite: 须用 -o/--output 指定要写入的文件" in result.stderr
    assert list(tmp_path.iterdir()) == []
    english = cli(str(SEED_JSON), "--format", "sqlite", "--lang", "en")
    assert english.exit_code == 2 and "give the file to write with -o/--output" in english.stderr


def test_a_sqlite_file_is_a_database_of_the_batch_in_memory_too(batch):
    data = render_sqlite(batch, "en")
    assert data.startswith(b"SQLite format 3\x00")


# GitHub annotations


def test_github_escaping_is_the_toolkits():
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations_stand_on_the_line_and_column_of_the_cell():
    result = cli(str(SEED_JSON), "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 6 and all(re.fullmatch(r"::(error|warning|notice) [^:]*::.+", line) for line in lines)
    path = escape_property(SEED_SHOWN)
    assert lines[0].startswith(f"::error file={path},line=1186,col=6,title=T3.TOTAL 表三：办理结果总计应等于各项办理结果之和::"
                               "表三 · （七）总计 × 自然人 报告为 (空)，但各项办理结果之和为 3：1 + 1 + 1 = 3 ≠ (空)%0A可能原因：")
    assert lines[0].endswith("%0A原文位置：kangqiao-2020.txt:331")
    assert lines[4].startswith(f"::warning file={path},line=44,col=16,title=PROSE.NUMBERING ")  # the heading in the JSON


def test_github_annotations_of_the_batch_and_of_a_clean_report(batch):
    lines = render_github(batch, "zh").splitlines()
    counted = sum(1 for r in batch.reports for f in r.findings if f.counts_against or f.status == "not_assessable")
    assert len(lines) == counted + 1 and lines[-1].startswith("::notice file=")  # the README skipped
    clean = cli(str(CLEAN), "--format", "github")
    assert clean.exit_code == 0 and clean.stdout == ""


# --output, --html, exit codes


@pytest.mark.parametrize("output_format", ["text", "json", "csv", "sarif", "sqlite", "github"])
def test_the_exit_code_does_not_depend_on_the_format(tmp_path, output_format):
    for report, code in ((SEED_JSON, 1), (CLEAN, 0)):
        target = tmp_path / f"{report.stem}.{output_format}"
        assert cli(str(report), "--format", output_format, "-o", str(target)).exit_code == code
        assert target.stat().st_size > 0 or output_format == "github"


def test_text_written_to_a_file_is_what_a_pipe_shows(tmp_path):
    target = tmp_path / "out.txt"
    assert cli(str(SEED_JSON), "-o", str(target), "--statistics").exit_code == 1
    printed = cli(str(SEED_JSON), "--statistics")
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert "\x1b[" not in printed.stdout and "各规则未通过次数" in printed.stdout


def test_html_is_written_beside_any_format_and_the_terminal_output_still_printed(tmp_path):
    page = tmp_path / "triage.html"
    result = cli(str(SEED_JSON), "--format", "json", "--html", str(page))
    assert result.exit_code == 1 and json.loads(result.stdout)["reports"][0]["body"] == "康桥街道"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and "康桥街道" in page.read_text(encoding="utf-8")
    again = cli(str(SEED_JSON), "--html", str(page))
    assert again.exit_code == 2 and "已存在；如要覆盖，请加 --force" in again.stderr and again.stdout == ""
    assert cli(str(SEED_JSON), "-q", "--html", str(page), "--force").exit_code == 1


def test_outputs_are_refused_before_the_run_and_nothing_is_left_half_written(tmp_path):
    missing = tmp_path / "no-such-folder" / "out.csv"
    result = cli(str(SEED_JSON), "--format", "csv", "-o", str(missing))
    assert result.exit_code == 2 and "不存在" in result.stderr and result.stdout == ""
    same = tmp_path / "both"
    both = cli(str(SEED_JSON), "-o", str(same), "--html", str(same))
    assert both.exit_code == 2 and "是 -o 和 --html 的同一个文件" in both.stderr
    over_input = cli(str(SEED_JSON), "-o", str(SEED_JSON), "--force")
    assert over_input.exit_code == 2 and "是输入文件" in over_input.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_format_comes_from_the_configuration_and_the_command_line_wins(tmp_path, monkeypatch):
    (tmp_path / "gkaudit.toml").write_text('format = "github"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_file = CliRunner().invoke(app, ["check", str(SEED_JSON)])
    assert from_file.exit_code == 1 and from_file.stdout.startswith("::error file=")
    overridden = CliRunner().invoke(app, ["check", str(SEED_JSON), "--format", "json"])
    assert json.loads(overridden.stdout)["reports"][0]["year"] == 2020
    (tmp_path / "gkaudit.toml").write_text('format = "pdf"\n', encoding="utf-8")
    wrong = CliRunner().invoke(app, ["check", str(SEED_JSON)])
    assert wrong.exit_code == 2 and "format: 应为 text, json, csv, sarif, sqlite, github 之一，实为 'pdf'" in wrong.stderr


def test_a_finding_in_a_document_read_directly_stands_on_its_line(batch):
    log = sarif_log(batch, "zh")
    html = [r for r in log["runs"][0]["results"]
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "tests/fixtures/corpus/pingtan-gonganju-2021.html"]
    overview = next(r for r in html if r["ruleId"] == "PROSE.OVERVIEW")
    assert overview["locations"][0]["physicalLocation"]["region"] == {"startLine": 357}
    assert "relatedLocations" not in overview  # the page itself, not another document


_NAMES = st.text(st.characters(blacklist_characters=":·\n", blacklist_categories=("Cs",)), min_size=1).filter(
    lambda name: name.strip() == name and not name[-1].isdigit())


@given(_NAMES, st.integers(1, 10**6), st.one_of(st.none(), st.integers(1, 10**4)), st.sampled_from(["", "p.4 · table 5 row 4 cell 5"]))
def test_a_location_is_read_back_into_its_file_line_and_column(name, line, column, detail):
    from gkaudit.render.places import Place, place_of

    spelled = f"{name}:{line}" + (f":{column}" if column else "") + (f" · {detail}" if detail else "")
    assert place_of(spelled) == Place(name, line, column, detail)
    assert place_of(f"{name} · {detail}" if detail else name) == Place(name, None, None, detail)


# every extracted cell (ReportResult.cells, the SQLite cells)

_KEYS = st.text(min_size=1, max_size=6)


@given(st.dictionaries(_KEYS, st.dictionaries(_KEYS, st.dictionaries(_KEYS, st.one_of(st.none(), st.integers()), max_size=4),
                                               max_size=4), max_size=3), st.sampled_from([None, 2]))
def test_places_found_at_once_are_those_found_one_by_one(rows_by_table, indent):
    from gkaudit.readers.json_places import place_of, places_of

    document = {"metadata": {"body": "康桥街道"}, "tables": {table: {"rows": rows} for table, rows in rows_by_table.items()}}
    text = json.dumps(document, ensure_ascii=False, indent=indent)
    paths = [("tables", table, "rows", row, column) for table, rows in rows_by_table.items()
             for row, columns in rows.items() for column in columns] + [("tables", "table9", "rows", "x", "y")]
    assert places_of(text, paths) == {path: place_of(text, path) for path in paths}


def test_every_cell_is_kept_with_the_source_and_origin_its_findings_give(batch):
    seed = next(r for r in batch.reports if r.path == str(SEED_JSON))
    kept = {(c.table, c.row, c.column): c for c in seed.cells}
    named = [c for f in seed.findings for c in f.cells if c.value is not None or (c.table, c.row, c.column) in kept]
    assert named and all((kept[(c.table, c.row, c.column)].source, kept[(c.table, c.row, c.column)].origin)
                         == (c.source, c.origin) for c in named)
    assert len(seed.cells) == 198 and not gkaudit.check([SEED_JSON]).reports[0].cells  # only when asked for


def test_worker_processes_keep_the_same_cells(monkeypatch):
    import gkaudit.pipeline

    monkeypatch.setattr(gkaudit.pipeline, "CHUNK", 1)  # so that three reports go to the workers
    reports = [SEED_JSON, CLEAN, SAMPLES / "kangqiao-2020-corrected.json"]
    alone, shared = gkaudit.check(reports, cells=True), gkaudit.check(reports, cells=True, jobs=2)
    assert [r.cells for r in shared.reports] == [r.cells for r in alone.reports]
    assert all(r.cells for r in shared.reports)


@given(st.lists(st.text(alphabet="共收到申请件，。\"\\\n条12", min_size=1, max_size=30), min_size=1, max_size=4),
       st.data(), st.sampled_from([None, 2]))
def test_a_narrative_sentence_is_placed_where_the_json_writes_it(texts, data, indent):
    from gkaudit.readers.json_places import text_place

    document = {"tables": {"table3": {"rows": {}}}, "narrative": [{"heading": "一、总体情况", "text": t} for t in texts]}
    text = json.dumps(document, ensure_ascii=False, indent=indent)
    section = data.draw(st.sampled_from(texts))
    found = text_place(text, "narrative", section)
    if not section.strip():
        assert found is None
        return
    line, column = found
    offset = sum(len(l) + 1 for l in text.split("\n")[:line - 1]) + column - 1
    opening = json.dumps(section.strip()[:16], ensure_ascii=False)[1:-1]
    assert text[offset:].startswith(opening) and offset > text.index('"narrative"')

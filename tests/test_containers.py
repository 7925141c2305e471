"""Workbooks (.xlsx, .xls, .ods) and old binary Word (.doc, .wps) read as the seed's other forms do."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkaudit.errors import FileUnreadableError, GkauditError, NotAReportError, ReportStructureError
from gkaudit.model import column_letters
from gkaudit.pipeline import read_all
from gkaudit.readers import legacy_word, read_report
from gkaudit.readers.json_report import report_to_dict

from .renderings import write_docx, write_workbook
from .support import FIXTURES, SEED_TEXT, audit
from .test_seed import facts

WORKBOOKS = FIXTURES / "workbooks"
LEGACY = FIXTURES / "legacy-word" / "kangqiao-2020.doc"


@pytest.fixture(scope="module")
def seed_result():
    return audit(read_report(SEED_TEXT))


def _table_facts(result) -> list[tuple]:
    """The findings on the tables: a workbook of the tables alone has no narrative to check."""
    return [f for f in facts(result) if not f[0].startswith("PROSE.")]


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "flat"])
def test_the_seed_on_one_sheet_gives_the_same_findings(tmp_path, seed_result, merged):
    path = tmp_path / "seed.xlsx"
    write_workbook(path, merged, one_sheet=True)
    result = audit(read_report(path))
    assert facts(result) == facts(seed_result)


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "flat"])
def test_the_seed_one_sheet_per_table_gives_the_same_findings(tmp_path, seed_result, merged):
    path = tmp_path / "seed.xlsx"
    write_workbook(path, merged, one_sheet=False)
    result = audit(read_report(path))
    assert _table_facts(result) == _table_facts(seed_result)
    assert (result.metadata.body, result.metadata.year) == ("康桥街道", 2020)


def test_each_figure_names_the_cell_it_was_read_from(tmp_path):
    import openpyxl

    path = tmp_path / "seed.xlsx"
    write_workbook(path, merged=True, one_sheet=False)
    report = read_report(path)
    sheets = openpyxl.load_workbook(path)
    for table_id in ("table2", "table3", "table4"):
        for cells in report.tables[table_id].rows.values():
            for cell in cells.values():
                address = f"{column_letters(cell.source.column)}{cell.source.row}"
                assert sheets[cell.source.sheet][address].value == (cell.value if cell.text is None else cell.text)
    total = report.tables["table3"].rows["total_outcomes"]["total"]
    assert total.source.display() == "seed.xlsx · 表三!J25"


def test_every_figure_is_found_at_its_own_address(tmp_path, seed_result):
    path = tmp_path / "seed.xlsx"
    write_workbook(path, merged=True, one_sheet=True)
    result = audit(read_report(path))
    (total,) = [f for f in result.findings if f.rule == "T3.TOTAL" and dict(f.scope)["column"] == "total"]
    assert total.primary.source == f"{path} · 报告!J56"


@pytest.mark.parametrize("name", sorted(p.name for p in WORKBOOKS.glob("seed-*")))
def test_xls_and_ods_workbooks_of_the_seed_give_the_same_findings(name, seed_result):
    result = audit(read_report(WORKBOOKS / name))
    if "one-sheet" in name:
        assert facts(result) == facts(seed_result)
    else:
        assert _table_facts(result) == _table_facts(seed_result)


def test_a_workbook_of_something_else_is_not_a_report(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["部门", "2023年预算（万元）", "2023年决算（万元）"])
    sheet.append(["办公室", 120.5, 118])
    sheet.append(["财务科", 80, 79.25])
    path = tmp_path / "budget.xlsx"
    workbook.save(path)
    with pytest.raises(NotAReportError) as caught:
        read_report(path)
    assert "budget.xlsx" in caught.value.message()
    reports, failures, skipped = read_all([path, SEED_TEXT])
    assert [r.metadata.body for r in reports] == ["康桥街道"] and not failures and len(skipped) == 1


def test_a_damaged_workbook_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook")
    with pytest.raises(FileUnreadableError) as caught:
        read_report(path)
    assert "cut.xlsx" in caught.value.message() and "not a readable workbook" in caught.value.message()


@given(st.integers(min_value=1, max_value=16384))
def test_column_letters_are_the_spreadsheets_own(column):
    from openpyxl.utils import get_column_letter

    assert column_letters(column) == get_column_letter(column)


_needs_soffice = pytest.mark.skipif(legacy_word.soffice() is None, reason="LibreOffice (soffice) is not installed; "
                                    ".ci/run installs Debian's libreoffice-writer-nogui")


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "kangqiao-2020.docx"
    write_docx(path, merged=True)
    return _without_file_name(report_to_dict(read_report(path)))


def _without_file_name(report: dict) -> dict:
    return {key: value for key, value in report.items() if key != "source_file"}


@_needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_an_old_word_file_reads_like_the_docx_it_was_saved_from(tmp_path, seed_docx, seed_result, suffix):
    path = tmp_path / f"kangqiao-2020{suffix}"
    shutil.copy(LEGACY, path)
    report = read_report(path)
    assert report.source_file == path.name
    assert _without_file_name(report_to_dict(report)) == seed_docx  # every cell and its place, the narrative, the notes
    assert facts(audit(report)) == facts(seed_result)


def test_without_libreoffice_the_error_gives_the_command_to_run(monkeypatch):
    monkeypatch.setattr(legacy_word, "soffice", lambda: None)
    with pytest.raises(ReportStructureError) as caught:
        read_report(LEGACY)
    message = caught.value.message()
    assert str(LEGACY) in message and "LibreOffice is not installed" in message
    assert f"soffice --headless --convert-to docx --outdir DIR {LEGACY}" in message


@_needs_soffice
def test_a_damaged_old_word_file_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "cut.doc"
    path.write_bytes(LEGACY.read_bytes()[:4096])
    with pytest.raises(GkauditError) as caught:
        read_report(path)
    assert "cut.doc" in caught.value.message() and "old binary Word" in caught.value.message()


def test_a_workbook_of_more_cells_than_any_report_is_skipped_as_data(tmp_path, monkeypatch):
    from gkaudit.readers import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_CELLS", 100)
    path = tmp_path / "seed.xlsx"
    write_workbook(path, merged=True, one_sheet=True)
    with pytest.raises(NotAReportError) as caught:
        read_report(path)
    assert "seed.xlsx: sheet 报告: not a report: over 100 cells" in caught.value.message()
    assert "(limit: workbook cells, see docs/limits.md)" in caught.value.message()

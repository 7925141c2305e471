"""Flattened page text (readers/flattened.py): sixteen real pages whose cells were decoded by
hand (tests/fixtures/narratives/*.json), and random consistent tables flattened and read back."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkaudit.readers import read_report
from gkaudit.readers.flat_split import Relation, Slot, resolve, spellings
from gkaudit.readers.flattened import looks_like_flattened, read_flattened
from gkaudit.readers.labels import without_numbering
from gkaudit.readers.word_text import read_word_text
from gkaudit.templates import get_template
from tests.support import SEED_TEXT
from tests.test_cli import run

FOLDER = Path(__file__).parent / "fixtures" / "narratives"
PAGES = sorted(FOLDER.glob("*.page.txt"))

# The rows whose hand-decoded cells the JSON's notes call ambiguous or inconsistent: the reader
# must name them in an EXTRACT.AMBIGUOUS / EXTRACT.UNSPLIT finding instead of choosing.
UNDECIDED = {
    "bm-gwh-2019": {("table2", "normative_documents"), ("table2", "procurement")},  # 222233; 215419886元
    "bm-hzs-2023": {("table2", "normative_documents")},  # 5416: 5|4|16 or 5|41|6
    "bm-jtj-2020": {("table2", "licensing"), ("table2", "penalties"), ("table2", "procurement")},
    "bm-zrz-2023": {("table2", "normative_documents"), ("table3", "total_outcomes")},  # 2135; 191000019
    "pq-jinjing-2024": {("table3", "carried_forward")},  # six digits for seven cells
}
T4_ROWS = {"行政复议": "admin_review", "未经复议直接起诉": "litigation_direct", "复议后起诉": "litigation_after_review"}


def _truth(page: Path) -> dict:
    return json.loads(page.with_name(page.name.replace(".page.txt", ".json")).read_text(encoding="utf-8"))


def _expected_cells(truth: dict) -> dict[tuple[str, str, str], object]:
    """(table, row, column) → the hand-decoded value, by the JSON's labels."""
    template = get_template(truth["template"])
    cells: dict[tuple[str, str, str], object] = {}
    t3 = template.tables["table3"]
    for row_id, row in zip(t3.rows, truth["table3"]["rows"], strict=True):
        cells.update({("table3", row_id, c): v for c, v in zip(t3.columns, row["values"], strict=True)})
    t4 = template.tables["table4"]
    for name, values in truth["table4"].items():
        cells.update({("table4", T4_ROWS[name], c): v for c, v in zip(t4.columns, values, strict=True)})
    t2 = template.tables["table2"]
    for row in truth["table2"]:
        row_id = next(k for k, r in t2.rows.items() if r.label.zh in (row["label"], "行政" + row["label"]) or row["label"] == "行政" + r.label.zh)
        for label, value in row["values"].items():
            column = next(k for k, c in t2.columns.items() if c.label.zh.startswith(label))
            shown = row.get("shown", {}).get(label, "")
            value = Decimal(str(value)) if isinstance(value, float) else value
            # an amount printed in 元 is read in the template's 万元 (and noted, EXTRACT.UNIT)
            cells[("table2", row_id, column)] = Decimal(value) / 10000 if shown.endswith("元") and not shown.endswith("万元") else value
    return cells


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_cell_equals_the_hand_decoded_one_or_its_row_is_named(page: Path) -> None:
    truth = _truth(page)
    report = read_report(page)
    undecided = UNDECIDED.get(truth["id"], set())
    notes = [n for n in report.notes if n.kind in ("ambiguous", "unsplit")]
    for (table, row, column), value in _expected_cells(truth).items():
        if (table, row) in undecided:
            continue
        cell = report.cell(table, row, column)
        assert cell is not None and cell.value == value, (table, row, column, cell, value)
        assert cell.source is not None and cell.source.line is not None  # each cell names its source line
    assert len(notes) == len(undecided)
    template = get_template(truth["template"])
    for table, row in undecided:
        label = template.tables[table].rows[row].label.zh
        note = next(n for n in notes if without_numbering(label) in without_numbering(n.printed))
        decoded = [v for (t, r, _), v in _expected_cells(truth).items() if (t, r) == (table, row)]
        if decoded and None not in decoded and table == "table3":
            assert "|".join(map(str, decoded)) in note.official.split("；")


def test_the_decoded_undecided_rows_are_among_the_candidates() -> None:
    report = read_report(FOLDER / "bm-hzs-2023.page.txt")
    (note,) = [n for n in report.notes if n.kind == "ambiguous"]
    assert (note.printed, note.official) == ("行政规范性文件 5416", "5|4|16；5|41|6")
    # the cell every candidate agrees on is kept
    assert report.cell("table2", "normative_documents", "issued").value == 5
    assert report.cell("table2", "normative_documents", "repealed") is None


def test_two_ambiguous_rows_are_settled_jointly_by_the_column_totals() -> None:
    # 110000011 is 11|0|0|0|0|0|11 or 1|10|0|0|0|0|11 by its row total; only the first makes
    # （七）总计 自然人 = 3 + 7 + 1 and 本年新收 + 上年结转 = 总计 + 结转 hold
    report = read_report(FOLDER / "pq-jinjing-2025.page.txt")
    t3 = report.tables["table3"]
    for row in ("new_requests", "total_outcomes"):
        assert [t3.cell(row, c).value for c in ("natural_person", "commercial", "total")] == [11, 0, 11]
    assert not [n for n in report.notes if n.kind in ("ambiguous", "unsplit")]


def test_every_page_is_checked_from_the_command_line_in_both_languages() -> None:
    result = run("check", *map(str, PAGES))
    assert result.returncode == 1, result.stderr
    assert all(page.name in result.stdout for page in PAGES)
    assert "警告[EXTRACT.AMBIGUOUS]" in result.stdout and "“行政规范性文件 5416”" in result.stdout
    english = run("check", str(FOLDER / "pq-jinjing-2024.page.txt"), "--lang", "en")
    assert "warning[EXTRACT.UNSPLIT]" in english.stdout and "no split satisfies" in english.stdout


def test_the_word_text_reader_still_claims_its_own_dump() -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert looks_like_flattened(text)  # its rows are labels followed by figures too…
    assert read_report(SEED_TEXT).tables == read_word_text(SEED_TEXT, text).tables  # …but word_text reads it


def test_prose_running_into_the_last_figure_is_not_read_as_a_figure(tmp_path: Path) -> None:
    text = (FOLDER / "pq-jinjing-2025.page.txt").read_text(encoding="utf-8")
    page = tmp_path / "run-on.page.txt"
    page.write_text(text.replace("行政事业性收费0 三、", "行政事业性收费02025年，本局未收费。三、"), encoding="utf-8")
    report = read_flattened(page, page.read_text(encoding="utf-8"))
    assert report.cell("table2", "fees", "fee_amount").value == 0


# ---------------------------------------------------------------- the split itself

def test_spellings_follow_how_figures_are_written() -> None:
    assert spellings("00126", [Slot()] * 3) == [("0", "0", "126")]
    assert spellings("0+11", [Slot(), Slot(signed=True), Slot()]) == [("0", "+1", "1")]
    assert spellings("15-15", [Slot(), Slot(signed=True)]) == [("15", "-15")]
    assert spellings("9 152.2万元", [Slot(), Slot(decimal=True, max_digits=12)]) == [("9", "152.2万元")]
    assert spellings("12 0 0 0 0 0 12", [Slot()] * 7) == [("12", "0", "0", "0", "0", "0", "12")]
    assert spellings("000000", [Slot()] * 7) == []


def test_a_row_no_split_of_which_adds_up_is_reported_not_chosen() -> None:
    total = Relation("T3.ROW_TOTAL", frozenset({"row"}), lambda v: v["row"][-1] == sum(v["row"][:-1]))
    result = resolve({"row": spellings("191000019", [Slot()] * 7)}, [total])
    assert result["row"].kind == "none" and ("19", "1", "0", "0", "0", "0", "19") in result["row"].candidates


# ---------------------------------------------------------------- random consistent tables

T3 = get_template("gb2021").tables["table3"]
T2 = get_template("gb2021").tables["table2"]
OUTCOMES = list(T3.row_groups["outcomes"].members)
SMALL = st.integers(min_value=0, max_value=30)


@st.composite
def consistent_table3(draw: st.DrawFn) -> dict[str, list[int]]:
    """A 表三 whose every rule holds: row totals, column totals, the identity."""
    rows: dict[str, list[int]] = {}
    for row in OUTCOMES + ["carried_forward", "carried_over"]:
        parts = draw(st.lists(st.sampled_from([0, 0, 0, 1, 2, 3, 7, 10, 12]), min_size=6, max_size=6))
        rows[row] = parts + [sum(parts)]
    rows["total_outcomes"] = [sum(rows[r][i] for r in OUTCOMES) for i in range(7)]
    received = [rows["total_outcomes"][i] + rows["carried_forward"][i] - rows["carried_over"][i] for i in range(7)]
    if any(v < 0 for v in received):  # carry-over larger than what was handled: shift it to 收到
        rows["carried_over"] = [0] * 7
        received = [rows["total_outcomes"][i] + rows["carried_forward"][i] for i in range(7)]
    rows["new_requests"] = received
    return rows


def _flatten(values: list[int], spaces: list[bool]) -> str:
    """A row's figures as a crawler prints them: run together, with a space at some borders."""
    return "".join(str(v) + (" " if space else "") for v, space in zip(values, spaces)).rstrip()


def _page(table3: dict[str, list[int]], table2: dict[str, list[int]], spaces: st.DataObject) -> str:
    lines = ["标题: 某某局2022年政府信息公开工作年度报告", "==================== 正文 ====================",
             "一、总体情况 本局依法公开。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"]
    text = ""
    for row, values in table2.items():
        text += T2.rows[row].label.zh + _flatten(values, spaces.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values))))
    text += "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    groups = {m: g.label.zh for g in T3.row_groups.values() if g.label.zh.startswith("（") for m in g.members}
    shown: set[str] = set()
    for row in T3.rows:
        if row in groups and groups[row] not in shown:
            shown.add(groups[row])
            text += groups[row]
        if row == "granted":
            text += T3.row_groups["outcomes"].label.zh
        text += T3.rows[row].label.zh + _flatten(table3[row], spaces.draw(st.lists(st.booleans(), min_size=7, max_size=7)))
    text += "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计" + "0" * 15
    text += "五、存在的主要问题及改进情况 无。六、其他需要报告的事项 无。"
    return "\n".join(lines + [text]) + "\n"


@settings(max_examples=40, deadline=None)
@given(table3=consistent_table3(), issued=SMALL, repealed=SMALL, extra=SMALL, spaces=st.data())
def test_a_consistent_table_reads_back_exactly_or_is_reported_with_the_true_split(
    tmp_path_factory: pytest.TempPathFactory, table3: dict[str, list[int]], issued: int, repealed: int, extra: int,
    spaces: st.DataObject,
) -> None:
    table2 = {"regulations": [0, 0, 0], "normative_documents": [issued, repealed, issued + extra],
              "licensing": [extra], "penalties": [issued], "enforcement": [0], "fees": [0]}
    page = tmp_path_factory.mktemp("flat") / "random.page.txt"
    page.write_text(_page(table3, table2, spaces), encoding="utf-8")
    report = read_flattened(page, page.read_text(encoding="utf-8"))
    notes = [n for n in report.notes if n.kind in ("ambiguous", "unsplit")]
    assert not [n for n in notes if n.kind == "unsplit"]  # a consistent table always has a split that fits
    for table, spec, rows in (("table3", T3, table3), ("table2", T2, table2)):
        for row, values in rows.items():
            note = next((n for n in notes if n.printed.startswith(spec.rows[row].label.zh + " ")), None)
            if note is not None:  # reported: the true split must be among the candidates
                assert "|".join(map(str, values)) in note.official.split("；") or "… +" in note.official
                continue
            columns = spec.rows[row].columns
            assert [report.cell(table, row, c).value for c in columns] == values, (row, values)

"""Flattened page text (readers/flattened.py): sixteen real pages whose cells were decoded by
hand (tests/fixtures/narratives/*.json), and random consistent tables flattened and read back."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from gkaudit.readers import read_report
from gkaudit.readers.flat_split import Relation, Slot, resolve, spellings
from gkaudit.readers.flattened import looks_like_flattened, read_flattened
from gkaudit.readers.labels import without_numbering
from gkaudit.readers.word_text import read_word_text
from gkaudit.templates import get_template
from tests.support import ROOT, SEED_TEXT
from tests.test_cli import run

sys.path.insert(0, str(ROOT / "benchmarks"))

from flattened import decoded_cells, measure  # noqa: E402

FOLDER = Path(__file__).parent / "fixtures" / "narratives"
PAGES = sorted(FOLDER.glob("*.page.txt"))

# The rows whose hand-decoded cells the JSON's notes call ambiguous or inconsistent: the reader
# must name them in an EXTRACT.FLAT_AMBIGUOUS / EXTRACT.FLAT_UNSPLIT finding instead of choosing.
UNDECIDED = {
    "bm-gwh-2019": {("table2", "normative_documents"), ("table2", "procurement")},  # 222233; 215419886元
    "bm-hzs-2023": {("table2", "normative_documents")},  # 5416: 5|4|16 or 5|41|6
    "bm-jtj-2020": {("table2", "licensing"), ("table2", "penalties"), ("table2", "procurement")},
    "bm-zrz-2023": {("table2", "normative_documents"), ("table3", "total_outcomes")},  # 2135; 191000019
    "pq-jinjing-2024": {("table3", "carried_forward")},  # six digits for seven cells
}


def _truth(page: Path) -> dict:
    return json.loads(page.with_name(page.name.replace(".page.txt", ".json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_cell_equals_the_hand_decoded_one_or_its_row_is_named(page: Path) -> None:
    truth = _truth(page)
    report = read_report(page)
    undecided = UNDECIDED.get(truth["id"], set())
    notes = [n for n in report.notes if n.kind in ("flat_ambiguous", "flat_unsplit")]
    for (table, row, column), value in decoded_cells(truth).items():
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
        decoded = [v for (t, r, _), v in decoded_cells(truth).items() if (t, r) == (table, row)]
        if decoded and None not in decoded and table == "table3":
            assert "|".join(map(str, decoded)) in note.official.split("；")


def test_the_benchmark_finds_every_cell_and_the_expected_arithmetic_findings() -> None:
    outcomes = measure(FOLDER)
    assert not [o.wrong for o in outcomes if o.wrong]
    assert sum(o.cells["agrees"] for o in outcomes) == 3151
    # zrz-2023's （七）总计 "191000019" fits no split, so its row-total and identity failures go unchecked
    assert [o.slug for o in outcomes if o.arithmetic != o.expected] == ["bm-zrz-2023"]


def test_the_decoded_undecided_rows_are_among_the_candidates() -> None:
    report = read_report(FOLDER / "bm-hzs-2023.page.txt")
    (note,) = [n for n in report.notes if n.kind == "flat_ambiguous"]
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
    assert not [n for n in report.notes if n.kind in ("flat_ambiguous", "flat_unsplit")]


def test_every_page_is_checked_from_the_command_line_in_both_languages() -> None:
    result = run("check", *map(str, PAGES))
    assert result.returncode == 1, result.stderr
    assert all(page.name in result.stdout for page in PAGES)
    assert "警告[EXTRACT.FLAT_AMBIGUOUS]" in result.stdout and "“行政规范性文件 5416”" in result.stdout
    english = run("check", str(FOLDER / "pq-jinjing-2024.page.txt"), "--lang", "en")
    assert "warning[EXTRACT.FLAT_UNSPLIT]" in english.stdout and "no split satisfies" in english.stdout


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


def test_a_search_too_long_to_finish_is_cut_short_not_run_to_the_end() -> None:
    """A run of random digits (the fuzzer's 表四 of 28 figures) has few splits but an
    exponential search: it stops after MAX_STEPS cells tried, and the row is ambiguous."""
    digits = "66101105258751927998441796"
    with pytest.raises(OverflowError):
        spellings(digits, [Slot()] * 15, prefix_ok=lambda cells: len(cells) % 5 or cells[-1] == "0")


def test_the_fuzzers_page_that_ran_for_minutes_reads_with_its_rows_named(tmp_path: Path) -> None:
    page = tmp_path / "r.page.txt"
    page.write_bytes((ROOT / "tests" / "fixtures" / "fuzz" / "40-hang.page.txt").read_bytes())
    notes = read_report(page).notes
    assert any(n.kind == "flat_ambiguous" and n.printed.startswith("表四") and n.official == "…" for n in notes)


def test_a_row_no_split_of_which_adds_up_is_reported_not_chosen() -> None:
    total = Relation("T3.ROW_TOTAL", frozenset({"row"}), lambda v: v["row"][-1] == sum(v["row"][:-1]))
    result = resolve({"row": spellings("191000019", [Slot()] * 7)}, [total])
    assert result["row"].kind == "none" and ("19", "1", "0", "0", "0", "0", "19") in result["row"].candidates


# ---------------------------------------------------------------- random consistent tables

FIGURES = st.sampled_from([0, 0, 0, 1, 2, 3, 7, 10, 12, 101])


@st.composite
def consistent_table3(draw: st.DrawFn, template: str) -> dict[str, list[int]]:
    """A 表三 whose every rule holds: row totals, column totals, the identity."""
    spec = get_template(template).tables["table3"]
    outcomes = list(spec.row_groups["outcomes"].members)
    rows: dict[str, list[int]] = {}
    for row in [*outcomes, "carried_forward"]:
        parts = draw(st.lists(FIGURES, min_size=6, max_size=6))
        rows[row] = [*parts, sum(parts)]
    rows["total_outcomes"] = [sum(rows[r][i] for r in outcomes) for i in range(7)]
    handled = [rows["total_outcomes"][i] + rows["carried_forward"][i] for i in range(7)]
    carried = [draw(st.integers(0, value)) for value in handled[:6]]  # 上年结转 is part of what was handled
    rows["carried_over"] = [*carried, sum(carried)]
    rows["new_requests"] = [handled[i] - rows["carried_over"][i] for i in range(7)]
    return {row: rows[row] for row in spec.rows}


@st.composite
def consistent_table2(draw: st.DrawFn, template: str) -> dict[str, list[str]]:
    """A 表二 as printed: counts, signed changes ("+3", "-12"), amounts in 万元 ("152.2万元")."""
    spec = get_template(template).tables["table2"]
    rows: dict[str, list[str]] = {}
    for row_id, row in spec.rows.items():
        cells = []
        for column in row.columns:
            kind = spec.columns[column].kind
            if kind == "signed":
                number = draw(st.integers(-30, 30))
                cells.append(f"{number:+d}" if number else "0")
            elif kind == "amount":
                cells.append(f"{draw(st.integers(0, 3000)) / 10:g}万元")
            else:
                cells.append(str(draw(FIGURES)))
        rows[row_id] = cells
    for big, small in (("in_force", "issued"), ("total_published", "newly_published")):
        for cells, row in ((rows[r], spec.rows[r]) for r in rows):
            if big in row.columns and small in row.columns:  # T2.IN_FORCE / T2.PUBLISHED hold
                i, j = row.columns.index(big), row.columns.index(small)
                cells[i] = str(int(cells[i]) + int(cells[j]))
    return rows


@st.composite
def consistent_table4(draw: st.DrawFn) -> list[int]:
    rows = [draw(st.lists(FIGURES, min_size=4, max_size=4)) for _ in range(3)]
    if sum(rows[2]) > sum(rows[0]):  # T4.SUIT_AFTER_REVIEW: suits after review ≤ reviews
        rows[0], rows[2] = rows[2], rows[0]
    return [v for parts in rows for v in [*parts, sum(parts)]]


def _flatten(cells: list[str], spaces: list[bool]) -> str:
    """A row's figures as a crawler prints them: run together, with a space at some borders."""
    return "".join(c + (" " if space else "") for c, space in zip(cells, spaces)).rstrip()


def _page(template: str, table2: dict[str, list[str]], table3: dict[str, list[int]], table4: list[int],
          data: st.DataObject) -> str:
    spec2, spec3 = get_template(template).tables["table2"], get_template(template).tables["table3"]
    year = 2020 if template == "gb2019" else 2022

    def figures(cells: list[str]) -> str:
        return _flatten(cells, data.draw(st.lists(st.booleans(), min_size=len(cells), max_size=len(cells))))

    text = "一、总体情况 本局依法公开。二、主动公开政府信息情况"
    for block in spec2.row_groups.values():
        columns = spec2.rows[block.members[0]].columns
        text += block.label.zh + "信息内容" + "".join(spec2.columns[c].label.zh for c in columns)
        text += "".join(spec2.rows[row].label.zh + figures(table2[row]) for row in block.members)
    text += "三、收到和处理政府信息公开申请情况申请人情况" + "".join(c.label.zh for c in spec3.columns.values())
    groups = {m: g.label.zh for g in spec3.row_groups.values() if g.label.zh.startswith("（") for m in g.members}
    for row in spec3.rows:
        if row == "granted":
            text += spec3.row_groups["outcomes"].label.zh
        if row in groups and spec3.row_groups[next(g for g, s in spec3.row_groups.items() if row in s.members and g != "outcomes")].members[0] == row:
            text += groups[row]
        text += spec3.rows[row].label.zh + figures([str(v) for v in table3[row]])
    text += "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    text += figures([str(v) for v in table4]) + "五、存在的主要问题及改进情况 无。六、其他需要报告的事项 无。"
    return f"标题: 某某局{year}年政府信息公开工作年度报告\n==================== 正文 ====================\n{text}\n"


def _assert_read_back_or_named(report, notes, table: str, row: str, label: str, columns, printed: list[str]) -> None:
    note = next((n for n in notes if n.printed.startswith(label + " ")), None)
    if note is not None:  # reported: the true split must be among the candidates
        assert "|".join(printed) in note.official.split("；") or note.official == "…", (note, printed)
        return
    got = [report.cell(table, row, c) for c in columns]
    assert [c.text or str(c.value) for c in got] == printed, (row, printed, got)


@pytest.mark.parametrize("template", ["gb2019", "gb2021"])
@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_a_consistent_table_reads_back_exactly_or_is_reported_with_the_true_split(
    tmp_path_factory: pytest.TempPathFactory, template: str, data: st.DataObject,
) -> None:
    table2, table3, table4 = data.draw(consistent_table2(template)), data.draw(consistent_table3(template)), data.draw(consistent_table4())
    page = tmp_path_factory.mktemp("flat") / "random.page.txt"
    page.write_text(_page(template, table2, table3, table4, data), encoding="utf-8")
    report = read_flattened(page, page.read_text(encoding="utf-8"))
    notes = [n for n in report.notes if n.kind in ("flat_ambiguous", "flat_unsplit")]
    assert not [n for n in notes if n.kind == "flat_unsplit"]  # a consistent table always has a split that fits
    specs = get_template(template).tables
    for row, cells in table2.items():
        _assert_read_back_or_named(report, notes, "table2", row, specs["table2"].rows[row].label.zh, specs["table2"].rows[row].columns, cells)
    for row, values in table3.items():
        _assert_read_back_or_named(report, notes, "table3", row, specs["table3"].rows[row].label.zh, list(specs["table3"].columns), [str(v) for v in values])
    note = next((n for n in notes if n.printed.startswith("表四 ")), None)
    if note is not None:
        assert "|".join(map(str, table4)) in note.official.split("；") or note.official == "…"
    else:
        cells = [report.cell("table4", r, c).value for r in specs["table4"].rows for c in specs["table4"].columns]
        assert cells == table4


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(FIGURES, min_size=6, max_size=6), spaces=st.lists(st.booleans(), min_size=7, max_size=7))
def test_a_row_total_never_yields_a_wrong_unique_split(parts: list[int], spaces: list[bool]) -> None:
    printed = [str(v) for v in [*parts, sum(parts)]]
    candidates = spellings(_flatten(printed, spaces), [Slot()] * 7)
    assert tuple(printed) in candidates  # the truth is always a way to write the run
    total = Relation("T3.ROW_TOTAL", frozenset({"row"}), lambda v: v["row"][-1] == sum(v["row"][:-1]))
    resolution = resolve({"row": candidates}, [total])["row"]
    assert resolution.kind in ("unique", "ambiguous") and tuple(printed) in resolution.candidates

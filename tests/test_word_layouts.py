"""Word's plain-text layouts read cell for cell as the seed's layout does.

Each document's paragraphs and tables (as its own reader finds them) are written out in
the seed's layout, Word's tab-separated rows and Word's one cell per line, and the three
texts must give the same cells, notes and findings, with each cell's source line holding
that cell.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkaudit.readers import read_report
from gkaudit.readers.document import DocumentContent, Paragraph, TableBlock
from gkaudit.readers.grid import GridCell, is_value
from gkaudit.readers.html import decode_html, parse_html
from gkaudit.readers.markdown import parse_markdown
from gkaudit.readers.numbers import clean_text
from gkaudit.readers.word_text import parse_word_text

from .support import FIXTURES, SEED_TEXT, audit, failing
from .test_seed import facts
from .test_text_encodings import cells
from .word_layouts import LAYOUTS, write_layout

CORPUS = FIXTURES / "corpus"
WHOLE_TABLES = [  # documents whose tables came through their conversion whole
    "pingtan-gonganju-2021.html", "pingtan-jinjing-2019.html", "pingtan-jinjing-2023.html",
    "pingtan-shehuishiye-2023.html", "pingtan-ziranziyuan-2020.html", "shuyang-fgj-2023.html",
    "shuyang-county-2025.txt",
]
LOSSY = ["shanghai-office-2025.md", "shanghai-stcsm-2024.md"]  # PDF→Markdown with rows cut up


def content_of(path: Path) -> DocumentContent:
    if path.suffix == ".html":
        return parse_html(decode_html(path, path.read_bytes()), path.name)
    text = path.read_text(encoding="utf-8")
    return parse_word_text(text, path.name) if path == SEED_TEXT else parse_markdown(text, path.name)


def written(tmp_path: Path, content: DocumentContent, layout: str, name: str = "report.txt") -> Path:
    path = tmp_path / layout / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(write_layout(content, layout), encoding="utf-8")
    return path


def values(report) -> dict[tuple[str, str, str], object]:
    return {key: value for key, (value, _) in cells(report).items()}


def notes(report) -> list[tuple[str, str, str]]:
    return sorted((n.kind, n.printed, n.official) for n in report.notes)


def assert_cells_stand_on_their_lines(report, path: Path, layout: str) -> None:
    """Each cell's source line holds its printed text; a blank cell's is empty."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for table in report.tables.values():
        for columns in table.rows.values():
            for cell in columns.values():
                line = lines[cell.source.line - 1]
                printed = cell.text if cell.text is not None else ("" if cell.value is None else str(cell.value))
                fields = line.split("\t") if layout == "rows" else [line.lstrip("\t")]
                assert any(clean_text(f).replace(" ", "") == printed.replace(" ", "") for f in fields), (line, printed)


@pytest.fixture(scope="module")
def seed():
    report = read_report(SEED_TEXT)
    return report, facts(audit(report))


@pytest.mark.parametrize("layout", ["rows", "cells"])
def test_the_seed_reads_the_same_in_word_plain_text(tmp_path, seed, layout):
    report, seed_facts = seed
    path = written(tmp_path, content_of(SEED_TEXT), layout, SEED_TEXT.name)
    again = read_report(path)
    assert values(again) == values(report)
    assert notes(again) == notes(report)
    assert facts(audit(again)) == seed_facts
    assert [(s.number, s.heading, s.text) for s in again.narrative] == [(s.number, s.heading, s.text) for s in report.narrative]
    assert_cells_stand_on_their_lines(again, path, layout)


def test_the_seed_rows_as_word_writes_them(tmp_path, seed):
    """Word's tab-separated rows, spelled out: a row per line, the block labels alone."""
    text = write_layout(content_of(SEED_TEXT), "rows")
    assert "\n第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n" in text
    assert "\n一、本年新收政府信息公开申请数量\t5\t\t\t\t\t\t5\n" in text
    report = read_report(written(tmp_path, content_of(SEED_TEXT), "rows"))
    new_requests = report.tables["table3"].rows["new_requests"]
    assert (new_requests["natural_person"].value, new_requests["commercial"].value, new_requests["total"].value) == (5, None, 5)
    assert len({c.source.line for c in new_requests.values()}) == 1


@pytest.mark.parametrize("name", WHOLE_TABLES)
@pytest.mark.parametrize("layout", ["rows", "cells"])
def test_corpus_documents_read_the_same_in_word_plain_text(tmp_path, name, layout):
    content = content_of(CORPUS / name)
    in_seed_layout = read_report(written(tmp_path, content, "seed"))
    path = written(tmp_path, content, layout)
    again = read_report(path)
    assert values(again) == values(in_seed_layout)
    assert notes(again) == notes(in_seed_layout)
    assert facts(audit(again)) == facts(audit(in_seed_layout))
    assert_cells_stand_on_their_lines(again, path, layout)


@pytest.mark.parametrize("name", LOSSY)
def test_lossy_conversions_lose_no_cell_in_word_plain_text(tmp_path, name):
    """These conversions put table labels outside their tables and cut rows short. Written
    as tab-separated rows they read the same; one cell per line, a label standing next to
    a row of figures becomes its label, so cells the seed's layout could not place may be
    read, but none it read is lost or changed."""
    content = content_of(CORPUS / name)
    in_seed_layout = values(read_report(written(tmp_path, content, "seed")))
    assert values(read_report(written(tmp_path, content, "rows"))) == in_seed_layout
    one_per_line = values(read_report(written(tmp_path, content, "cells")))
    assert {key: one_per_line.get(key) for key in in_seed_layout} == in_seed_layout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "gb18030"])
def test_word_plain_text_in_notepad_encodings(tmp_path, seed, encoding):
    report, _ = seed
    for layout in ("rows", "cells"):
        path = tmp_path / f"{layout}.txt"
        text = write_layout(content_of(SEED_TEXT), layout)
        path.write_bytes(text.encode(encoding) if encoding != "utf-16-be" else codecs.BOM_UTF16_BE + text.encode(encoding))
        assert values(read_report(path)) == values(report)


_TABLE3_HEADER = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
    ["", "自然人", "法人或其他组织", "总计"],
    ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]


def _cells_text(rows: list[list[str]]) -> str:
    """A 2020 report in the one-cell-per-line layout, with ``rows`` in its 表三."""
    table = "".join("".join(f"{cell}\n" for cell in row) + "\n" for row in _TABLE3_HEADER + rows)
    return (
        "2020年政府信息公开工作年度报告\n（测试街道）\n一、总体情况\n本年度工作情况如下。\n"
        "三、收到和处理政府信息公开申请情况\n" + table + "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(
            ["行政复议", "行政诉讼", "", *"结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉".split(), "",
             *["0"] * 15, ""]
        ) + "\n五、存在的主要问题及改进情况\n无。\n"
    )


def test_a_row_the_template_cannot_settle_is_noted_not_guessed(tmp_path):
    """（二）部分公开 printed with three places where 表三 has seven: which columns the 1 and
    the 2 are in cannot be told, so the row is left out and said so."""
    head = ["一、本年新收政府信息公开申请数量", "3", "", "", "", "", "", "3"]
    short = ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1", "", "2"]
    after = ["（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]
    path = tmp_path / "short.txt"
    path.write_text(_cells_text([head, ["三、本年度办理结果", "（一）予以公开", "2", "", "", "", "", "", "2"], short, after]),
                    encoding="utf-8")
    report = read_report(path)
    table3 = report.tables["table3"].rows
    assert "partially_granted" not in table3
    assert table3["granted"]["natural_person"].value == 2 and table3["granted"]["commercial"].value is None
    assert table3["denied_state_secret"]["total"].value == 0
    (note,) = [n for n in report.notes if n.kind == "ambiguous"]
    assert note.printed == "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 | （空） | 2 | （空）"
    assert note.source.line == 42
    (finding,) = failing(audit(report), "EXTRACT.AMBIGUOUS")
    assert finding.severity == "warning" and finding.location.endswith("short.txt:42")


def test_blank_places_at_a_row_end_are_told_from_the_next_rows_opening_blanks(tmp_path):
    """A row ending in blank cells, then a row opening with a blank label cell: the empty
    lines run together, and 表三's seven columns say which is which."""
    rows = [
        ["一、本年新收政府信息公开申请数量", "3", "", "", "", "", "", ""],
        ["", "二、上年结转政府信息公开申请数量", "", "", "", "", "", "", "1"],
        ["三、本年度办理结果", "（一）予以公开", "0", "0", "0", "0", "0", "0", "0"],
    ]
    path = tmp_path / "blanks.txt"
    path.write_text(_cells_text(rows), encoding="utf-8")
    table3 = read_report(path).tables["table3"].rows
    assert [c.value for c in table3["new_requests"].values()] == [3, None, None, None, None, None, None]
    assert [c.value for c in table3["carried_over"].values()] == [None] * 6 + [1]
    assert not [n for n in read_report(path).notes if n.kind == "ambiguous"]


# ---------------------------------------------------------------- any figures, any layout

def _frames() -> dict[str, DocumentContent]:
    return {"gb2019": content_of(SEED_TEXT), "gb2021": content_of(CORPUS / "pingtan-jinjing-2023.html")}


FRAMES = _frames()


def _figure_places(content: DocumentContent) -> list[tuple[int, int, int]]:
    """(block, row, cell) of every figure place: the cells after the last label of a row
    that holds a figure."""
    places = []
    for b, block in enumerate(content.blocks):
        if not isinstance(block, TableBlock):
            continue
        for r, row in enumerate(block.rows):
            if not any(clean_text(c.text) and is_value(c.text) for c in row):
                continue
            last_label = max((i for i, c in enumerate(row) if not is_value(c.text)), default=-1)
            places += [(b, r, i) for i in range(last_label + 1, len(row))]
    return places


def _with_figures(content: DocumentContent, figures: list[str]) -> DocumentContent:
    blocks = [b if isinstance(b, Paragraph) else TableBlock([list(row) for row in b.rows], b.source) for b in content.blocks]
    for (b, r, i), figure in zip(_figure_places(content), figures):
        cell = blocks[b].rows[r][i]
        blocks[b].rows[r][i] = GridCell(figure, cell.source)
    return DocumentContent(content.file, blocks)


_FIGURE = st.one_of(st.just(""), st.integers(min_value=0, max_value=99999).map(str), st.sampled_from(["0", "1", "2笔", "3件"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(frame=st.sampled_from(sorted(FRAMES)), data=st.data())
def test_any_report_reads_back_the_same_in_every_layout(tmp_path_factory, frame, data):
    content = FRAMES[frame]
    figures = data.draw(st.lists(_FIGURE, min_size=len(_figure_places(content)), max_size=len(_figure_places(content))))
    filled = _with_figures(content, figures)
    tmp_path = tmp_path_factory.mktemp("layouts")
    readings = {layout: read_report(written(tmp_path, filled, layout)) for layout in LAYOUTS}
    assert values(readings["rows"]) == values(readings["seed"])
    assert values(readings["cells"]) == values(readings["seed"])
    assert notes(readings["rows"]) == notes(readings["seed"]) == notes(readings["cells"])
    if frame == "gb2019":  # every figure place of the seed is a template cell
        assert sum(1 for v in values(readings["seed"]).values() if v is not None) == sum(1 for f in figures if f)

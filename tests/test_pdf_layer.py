"""pdfium's reading of a PDF against pdfplumber's, and the fall back to pdfplumber.

The reader takes characters and ruling lines from pdfium (gkaudit.readers.pdf_layer) and
reads everything with pdfplumber where pdfium cannot be sure. For every PDF under
tests/fixtures the two ways must give the same document — every paragraph and table cell
with its text and source (page, table, row, column) — and the same report: cells, values,
sources, notes and narrative. Where pdfium is unsure (a rotated page, a curve, no text
layer, a file it cannot open), pdfplumber must be the one reading.
"""

from __future__ import annotations

from operator import itemgetter
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkaudit.errors import FileUnreadableError, GkauditError, NotAReportError
from gkaudit.readers import pdf, pdf_layer
from gkaudit.readers.document import TableBlock, assemble
from gkaudit.readers.json_report import dumps_report
from gkaudit.readers.pdf_layer import Unsure, read_pages

from .support import FIXTURES

DAMAGED = FIXTURES / "fuzz" / "14-MalformedPDFException.pdf"  # its MediaBox holds two strings
PDFS = sorted(FIXTURES.rglob("*.pdf"))
CORPUS = sorted((FIXTURES / "corpus").glob("*.pdf"))
BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _reading(path: Path, pdfium: bool) -> tuple[object, str]:
    """(the document as read, its report as report JSON), or the error the reader gives."""
    try:
        content = pdf.parse_pdf(path, path.name, pdfium=pdfium)
        return content, dumps_report(assemble(content))
    except GkauditError as error:
        return type(error), str(error)


@pytest.fixture
def unsure(monkeypatch) -> list[str]:
    """Why pdfium left each file it was given to pdfplumber ("" for a file pdfium read)."""
    reasons: list[str] = []

    def spy(path: Path, most_pages: int):
        try:
            pages = read_pages(path, most_pages)
        except Unsure as why:
            reasons.append(str(why))
            raise
        reasons.append("")
        return pages

    monkeypatch.setattr(pdf_layer, "read_pages", spy)
    return reasons


def test_every_fixture_pdf_is_compared():
    assert len(CORPUS) == 3 and len(PDFS) > len(CORPUS)


@pytest.mark.parametrize("path", [p for p in PDFS if p != DAMAGED], ids=[p.name for p in PDFS if p != DAMAGED])
def test_pdfium_reads_every_pdf_as_pdfplumber_does(path: Path):
    assert _reading(path, pdfium=True) == _reading(path, pdfium=False)


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_the_corpus_is_read_by_pdfium(path: Path, unsure):
    content = pdf.parse_pdf(path, path.name)
    assert unsure == [""] and any(isinstance(block, TableBlock) for block in content.blocks)


def _save(document: pypdfium2.PdfDocument, path: Path) -> Path:
    document.save(path)
    document.close()
    return path


def _rotated(tmp_path: Path) -> Path:
    document = pypdfium2.PdfDocument(CORPUS[0])
    document[0].set_rotation(90)
    return _save(document, tmp_path / "rotated.pdf")


def _with_a_curve(tmp_path: Path) -> Path:
    document = pypdfium2.PdfDocument(CORPUS[0])
    page = document[4]
    path = pdfium.FPDFPageObj_CreateNewPath(100, 100)
    pdfium.FPDFPath_BezierTo(path, 120, 140, 160, 140, 180, 100)
    pdfium.FPDFPath_SetDrawMode(path, 0, True)
    pdfium.FPDFPage_InsertObject(page.raw, path)
    pdfium.FPDFPage_GenerateContent(page.raw)
    return _save(document, tmp_path / "curve.pdf")


def _file(name: str, content: bytes):
    def write(tmp_path: Path) -> Path:
        (tmp_path / name).write_bytes(content)
        return tmp_path / name
    return write


@pytest.mark.parametrize(("make", "why"), [
    (_rotated, "page box"),
    (_with_a_curve, "a curve"),
    (_file("scan.pdf", BLANK_PDF), "no text layer"),
], ids=["rotated page", "curve", "no text layer"])
def test_pdfplumber_reads_what_pdfium_cannot_be_sure_of(tmp_path, unsure, make, why):
    path = make(tmp_path)
    assert _reading(path, pdfium=True) == _reading(path, pdfium=False)
    assert unsure == [why]


def test_pdfplumber_reads_what_pdfium_cannot_open(monkeypatch, unsure):
    def refuse(path):
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    assert _reading(CORPUS[0], pdfium=True) == _reading(CORPUS[0], pdfium=False)
    assert unsure == ["Failed to load document (PDFium: Data format error)."]


def test_a_damaged_pdf_pdfium_opens_is_read_by_pdfium(unsure):
    """pdfminer refuses the file for its MediaBox; pdfium opens it (a 1 × 2 pt page, from the
    box's two numbers) and reads its text, which is no report: refused for that, not as damaged."""
    assert _reading(DAMAGED, pdfium=False)[1].endswith(
        "not a readable PDF: a malformed object (Bounding box contains non-number coordinate(s): [b'a', b'b', 1, 2])")
    assert unsure == []
    error, message = _reading(DAMAGED, pdfium=True)
    assert error is NotAReportError and unsure == [""], message


def test_too_many_pages_are_refused_before_any_is_read(tmp_path, monkeypatch):
    def unread(*_):
        raise AssertionError("a page was read")

    monkeypatch.setattr(pdf_layer, "_read_page", unread)
    monkeypatch.setattr(pdf, "MAX_PAGES", 4)
    error, message = _reading(CORPUS[0], pdfium=True)
    assert error is FileUnreadableError and "has 5 pages; an annual report has far fewer than 4" in message


def test_a_vertical_label_gets_pdfminers_box():
    """hongze-2023 p.3 sets 三、本年度办理结果 in a vertical-writing font, one character a line."""
    page = read_pages(CORPUS[0], 5)[2]
    label = [c for c in page.chars if c["x0"] < 90 and 600 < c["top"] < 700]
    assert "".join(c["text"] for c in label) == "三、本年度办理结果"
    assert all(abs(c["x1"] - c["x0"] - 9.95) < 1e-3 for c in label)
    assert abs(label[0]["top"] - 605.336) < 1e-3 and abs(label[-1]["bottom"] - 695.5627) < 1e-3


_LETTERS = st.sampled_from(["本", "年", "1", "a", "ﬁ", " ", "\u3000", "、"])
_STEPS = st.sampled_from([0.0, 0.5, 1.0, 2.5, 3.0, 3.5, 6.0, -1.0])  # around the 3 pt tolerances


@st.composite
def _characters(draw) -> list[dict]:
    """Upright characters in a few rows, placed to meet pdfplumber's tolerances exactly."""
    chars, x, top = [], 10.0, 100.0
    for _ in range(draw(st.integers(1, 25))):
        if draw(st.booleans()):
            top += draw(_STEPS)
            x = draw(st.sampled_from([10.0, 12.0, 40.0]))
        width = draw(st.sampled_from([5.0, 10.0]))
        chars.append(pdf_layer._char(draw(_LETTERS), (x, x + width, top, top + width), width, 842.0))
        x += width + draw(_STEPS)
    return chars


@given(_characters())
def test_text_lines_are_pdfplumbers(chars):
    from pdfplumber.utils import chars_to_textmap

    page = pdf_layer.PdfiumPage(chars, [], (0, 0, 595, 842))
    theirs = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=595, layout_height=842)
    assert page.extract_text_lines() == theirs.extract_text_lines(strip=True, return_chars=True)


@given(_characters())
def test_cell_text_is_pdfplumbers(chars):
    from pdfplumber.utils import extract_text

    row = [(i, (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for i, c in enumerate(chars)]
    assert pdf_layer._cell_text(row, (0, 0, 595, 842)) == extract_text(chars)


@st.composite
def _edges(draw) -> list[dict]:
    """Horizontal and vertical edges near each other, to meet the 3 pt snap and join tolerances."""
    edges = []
    for _ in range(draw(st.integers(1, 30))):
        start, across = draw(_POSITIONS), draw(_POSITIONS)
        end = start + draw(st.sampled_from([0.5, 3.0, 10.0, 40.0]))
        if draw(st.booleans()):
            edges.append(pdf_layer._edge("rect_edge", (start, across), (end, across), 842.0, 0.0, "h"))
        else:
            edges.append(pdf_layer._edge("line", (across, start), (across, end), 842.0, 0.0, "v"))
    return edges


_POSITIONS = st.sampled_from([100.0, 101.5, 103.0, 106.0, 106.5, 110.0, 113.0, 140.0])


@given(_edges())
def test_merged_edges_are_pdfplumbers(edges):
    from pdfplumber.table import merge_edges

    assert pdf_layer.merged_edges(edges) == merge_edges(edges, 3, 3, 3, 3)


_KEYS = st.one_of(st.sampled_from([0.0, 1.0, 2.9, 3.0, 3.1, 6.0, 6.1, 9.2, 100.0]),
                  st.floats(-50, 50, allow_nan=False, width=32))


@given(st.lists(_KEYS, max_size=40), st.sampled_from([0.5, 3.0]))
def test_clusters_are_pdfplumbers(tops, tolerance):
    from pdfplumber.utils import cluster_objects

    objects = [{"top": top, "i": i} for i, top in enumerate(tops)]
    assert pdf_layer.clustered(objects, itemgetter("top"), tolerance) == cluster_objects(objects, itemgetter("top"), tolerance)


_COORDINATES = st.floats(0, 900, allow_nan=False, width=32)


@given(_COORDINATES, _COORDINATES, _COORDINATES, _COORDINATES, st.sampled_from([842.0, 595.5]), st.sampled_from([0.0, 842.0]))
def test_a_rectangles_sides_are_its_four_edges(a, b, c, d, height, doctop):
    x0, x1, y0, y1 = min(a, c), max(a, c), min(b, d), max(b, d)
    sides = [((x0, y1), (x1, y1), "h"), ((x0, y0), (x1, y0), "h"), ((x0, y0), (x0, y1), "v"), ((x1, y0), (x1, y1), "v")]
    expected = [pdf_layer._edge("rect_edge", p, q, height, doctop, orientation) for p, q, orientation in sides]
    assert pdf_layer._rect_edges(x0, y0, x1, y1, height, doctop) == expected


@given(_edges())
def test_cells_are_pdfplumbers(edges):
    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    intersections = edges_to_intersections(pdf_layer.merged_edges(edges), 3, 3)
    assert pdf_layer._cells(intersections) == intersections_to_cells(intersections)


@given(_edges())
def test_intersections_are_pdfplumbers(edges):
    from pdfplumber.table import edges_to_intersections

    merged = pdf_layer.merged_edges(edges)
    ours, theirs = pdf_layer._intersections(merged, 3, 3), edges_to_intersections(merged, 3, 3)
    assert list(ours.items()) == list(theirs.items())


def _kept(lines: list[dict], boxes: list) -> list[dict]:
    return [line for line in lines if not pdf._inside(line, boxes)]


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_lines_left_out_inside_tables_are_only_those_the_reader_drops(path: Path):
    for page in read_pages(path, 200):
        boxes = [table.bbox for table in page.find_tables() if pdf._is_table(table.extract())]
        assert _kept(page.text_lines_outside(boxes), boxes) == _kept(page.extract_text_lines(), boxes)


_BOX_SIDES = st.sampled_from([0.0, 9.0, 10.0, 12.0, 40.0, 100.0, 103.0, 110.0, 130.0, 600.0])


@given(_characters(), st.lists(st.tuples(_BOX_SIDES, _BOX_SIDES, _BOX_SIDES, _BOX_SIDES), max_size=3))
def test_lines_left_out_are_inside_a_box(chars, corners):
    boxes = [(min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in corners]
    page = pdf_layer.PdfiumPage(chars, [], (0, 0, 595, 842))
    assert _kept(page.text_lines_outside(boxes), boxes) == _kept(page.extract_text_lines(), boxes)


_CORNERS = st.sampled_from([0.0, 10.0, 20.0, 30.0, 45.0])


@given(st.lists(st.tuples(_CORNERS, _CORNERS, _CORNERS, _CORNERS), max_size=30, unique=True))
def test_tables_are_pdfplumbers(corners):
    from pdfplumber.table import cells_to_tables

    cells = list(dict.fromkeys((min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in corners))
    assert [sorted(table) for table in pdf_layer._tables(cells)] == [sorted(table) for table in cells_to_tables(cells)]

"""A PDF's characters and ruling lines read by pdfium, in the shape pdfplumber gives them.

pdfminer interprets content streams in Python: nine tenths of a PDF's read. pdfium does it
in C, and from each character's origin, font size, advance and descent this module rebuilds
the box pdfminer gives it (within 1e-4 pt on the corpus); the ruling lines are the path
objects' segments, classified as pdfminer classifies them (line, rectangle, curve). The
tables are then found and the text read as pdfplumber does it with its default settings:
its own functions where they are cheap (intersections, tables, multi-line cells), and,
where they were most of the time, the same steps written out to give equal results
(snapping and joining edges, cells from intersections, a row's characters, one-line cells,
text lines), each compared with pdfplumber's by tests/test_pdf_layer.py. Whatever pdfium cannot tell with certainty the way pdfminer would — a
rotated or offset page, a character without a Unicode mapping or drawn skewed, a
vertical-writing character narrower than a full-width one, a curve — raises `Unsure`, and
the reader goes the pdfplumber way; so does a file pdfium cannot open, which pdfminer then refuses
in its own words.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

import pypdfium2
import pypdfium2.raw as pdfium
from pdfplumber.table import DEFAULT_JOIN_TOLERANCE, DEFAULT_SNAP_TOLERANCE, CellGroup, Table, TableSettings
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

from gkaudit.readers import pdfium_calls as calls

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom
_Clustered = TypeVar("_Clustered")  # characters, edges or words
_Placed = tuple[int, float, float, dict]  # a character's index on the page, horizontal and vertical middle, itself
Point = tuple[float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_LINE_BREAKS = "\r\n"
_BLANKS = " \r\n"  # the only characters pdfium generates
_FULL_WIDTH = 0x2E80  # CJK and full-width forms start here; a vertical font sets them 1 em wide


class Unsure(Exception):
    """pdfium's reading might differ from pdfminer's here: read the PDF with pdfplumber."""


class TooManyPages(Exception):
    """More pages than the reader reads; ``args[0]``: how many."""


@dataclass
class PdfiumPage:
    """What the PDF reader asks of a page, answered from pdfium's objects."""

    chars: list[dict]
    edges: list[dict]
    bbox: tuple[float, float, float, float]

    def find_tables(self) -> list[Table]:
        """pdfplumber's default table finding (ruling lines), its cells found in one pass."""
        settings = TableSettings.resolve(None)
        shortest = settings.edge_min_length_prefilter  # filter_edges' test, one pass for each orientation
        edges = [e for e in self.edges if e["orientation"] == "v" and e["height"] >= shortest]
        edges += [e for e in self.edges if e["orientation"] == "h" and e["width"] >= shortest]
        edges = [e for e in merged_edges(edges) if e["height" if e["orientation"] == "v" else "width"] >= settings.edge_min_length]
        intersections = _intersections(edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance)
        return [_Table(self, group) for group in _tables(_cells(intersections))]

    def extract_text_lines(self) -> list[dict]:
        """pdfplumber's extract_text_lines (no layout) for upright characters, without building
        its text map: characters clustered into lines by their tops and split into words; runs
        of words whose tops fall in one cluster make a line, joined by a space."""
        return _text_lines(clustered(self.chars, _top, DEFAULT_Y_TOLERANCE))

    def text_lines_outside(self, boxes: list[Box]) -> list[dict]:
        """The text lines but those of clusters of tops drawn wholly within one of the boxes.
        A line's characters are all of one cluster (clusters lie more than the tolerance
        apart, so their words' tops do too), so such a cluster only makes lines whose middle
        lies in that box — which the reader drops — and it is not split into words."""
        return _text_lines([chars for chars in clustered(self.chars, _top, DEFAULT_Y_TOLERANCE)
                            if not _within_one(chars, boxes)])

    @cached_property
    def _by_height(self) -> tuple[list[float], list[_Placed]]:
        """The characters ordered by their vertical middle: (middles, the characters placed)."""
        ordered = sorted(((c["top"] + c["bottom"]) / 2, i, (c["x0"] + c["x1"]) / 2, c) for i, c in enumerate(self.chars))
        return [middle for middle, *_ in ordered], [(i, across, down, c) for down, i, across, c in ordered]

    def chars_within(self, x0: float, top: float, x1: float, bottom: float) -> list[_Placed]:
        """The characters whose middle lies in the box, as pdfplumber's Table.extract tests it
        (left and top edges in, right and bottom out)."""
        middles, chars = self._by_height
        band = chars[bisect_left(middles, top):bisect_left(middles, bottom)]
        return [entry for entry in band if x0 <= entry[1] < x1]


def _text_lines(clusters: list[list[dict]]) -> list[dict]:
    """The text lines of characters clustered by their tops (see `PdfiumPage.extract_text_lines`)."""
    words = _words_of(clusters)
    found = []
    for line in cluster_objects(words, _word_top, DEFAULT_Y_TOLERANCE, preserve_order=True):
        text = " ".join(_spelled(word) for word in line)
        if text.strip():
            chars = [char for word in line for char in word]
            if len(text) != len(chars) + len(line) - 1:  # a character spelled as more letters
                # pdfplumber maps each letter to its character: a ligature's character once per letter
                chars = [char for char in chars for _ in LIGATURES.get(char["text"], char["text"])]
            found.append({"text": text, "x0": min(map(_x0, chars)), "top": min(map(_top, chars)),
                          "x1": max(map(_x1, chars)), "bottom": max(map(_bottom, chars)), "chars": chars})
    return found


def _within_one(chars: list[dict], boxes: list[Box]) -> bool:
    x0, top, x1, bottom = min(map(_x0, chars)), min(map(_top, chars)), max(map(_x1, chars)), max(map(_bottom, chars))
    return any(left <= x0 and x1 <= right and upper <= top and bottom <= lower for left, upper, right, lower in boxes)


class _Table(Table):
    """pdfplumber's Table, its text read by bisecting the characters instead of testing every
    character against every row: the same characters, in the same order, per cell."""

    page: PdfiumPage

    @cached_property
    def rows(self) -> list[CellGroup]:
        """Grouped once: the reader asks for a table's rows again for each of its pieces."""
        return super().rows

    def extract(self) -> list[list[str | None]]:
        table = []
        for row in self.rows:
            row_chars = sorted(self.page.chars_within(*row.bbox), key=lambda entry: entry[0])
            table.append([None if cell is None else _cell_text(row_chars, cell) for cell in row.cells])
        return table


def _cell_text(row_chars: list[_Placed], cell: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = cell
    chars = [c for _, across, down, c in row_chars if x0 <= across < x1 and top <= down < bottom]
    if not chars:
        return ""
    tops = [c["top"] for c in chars]
    if max(tops) - min(tops) > DEFAULT_Y_TOLERANCE:
        return _lines_text(chars)
    return _one_line(chars)


def _lines_text(chars: list[dict]) -> str:
    """pdfplumber's extract_text (no layout) of upright characters: clustered into lines by
    their tops, each line split into words left to right, the words clustered into lines by
    their tops; a space between words, a line break between lines."""
    words = _words_of(clustered(chars, _top, DEFAULT_Y_TOLERANCE))
    return "\n".join(" ".join(_spelled(word) for word in line) for line in clustered(words, _word_top, DEFAULT_Y_TOLERANCE))


def _one_line(chars: list[dict]) -> str:
    """pdfplumber's extract_text of characters on one line (tops within its tolerance: one
    cluster of characters, so one of words): the words left to right, a space between."""
    if len(chars) == 1:  # most cells: one figure
        text = chars[0]["text"]
        return "" if text.isspace() else LIGATURES.get(text, text)
    return " ".join(_spelled(word) for word in _words_of([chars]))


def _words_of(lines: list[list[dict]]) -> list[list[dict]]:
    """The words of lines of characters, line by line, each left to right."""
    return [word for line in lines for word in _words(sorted(line, key=_x0))]


def _words(line: list[dict]) -> list[list[dict]]:
    """pdfplumber's words of a line's characters, left to right: a word ends at a blank
    (dropped), a step back, a gap wider than the tolerance, or a jump up or down."""
    words: list[list[dict]] = []
    word: list[dict] = []
    last_x0 = last_reach = last_top = 0.0  # of the word's last character, once it has one
    for char in line:
        if char["text"].isspace():
            if word:
                words.append(word)
                word = []
            continue
        x0, top = char["x0"], char["top"]
        if word and (not last_x0 <= x0 <= last_reach or abs(top - last_top) > DEFAULT_Y_TOLERANCE):
            words.append(word)
            word = []
        word.append(char)
        last_x0, last_reach, last_top = x0, char["x1"] + DEFAULT_X_TOLERANCE, top
    if word:
        words.append(word)
    return words


def _spelled(word: list[dict]) -> str:
    return "".join([LIGATURES.get(char["text"], char["text"]) for char in word])


_x0, _x1, _top, _bottom = (itemgetter(key) for key in ("x0", "x1", "top", "bottom"))


def clustered(objects: list[_Clustered], key: Callable[[_Clustered], float], tolerance: float) -> list[list[_Clustered]]:
    """pdfplumber's cluster_objects (order not preserved): the objects grouped by chains of
    key values each within ``tolerance`` of the one before, the groups in the order of their
    values and each in the objects' order — in two passes, without its tuples and sorts."""
    values = [key(obj) for obj in objects]
    cluster_of: dict[float, int] = {}
    count, last = 0, 0.0
    for value in sorted(set(values)):
        if not count or not value <= last + tolerance:
            count += 1
        cluster_of[value], last = count - 1, value
    groups: list[list[_Clustered]] = [[] for _ in range(count)]
    for obj, value in zip(objects, values):
        groups[cluster_of[value]].append(obj)
    return groups


def _word_top(word: list[dict]) -> float:
    return min(map(_top, word))


def merged_edges(edges: list[dict]) -> list[dict]:
    """pdfplumber's merge_edges at its default tolerances, for this module's edges: each edge
    moved to the average position of its cluster, then joined with the edges along the same
    line that it meets or overlaps. The same arithmetic, with a dict made only for each
    joined edge: the join reads no key the move changes."""
    placed = _snapped([e for e in edges if e["orientation"] == "v"], "v")
    placed += _snapped([e for e in edges if e["orientation"] == "h"], "h")
    placed.sort(key=_line_of)
    return [edge for (orientation, _), group in itertools.groupby(placed, key=_line_of)
            for edge in _joined(list(group), orientation)]


_Snapped = tuple[tuple[str, float], dict, float]  # (the line it lies on, the edge, its move)
_MOVED = {"v": ("x0", "x1"), "h": ("top", "bottom", "doctop")}
_line_of = itemgetter(0)


def _snapped(edges: list[dict], orientation: str) -> list[_Snapped]:
    position = _MOVED[orientation][0]
    snapped = []
    for cluster in clustered(edges, itemgetter(position), DEFAULT_SNAP_TOLERANCE):
        average = sum(e[position] for e in cluster) / len(cluster)
        for edge in cluster:
            shift = average - edge[position]
            snapped.append(((orientation, edge[position] + shift), edge, shift))
    return snapped


def _joined(edges: list[_Snapped], orientation: str) -> list[dict]:
    start, end, length = ("x0", "x1", "width") if orientation == "h" else ("top", "bottom", "height")
    runs: list[list] = []  # [first edge, its move, the run's end, its length, extended]
    for _, edge, shift in sorted(edges, key=lambda snapped: snapped[1][start]):
        if not runs or edge[start] > runs[-1][2] + DEFAULT_JOIN_TOLERANCE:
            runs.append([edge, shift, edge[end], edge[length], False])
        elif edge[end] > (run := runs[-1])[2]:
            run[3] = edge[end] - run[0]["x0"] if orientation == "h" else run[3] + (edge[end] - run[2])
            run[2], run[4] = edge[end], True
    joined = []
    for first, shift, run_end, run_length, extended in runs:
        edge = {**first, **{key: first[key] + shift for key in _MOVED[orientation]}}
        if extended:
            edge[end], edge[length] = run_end, run_length
        joined.append(edge)
    return joined


def _intersections(edges: list[dict], x_tolerance: float, y_tolerance: float) -> dict[Point, dict[str, list[dict]]]:
    """pdfplumber's edges_to_intersections — the points where a vertical edge meets a
    horizontal one, within the tolerances, each with the edges meeting there — with the
    horizontal edges sorted, and their reach worked out, once instead of for each vertical one."""
    vertical = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    horizontal = [(h["top"], h["top"] + y_tolerance, h["top"] - y_tolerance, h["x0"] - x_tolerance,
                   h["x1"] + x_tolerance, h)
                  for h in sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))]
    found: dict[Point, dict[str, list[dict]]] = {}
    for v in vertical:
        x, top, bottom = v["x0"], v["top"], v["bottom"]
        for level, below, above, left, right, h in horizontal:
            if top <= below and bottom >= above and left <= x <= right:
                meeting = found.setdefault((x, level), {"v": [], "h": []})
                meeting["v"].append(v)
                meeting["h"].append(h)
    return found


def _cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's intersections_to_cells, with each point's edges and its neighbours below
    and to the right looked up once instead of for every pair of points. Two merged edges
    never share a box (edges on one line that meet are joined), so an edge's identity
    stands for the box pdfplumber compares."""
    vertical = {p: {id(e) for e in found["v"]} for p, found in intersections.items()}
    horizontal = {p: {id(e) for e in found["h"]} for p, found in intersections.items()}
    points = sorted(intersections)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for point in points:  # each list in the sorted order, so what follows a point is below or right of it
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)

    def connects(p: Point, q: Point) -> bool:
        return (p[0] == q[0] and not vertical[p].isdisjoint(vertical[q])) or (
            p[1] == q[1] and not horizontal[p].isdisjoint(horizontal[q]))

    def smallest_cell(point: Point) -> tuple[float, float, float, float] | None:
        column, row = columns[point[0]], rows[point[1]]
        below, right = column[column.index(point) + 1:], row[row.index(point) + 1:]
        for below_point in below:
            if not connects(point, below_point):
                continue
            for right_point in right:
                if not connects(point, right_point):
                    continue
                corner = (right_point[0], below_point[1])
                if corner in intersections and connects(corner, right_point) and connects(corner, below_point):
                    return (point[0], point[1], corner[0], corner[1])
        return None

    return [cell for point in points if (cell := smallest_cell(point)) is not None]


def _tables(cells: list[Box]) -> list[list[Box]]:
    """pdfplumber's cells_to_tables: the groups of cells joined corner to corner, topmost
    (then leftmost) first, lone cells left out. Each group is found by following the corners
    it reaches instead of sweeping every cell left until none joins; the cells of a group
    may come in another order, which nothing reads (a table's rows sort them)."""
    touching: dict[Point, list[int]] = {}
    for k, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            touching.setdefault(corner, []).append(k)
    placed = [False] * len(cells)
    tables = []
    for first in range(len(cells)):
        if placed[first]:
            continue
        placed[first] = True
        group, reached = [first], 0
        while reached < len(group):
            x0, top, x1, bottom = cells[group[reached]]
            reached += 1
            for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
                for k in touching[corner]:
                    if not placed[k]:
                        placed[k] = True
                        group.append(k)
        tables.append([cells[k] for k in group])
    tables.sort(key=lambda table: min((cell[1], cell[0]) for cell in table))
    return [table for table in tables if len(table) > 1]


def read_pages(path: Path, most_pages: int) -> list[PdfiumPage]:
    """Every page's characters and edges; `Unsure` where pdfplumber must read the file,
    `TooManyPages` past ``most_pages``, checked before any page is read."""
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise Unsure(str(exc)) from exc
    try:
        if len(document) > most_pages:
            raise TooManyPages(len(document))
        pages, doctop, metrics = [], 0.0, _Metrics()
        for page in document:
            pages.append(_read_page(page, doctop, metrics))
            doctop += pages[-1].bbox[3]
    except pypdfium2.PdfiumError as exc:  # a page pdfium cannot load
        raise Unsure(str(exc)) from exc
    finally:
        document.close()
    if not any(page.chars for page in pages):
        raise Unsure("no text layer")
    return pages


def _read_page(page: pypdfium2.PdfPage, doctop: float, metrics: _Metrics) -> PdfiumPage:
    width, height = page.get_size()
    if page.get_rotation() or page.get_mediabox() != (0, 0, width, height) or page.get_cropbox() != page.get_mediabox():
        raise Unsure("page box")
    text = page.get_textpage()
    text_objects: set[calls.Handle] = set()
    try:
        chars = _chars(calls.handle(text.raw), (height, doctop), metrics, text_objects)
    finally:
        text.close()
    objects = _Objects(calls.count_objects, calls.page_object, text_objects)
    edges = [edge for segments in _paths(calls.handle(page.raw), _IDENTITY, objects)
             for edge in _edges(segments, height, doctop)]
    return PdfiumPage(chars, edges, (0, 0, width, height))


class _Metrics:
    """A document's glyph advances and font descents, asked of pdfium once per font and size."""

    def __init__(self) -> None:
        self.advances: dict[tuple[calls.Handle, int, float], float] = {}
        self.descents: dict[tuple[calls.Handle, float], float] = {}
        self._value = calls.FFI.new("float *")

    def advance(self, font: calls.Handle, code: int, size: float) -> float:
        calls.glyph_width(font, code, size, self._value)
        self.advances[font, code, size] = self._value[0]
        return self._value[0]

    def descent(self, font: calls.Handle, size: float) -> float:
        calls.descent(font, size, self._value)
        self.descents[font, size] = self._value[0]
        return self._value[0]


def _chars(text: calls.Handle, page: tuple[float, float], metrics: _Metrics,
           text_objects: set[calls.Handle]) -> list[dict]:
    """The page's characters (``page``: its height and the height of the pages before); the
    text objects drawing them are added to ``text_objects``."""
    height, doctop = page
    x, y = calls.FFI.new("double *"), calls.FFI.new("double *")
    matrix = calls.FFI.new("FS_MATRIX *")
    advances, descents = metrics.advances, metrics.descents
    unicode, unmapped, origin, char_matrix = calls.unicode, calls.unmapped, calls.origin, calls.char_matrix
    font_size, font_of, text_object = calls.font_size, calls.font, calls.text_object
    chars = []
    for i in range(calls.count_chars(text)):
        code = unicode(text, i)
        character = chr(code)
        if character in _BLANKS and (character in _LINE_BREAKS or calls.is_generated(text, i) == 1):
            continue  # a space or line break pdfium inferred; pdfminer has no such character
        if not code or code >= 0xFFFE or unmapped(text, i):
            raise Unsure("no Unicode for a character")  # pdfminer writes "(cid:N)"
        origin(text, i, x, y)
        char_matrix(text, i, matrix)
        a, d = matrix.a, matrix.d
        if matrix.b or matrix.c or a <= 0 or d <= 0:
            raise Unsure("a rotated or mirrored character")
        size = font_size(text, i)
        drawn_by = text_object(text, i)
        text_objects.add(drawn_by)
        font = font_of(drawn_by)
        advance = advances.get((font, code, size))
        if advance is None:
            advance = metrics.advance(font, code, size)
        left, base = x[0], y[0]
        if advance < 0:  # a vertical-writing font: the advance runs down the page
            if code < _FULL_WIDTH:
                raise Unsure("a narrow character set vertically")
            box = (left, left + size * a, height - (base + size * d), height - (base + (size + advance) * d))
            em = size * a
        else:
            descent = descents.get((font, size))
            low = base + (metrics.descent(font, size) if descent is None else descent) * d
            high = low + size * d
            box, em = (left, left + advance * a, height - high, height - low), high - low
        chars.append(_char(character, box, em, doctop))
    return chars


def _char(text: str, box: tuple[float, float, float, float], size: float, doctop: float) -> dict:
    """A character as pdfplumber describes it (its size: the font size as drawn, the em)."""
    x0, x1, top, bottom = box
    return {"object_type": "char", "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top + doctop, "width": x1 - x0, "height": bottom - top, "size": size,
            "upright": True}


@dataclass(frozen=True)
class _Objects:
    """How to walk a page's or a form's objects, and the text objects already known (most
    of a page's objects: one per character in the corpus), passed over without asking."""

    count: Callable[[calls.Handle], int]
    get: Callable[[calls.Handle, int], calls.Handle]
    text: set[calls.Handle]


def _paths(parent: calls.Handle, outer: Matrix, objects: _Objects) -> list[list[tuple[str, Point]]]:
    """Each path object's segments, as (operator, point in page space), forms included."""
    found: list[list[tuple[str, Point]]] = []
    matrix = calls.FFI.new("FS_MATRIX *")
    object_type, get, text = calls.object_type, objects.get, objects.text
    for i in range(objects.count(parent)):
        obj = get(parent, i)
        if obj in text:
            continue
        kind = object_type(obj)
        if kind != _PATH and kind != _FORM:  # most objects are text: one per character here
            continue
        calls.object_matrix(obj, matrix)
        placed = _times((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == _FORM:
            found += _paths(obj, placed, _Objects(calls.count_form_objects, calls.form_object, text))
        elif _painted(obj):
            found += _subpaths(_segments(obj, placed))
    return found


_PATH, _FORM = pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM
# what draw_mode writes, read at once: one buffer serves (pdfium is called from one thread at a time)
_FILL_AND_STROKE = calls.FFI.new("int[2]")


def _painted(path: calls.Handle) -> bool:
    """Filled or stroked: pdfminer makes no object of a path only ended ("n")."""
    calls.draw_mode(path, _FILL_AND_STROKE, _FILL_AND_STROKE + 1)
    return any(_FILL_AND_STROKE)


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


_OPERATORS = {pdfium.FPDF_SEGMENT_MOVETO: "m", pdfium.FPDF_SEGMENT_LINETO: "l"}


def _segments(path: calls.Handle, matrix: Matrix) -> list[tuple[str, Point]]:
    point = calls.FFI.new("float[2]")
    x, y = point, point + 1
    a, b, c, d, e, f = matrix
    segment_of, type_of, point_of, closes = calls.segment, calls.segment_type, calls.segment_point, calls.segment_closes
    segments: list[tuple[str, Point]] = []
    start: Point = (0.0, 0.0)  # where the subpath began: a close returns there
    for i in range(calls.count_segments(path)):
        segment = segment_of(path, i)
        operator = _OPERATORS.get(type_of(segment))
        if operator is None:
            raise Unsure("a curve")  # pdfminer's curve edges run through the control points
        point_of(segment, x, y)
        across, up = point
        placed = (across * a + up * c + e, across * b + up * d + f)
        if operator == "m":
            start = placed
        segments.append((operator, placed))
        if closes(segment):
            segments.append(("h", start))
    return segments


def _subpaths(segments: list[tuple[str, Point]]) -> list[list[tuple[str, Point]]]:
    """pdfminer paints each subpath (from one "m" to the next) as an object of its own."""
    subpaths: list[list[tuple[str, Point]]] = []
    for segment in segments:
        if segment[0] == "m" or not subpaths:
            subpaths.append([])
        subpaths[-1].append(segment)
    return subpaths


def _edges(subpath: list[tuple[str, Point]], height: float, doctop: float) -> list[dict]:
    """The edges pdfplumber takes from the line, rectangle or curve pdfminer makes of a subpath."""
    shape = "".join(operator for operator, _ in subpath)
    points = [point for _, point in subpath]
    if shape[:1] != "m":
        return []
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:  # a redundant "l" before "h"
        shape = shape[:-2] + "h"
        points.pop()
    if shape in ("ml", "mlh"):
        line = _edge("line", points[0], points[1], height, doctop)
        line["orientation"] = "h" if line["top"] == line["bottom"] else "v"
        return [line]
    if shape in ("mlllh", "mllll") and _is_rectangle(points):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return _rect_edges(min(xs), min(ys), max(xs), max(ys), height, doctop)
    return [_edge("curve_edge", p, q, height, doctop) for p, q in zip(points, points[1:])]


def _rect_edges(x0: float, y0: float, x1: float, y1: float, height: float, doctop: float) -> list[dict]:
    """A rectangle's four sides as `_edge` gives them (corners (x0, y0) and (x1, y1), the
    lower left first): top, bottom, left, right, each made at once."""
    upper, lower = height - y1, height - y0
    sides = ((x0, x1, upper, upper, "h"), (x0, x1, lower, lower, "h"), (x0, x0, upper, lower, "v"), (x1, x1, upper, lower, "v"))
    return [{"object_type": "rect_edge", "x0": left, "x1": right, "top": top, "bottom": bottom, "doctop": top + doctop,
             "width": right - left, "height": bottom - top, "orientation": orientation}
            for left, right, top, bottom, orientation in sides]


def _is_rectangle(points: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    return points[0] == last and square


def _edge(kind: str, p: Point, q: Point, height: float, doctop: float, orientation: str | None = None) -> dict:
    top, bottom = height - max(p[1], q[1]), height - min(p[1], q[1])
    x0, x1 = min(p[0], q[0]), max(p[0], q[0])
    orientation = orientation or ("v" if p[0] == q[0] else "h" if p[1] == q[1] else None)
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top + doctop,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}

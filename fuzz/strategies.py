"""One hypothesis strategy per input surface; each draws a whole ``FuzzInput``: the files to
write and the gkaudit arguments to run on them (``{here}`` is the folder they are written to).

The strategies start from real documents (the seed report, the corpus) and change them the
way broken or hostile files differ: figures of every shape in the cells (huge, negative,
full-width, Chinese, decimals, text), narratives with long digit runs and unclosed brackets,
rows dropped or repeated, values of the wrong JSON type, rule fields of the wrong YAML type,
aliases, odd command lines, and plain byte damage.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from hypothesis import strategies as st

from fuzz.documents import Document, docx_bytes, html_page, markdown, page_text, seed_document, word_text

ROOT = Path(__file__).resolve().parents[1]
SEED_JSON = ROOT / "sample_reports" / "kangqiao-2020.json"
FIXTURES = sorted(p for folder in (ROOT / "tests" / "fixtures", ROOT / "tests" / "fixtures" / "corpus", ROOT / "sample_reports")
                  for p in folder.iterdir() if p.is_file() and p.suffix in (".json", ".txt", ".md", ".html", ".pdf", ".docx"))


@dataclass
class FuzzInput:
    surface: str
    files: dict[str, bytes]
    args: list[str]
    follow_up: list[list[str]] = field(default_factory=list)  # run when the first command does not refuse

    def describe(self) -> str:
        return " ".join(["gkaudit", *self.args])


# ---- values ---------------------------------------------------------------------------

figure = st.one_of(
    st.integers(-5, 3000).map(str),
    st.integers(-(10 ** 40), 10 ** 40).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
    st.sampled_from(["—", "-", "无", "0.0", "1,234", "１２", "五", "十二", "", " ", "1e400", "9" * 400, "1.5万", "NaN",
                     "(3)", "３０％", "0x1F", "1/2", "一百零三", "∞", "1" * 20_000, "2.", ".5", "+7", "−4"]),
    st.text(max_size=12),
)
narrative_piece = st.one_of(
    st.builds("共{}件，其中{}件、{}件。".format, figure, figure, figure),
    st.builds("收到政府信息公开申请{}件，予以公开{}件。".format, figure, figure),
    st.sampled_from(["（" * 300, "1" * 30_000 + "条", "1," * 5_000, "一" * 5_000, "其中" * 500, "。" * 1000]),
    st.text(max_size=40),
)


def _json_scalar() -> st.SearchStrategy:
    return st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(10 ** 400), 10 ** 400),
                     st.floats(), st.text(max_size=8), figure)


json_value = st.recursive(_json_scalar(), lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["value", "source", "line", "x", "rows"]) | st.text(max_size=4), inner, max_size=4)),
    max_leaves=12)

# ---- documents ------------------------------------------------------------------------


@cache
def _seed() -> Document:
    return seed_document()


@st.composite
def documents(draw) -> Document:
    document = copy.deepcopy(_seed())
    for _ in range(draw(st.integers(0, 12))):
        index = draw(st.integers(0, len(document) - 1))
        block = document[index]
        action = draw(st.sampled_from(["cell", "cell", "cell", "drop row", "repeat row", "paragraph", "drop", "repeat"]))
        if action == "cell" and isinstance(block, list) and block:
            row = block[draw(st.integers(0, len(block) - 1))]
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(figure)
        elif action in ("drop row", "repeat row") and isinstance(block, list) and block:
            at = draw(st.integers(0, len(block) - 1))
            block[at:at + 1] = [] if action == "drop row" else [block[at], list(block[at])]
        elif action == "paragraph" and isinstance(block, str):
            document[index] = block + draw(narrative_piece)
        elif action == "drop":
            del document[index]
        elif action == "repeat":
            document.insert(index, copy.deepcopy(block))
        if not document:
            document.append(draw(narrative_piece))
    return document


def _check_args(draw, name: str) -> list[str]:
    options = draw(st.lists(st.sampled_from([("--format", "json"), ("--lang", "en"), ("--select", "T3"), ("--fail-on", "warning"),
                                             ("--ignore", "TABLE.BLANK"), ("--strict",)]), max_size=2, unique=True))
    return ["check", f"{{here}}/{name}", *[word for option in options for word in option]]


def _document_input(surface: str, name: str, render) -> st.SearchStrategy[FuzzInput]:
    @st.composite
    def build(draw) -> FuzzInput:
        body = render(draw(documents()))
        data = body if isinstance(body, bytes) else body.encode(draw(st.sampled_from(["utf-8", "utf-8", "gb18030"])), "replace")
        follow = [["extract", f"{{here}}/{name}", "-o", "{here}/out.json", "--force"], ["check", "{here}/out.json"]]
        return FuzzInput(surface, {name: data}, _check_args(draw, name), follow if draw(st.booleans()) else [])
    return build()


# ---- report JSON ----------------------------------------------------------------------


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


@cache
def _seed_report() -> tuple[dict, tuple[tuple, ...]]:
    report = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    return report, tuple(p for p in _paths(report) if p)


def _set(report: dict, path: tuple, value: object, delete: bool) -> None:
    node: object = report
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    if delete and isinstance(node, dict):
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value  # type: ignore[index]


@st.composite
def report_json(draw) -> FuzzInput:
    seed, paths = _seed_report()
    report = copy.deepcopy(seed)
    for path in draw(st.lists(st.sampled_from(paths), max_size=6)):
        try:
            _set(report, path, draw(json_value), draw(st.booleans()) and draw(st.booleans()))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced the path's parent
    text = json.dumps(report, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    follow = [[draw(st.sampled_from(["fix", "extract"])), "{here}/report.json", "-o", "{here}/out.json", "--force",
               *draw(st.sampled_from([[], ["--fill-blanks"], ["--unsafe"]]))], ["check", "{here}/out.json"]]
    follow[0] = follow[0][:5] if follow[0][0] == "extract" else follow[0]
    return FuzzInput("report-json", {"report.json": text.encode("utf-8", "surrogatepass")}, _check_args(draw, "report.json"),
                     follow if draw(st.booleans()) else [])


# ---- --rules YAML ---------------------------------------------------------------------

RULE_IDS = ["T3.TOTAL", "T4.TOTAL", "XYEAR.CARRIED", "PROSE.RECEIVED", "PROSE.PARTS", "CELL.TYPE", "TABLE.BLANK",
            "TEMPLATE.YEAR", "LABEL.WORDING", "META.YEAR", "FUZZ.NEW"]
cell_ref = st.builds("table{}[{}, {}]".format, st.sampled_from(["2", "3", "4", "9"]),
                     st.sampled_from(["granted", "total_outcomes", "new_requests", "*", "$row", "outcomes", "x"]),
                     st.sampled_from(["total", "natural_person", "*", "$column", "y"]))
expression = st.recursive(
    st.one_of(cell_ref, st.integers(-10, 10 ** 20).map(str), st.sampled_from(["sum(table3[outcomes, total])", "(", ")", ""])),
    lambda inner: st.one_of(st.builds("{} {} {}".format, inner, st.sampled_from(["+", "-", "*", "==", ">=", "<", "/"]), inner),
                            st.builds("({})".format, inner), st.builds("sum({})".format, inner)),
    max_leaves=8)
rule_field = st.sampled_from(["severity", "templates", "title", "message", "help", "assert", "check", "params",
                              "for_each", "doc", "examples", "id"])
yaml_value = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10),
                                    st.sampled_from(["error", "warning", "info", "gb2019", "{sentence}", "{cell}"])),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                              st.sampled_from(["zh", "en", "what", "why", "pass", "fail", "patterns", "refers_to", "column"]), inner, max_size=3),
                          max_leaves=8)


@st.composite
def rules_yaml(draw) -> FuzzInput:
    rules = []
    for _ in range(draw(st.integers(1, 3))):
        rule: dict = {"id": draw(st.sampled_from(RULE_IDS))}
        for key in draw(st.lists(rule_field, max_size=4, unique=True)):
            rule[key] = draw(expression) if key == "assert" and draw(st.booleans()) else draw(yaml_value)
        rules.append(rule)
    text = yaml.safe_dump({"rules": rules}, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):  # a hand-written look: an anchor on the first rule, used again
        text = text.replace("- id:", "- &r\n  id:", 1) + draw(st.sampled_from(["- *r\n", "extra: *r\n", "- {<<: *r, id: FUZZ.B}\n", ""]))
    command = draw(st.sampled_from([
        ["check", str(SEED_JSON), "--rules", "{here}/rules.yaml"],
        ["check", str(SEED_JSON), "--rules", "{here}/rules.yaml", "--format", "json", "--lang", "en"],
        ["rules", "--rules", "{here}/rules.yaml"],
        ["rules", "--rules", "{here}/rules.yaml", "explain", rules[0]["id"] if isinstance(rules[0]["id"], str) else "T3.TOTAL"],
    ]))
    return FuzzInput("rules-yaml", {"rules.yaml": text.encode("utf-8")}, command)


# ---- command lines --------------------------------------------------------------------

arguments = st.sampled_from([
    "check", "extract", "fix", "rules", "explain", "schema", "decide", "--format", "json", "terminal", "yaml", "--lang",
    "zh", "en", "fr", "--select", "--ignore", "T3", "T3.TOTAL", "NOPE", "PROSE", "", "--severity", "T3.TOTAL=info",
    "=", "x=error", "--fail-on", "warning", "info", "--jobs", "0", "-1", "2", "99999999999999999999", "--strict",
    "--exclude", "*", "-o", "{here}/out.json", "{here}/out", "{here}", "--force", "--unsafe", "--fill-blanks",
    "--output", "--config", "{here}/missing.toml", "--decisions", "{here}/d.yaml", "--confirm", "--dismiss", "--why",
    "{here}/report.json", "{here}/missing.json", "/dev/null", "{here}/r.txt", "--help", "--version", "-", "--",
    "--rules", str(SEED_JSON), "\x01", "é" * 300,  # a NUL cannot be passed in argv (execve ends a word there)
])


@st.composite
def command_lines(draw) -> FuzzInput:
    words = draw(st.lists(arguments, max_size=8))
    seed_text = (ROOT / "tests" / "fixtures" / "kangqiao-2020.txt").read_bytes()
    return FuzzInput("cli-args", {"report.json": SEED_JSON.read_bytes(), "r.txt": seed_text}, words)


# ---- byte mutation of the real fixtures ----------------------------------------------

SPLICES = [b"\x00", b"\xff\xfe", b"9" * 64, b"{", b"}", b"[" * 80, b"<td>", b"</table>", b"\t", b"\n\n", b"|---|",
           b"\xe4\xb8", b"-1", b"1e999", b'"value": ', b"PK\x03\x04", b"%PDF-", b"&a", b"*a", b"\\ud800"]


@st.composite
def mutated_fixtures(draw) -> FuzzInput:
    source = draw(st.sampled_from(FIXTURES))
    data = bytearray(source.read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        at = int(draw(st.floats(0, 1)) * len(data))
        action = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "splice"]))
        if action == "flip" and data:
            data[min(at, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 4096))]
        elif action == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 2048))] * draw(st.integers(1, 8))
        else:
            data[at:at] = draw(st.sampled_from(SPLICES))
    name = f"r{source.suffix}"
    return FuzzInput(f"bytes{source.suffix}", {name: bytes(data)}, _check_args(draw, name))


SURFACES: dict[str, st.SearchStrategy[FuzzInput]] = {
    "report-json": report_json(),
    "word-text": _document_input("word-text", "r.txt", word_text),
    "markdown": _document_input("markdown", "r.md", markdown),
    "html": _document_input("html", "r.html", html_page),
    "docx": _document_input("docx", "r.docx", docx_bytes),
    "page-text": _document_input("page-text", "r.page.txt", page_text),
    "rules-yaml": rules_yaml(),
    "cli-args": command_lines(),
    "bytes": mutated_fixtures(),
}

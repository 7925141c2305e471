"""Reports read per second, per input format, against a baseline measured in the same run.

    PYTHONPATH=src .venv/bin/python benchmarks/readers.py [--seconds 1.0] [--formats json,html,...]

Each document is read with `gkaudit.readers.read_report` over and over for `--seconds`
of this process's CPU time (so the figures are per core, and hold while other work shares
the machine; label comparisons and cell readings stay cached from one read to the next, as
over a batch). PDF, DOCX and HTML are printed against the issue's targets, met or missed. The baseline is `json.loads` of the same report written as report JSON — the
least any reader can cost for that content — so the ratio says how many times dearer the
format is than its JSON. Documents: the corpus (tests/fixtures/corpus), the seed rendered
as .docx, HTML and workbooks (tests/renderings.py), the committed .xls/.ods/.doc fixtures.
`.doc` goes through LibreOffice (a process per read), so it is timed by the wall clock
over three reads.

The last section reads the text layer of every corpus PDF both ways: pdfplumber's
characters (pdfminer, the reader's fallback) against the reader's pdfium layer (characters
with the boxes rebuilt as pdfminer gives them, and the ruling lines), and counts the
characters whose boxes differ by more than 0.001 pt.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
TARGETS = {"pdf": 20, "docx": 100, "html": 100}  # reports/s per core the issue asks for


def rate(read: Callable[[], object], seconds: float, at_least: int = 3,
         clock: Callable[[], float] = time.process_time) -> float:
    """Seconds per call, over at least ``at_least`` calls and ``seconds`` of calls."""
    calls, start = 0, clock()
    while calls < at_least or clock() - start < seconds:
        read()
        calls += 1
    return (clock() - start) / calls


FORMATS = ("json", "word text", "markdown", "html", "docx", "pdf", "xlsx", "xls", "ods", "doc")


def documents(folder: Path, wanted: list[str]) -> dict[str, list[Path]]:
    from tests.renderings import html_document, write_docx, write_workbook

    docx, html, xlsx = folder / "seed.docx", folder / "seed.html", folder / "seed.xlsx"
    write_docx(docx, merged=True)
    html.write_bytes(html_document(merged=True).encode("gb18030"))
    write_workbook(xlsx, merged=True, one_sheet=True)
    formats = {
        "json": [ROOT / "sample_reports" / "kangqiao-2020.json"],
        "word text": [FIXTURES / "kangqiao-2020.txt", CORPUS / "shuyang-county-2025.txt"],
        "markdown": sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md"),
        "html": [html, *sorted(CORPUS.glob("*.html"))],
        "docx": [docx],
        "pdf": sorted(CORPUS.glob("*.pdf")),
        "xlsx": [xlsx],
        "xls": sorted((FIXTURES / "workbooks").glob("*.xls")),
        "ods": sorted((FIXTURES / "workbooks").glob("*.ods")),
        "doc": [FIXTURES / "legacy-word" / "kangqiao-2020.doc"],
    }
    return {name: formats[name] for name in wanted}


def reader_figures(formats: dict[str, list[Path]], seconds: float) -> None:
    from gkaudit.readers import read_report
    from gkaudit.readers.json_report import dumps_report

    print(f"{'format':<10} {'reports/s':>10} {'ms/report':>10} {'× json.loads':>13}  {'target (per core)':<19} documents")
    for name, paths in formats.items():
        spent = baseline = 0.0
        for path in paths:
            report_json = dumps_report(read_report(path))  # also the first, cold read
            if name == "doc":  # a LibreOffice process per read: three reads by the wall clock
                spent += rate(lambda: read_report(path), 0, clock=time.perf_counter)
            else:
                spent += rate(lambda: read_report(path), seconds)
            baseline += rate(lambda: json.loads(report_json), seconds / 4, at_least=20)
        per_report = spent / len(paths)
        shown = ", ".join(p.name for p in paths)
        print(f"{name:<10} {1 / per_report:>10.1f} {per_report * 1000:>10.1f} {spent / baseline:>12.0f}×  "
              f"{_target(name, 1 / per_report):<19} {shown}")


def _target(name: str, per_second: float) -> str:
    """The issue's target for the format and whether this run meets it."""
    if name not in TARGETS:
        return ""
    return f"≥ {TARGETS[name]}/s {'met' if per_second >= TARGETS[name] else 'missed'}"


def pdf_text_layers(seconds: float) -> None:
    import pdfplumber

    from gkaudit.readers.pdf_layer import read_pages

    print("\nPDF text layer, per report: pdfplumber's characters (pdfminer) against the reader's pdfium layer")
    print(f"{'document':<18} {'pdfplumber':>11} {'pdfium':>8} {'chars':>6} {'boxes differing':>16}")
    for path in sorted(CORPUS.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        layer = read_pages(path, pages)
        plumber = rate(lambda: _plumber_chars(pdfplumber, path), seconds)
        pdfium_time = rate(lambda: read_pages(path, pages), seconds)
        mine = _plumber_chars(pdfplumber, path)
        theirs = [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for page in layer for c in page.chars]
        differing = sum(1 for a, b in zip(mine, theirs) if a[0] != b[0] or max(abs(x - y) for x, y in zip(a[1:], b[1:])) > 0.001)
        differing += abs(len(mine) - len(theirs))
        print(f"{path.name:<18} {plumber * 1000:>9.0f}ms {pdfium_time * 1000:>6.0f}ms {len(mine):>6} {differing:>16}")


def _plumber_chars(pdfplumber, path: Path) -> list[tuple]:
    with pdfplumber.open(path) as pdf:
        return [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for page in pdf.pages for c in page.chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent reading each document")
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help="which formats, comma-separated (doc needs LibreOffice); default: all")
    parser.add_argument("--no-text-layers", action="store_true", help="leave out the PDF text-layer comparison")
    args = parser.parse_args()
    wanted = [name.strip() for name in args.formats.split(",")]
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown:
        parser.error(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    if "doc" in wanted and not (shutil.which("soffice") or shutil.which("libreoffice")):
        wanted.remove("doc")
        print("doc: not measured, LibreOffice (soffice) is not installed")
    print(f"python {sys.version.split()[0]} · CPU time of one process · {args.seconds:g} s per document")
    with tempfile.TemporaryDirectory() as folder:
        reader_figures(documents(Path(folder), wanted), args.seconds)
    if not args.no_text_layers:
        pdf_text_layers(args.seconds)


if __name__ == "__main__":
    main()

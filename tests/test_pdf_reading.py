"""The corpus PDFs read exactly as the pdfplumber-only reader read them.

tests/fixtures/pdf-readings holds each corpus PDF as report JSON written by the reader
before text extraction moved to pypdfium2 (every cell's value, spelling and source, the
narrative with its paragraph sources, the extraction notes). A faster reader must give
the same JSON, character for character.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.readers import read_report
from gkaudit.readers.json_report import dumps_report

from .support import FIXTURES

PDFS = sorted((FIXTURES / "corpus").glob("*.pdf"))


@pytest.mark.parametrize("pdf", PDFS, ids=[p.name for p in PDFS])
def test_reads_as_the_pdfplumber_reader_did(pdf: Path):
    expected = (FIXTURES / "pdf-readings" / f"{pdf.stem}.json").read_text(encoding="utf-8")
    assert dumps_report(read_report(pdf)) == expected

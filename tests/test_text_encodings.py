"""Text saved in the encodings reports come in: each reads exactly as the UTF-8 file does."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from gkaudit.errors import FileUnreadableError
from gkaudit.readers import read_report
from gkaudit.readers.encodings import wide_encoding

from .support import FIXTURES, SEED_TEXT, audit
from .test_seed import facts

CORPUS = FIXTURES / "corpus"

# (name, how the text is turned into bytes): Notepad's "Unicode" is UTF-16-LE with a BOM,
# "Unicode big endian" UTF-16-BE with one; other editors write either without a BOM.
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: text.encode("utf-8-sig"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-16-le": lambda text: text.encode("utf-16-le"),
    "utf-16-be": lambda text: text.encode("utf-16-be"),
    "utf-32-bom": lambda text: text.encode("utf-32"),
}


def cells(report) -> dict[tuple[str, str, str], tuple[object, int | None]]:
    """Every cell's value and the line it was read from."""
    return {
        (table_id, row, column): (cell.value, cell.source.line if cell.source else None)
        for table_id, table in report.tables.items()
        for row, columns in table.rows.items()
        for column, cell in columns.items()
    }


def _written(tmp_path: Path, original: Path, encoding: str) -> Path:
    path = tmp_path / original.name
    path.write_bytes(ENCODINGS[encoding](original.read_text(encoding="utf-8")))
    return path


@pytest.fixture(scope="module")
def seed():
    report = read_report(SEED_TEXT)
    return report, facts(audit(report))


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_seed_reads_the_same_in_every_encoding(tmp_path, seed, encoding):
    report, seed_facts = seed
    again = read_report(_written(tmp_path, SEED_TEXT, encoding))
    assert cells(again) == cells(report)
    assert [(n.kind, n.printed, n.official) for n in again.notes] == [(n.kind, n.printed, n.official) for n in report.notes]
    assert facts(audit(again)) == seed_facts


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("shanghai-office-2025.md", "utf-16-le"), ("shanghai-stcsm-2024.md", "gb18030"),
        ("shuyang-county-2025.txt", "utf-16-be-bom"), ("pingtan-jinjing-2023.html", "utf-16-le-bom"),
        ("shuyang-fgj-2023.html", "utf-16-be"),
    ],
)
def test_corpus_text_reads_the_same_in_another_encoding(tmp_path, name, encoding):
    original = read_report(CORPUS / name)
    again = read_report(_written(tmp_path, CORPUS / name, encoding))
    assert cells(again) == cells(original)
    assert facts(audit(again)) == facts(audit(original))


def test_gbk_is_read_as_gb18030(tmp_path):
    path = tmp_path / "office.md"
    path.write_bytes((CORPUS / "shanghai-office-2025.md").read_text(encoding="utf-8").encode("gbk"))
    assert cells(read_report(path)) == cells(read_report(CORPUS / "shanghai-office-2025.md"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("2020年报告\n\t0\n".encode("utf-8"), None),
        ("2020年报告\n\t0\n".encode("gb18030"), None),
        ("\t0\n" * 4 + "一、总体情况", "utf-16-le"),  # 一 is U+4E00: its NUL falls on the other side
        ("\t0\n" * 4, "utf-16-be"),
    ],
)
def test_utf16_without_a_bom_is_told_by_its_nul_bytes(data, expected):
    if isinstance(data, str):
        data = data.encode(expected)
    assert wide_encoding(data) == expected


def test_a_broken_utf16_file_is_an_error_naming_file_and_line(tmp_path):
    text = SEED_TEXT.read_text(encoding="utf-8")
    head, tail = text[:2000], text[2000:]
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + head.encode("utf-16-le") + b"\x00\xd8" + tail.encode("utf-16-le"))
    with pytest.raises(FileUnreadableError) as caught:
        read_report(path)
    message = caught.value.message()
    assert str(path) in message and "UTF-16" in message
    assert f"line {head.count(chr(10)) + 1} " in message


def test_bytes_in_no_known_encoding_are_an_error_naming_file_and_line(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("2020年报告\n第二行\n".encode("utf-8") + b"\xff\xfe\xfd\x80\n")
    with pytest.raises(FileUnreadableError) as caught:
        read_report(path)
    assert caught.value.message().startswith(f"{path}: line 3 ")
    assert "UTF-8, UTF-16 or GB18030" in caught.value.message()

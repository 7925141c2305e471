"""Regression tests for the fuzz cases of the hardening issue: each class of input that used to end in
"internal error" now ends with exit 2 and a message naming the file, the place and the cause."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).parent / "fixtures" / "fuzz"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "gkaudit", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def refused(result: subprocess.CompletedProcess) -> str:
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "internal error" not in out and "Traceback" not in out, out
    return " ".join(out.split())


def copy(tmp_path: Path, name: str, as_name: str) -> Path:
    target = tmp_path / as_name
    shutil.copy(FUZZ / name, target)
    return target


@pytest.mark.parametrize(("case", "expected"), [
    ("01-XMLSyntaxError", "r.docx: part word/document.xml, line 1:12: not well-formed XML: Namespace prefix w on document is not defined"),
    ("03-AttributeError", "r.docx: part word/document.xml: the root element is 'document' in namespace 'urn:x'"),
    ("06-OSError", "r.docx: part [Content_Types].xml: the part cannot be unpacked; its data is corrupt"),
    ("09-RuntimeError", "r.docx: part [Content_Types].xml: the part is encrypted"),
    ("10-NotImplementedError", "r.docx: part [Content_Types].xml: unsupported zip compression method 99"),
    ("11-error", "r.docx: part word/document.xml: the part cannot be unpacked; its data is corrupt (Error -3 while decompressing data"),
    ("31-NotImplementedError", "r.docx: not a readable .docx: unsupported zip feature (zip file version 8.4)"),
])
def test_broken_docx_is_refused_naming_the_part(tmp_path, case, expected):
    path = copy(tmp_path, f"{case}.docx", "r.docx")
    assert expected in refused(run("check", str(path)))

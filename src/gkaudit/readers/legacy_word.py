"""Old binary Word (.doc) and WPS (.wps) documents, converted to .docx by LibreOffice.

Both are OLE containers no well-kept Python library reads with their tables' merges
intact; LibreOffice converts them faithfully. The conversion runs headless, in a
temporary folder with its own LibreOffice profile (so conversions running side by side,
or a LibreOffice the user has open, do not block each other), under a time limit. The
.docx is then read as any other, with every source naming the original file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from gkaudit.errors import FileUnreadableError, ReportStructureError
from gkaudit.model import Report
from gkaudit.readers.document import assemble
from gkaudit.readers.docx import parse_docx

CONVERSION_SECONDS = 120  # a first start of LibreOffice takes ~10 s; a report converts in a few more


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def conversion_command(path: Path | str, program: str = "soffice", folder: str = "DIR") -> list[str]:
    return [program, "--headless", "--convert-to", "docx", "--outdir", folder, str(path)]


def _convert(path: Path, program: str, folder: Path) -> Path:
    profile = (folder / "profile").as_uri()
    command = conversion_command(path.resolve(), program, str(folder))
    command.insert(1, f"-env:UserInstallation={profile}")
    file = str(path)
    try:
        subprocess.run(command, capture_output=True, timeout=CONVERSION_SECONDS, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise FileUnreadableError(file, "", f"an old binary Word (.doc) or WPS file that LibreOffice did not convert "
                                            f"within {CONVERSION_SECONDS} s") from exc
    converted = folder / f"{path.stem}.docx"
    if not converted.is_file():
        raise FileUnreadableError(file, "", "an old binary Word (.doc) or WPS file that LibreOffice could not convert; "
                                            "is it damaged? Open it in Word or WPS and save it as .docx")
    return converted


def read_legacy_word(path: Path) -> Report:
    program = soffice()
    if program is None:
        raise ReportStructureError(
            str(path), "", "an old binary Word (.doc) or WPS file, and LibreOffice is not installed to convert it; "
            f"convert it with `{' '.join(conversion_command(path))}` (or save it as .docx) and check the .docx"
        )
    with tempfile.TemporaryDirectory(prefix="gkaudit-doc-") as folder:
        return assemble(parse_docx(_convert(path, program, Path(folder)), path.name))

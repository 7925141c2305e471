"""Writing result files safely: all or nothing, never over the input, never by surprise."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gkaudit.errors import OutputError


def write_atomically(target: Path, text: str, *, force: bool, inputs: list[Path]) -> None:
    """Write ``text`` to ``target`` through a temporary file and an atomic rename.

    Refuses to overwrite an existing file without ``force``, and refuses any input file.
    """
    if any(target.resolve() == source.resolve() for source in inputs):
        raise OutputError(str(target), "", "is an input file; gkaudit never modifies its input")
    if target.exists() and not force:
        raise OutputError(str(target), "", "already exists; pass --force to overwrite it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(str(target), "", f"folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

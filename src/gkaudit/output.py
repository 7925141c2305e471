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
    if not target.name:
        raise OutputError(str(target), "", "is not a file name; give the file to write")
    if len(os.fsencode(target.name)) > 255:
        raise OutputError(str(target)[:80] + "…", "", "the file name is longer than 255 bytes, the limit of file systems")
    try:
        resolved = target.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop
        raise OutputError(str(target), "", f"cannot be resolved ({exc.args[0] if exc.args else exc}); is it a symlink loop?") from exc
    if target.is_dir():
        raise OutputError(str(target), "", "is a folder; give the file to write in it")
    if any(resolved == source.resolve() for source in inputs):
        raise OutputError(str(target), "", "is an input file; gkaudit never modifies its input")
    if target.exists() and not force:
        raise OutputError(str(target), "", "already exists; pass --force to overwrite it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(str(target), "", f"folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # read-only or protected folder, a name too long
        raise OutputError(str(target), "", f"cannot be written: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""Writing result files safely: all or nothing, never over the input, never by surprise.

A file is written to a temporary file beside the target, flushed to disk, given the mode the
file it replaces had (or the umask's default for a new file), then renamed over the target in
one step: a reader sees the old file or the new one, never half of either, and a failure
leaves no temporary file. Only a regular file is ever replaced: a symlink (even a dangling
one), a FIFO or a device at the target is refused, ``--force`` or not, so
``-o /dev/stdout --force`` run as root cannot turn a device into a file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gkaudit.errors import OutputError

MAX_NAME_BYTES = 255  # a file name's limit on every common file system


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def _existing(target: Path) -> os.stat_result | None:
    """The target's own status (not a symlink's target), or None when nothing is there."""
    try:
        return os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a name too long, a folder on the way that is a file, no permission
        raise OutputError(str(target), "", f"cannot be written: {exc.strerror or exc}") from exc


def _check_target(target: Path, force: bool, inputs: list[Path]) -> os.stat_result | None:
    if not target.name or not str(target).strip():
        raise OutputError(str(target), "", "is not a file name; give the file to write")
    if len(os.fsencode(target.name)) > MAX_NAME_BYTES:
        raise OutputError(str(target)[:80] + "…", "", "the file name is longer than 255 bytes, the limit of file systems")
    try:
        resolved = target.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop
        raise OutputError(str(target), "", f"cannot be resolved ({exc.args[0] if exc.args else exc}); is it a symlink loop?") from exc
    existing = _existing(target)
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(str(target), "", "is a folder; give the file to write in it")
    if existing is not None and any(_same_file(existing, resolved, source) for source in inputs):
        raise OutputError(str(target), "", "is an input file; gkaudit never modifies its input")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OutputError(str(target), "", f"is {_kind(existing.st_mode)}; gkaudit replaces only regular files, "
                                           "even with --force")
    if existing is not None and not force:
        raise OutputError(str(target), "", "already exists; pass --force to overwrite it")
    return existing


def _same_file(existing: os.stat_result, resolved: Path, source: Path) -> bool:
    try:
        status = os.stat(source)
    except OSError:
        return resolved == source.resolve()
    return (status.st_dev, status.st_ino) == (existing.st_dev, existing.st_ino) or resolved == source.resolve()


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def ensure_writable(target: Path, *, force: bool, inputs: list[Path]) -> None:
    """Refuse a target ``write_atomically`` would refuse, before a long run, not after it."""
    _check_target(target, force, inputs)
    _folder(target)


def _folder(target: Path) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(str(target), "", f"folder {folder} does not exist")
    return folder


def write_atomically(target: Path, text: str | bytes | Iterable[str | bytes], *, force: bool, inputs: list[Path]) -> None:
    """Write ``text`` (UTF-8, or bytes as they are; or pieces of either, one after the other)
    to ``target`` through a temporary file and an atomic rename.

    Refuses to overwrite an existing file without ``force``, refuses any input file, and
    refuses to replace anything but a regular file."""
    existing = _check_target(target, force, inputs)
    folder = _folder(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # read-only or protected folder, a name too long
        raise OutputError(str(target), "", f"cannot be written: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in [text] if isinstance(text, (str, bytes)) else text:
                stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            stream.flush()
            os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), stat.S_IMODE(existing.st_mode) if existing is not None else _new_file_mode())
        os.replace(temporary, target)
    except OSError as exc:  # the disk full, the folder changed under us
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(str(target), "", f"cannot be written: {exc.strerror or exc}") from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""Writing result files: only a regular file is ever replaced, all or nothing, its mode kept;
every path that cannot be written is a clear OutputError (exit 2 on the command line)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from gkaudit.errors import OutputError
from gkaudit.output import write_atomically

from .support import SEED_TEXT
from .test_fuzz_cases import refused, run


def _write(target: Path, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    write_atomically(target, "新内容\n", force=force, inputs=list(inputs))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_gets_the_umask_default_mode(tmp_path):
    old = os.umask(0o022)
    try:
        _write(tmp_path / "out.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o644
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == "新内容\n"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_a_replaced_file_keeps_its_mode(tmp_path, mode):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    _write(target, force=True)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text(encoding="utf-8") == "新内容\n"
    assert _leftovers(tmp_path) == []


def test_an_existing_file_is_kept_without_force(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists; pass --force"):
        _write(target)
    assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("force", [False, True])
def test_a_dangling_symlink_is_not_a_free_name(tmp_path, force):
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(OutputError, match="is a symbolic link; gkaudit replaces only regular files"):
        _write(link, force=force)
    assert link.is_symlink() and not (tmp_path / "nowhere.json").exists()


def test_a_symlink_to_a_file_is_not_replaced_even_with_force(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="is a symbolic link"):
        _write(link, force=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "old"


def test_a_fifo_is_not_replaced_even_with_force(tmp_path):
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match=r"is a FIFO \(named pipe\); gkaudit replaces only regular files, even with --force"):
        _write(fifo, force=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_device_node_is_not_replaced_even_with_force(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    with pytest.raises(OutputError, match="is a character device"):
        _write(device, force=True)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_dev_stdout_with_force_is_refused_on_the_command_line():
    out = refused(run("extract", str(SEED_TEXT), "-o", "/dev/stdout", "--force"))
    assert "/dev/stdout: is a symbolic link" in out
    assert stat.S_ISLNK(os.lstat("/dev/stdout").st_mode)


def test_a_symlink_loop_is_refused(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError, match="is it a symlink loop"):
        _write(tmp_path / "a", force=True)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        _write(tmp_path, force=True)


@pytest.mark.parametrize("name", ["", " "])
def test_an_empty_name_is_refused(name):
    with pytest.raises(OutputError, match="is not a file name"):
        _write(Path(name), force=True)


def test_an_empty_output_name_is_refused_on_the_command_line(tmp_path):
    assert "is not a file name" in refused(run("extract", str(SEED_TEXT), "-o", "", "--force", cwd=tmp_path))


def test_a_name_over_255_bytes_is_refused(tmp_path):
    with pytest.raises(OutputError, match="longer than 255 bytes"):
        _write(tmp_path / ("表" * 90), force=True)


def test_a_path_through_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot be written"):
        _write(tmp_path / "file" / "out.json", force=True)


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        _write(tmp_path / "missing" / "out.json")


def test_an_unwritable_folder_is_refused():
    with pytest.raises(OutputError, match="cannot be written"):
        _write(Path("/sys/gkaudit-out.json"), force=True)


def test_the_input_is_never_replaced_not_even_through_a_hard_link(tmp_path):
    source = tmp_path / "report.json"
    source.write_text("input", encoding="utf-8")
    os.link(source, tmp_path / "alias.json")
    for target in (source, tmp_path / "alias.json"):
        with pytest.raises(OutputError, match="is an input file"):
            _write(target, force=True, inputs=(source,))
    assert source.read_text(encoding="utf-8") == "input"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="cannot be written: No space left on device"):
        _write(target, force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_text_that_cannot_be_encoded_leaves_no_temporary_file(tmp_path):
    with pytest.raises(UnicodeEncodeError):
        write_atomically(tmp_path / "out.json", "\ud800", force=False, inputs=[])
    assert list(tmp_path.iterdir()) == []


def test_a_symlinked_folder_on_the_way_is_fine(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "via").symlink_to(tmp_path / "real")
    _write(tmp_path / "via" / "out.json")
    assert (tmp_path / "real" / "out.json").read_text(encoding="utf-8") == "新内容\n"

"""A batch split over worker processes says exactly what one process says."""

from __future__ import annotations

import shutil
import subprocess
import sys

from .support import FIXTURES, SAMPLES


def _check(folder, jobs: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gkaudit", "check", str(folder), "--format", "json", "--jobs", str(jobs)],
                          capture_output=True, text=True, check=False)


def test_output_does_not_depend_on_the_number_of_jobs(tmp_path):
    seed = (SAMPLES / "kangqiao-2020.json").read_text(encoding="utf-8")
    for i in range(90):  # more than one chunk, with one body's consecutive years spread across chunks
        body, year = f"康桥街道{i % 30}", 2019 + i // 30
        (tmp_path / f"r{i:03}.json").write_text(seed.replace("康桥街道", body).replace('"year": 2020', f'"year": {year}'),
                                                 encoding="utf-8")
    shutil.copy(FIXTURES / "corpus" / "pingtan-gonganju-2021.html", tmp_path)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")  # an input error made in a worker
    serial, parallel = _check(tmp_path, 1), _check(tmp_path, 2)
    assert serial.returncode == parallel.returncode == 1  # errors found; the broken file is listed, not fatal
    assert serial.stdout == parallel.stdout
    assert '"XYEAR.CARRIED"' in serial.stdout and "broken.json" in serial.stdout

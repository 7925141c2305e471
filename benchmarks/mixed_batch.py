"""A reviewer's folder as it arrives: real documents, generated reports with planted
errors, and the files that are no report at all.

    python benchmarks/mixed_batch.py [--n 1000] [--copies 25] [--seed 0] [--keep DIR]

Builds a folder holding `--copies` copies of every corpus document (PDF, HTML, Markdown,
text), a README, a PNG image, a truncated PDF and `--n` generated JSON reports (`--planted`
of them, 10 by default, with one planted error), runs `gkaudit check` on it with and without `--strict`, and
prints: the exit codes, how many inputs were checked / skipped / unreadable, whether
every planted report ranks above every clean generated one in the triage list, and the
wall time. Exits 1 when any of these is not as a reviewer needs it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

# the smallest well-formed PNG: a 1×1 transparent pixel
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def plant(reports: Path, count: int) -> list[dict]:
    """One error in each of ``count`` evenly spaced reports: a 表四 outcome one too high for its total, or
    text in a 表二 cell; returns (file, rule) as generate() lists them."""
    files = sorted(reports.glob("*.json"))
    planted = []
    for turn, path in enumerate(files[:: max(1, len(files) // count)][:count]):
        report = json.loads(path.read_text(encoding="utf-8"))
        if turn % 2:
            report["tables"]["table2"]["rows"]["licensing"]["decisions"] = "—"
            rule = "CELL.TYPE"
        else:
            report["tables"]["table4"]["rows"]["admin_review"]["upheld"] += 1
            rule = "T4.TOTAL"
        path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
        planted.append({"file": path.name, "rule": rule})
    return planted


def build(folder: Path, n: int, copies: int, seed: int, planted: int = 10) -> list[dict]:
    """Fill ``folder``; returns the planted errors."""
    generated = folder / "generated"
    generate(generated, n, seed=seed, error_rate=0)
    (generated / "planted.json").unlink()  # the answer key of generate() stays out of the batch
    errors = plant(generated / "reports", planted)
    for copy in range(copies):
        target = folder / "corpus" / f"copy{copy:03d}"
        target.mkdir(parents=True)
        for document in sorted(CORPUS.iterdir()):
            if document.name != "README.md":
                shutil.copy(document, target / document.name)
    shutil.copy(CORPUS / "README.md", folder / "README.md")
    (folder / "scan.png").write_bytes(PNG)
    whole = (CORPUS / "hongze-2023.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    return errors


def run(folder: Path, *options: str) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "gkaudit", "check", str(folder), "--format", "json", *options],
                            capture_output=True, text=True)
    return result, time.perf_counter() - start


def planted_rank_first(document: dict, planted: list[dict]) -> bool:
    """Every planted generated report ranks above every clean generated one."""
    names = {entry["file"] for entry in planted}
    generated = [r for r in document["reports"] if "/generated/" in r["path"]]
    planted_ranks = [r["rank"] for r in generated if Path(r["path"]).name in names]
    clean_ranks = [r["rank"] for r in generated if Path(r["path"]).name not in names]
    return max(planted_ranks) < min(clean_ranks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--planted", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="build the folder here and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="gkaudit-mixed-"))
    planted = build(folder, args.n, args.copies, args.seed, args.planted)
    result, seconds = run(folder)
    strict, _ = run(folder, "--strict")
    document = json.loads(result.stdout)
    ranked = planted_rank_first(document, planted)
    print(f"inputs: {len(document['reports'])} checked, {len(document['skipped'])} skipped, "
          f"{len(document['unreadable'])} unreadable; {len(planted)} planted")
    print(f"exit {result.returncode} (expected 1), with --strict {strict.returncode} (expected 2); "
          f"planted reports rank first: {ranked}; {seconds:.1f} s")
    if not args.keep:
        shutil.rmtree(folder)
    return 0 if (result.returncode, strict.returncode, ranked) == (1, 2, True) else 1


if __name__ == "__main__":
    sys.exit(main())

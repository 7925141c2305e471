"""A progress bar over the whole run of a batch, on standard error, in the user's language.

Shown only on a terminal and only for batches worth watching; otherwise the callback
does nothing, so output piped to a file or a CI log stays clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_MIN_FILES = 20
_WORDS = {"zh": ("检查报告", "份/秒"), "en": ("checking reports", "reports/s")}


@contextmanager
def progress_bar(total: int, lang: str) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``: n more files are done (read, checked and explained)."""
    if total < _MIN_FILES or not sys.stderr.isatty():
        yield lambda done: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    label, rate = _WORDS.get(lang, _WORDS["en"])
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total, rate="")

        def advance(done: int) -> None:
            progress.advance(task, done)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.0f} {rate}" if speed else "")

        yield advance

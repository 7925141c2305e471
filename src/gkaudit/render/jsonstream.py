"""A JSON document written a piece at a time: its one long list (a batch's reports, a SARIF
run's results) streamed item by item into the frame of the rest, the text the same as the
whole document indented by two."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator

MARKER = f"items-{uuid.uuid4().hex}"  # where the list goes in the frame: a string no output holds


def streamed(frame: object, items: Iterable[object], depth: int, dumps: Callable[[object], str]) -> Iterator[str]:
    """``frame`` dumped with ``MARKER`` in place of the list, the list's ``items`` dumped one
    by one between; ``depth`` is the indentation level (two spaces each) of the list's key."""
    head, tail = dumps(frame).split(f'"{MARKER}"')
    inside = "\n" + "  " * (depth + 1)  # JSON strings hold no newline: every line of an item moves in
    first = True
    for item in items:
        yield (head + "[" if first else ",") + inside + dumps(item).replace("\n", inside)
        first = False
    yield (head + "[]" if first else "\n" + "  " * depth + "]") + tail + "\n"

"""Where a value stands in a report JSON file, as line and column an editor opens.

The standard library parses JSON without positions, and a report is checked many times
for each time a finding is shown, so positions are found only for the cells findings
name: each key of the path is searched for after the one before it, in the file's text.
A key is matched as a key (``"rows"`` followed by ``:``); inside JSON strings a quote is
escaped (``\\"``), so text in a narrative cannot pass for one.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=1024)
def _key(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(json.dumps(name, ensure_ascii=False)) + r"\s*:")


def place_of(text: str, keys: tuple[str, ...]) -> tuple[int, int] | None:
    """1-based (line, column) of the last key of ``keys`` — the member of nested objects
    reached by following them from the top — or None when the text does not hold it."""
    position = 0
    for name in keys:
        match = _key(name).search(text, position)
        if match is None:
            return None
        position, end = match.start(), match.end()
        found_at = position
        position = end
    line = text.count("\n", 0, found_at) + 1
    column = found_at - (text.rfind("\n", 0, found_at) + 1) + 1
    return line, column


def places_of(text: str, paths: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[int, int] | None]:
    """``place_of`` for many paths at once (every cell of a report): a prefix shared by
    paths (``tables``, the table, ``rows``, the row) is searched for once, and lines are
    counted once, so placing all the cells of a report costs one pass, not one per cell."""
    newlines = [match.start() for match in re.finditer("\n", text)]
    ends: dict[tuple[str, ...], int | None] = {(): 0}  # where each prefix's last key ends
    places: dict[tuple[str, ...], tuple[int, int] | None] = {}
    for path in paths:
        for depth in range(1, len(path)):
            _search(text, path[:depth], ends)
        start = ends[path[:-1]]
        match = None if start is None else _key(path[-1]).search(text, start)
        if match is None:
            places[path] = None
            continue
        line = bisect.bisect_left(newlines, match.start())
        places[path] = (line + 1, match.start() - (newlines[line - 1] if line else -1))
    return places


def _search(text: str, prefix: tuple[str, ...], ends: dict[tuple[str, ...], int | None]) -> None:
    if prefix in ends:
        return
    start = ends[prefix[:-1]]
    match = None if start is None else _key(prefix[-1]).search(text, start)
    ends[prefix] = None if match is None else match.end()


_OPENING = 16  # characters: enough to tell a sentence from the others of a report


def text_place(text: str, key: str, quoted: str) -> tuple[int, int] | None:
    """1-based (line, column) of the first place after the top-level ``key`` where the JSON
    string holding ``quoted`` has it — a sentence of the narrative, as the file escapes it.
    It is found by its first characters: the report may break a sentence over lines."""
    start = _key(key).search(text)
    opening = quoted.strip()[:_OPENING]
    if start is None or not opening:
        return None
    found = text.find(json.dumps(opening, ensure_ascii=False)[1:-1], start.end())
    if found < 0:
        return None
    line = text.count("\n", 0, found) + 1
    return line, found - (text.rfind("\n", 0, found) + 1) + 1

"""Where a value stands in a report JSON file, as line and column an editor opens.

The standard library parses JSON without positions, and a report is checked many times
for each time a finding is shown, so positions are found only for the cells findings
name: each key of the path is searched for after the one before it, in the file's text.
A key is matched as a key (``"rows"`` followed by ``:``); inside JSON strings a quote is
escaped (``\\"``), so text in a narrative cannot pass for one.
"""

from __future__ import annotations

import json
import re
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

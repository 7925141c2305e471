"""Text as gkaudit compares it: full-width forms folded (NFKC), whitespace removed. Bodies'
names, the prose's sentences and the rules' words all meet in this form."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=2048)  # the rules' words and the bodies' names recur in every report
def compact(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))

"""Matching the labels printed in a document to the official labels of a template.

Labels in real documents carry stray spaces and line breaks, mixed full- and half-width
punctuation, older wording (不予以公开, 规范性文件) and typos. They are compared after
normalisation, by similarity, and a match below certainty is reported, never silent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# Older or variant wording found in real reports, mapped to the template's words.
_VARIANTS = (
    ("不予以公开", "不予公开"),
    ("钩稽", "勾稽"),
    ("废纸", "废止"),
)
_PUNCTUATION = re.compile(r"[\s\"'“”‘’「」『』、，,.。．:：;；·・()（）\[\]【】/／\-—–_]+")
_LEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[、.．])")

CERTAIN = 0.92
ACCEPTABLE = 0.6


def loose(label: str) -> str:
    """The label without spacing, punctuation and width differences (not a deviation)."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", label))


@lru_cache(maxsize=8192)
def normalise(label: str) -> str:
    """``loose``, and known variant wordings mapped to the template's (for matching)."""
    text = unicodedata.normalize("NFKC", label)
    for old, new in _VARIANTS:
        text = text.replace(old, new)
    return _PUNCTUATION.sub("", text)


@lru_cache(maxsize=8192)
def numbering(label: str) -> str:
    """The leading numbering of a label ("（三）", "5.", "二、"), normalised; '' if none."""
    match = _LEADING_NUMBER.match(unicodedata.normalize("NFKC", label.strip()).replace(" ", ""))
    return normalise(match.group(0)) if match else ""


@lru_cache(maxsize=8192)  # the same official and printed labels recur in every table of every report
def without_numbering(label: str, variants: bool = True) -> str:
    """The label without its leading numbering; ``variants=False`` keeps old wordings as printed."""
    text = _LEADING_NUMBER.sub("", unicodedata.normalize("NFKC", label.strip()).replace(" ", ""), count=1)
    return normalise(text) if variants else loose(text)


@lru_cache(maxsize=8192)
def similarity(printed: str, official: str) -> float:
    a, b = without_numbering(printed), without_numbering(official)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        # 部分公开（区分处理的…） is often printed without its parenthetical.
        return max(0.93, SequenceMatcher(None, a, b).ratio())
    if len(a) >= 6 and a in b:
        # a label cut off by the converter: a fragment of the official wording, never certain
        return max(0.75, SequenceMatcher(None, a, b).ratio())
    return SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class LabelMatch:
    key: str
    official: str
    score: float

    @property
    def certain(self) -> bool:
        return self.score >= CERTAIN


def best_match(printed: str, candidates: list[tuple[str, str]]) -> LabelMatch | None:
    """The candidate (key, official label) most like the printed label, if any is close.

    A key may appear with several labels (one per template); ties keep the first listed.
    """
    return _best_match(printed, tuple(candidates))


@lru_cache(maxsize=8192)  # a table's rows are matched against the same candidates in every report
def _best_match(printed: str, candidates: tuple[tuple[str, str], ...]) -> LabelMatch | None:
    best: LabelMatch | None = None
    for key, label in candidates:
        score = similarity(printed, label)
        if score >= ACCEPTABLE and (best is None or score > best.score):
            best = LabelMatch(key, label, score)
    return best

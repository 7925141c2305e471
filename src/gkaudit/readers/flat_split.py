"""Splitting a run of figures whose cell borders were lost back into its cells.

A web page's text prints a table row as its label followed by its figures run together:
``1000001`` is 1|0|0|0|0|0|1 and ``110000011`` is 11|0|0|0|0|0|11. Which splits can be
spelled is a matter of writing (no leading zero except "0" itself, a sign only in a signed
column, a decimal point only in an amount, a space only between cells); which split is
right is a matter of the arithmetic the template demands. ``spellings`` lists the first,
``resolve`` keeps what the second allows and says when that is not exactly one split —
it never picks among equals.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate, product
from typing import Literal

Split = tuple[str, ...]  # one text per cell, as printed ("12", "-15", "152.2万元")
Values = Mapping[str, Sequence[Decimal]]  # row key → its cells' values

MAX_SPELLINGS = 20000  # more ways to spell a run than this and the run is not a table row
MAX_STEPS = 50_000  # cells tried for one run: a run of random digits has few splits but a huge search
MAX_COMBINATIONS = 200000  # joint choices tried across the rows one relation links

_UNIT = r"(?:万元|元)"
# A space, a unit or a sign always stands at a cell border (page text never breaks a figure there).
_CHUNK = re.compile(rf"[+\-−]?[\d.]+{_UNIT}?")


@dataclass(frozen=True)
class Slot:
    """What one cell may hold."""

    signed: bool = False  # 本年增/减
    decimal: bool = False  # amounts (万元, 元)
    max_digits: int = 6  # counts are small integers; this bounds the search

    @property
    def widest(self) -> int:
        """The most characters such a cell can take: sign, digits, 4 decimals, unit."""
        return self.signed + self.max_digits + (7 if self.decimal else 0)


@dataclass(frozen=True)
class Relation:
    """One arithmetic rule of the template, over the rows it reads."""

    name: str  # the rule it stands for, e.g. "T3.TOTAL[natural_person]"
    reads: frozenset[str]
    holds: Callable[[Values], bool]


@dataclass(frozen=True)
class Resolution:
    """How a row's run was split: one split, several equally good, or none that fits."""

    kind: Literal["unique", "ambiguous", "none"]
    candidates: tuple[Split, ...]  # the one split when unique; what remains otherwise

    @property
    def split(self) -> Split | None:
        return self.candidates[0] if self.kind == "unique" else None

    def agreed(self) -> dict[int, str]:
        """The cells every remaining candidate reads the same (position → text)."""
        if not self.candidates:
            return {}
        first = self.candidates[0]
        return {i: text for i, text in enumerate(first) if all(c[i] == text for c in self.candidates)}


@lru_cache(maxsize=8192)  # bounded: a long batch or fuzz run meets endless distinct texts
def value(text: str) -> Decimal:
    """The number a cell text spells (its unit left aside)."""
    body = re.sub(rf"{_UNIT}$", "", text).replace("−", "-")
    return Decimal(body)


def chunks(run: str) -> list[str]:
    return _CHUNK.findall(run)


def _cell_ok(text: str, slot: Slot) -> bool:
    body = re.sub(rf"{_UNIT}$", "", text)
    if body[:1] in "+-−":
        if not slot.signed:
            return False
        body = body[1:]
    whole, dot, fraction = body.partition(".")
    if dot and (not slot.decimal or not fraction or "." in fraction or len(fraction) > 4):
        return False
    return bool(whole) and whole.isdigit() and (whole == "0" or not whole.startswith("0")) and len(whole) <= slot.max_digits


def _may_end(text: str, end: int) -> bool:
    """Whether a cell may end at ``end`` inside a chunk: never beside a decimal point, right
    after a sign, or before the unit that closes the chunk."""
    return text[end] not in ".万元" and text[end - 1] not in ".+-−"


def spellings(run: str, slots: Sequence[Slot], prefix_ok: Callable[[Split], bool] | None = None) -> list[Split]:
    """Every split of ``run`` into exactly ``len(slots)`` well-written cells, in a fixed order.

    ``prefix_ok`` prunes the search: it sees the cells split so far and refuses those no
    rule could accept (表四's totals, five cells at a time). Raises OverflowError beyond
    MAX_SPELLINGS splits, too many to weigh one against another, or beyond MAX_STEPS cells
    tried, a search too long to finish.
    """
    pieces = chunks(run)
    text = "".join(pieces)
    borders = list(accumulate(len(p) for p in pieces))  # the chunk ends: cells end there for sure
    room = list(accumulate((slot.widest for slot in reversed(slots)), initial=0))[::-1]  # chars slots i… can hold
    found: list[Split] = []
    steps = 0

    def walk(start: int, cells: tuple[str, ...]) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS:
            raise OverflowError(run)
        if prefix_ok is not None and cells and not prefix_ok(cells):
            return
        if len(text) - start > room[len(cells)]:
            return  # more figures left than the remaining cells can hold
        if start == len(text) or len(cells) == len(slots):
            if start == len(text) and len(cells) == len(slots):
                found.append(cells)
                if len(found) > MAX_SPELLINGS:
                    raise OverflowError(run)
            return
        slot = slots[len(cells)]
        border = borders[bisect_right(borders, start)]
        for end in range(start + 1, border + 1):
            if end < border and not _may_end(text, end):
                continue
            cell = text[start:end]
            if sum(ch.isdigit() for ch in cell.split(".")[0]) > slot.max_digits:
                break  # longer cells only get longer
            if _cell_ok(cell, slot):
                walk(end, (*cells, cell))

    walk(0, ())
    return found


def _values(assignment: Mapping[str, Split]) -> dict[str, tuple[Decimal, ...]]:
    return {key: _numbers(split) for key, split in assignment.items()}


@lru_cache(maxsize=8192)
def _numbers(split: Split) -> tuple[Decimal, ...]:
    return tuple(value(text) for text in split)


def _applicable(relation: Relation, known: set[str]) -> bool:
    return relation.reads <= known


def _local(rows: dict[str, list[Split]], relations: Sequence[Relation]) -> tuple[dict[str, list[Split]], set[str]]:
    """Each row's spellings narrowed by the relations that read that row alone.

    A row no spelling of which satisfies its own relations is inconsistent in itself
    (its total does not add up however it is read): it keeps all its spellings and is
    reported, never chosen for."""
    narrowed: dict[str, list[Split]] = {}
    inconsistent: set[str] = set()
    for key, candidates in rows.items():
        own = [r for r in relations if r.reads == {key}]
        if len(candidates) < 2 or not own:
            narrowed[key] = candidates
            continue
        fitting = [c for c in candidates if all(r.holds(_values({key: c})) for r in own)]
        narrowed[key] = fitting or candidates
        if not fitting:
            inconsistent.add(key)
    return narrowed, inconsistent


def _components(open_rows: set[str], relations: Sequence[Relation]) -> list[tuple[list[str], list[Relation]]]:
    """Open rows grouped by the relations that link them, with those relations."""
    groups: list[tuple[set[str], list[Relation]]] = []
    for relation in relations:
        touched = relation.reads & open_rows
        if not touched:
            continue
        joined = [g for g in groups if g[0] & touched]
        rows = set(touched).union(*(g[0] for g in joined))
        linked = [relation] + [r for g in joined for r in g[1]]
        groups = [g for g in groups if g not in joined] + [(rows, linked)]
    return [(sorted(rows), linked) for rows, linked in groups]


def _rank(key: str, candidates: list[Split], relations: Sequence[Relation], fixed: Mapping[str, Split]) -> tuple[Split, ...]:
    """Candidates of a row that fits no reading, those satisfying most relations first."""
    own = [r for r in relations if key in r.reads and _applicable(r, set(fixed) | {key})]

    def satisfied(candidate: Split) -> int:
        values = _values({**fixed, key: candidate})
        return sum(1 for r in own if r.holds(values))

    return tuple(sorted(candidates, key=satisfied, reverse=True))


def resolve(rows: Mapping[str, list[Split]], relations: Sequence[Relation]) -> dict[str, Resolution]:
    """The split of every row that the relations leave, or why there is not exactly one.

    Rows spelled only one way are taken as printed (the checks judge their arithmetic);
    rows spelled several ways are narrowed first by their own relations (a row's total),
    then jointly by the relations linking rows (column totals, 收到 = 办理结果总计 + 结转).
    """
    narrowed, inconsistent = _local(dict(rows), relations)
    fixed = {key: c[0] for key, c in narrowed.items() if len(c) == 1}
    result: dict[str, Resolution] = {key: Resolution("unique", (split,)) for key, split in fixed.items()}
    for key in inconsistent:
        result[key] = Resolution("none", _rank(key, narrowed[key], relations, fixed))
    for key, candidates in narrowed.items():
        if not candidates:
            result[key] = Resolution("none", ())
    open_rows = {key for key, c in narrowed.items() if len(c) > 1 and key not in inconsistent}
    known = set(fixed) | open_rows
    linking = [r for r in relations if len(r.reads) > 1 and _applicable(r, known)]
    for component, linked in _components(open_rows, linking):
        result.update(_joint(component, linked, narrowed, fixed))
    for key in open_rows - set(result):
        result[key] = Resolution("ambiguous", tuple(narrowed[key]))
    return result


def _joint(component: list[str], linked: list[Relation], narrowed: Mapping[str, list[Split]],
           fixed: Mapping[str, Split]) -> dict[str, Resolution]:
    options = [narrowed[key] for key in component]
    count = 1
    for o in options:
        count *= len(o)
    if count > MAX_COMBINATIONS:
        return {key: Resolution("ambiguous", tuple(narrowed[key])) for key in component}
    accepted = [
        combination for combination in product(*options)
        if all(r.holds(_values({**fixed, **dict(zip(component, combination))})) for r in linked)
    ]
    if not accepted:
        return {key: Resolution("none", tuple(narrowed[key])) for key in component}
    result = {}
    for position, key in enumerate(component):
        distinct = tuple(dict.fromkeys(combination[position] for combination in accepted))
        result[key] = Resolution("unique" if len(distinct) == 1 else "ambiguous", distinct)
    return result

"""Report results and year facts kept on disk, so that a batch's memory stays flat in its
number of reports.

A batch of 100,000 reports would hold some 70 KB of labelled findings, causes and year
cells per report until its output is written. A :class:`ResultStore` keeps each result
pickled in an anonymous temporary file (removed when the store is dropped or the process
ends, even killed) and holds in memory only where each one is and its
:class:`~gkaudit.results.ReportSummary` (as columns of numbers and the path), which the
triage order and the verdict read. A result is read back when a renderer asks for it, one
at a time. A :class:`FactStore` does the same for the reports' year facts, holding in
memory only the (body, year) keys the years are paired by.

The stores are read-only once built: the cross-year findings and the reviewers' decisions
that change some results give a new store (:meth:`ResultStore.replaced`), sharing the file,
whose changed results are appended to it; the old store still reads as it did. Only this
process writes the file, so unpickling it trusts nothing foreign.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from abc import abstractmethod
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, Self, TypeVar, overload

from gkaudit.crossyear import YearFacts, YearKeys
from gkaudit.results import ReportResult, ReportSummary

Item = TypeVar("Item")
SMALL = "I"  # an array of numbers under 2³², 4 bytes each: a blob's size, a count of findings


class _Spill:
    """The temporary file: blobs appended, read back by place."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="gkaudit-results-")
        self._end = 0

    def write(self, blob: bytes) -> int:
        place = self._end
        written = 0
        while written < len(blob):  # a write may be partial (a signal, a full pipe of the kernel)
            written += os.pwrite(self._file.fileno(), blob[written:], place + written)
        self._end += len(blob)
        return place

    def read(self, place: int, size: int) -> bytes:
        return os.pread(self._file.fileno(), size, place)


def pickled(item: ReportResult | YearFacts) -> bytes:
    """A result or year facts as a store keeps them (made in a worker process, stored unread
    by the main one)."""
    return pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)


class Listed(Sequence[Item], Generic[Item]):
    """A sequence whose items are made when asked for (``item``), by index or slice."""

    @abstractmethod
    def item(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self.item(i) for i in range(*index.indices(len(self)))]
        return self.item(index)


class _Pickles(Listed[Item]):
    """Items in order, each pickled in a spill file, read back one at a time when asked."""

    def __init__(self) -> None:
        self._spill = _Spill()
        self._places = array("q")
        self._sizes = array(SMALL)

    def _append_blob(self, blob: bytes) -> None:
        self._places.append(self._spill.write(blob))
        self._sizes.append(len(blob))

    def _sharing(self) -> Self:
        """A copy of the index (places and sizes) over the same file."""
        copy = self.__class__.__new__(self.__class__)
        copy._spill, copy._places, copy._sizes = self._spill, array("q", self._places), array(SMALL, self._sizes)
        return copy

    def __len__(self) -> int:
        return len(self._places)

    def item(self, index: int) -> Item:
        return pickle.loads(self._spill.read(self._places[index], self._sizes[index]))

    def __iter__(self) -> Iterator[Item]:
        for index in range(len(self)):
            yield self[index]


class Summaries(Listed[ReportSummary]):
    """Reports' summaries as columns: four counts in arrays and the path, a few dozen bytes
    a report instead of a tuple of five objects."""

    def __init__(self) -> None:
        self._paths: list[str] = []
        self._counts = tuple(array(SMALL) for _ in range(4))  # errors, warnings, infos, not assessable

    def append(self, summary: ReportSummary) -> None:
        self._paths.append(summary.path)
        for column, count in zip(self._counts, summary[1:]):
            column.append(count)

    def __setitem__(self, index: int, summary: ReportSummary) -> None:
        self._paths[index] = summary.path
        for column, count in zip(self._counts, summary[1:]):
            column[index] = count

    def copy(self) -> Summaries:
        copy = Summaries()
        copy._paths = list(self._paths)
        copy._counts = tuple(array(SMALL, column) for column in self._counts)
        return copy

    def __len__(self) -> int:
        return len(self._paths)

    def item(self, index: int) -> ReportSummary:
        return ReportSummary(self._paths[index], *(column[index] for column in self._counts))


class ResultStore(_Pickles[ReportResult]):
    """Report results in input order, on disk; each one's summary in memory."""

    def __init__(self) -> None:
        super().__init__()
        self._summaries = Summaries()

    def append(self, result: ReportResult) -> None:
        self.append_pickled(pickled(result), result.summary())

    def append_pickled(self, blob: bytes, summary: ReportSummary) -> None:
        self._append_blob(blob)
        self._summaries.append(summary)

    def summaries(self) -> Sequence[ReportSummary]:
        return self._summaries

    def replaced(self, changes: Iterable[tuple[int, ReportResult]]) -> ResultStore:
        """A store with some results replaced, given as (index, new result) and taken one
        at a time (a quarter of a batch may change: never all in memory); this one is unchanged."""
        store = self._sharing()
        store._summaries = self._summaries.copy()
        for index, result in changes:
            blob = pickled(result)
            store._places[index], store._sizes[index] = store._spill.write(blob), len(blob)
            store._summaries[index] = result.summary()
        return store

    def __repr__(self) -> str:
        return f"ResultStore({len(self)} reports)"


class FactStore(_Pickles[YearFacts]):
    """Reports' year facts in input order, on disk; in memory only their pairing keys."""

    def __init__(self) -> None:
        super().__init__()
        self.keys = YearKeys()

    def append(self, facts: YearFacts) -> None:
        self.append_pickled(pickled(facts), facts.body, facts.year)

    def append_pickled(self, blob: bytes, body: str, year: int) -> None:
        self._append_blob(blob)
        self.keys.add(body, year)

    def extended(self, facts: Iterable[YearFacts]) -> FactStore:
        """A store with ``facts`` after this one's (an earlier batch's); this one is unchanged."""
        store = self._sharing()
        store.keys = self.keys.copy()
        for item in facts:
            store.append(item)
        return store

    def __repr__(self) -> str:
        return f"FactStore({len(self)} reports)"

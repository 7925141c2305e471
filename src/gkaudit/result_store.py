"""Report results kept on disk, so that a batch's memory stays flat in its number of reports.

A batch of 100,000 reports would hold some 70 KB of labelled findings, causes and year
cells per report until its output is written. A :class:`ResultStore` keeps each result
pickled in an anonymous temporary file (removed when the store is dropped or the process
ends, even killed) and holds in memory only where each one is and its
:class:`~gkaudit.results.ReportSummary`, which the triage order and the verdict read. A
result is read back when a renderer asks for it, one at a time.

The store is read-only once built: the cross-year findings and the reviewers' decisions
that change some results give a new store (:meth:`ResultStore.replaced`), sharing the file,
whose changed results are appended to it; the old store still reads as it did. Only this
process writes the file, so unpickling it trusts nothing foreign.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from gkaudit.results import ReportResult, ReportSummary


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


def pickled(result: ReportResult) -> bytes:
    """A result as the store keeps it (made in a worker process, stored unread by the main one)."""
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


class ResultStore(Sequence[ReportResult]):
    """Report results in input order, on disk; each one's summary in memory."""

    def __init__(self) -> None:
        self._spill = _Spill()
        self._places = array("q")
        self._sizes = array("q")
        self._summaries: list[ReportSummary] = []

    def append(self, result: ReportResult) -> None:
        self.append_pickled(pickled(result), result.summary())

    def append_pickled(self, blob: bytes, summary: ReportSummary) -> None:
        self._places.append(self._spill.write(blob))
        self._sizes.append(len(blob))
        self._summaries.append(summary)

    def summaries(self) -> Sequence[ReportSummary]:
        return self._summaries

    def replaced(self, changes: Iterable[tuple[int, ReportResult]]) -> ResultStore:
        """A store with some results replaced, given as (index, new result) and taken one
        at a time (a quarter of a batch may change: never all in memory); this one is unchanged."""
        store = ResultStore.__new__(ResultStore)
        store._spill = self._spill
        store._places, store._sizes, store._summaries = array("q", self._places), array("q", self._sizes), list(self._summaries)
        for index, result in changes:
            blob = pickled(result)
            store._places[index], store._sizes[index] = store._spill.write(blob), len(blob)
            store._summaries[index] = result.summary()
        return store

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> ReportResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[ReportResult]: ...

    def __getitem__(self, index: int | slice) -> ReportResult | list[ReportResult]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return pickle.loads(self._spill.read(self._places[index], self._sizes[index]))

    def __iter__(self) -> Iterator[ReportResult]:
        for index in range(len(self)):
            yield self[index]

    def __repr__(self) -> str:
        return f"ResultStore({len(self)} reports)"

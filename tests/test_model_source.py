"""Source's hand-written constructor takes exactly its fields, with their defaults."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

from gkaudit.model import Source


def test_the_constructor_takes_the_fields_in_order_with_their_defaults():
    parameters = list(inspect.signature(Source).parameters.values())
    fields = dataclasses.fields(Source)
    assert [(p.name, p.default) for p in parameters] == [(f.name, f.default) for f in fields]


def test_a_source_is_a_frozen_value():
    source = Source("r.pdf", page=3, table=2, row=4, column=5)
    assert source == Source(file="r.pdf", page=3, table=2, row=4, column=5) and hash(source) == hash(Source("r.pdf", page=3, table=2, row=4, column=5))
    assert dataclasses.replace(source, file="s.pdf").file == "s.pdf" and source.file == "r.pdf"
    assert pickle.loads(pickle.dumps(source)) == source and source.as_dict() == {"file": "r.pdf", "page": 3, "table": 2, "row": 4, "column": 5}
    try:
        source.row = 1  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a Source can be changed")

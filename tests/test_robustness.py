"""Any JSON a user hands over ends in a report or a clear input error — never a crash."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from gkaudit.errors import GkauditError
from gkaudit.pipeline import check_batch
from gkaudit.readers.json_report import parse_report
from gkaudit.render.jsonout import render_json
from gkaudit.render.terminal import render_batch
from gkaudit.templates import get_template

from .support import ruleset

ROWS = [*get_template("gb2019").tables["table3"].rows, "other_other", "bogus"]
COLUMNS = [*get_template("gb2019").tables["table3"].columns, "bogus"]
value = st.one_of(st.none(), st.integers(-5, 50), st.text(max_size=3), st.booleans(), st.floats(), st.lists(st.integers(), max_size=2))
source = st.dictionaries(st.sampled_from(["line", "page", "file", "x"]), st.one_of(st.integers(), st.text(max_size=3)))
cell = st.one_of(value, st.fixed_dictionaries({"value": value}, optional={"source": st.one_of(st.none(), source)}))
rows = st.dictionaries(st.sampled_from(ROWS), st.dictionaries(st.sampled_from(COLUMNS), cell, max_size=8), max_size=12)
report = st.fixed_dictionaries(
    {
        "metadata": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"body": st.text(max_size=3), "year": st.one_of(st.integers(1990, 2040), st.text(max_size=2))},
                optional={"template": st.sampled_from(["gb2019", "gb2021", "x"])},
            ),
        ),
        "tables": st.one_of(st.lists(st.integers()), st.fixed_dictionaries({}, optional={"table3": st.fixed_dictionaries({"rows": rows})})),
    },
    optional={"narrative": st.one_of(st.integers(), st.lists(st.fixed_dictionaries(
        {"number": st.text(max_size=2), "heading": st.sampled_from(["总体情况", "x"]), "text": st.text(max_size=30)}), max_size=3))},
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(report)
def test_any_report_json_is_read_checked_and_rendered_or_refused_clearly(data):
    try:
        batch = check_batch([parse_report(data, "f.json")], ruleset())
    except GkauditError as error:
        assert error.file == "f.json" and error.message()
        return
    assert all(error.file == "f.json" and error.message() for error in batch.unreadable)
    json.loads(render_json(batch, "en"))
    render_batch(Console(file=io.StringIO()), batch, "zh")

"""A batch's results on disk read back exactly as they were made; the compact year cells
behave as the mapping they stand for; the JSON written a report at a time is the document."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import pickle
import tracemalloc

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

import gkaudit
from gkaudit.render.csvout import render_csv
from gkaudit.render.jsonout import json_chunks, render_json
from gkaudit.render.sarif import render_sarif, sarif_log
from gkaudit.crossyear import YearFacts, YearKeys, consecutive_pairs
from gkaudit.result_store import FactStore, ResultStore
from gkaudit.results import BatchResult, ReportSummary, YearCells

from .support import FIXTURES, SAMPLES


def _batch() -> BatchResult:
    return gkaudit.check([SAMPLES, FIXTURES / "corpus" / "pingtan-gonganju-2021.html"])


def test_a_batch_keeps_its_results_on_disk_and_reads_them_back_unchanged():
    batch = _batch()
    assert isinstance(batch.reports, ResultStore)
    results = list(batch.reports)
    assert len(results) == len(batch.reports) >= 3
    store = ResultStore()
    for result in results:
        store.append(result)
    assert list(store) == results
    assert store[-1] == results[-1] and store[1:] == results[1:]
    assert [s.path for s in store.summaries()] == [r.path for r in results]
    assert list(store.summaries()) == [r.summary() for r in results]


def test_a_replaced_store_leaves_the_one_it_came_from_as_it_was():
    batch = _batch()
    before = list(batch.reports)
    worst = batch.triage_order()[0]
    cleaned = dataclasses.replace(before[worst], findings=())
    changed = batch.with_changed([(worst, cleaned)])
    assert list(batch.reports) == before
    assert changed.reports[worst] == cleaned and changed.summaries()[worst].errors == 0
    assert [r for i, r in enumerate(changed.reports) if i != worst] == [r for i, r in enumerate(before) if i != worst]
    assert changed.triage_order()[-1] == worst or changed.summaries()[changed.triage_order()[-1]].errors == 0


@given(st.lists(st.tuples(st.sampled_from("abc"), *[st.integers(0, 2)] * 4), max_size=30))
def test_the_triage_order_is_by_errors_warnings_not_assessable_then_path(counts):
    store = ResultStore()
    summaries = [ReportSummary(*fields) for fields in counts]
    for summary in summaries:
        store.append_pickled(b"", summary)
    expected = sorted(range(len(summaries)), key=lambda i: (*summaries[i].triage_key(), summaries[i].path))
    batch = BatchResult(store)
    assert list(batch.triage_order()) == expected
    assert [batch.ranks()[index] for index in expected] == list(range(1, len(summaries) + 1))


def test_the_triage_order_is_the_same_from_a_store_as_from_results_in_memory():
    batch = _batch()
    in_memory = dataclasses.replace(batch, reports=tuple(batch.reports))
    assert batch.ranks() == in_memory.ranks()
    assert sorted(batch.ranks()) == list(range(1, len(batch.reports) + 1))
    worst = [r.counts()["errors"] for r in batch.worst_first()]
    assert worst == sorted(worst, reverse=True)
    assert batch.failed({"error"}) and in_memory.failed({"error"})
    assert not dataclasses.replace(batch, reports=()).failed({"error", "warning"})


_keys = st.tuples(st.sampled_from(["table2", "table3", "table4"]), st.text("abc_", min_size=1, max_size=6),
                  st.text("xyz_", min_size=1, max_size=6))
_values = st.one_of(st.none(), st.integers(-10**15, 10**15), st.text(max_size=5))
_sources = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_keys, st.tuples(_values, _sources), max_size=30), st.text(max_size=20))
def test_year_cells_are_the_mapping_they_were_made_from(cells, path):
    # sources usually share the file's path: the part kept once
    cells = {key: (value, path + source) for key, (value, source) in cells.items()}
    compact = YearCells((key, value, source) for key, (value, source) in cells.items())
    assert dict(compact) == cells and len(compact) == len(cells)
    assert list(compact) == sorted(cells)
    for key, (value, _) in cells.items():
        assert key in compact and compact.value(key) == value
    assert ("table9", "no", "such") not in compact
    restored = pickle.loads(pickle.dumps(compact))
    assert restored == compact and dict(restored) == cells


def test_reports_giving_the_same_cells_share_one_copy_of_their_keys():
    made = [YearCells([(("table3", "granted", "total"), n, f"r{n}.json:{n}:6")]) for n in range(3)]
    restored = [pickle.loads(pickle.dumps(cells)) for cells in made]
    assert len({id(cells._keys) for cells in made + restored}) == 1
    assert [cells[("table3", "granted", "total")] for cells in restored] == [(n, f"r{n}.json:{n}:6") for n in range(3)]


def test_the_json_written_a_report_at_a_time_is_one_document_indented_by_two():
    for batch in (_batch(), BatchResult(())):
        text = render_json(batch, "zh")
        document = json.loads(text)
        assert text == orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
        assert len(document["reports"]) == len(batch.reports)
        assert [r["rank"] for r in document["reports"]] == list(batch.ranks())
        assert len(list(json_chunks(batch, "zh"))) == len(batch.reports) + 1


def test_the_csv_written_a_report_at_a_time_has_every_finding_once_in_report_order():
    batch = _batch()
    rows = list(csv.reader(io.StringIO(render_csv(batch, "en").removeprefix("\ufeff"))))
    findings = [(r.path, f.rule) for r in batch.reports for f in r.findings]
    assert len(rows) == 1 + len(findings)
    column = {name: i for i, name in enumerate(rows[0])}
    assert [(row[column["report file"]], row[column["rule"]]) for row in rows[1:]] == findings


def test_a_batch_holds_its_results_out_of_memory(tmp_path):
    # the seed's result is heavy (133 blank cells, each labelled in its finding): held in
    # memory, 120 of them keep megabytes; on disk, only summaries and year facts stay
    seed = SAMPLES / "kangqiao-2020.json"
    for i in range(120):
        (tmp_path / f"r{i:03}.json").write_text(seed.read_text(encoding="utf-8").replace("康桥街道", f"康桥街道{i}"),
                                                 encoding="utf-8")
    from gkaudit.pipeline import run
    from gkaudit.rules.catalog import load_ruleset

    ruleset = load_ruleset()
    run([tmp_path / "r000.json"], ruleset)  # caches warmed: what stays after is the batch's own
    batch = run([tmp_path], ruleset)
    one = len(pickle.dumps(batch.reports[0]))
    assert len(batch.reports) == 120 and one > 20_000
    tracemalloc.start()
    batch = run([tmp_path], ruleset)  # caches (bounded) now hold these reports' texts already
    with_batch, _ = tracemalloc.get_traced_memory()
    del batch
    kept = with_batch - tracemalloc.get_traced_memory()[0]  # what dropping the batch frees
    tracemalloc.stop()
    assert kept < 120 * 2_000, f"{kept / 120:.0f} bytes kept a report; a result pickles to {one}"


def test_a_batch_keeps_its_year_facts_on_disk_and_their_pairing_keys_in_memory():
    from gkaudit.templates import Layout

    names = [("淮安市洪泽区人民政府", 2022), ("洪泽区人民政府", 2023), ("康桥街道", 2020), ("康桥街道", 2021), ("康桥街道", 2023)]
    facts = [YearFacts(f"r{i}.json", body, year, Layout.uniform("gb2021"), YearCells([(("table3", "carried", "total"), i, f"r{i}.json:9")]))
             for i, (body, year) in enumerate(names)]
    store = FactStore()
    for item in facts[:3]:
        store.append(item)
    longer = store.extended(facts[3:])
    assert list(store) == facts[:3] and list(longer) == facts and longer[-1].layout is longer[0].layout
    assert len(store.keys) == 3 and len(longer.keys) == 5
    assert sorted(consecutive_pairs(longer.keys)) == sorted(consecutive_pairs(YearKeys.of(facts))) == [(0, 1), (2, 3)]
    assert longer.keys.names.count("康桥街道") == 1  # a body's name once, whatever its years


def test_pairs_give_each_later_report_its_earlier_ones():
    from gkaudit.templates import Layout

    names = [("康桥街道", 2020), ("康桥街道", 2021), ("康桥街道", 2022), ("洪泽区人民政府", 2021), ("淮安市洪泽区人民政府", 2020),
             ("康桥街道", 2020)]
    pairs = consecutive_pairs(YearKeys.of(YearFacts(f"r{i}.json", body, year, Layout.uniform("gb2021"), YearCells())
                                          for i, (body, year) in enumerate(names)))
    assert list(pairs.by_later()) == [(1, [0, 5]), (2, [1]), (3, [4])]
    assert pairs.earlier_of(1) == [0, 5] and pairs.earlier_of(3) == [4] and pairs.earlier_of(0) == [] == pairs.earlier_of(5)


def test_summaries_kept_as_columns_read_back_as_they_were():
    batch = _batch()
    store = ResultStore()
    for result in batch.reports:
        store.append(result)
    assert list(store.summaries()) == [r.summary() for r in batch.reports]
    assert store.summaries()[1:] == [r.summary() for r in batch.reports][1:]


def test_the_sarif_written_a_result_at_a_time_is_the_log():
    for batch in (_batch(), BatchResult(())):
        text = render_sarif(batch, "zh")
        assert text == json.dumps(sarif_log(batch, "zh"), ensure_ascii=False, indent=2) + "\n"
        assert len(json.loads(text)["runs"][0]["results"]) == sum(len(r.findings) for r in batch.reports)

"""Consecutive years of one body, checked against each other within a batch."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from gkaudit.crossyear import YearFacts, YearKeys, consecutive_pairs, same_body
from gkaudit.readers import read_report
from gkaudit.results import YearCells

from .support import FIXTURES, audit, build_report, failing, zero_cells

CORPUS = FIXTURES / "corpus"


def test_same_body_written_with_or_without_its_city():
    assert same_body("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert not same_body("洪泽区人民政府", "淮安市人民政府")
    assert not same_body("", "淮安市人民政府")


def test_hongze_2023_and_2024_connect():
    # README: 现行有效 5 (2023) + 3 − 0 = 8 (2024); 结转 0 → 上年结转 0
    later = audit(read_report(CORPUS / "hongze-2024.pdf"), previous=read_report(CORPUS / "hongze-2023.pdf"))
    assert not [f for f in failing(later) if f.rule.startswith("XYEAR.")]


def test_a_carried_forward_figure_that_never_reappears_is_reported():
    before = zero_cells("gb2021")
    before[("table3", "carried_forward", "natural_person")] = before[("table3", "carried_forward", "total")] = 2
    before[("table3", "new_requests", "natural_person")] = before[("table3", "new_requests", "total")] = 2
    later = audit(build_report(zero_cells("gb2021"), "gb2021", year=2023), previous=build_report(before, "gb2021", year=2022))
    findings = failing(later, "XYEAR.CARRIED")
    assert sorted(dict(f.scope)["column"] for f in findings) == ["natural_person", "total"]
    assert all((f.reported, f.computed) == (0, 2) for f in findings)
    assert "2022 年度报告" in findings[0].message.zh


def test_the_cli_pairs_reports_in_one_batch():
    result = subprocess.run(
        [sys.executable, "-m", "gkaudit", "check", "--format", "json", "--select", "XYEAR",
         str(CORPUS / "hongze-2023.pdf"), str(CORPUS / "hongze-2024.pdf")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0
    assert all(r["findings"] == [] for r in json.loads(result.stdout)["reports"])


def _brute_force_pairs(batch):
    matching = [(i, j) for i, e in enumerate(batch) for j, l in enumerate(batch) if i != j
                and l.year == e.year + 1 and same_body(e.body, l.body)]

    def one_body(bodies):
        return len(set(bodies)) == 1

    # a spelling matching several bodies pairs only with its own
    return [(i, j) for i, j in matching if batch[i].body == batch[j].body
            or (one_body(batch[b].body for a, b in matching if a == i) and one_body(batch[a].body for a, b in matching if b == j))]


def test_a_bare_name_that_ends_several_bodies_pairs_with_none_of_them():
    from gkaudit.templates import Layout

    names = [("市场监督管理局", 2022), ("洪泽区市场监督管理局", 2023), ("淮阴区市场监督管理局", 2023), ("市场监督管理局", 2023),
             ("淮安市洪泽区人民政府", 2022), ("洪泽区人民政府", 2023)]
    batch = [YearFacts(f"r{i}.json", body, year, Layout.uniform("gb2021"), YearCells()) for i, (body, year) in enumerate(names)]
    assert sorted(consecutive_pairs(YearKeys.of(batch))) == [(0, 3), (4, 5)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["洪泽区人民政府", "淮安市洪泽区人民政府", "康桥街道", "市康桥街道", "区政府", "淮安市人民政府",
                                           "市场监督管理局", "洪泽区市场监督管理局", "淮阴区市场监督管理局"]),
                          st.integers(min_value=2019, max_value=2022)), min_size=1, max_size=8))
def test_the_hash_join_pairs_exactly_the_reports_the_pairwise_comparison_did(reports):
    from gkaudit.templates import Layout

    batch = [YearFacts(f"r{i}.json", body, year, Layout.uniform("gb2021"), YearCells()) for i, (body, year) in enumerate(reports)]
    assert sorted(consecutive_pairs(YearKeys.of(batch))) == sorted(_brute_force_pairs(batch))

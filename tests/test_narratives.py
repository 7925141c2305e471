"""The prose rules against sixteen real narratives worked out by hand (benchmarks/narratives.py):
no error on a figure that agrees with the tables or is no table figure, and every figure
that disagrees found."""

from __future__ import annotations

import sys
from decimal import Decimal

import pytest

from tests.support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from narratives import FOLDER, Figure, match, measure, measure_case  # noqa: E402


@pytest.fixture(scope="module")
def outcomes():
    return measure()


def test_no_error_on_a_figure_that_agrees_or_is_no_table_figure(outcomes):
    assert {o.report: [(h.rule, h.stated, h.sentence) for h in o.false_errors] for o in outcomes if o.false_errors} == {}


def test_every_disagreeing_claim_is_found(outcomes):
    missed = {o.report: [f.words for f in o.disagreeing if f not in o.found] for o in outcomes}
    assert {name: words for name, words in missed.items() if words} == {}
    assert sum(len(o.disagreeing) for o in outcomes) == 2  # the README's count: bm-jjf-2023 and pq-haitan-2025


def test_the_blank_of_a_hand_decoded_row_reaches_the_checker_as_printed():
    # pq-haitan-2025 prints 2|0|0|0|0|0|0: the prose's 2 meets the printed total 0, as an error
    (hit,) = measure_case(FOLDER / "pq-haitan-2025.json").hits
    assert (hit.rule, hit.severity, hit.stated) == ("PROSE.RECEIVED", "error", 2)
    assert hit.figure is not None and hit.figure.disagreeing


def test_a_finding_is_matched_by_its_figure_and_the_words_of_its_sentence():
    applications = Figure(Decimal(5), "共收到政府信息公开申请", True)
    letters = Figure(Decimal(5), "信函申请", None)
    sentence = "全年我局共收到政府信息公开申请5件，其中网络申请2件，信函申请3件。"
    assert match(5, sentence, [letters, applications]) is applications
    assert match(3, sentence, [letters, applications]) is None  # no hand-worked 3
    assert match(5, "主动公开政府信息5条。", [Figure(Decimal(5), "办结", True)]) is None  # nothing shared

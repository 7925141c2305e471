"""The prose rules against sixteen real narratives worked out by hand (benchmarks/narratives.py):
no error on a figure that agrees with the tables or is no table figure, and every figure
that disagrees found."""

from __future__ import annotations

import sys
from decimal import Decimal

import pytest

from tests.support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from narratives import FOLDER, Figure, changed, match, measure, measure_case, measure_changes  # noqa: E402


@pytest.fixture(scope="module")
def outcomes():
    return measure()


@pytest.fixture(scope="module")
def changes():
    return [c for path in sorted(FOLDER.glob("*.json")) for c in measure_changes(path)]


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


def test_a_look_alike_printed_otherwise_is_still_no_error(changes):
    # each not_claim one higher: it states no table cell, so no figure of it may become an error
    looks = [c for c in changes if c.figure.agrees is None]
    assert len(looks) > 70
    assert [(c.report, c.figure.words) for c in looks if c.false_error] == []


def test_a_claim_printed_otherwise_is_reported(changes):
    claims = [c for c in changes if c.figure.agrees is not None]
    assert len(claims) > 25
    unread = sorted((c.report, c.figure.words) for c in claims if not c.reported)
    # the one left: the amount in 元 where the 2019 template's 采购总金额 is in 万元 (and this 表二 prints 元)
    assert unread == [("bm-gwh-2019", "采购信息涉及金额")]


def test_a_figure_is_changed_where_the_narrative_prints_it():
    case = {"narrative": [{"heading": "一、总体情况", "text": "主动公开信息7条。收到政府信息公开申请7件，办结7件。"}]}
    edited = changed(case, Figure(Decimal(7), "收到政府信息公开申请", True, "一、总体情况"))
    assert edited["narrative"][0]["text"] == "主动公开信息7条。收到政府信息公开申请8件，办结7件。"
    assert changed(case, Figure(Decimal(0), "没有申请行政复议", True, "一、总体情况")) is None  # a zero in words


def test_a_real_total_column_printed_as_zeros_is_one_cause_with_each_value(tmp_path):
    # pq-haitan-2025 prints 0 throughout 表三's 总计 column; its hand-worked notes list four rows
    import json

    from narratives import report_json

    from gkaudit.api import check

    path = tmp_path / "haitan.json"
    path.write_text(json.dumps(report_json(json.loads((FOLDER / "pq-haitan-2025.json").read_text(encoding="utf-8"))),
                               ensure_ascii=False), encoding="utf-8")
    (cause,) = check([path]).reports[0].causes
    assert cause.unique and cause.explanations[0].hypotheses == ("totals_not_filled",)
    assert {(c.cell.row, c.proposed) for c in cause.explanations[0].changes} == {
        ("new_requests", 2), ("partially_granted", 1), ("unavailable_not_held", 1), ("total_outcomes", 2)}

"""Golden test of the real sample: the seed's known errors, from its JSON and its text."""

from __future__ import annotations

import pytest

from gkaudit.readers import read_report

from .support import SAMPLES, SEED_TEXT, audit, failing


def facts(result) -> list[tuple]:
    """What a finding asserts, independent of wording: rule, scope, figures, cells."""
    return sorted(
        (f.rule, f.severity, f.status, tuple(f.scope), str(f.reported), str(f.computed),
         tuple((c.table, c.row, c.column, c.role) for c in f.cells))
        for f in result.findings
    )


@pytest.fixture(scope="module")
def seed_json():
    return audit(read_report(SAMPLES / "kangqiao-2020.json"))


def test_total_column_total_reads_0_while_outcomes_sum_to_3(seed_json):
    (finding,) = [f for f in failing(seed_json, "T3.TOTAL") if dict(f.scope)["column"] == "total"]
    assert finding.severity == "error"
    assert (finding.reported, finding.computed) == (0, 3)
    assert finding.arithmetic.zh == "1 + 1 + 1 = 3 ≠ 0"
    primary = finding.primary
    assert (primary.row, primary.column, primary.value) == ("total_outcomes", "total", 0)
    assert (primary.source, primary.origin) == ("sample_reports/kangqiao-2020.json:1222:6", "kangqiao-2020.txt:337")
    assert primary.label("zh") == "表三 · （七）总计 × 总计"


def test_natural_person_total_is_blank_while_outcomes_sum_to_3(seed_json):
    (finding,) = [f for f in failing(seed_json, "T3.TOTAL") if dict(f.scope)["column"] == "natural_person"]
    assert finding.reported is None and finding.computed == 3
    assert finding.arithmetic.zh == "1 + 1 + 1 = 3 ≠ (空)"
    assert finding.primary.value is None


def test_identity_fails_in_the_total_column(seed_json):
    (finding,) = [f for f in failing(seed_json, "T3.IDENTITY") if dict(f.scope)["column"] == "total"]
    assert finding.arithmetic.zh == "5 + 0 ≠ 0 + 2（左边之和为 5，右边之和为 2）"
    assert (finding.reported, finding.computed) == (5, 2)


def test_exactly_the_known_errors_and_the_blank_warning(seed_json):
    errors = sorted((f.rule, dict(f.scope).get("column")) for f in failing(seed_json) if f.severity == "error")
    assert errors == [
        ("T3.IDENTITY", "natural_person"), ("T3.IDENTITY", "total"),
        ("T3.TOTAL", "natural_person"), ("T3.TOTAL", "total"),
    ]
    (blank,) = failing(seed_json, "TABLE.BLANK")
    assert blank.severity == "warning" and len(blank.cells) == 133
    assert all(c.table == "table3" and c.value is None for c in blank.cells)


def test_the_text_dump_gives_the_same_findings_as_the_json(seed_json):
    from_text = audit(read_report(SEED_TEXT))
    assert facts(from_text) == facts(seed_json)
    # the JSON was extracted from the text: each cell's origin there is the text's own place
    assert [f.primary.source for f in from_text.findings if f.primary] == \
        [f"tests/fixtures/{f.primary.origin}" for f in seed_json.findings if f.primary]


def test_the_corrected_sample_has_no_error():
    result = audit(read_report(SAMPLES / "kangqiao-2020-corrected.json"))
    assert [f for f in failing(result) if f.severity == "error"] == []


def test_the_gb2021_sample_is_clean():
    result = audit(read_report(SAMPLES / "example-gb2021-clean.json"))
    assert not result.findings
    assert dict(result.layout)["table3"] == "gb2021"

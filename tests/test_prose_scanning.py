"""The narrative's number scanning was made linear (a number starts only where a run of
figures starts; brackets removed in one pass); these properties show it finds exactly what
the plain expressions found."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gkaudit.prose import NUMBER, _without_brackets

# the plain expression, with the rules the scanning keeps on purpose: a figure never starts inside
# another — after a digit, a decimal point (a fraction's digits: ".11件" holds no count) or a
# digit's thousands comma — but does after a full-width comma (收到申请，12件)
PLAIN_NUMBER = r"(?P<n>(?<![\d.])(?<!\d,)\d[\d,]*(?:\.\d+)?万?|[零〇一二两三四五六七八九十百千万]+)"
text = st.text(alphabet="12,.万一十两件条其中x(（)）", max_size=40)


@given(text)
def test_numbers_before_a_unit_are_the_ones_the_plain_expression_finds(sample):
    def found(number: str) -> list[tuple[int, str]]:
        return [(m.start(), m.group()) for m in re.finditer(rf"{number}(?P<unit>件|条)", sample)]

    assert found(NUMBER) == found(PLAIN_NUMBER)


@given(text)
def test_brackets_are_removed_as_the_plain_expression_removed_them(sample):
    normal = unicodedata.normalize("NFKC", sample)
    assert _without_brackets(normal) == re.sub(r"[（(][^）)]*[）)]", "", normal)


def test_a_figure_after_a_comma_is_read():
    # NFKC turns the full-width "，" into ","; only a comma inside a figure (1,234) continues one
    assert [m.group() for m in re.finditer(rf"{NUMBER}件", "收到申请,12件,其中1,234件")] == ["12件", "1,234件"]


def test_a_long_run_of_digits_with_no_unit_still_finds_the_parts_after_it():
    sample = "1" * 60_000 + "x共5件,其中3件"
    amounts = [m.group() for m in re.finditer(rf"{NUMBER}件", sample)]
    assert amounts == ["5件", "3件"]


def test_a_narrative_figure_beyond_the_digit_limit_is_not_read_as_a_figure():
    from gkaudit.prose import parse_number

    assert parse_number("1" * 5_000) is None
    assert parse_number("1,234") == 1234


def test_parts_of_20000_digits_are_checked_without_a_crash(tmp_path):
    import json

    from gkaudit.api import check
    from tests.support import SEED_JSON

    report = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    report["narrative"][1]["text"] = f"共发布信息5条，其中{'1' * 20_000}条、{'2' * 20_000}条。"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    assert check([path]).reports

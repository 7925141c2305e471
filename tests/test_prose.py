"""The narrative against the tables and the template."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gkaudit.prose import parse_number
from gkaudit.readers import read_report

from .support import FIXTURES, SAMPLES, SEED_TEXT, audit, failing

CORPUS = FIXTURES / "corpus"


@pytest.mark.parametrize(
    ("text", "value"),
    [("5", 5), ("１２", 12), ("1,234", 1234), ("1.2万", 12000), ("五", 5), ("十二", 12), ("两", 2),
     ("一百零三", 103), ("二十", 20), ("一千二百", 1200), ("三万五千", 35000)],
)
def test_numbers_as_prose_writes_them(text, value):
    assert parse_number(text) == Decimal(value)


def prose(result, severity: str | None = None):
    return [f for f in failing(result) if f.rule.startswith("PROSE.") and (severity is None or f.severity == severity)]


def test_the_seed_prose_agrees_with_its_tables_and_its_numbering_is_reported():
    result = audit(read_report(SAMPLES / "kangqiao-2020.json"))
    assert prose(result, "error") == []
    (numbering,) = failing(result, "PROSE.NUMBERING")
    assert "“2、”，应为“二、”" in numbering.message.zh
    assert numbering.location == "kangqiao-2020.txt:12"


def test_one_edited_figure_gives_exactly_one_claim_error(tmp_path):
    edited = tmp_path / "kangqiao-2020.txt"
    edited.write_text(SEED_TEXT.read_text(encoding="utf-8").replace("从办理结果看，予以公开1件", "从办理结果看，予以公开2件"), encoding="utf-8")
    result = audit(read_report(edited))
    (error,) = prose(result, "error")
    assert error.rule == "PROSE.GRANTED"
    assert "予以公开2件" in error.message.zh and "表三 · （一）予以公开 × 总计为 1" in error.message.zh
    assert (error.reported, error.computed) == (2, 1)
    assert error.location == "kangqiao-2020.txt:7"
    assert [(c.row, c.column) for c in error.cells] == [("granted", "total")]


def test_chinese_numerals_and_a_second_claim(tmp_path):
    edited = tmp_path / "kangqiao-2020.txt"
    edited.write_text(SEED_TEXT.read_text(encoding="utf-8").replace("结转下年度办理2件", "结转下年度办理三件"), encoding="utf-8")
    (error,) = prose(audit(read_report(edited)), "error")
    assert error.rule == "PROSE.CARRIED_FORWARD" and (error.reported, error.computed) == (3, 2)


def test_corpus_prose_findings_without_false_errors():
    results = {p.name: audit(read_report(p)) for p in sorted(CORPUS.iterdir()) if p.name != "README.md"}
    assert {name: [f.message.zh for f in prose(r, "error")] for name, r in results.items() if prose(r, "error")} == {}
    # hongze-2024: "区政府办…受理政府信息公开申请 17 件" against 95 — a sub-unit's figure
    (scope,) = failing(results["hongze-2024.pdf"], "PROSE.SCOPE")
    assert (scope.reported, scope.computed) == (17, 95) and "区政府办" in scope.message.zh
    # shuyang-county-2025: 749 / 741 count the 36 carried-over requests too
    readings = sorted((f.reported, f.computed) for f in failing(results["shuyang-county-2025.txt"], "PROSE.SCOPE"))
    assert readings == [(741, 705), (749, 713)]
    # shanghai-stcsm-2024: "所有申请均已按要求办理完成" while one is carried forward
    assert failing(results["shanghai-stcsm-2024.md"], "PROSE.ALL_DECIDED")
    # shanghai-stcsm-2024: "2139 条，其中 1744 + 393 + 21 + 2 条" — and nowhere else in the corpus
    parts = {name: [f.message.zh for f in failing(r, "PROSE.PARTS")] for name, r in results.items() if failing(r, "PROSE.PARTS")}
    assert list(parts) == ["shanghai-stcsm-2024.md"] and "1744 + 393 + 21 + 2 = 2160 > 2139" in parts["shanghai-stcsm-2024.md"][0]
    # pingtan-jinjing-2019: a four-month statistics period, and 国办函〔2020〕109号 cited in a report signed 2020-01-06
    assert failing(results["pingtan-jinjing-2019.html"], "PROSE.PERIOD")
    citations = {name for name, r in results.items() if failing(r, "PROSE.CITATION")}
    assert citations == {"pingtan-jinjing-2019.html"}
    # pingtan-ziranziyuan-2020: section 五 plans for 2020 in a 2020 report
    assert failing(results["pingtan-ziranziyuan-2020.html"], "PROSE.YEAR")
    # headings that differ from the official wording
    assert failing(results["shuyang-fgj-2023.html"], "PROSE.HEADING")
    assert failing(results["pingtan-shehuishiye-2023.html"], "PROSE.HEADING")
    # 2021 format: section 六 must report information-processing fees
    assert failing(results["shuyang-fgj-2023.html"], "PROSE.FEES")
    assert not failing(results["pingtan-jinjing-2023.html"], "PROSE.FEES")  # it cites 国办函〔2020〕109号


def test_a_metadata_year_the_title_contradicts_is_an_error_naming_both_years(tmp_path):
    import json
    import subprocess
    import sys

    document = json.loads((SAMPLES / "kangqiao-2020.json").read_text(encoding="utf-8"))
    document["metadata"]["year"] = 2015
    path = tmp_path / "kangqiao-2015.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "gkaudit", "check", str(path), "--format", "json", "--lang", "en"],
                            capture_output=True, text=True, check=False)
    (finding,) = [f for f in json.loads(result.stdout)["reports"][0]["findings"] if f["rule"] == "META.YEAR"]
    assert finding["severity"] == "error" and "2015" in finding["message"] and "2020" in finding["message"]

"""The narrative against the tables and the template."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkaudit.model import Cell, NarrativeSection
from gkaudit.prose import parse_number
from gkaudit.readers import read_report

from .support import FIXTURES, SAMPLES, SEED_TEXT, audit, build_report, failing, zero_cells

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
    # the heading's place in the report JSON, and in the Word text it was extracted from
    assert (numbering.place, numbering.original_place) == ("sample_reports/kangqiao-2020.json:44:16", "kangqiao-2020.txt:12")


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


# Each misreading below once gave an error on a correct report; the sentences are the reports' own
# where a real report was at hand (the corpus, tests/fixtures/narratives), else in the form seen.

def prose_of(text: str, cells: dict, template: str = "gb2021", section: tuple[str, str] = ("一", "总体情况")):
    values = zero_cells(template)
    values.update(cells)
    report = build_report(values, template, declared=template)
    report.narrative = [NarrativeSection(*section, text)]
    return audit(report)


def figures(result, severity: str | None = None):
    """Findings on a stated figure (claims, scope, parts), not on the sections."""
    return [f for f in prose(result, severity) if f.reported is not None]


T3_APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")


def test_granted_and_partly_granted_stated_as_one_figure_is_their_sum_not_partly_granted():
    # shanghai-office-2025: the Markdown loses the （二）部分公开 row, which the PDF prints as 2 (206 + 2 = 208)
    report = read_report(CORPUS / "shanghai-office-2025.md")
    report.tables["table3"].rows["partially_granted"] = {c: Cell(v) for c, v in zip(T3_APPLICANTS, (2, 0, 0, 0, 0, 0, 2))}
    assert "予以公开及部分公开208件" in re.sub(r"\s", "", "".join(s.text for s in report.narrative))
    assert figures(audit(report), "error") == []
    report.tables["table3"].rows["partially_granted"]["total"] = Cell(3)
    (error,) = figures(audit(report), "error")
    assert error.rule == "PROSE.DISCLOSED" and (error.reported, error.computed) == (208, 209)


def test_a_sentence_with_its_parts_sums_only_the_parts_it_lists():
    # bm-jtj-2021: the 45 items are counted within the 89 (78.9% of the 57 licences), not beside them
    result = prose_of("在省网绑定并发布的事项共有89项，其中行政许可57项，实现“一趟不用跑”的有45项，占比78.9%；", {})
    assert failing(result, "PROSE.PARTS") == []
    # applicants are the parts of the total; what follows them (办结, 予以公开) is another statement
    cells = {("table3", "new_requests", "total"): 10, ("table3", "new_requests", "natural_person"): 8,
             ("table3", "new_requests", "commercial"): 2, ("table3", "total_outcomes", "total"): 10,
             ("table3", "granted", "total"): 6, ("table3", "partially_granted", "total"): 2}
    text = "全年收到政府信息公开申请10件，其中自然人8件，商业企业2件，办结10件，予以公开6件，部分公开2件。"
    result = prose_of(text, cells)
    assert failing(result, "PROSE.PARTS") == [] and figures(result, "error") == []
    # parts of one breakdown that add up to more than the total are still a warning
    (parts,) = failing(prose_of(text.replace("商业企业2件", "商业企业3件"), cells), "PROSE.PARTS")
    assert "8 + 3 = 11 > 10" in parts.message.zh


def test_judgments_of_one_instance_are_not_the_lawsuits_of_table_4():
    cells = {("table4", "litigation_direct", "upheld"): 2, ("table4", "litigation_direct", "pending"): 1,
             ("table4", "litigation_direct", "total"): 3}
    for text in ("发生政府信息公开行政诉讼案件3件，一审审结行政诉讼案件2件。", "本年度行政诉讼立案3件，一审审结行政诉讼2件。",
                 "行政诉讼立案3件，审结的行政诉讼案件2件。"):
        result = prose_of(text, cells, section=("四", "政府信息公开行政复议、行政诉讼情况"))
        assert figures(result, "error") == [] and figures(result, "warning") == [], text
    (error,) = figures(prose_of("发生政府信息公开行政诉讼案件4件，一审审结行政诉讼案件2件。", cells), "error")
    assert error.rule == "PROSE.LITIGATION" and (error.reported, error.computed) == (4, 3)


def test_documents_in_force_are_compared_with_in_force_not_with_issued():
    cells = {("table2", "normative_documents", "issued"): 5, ("table2", "normative_documents", "in_force"): 16}
    # bm-hzs-2023's own sentences, and the shorter form
    for text in ("全面梳理了我局现行有效的规范性文件16件，在“行政规范性文件”栏目下公开。2023年，我局制定规范性文件5件。",
                 "我局现行有效行政规范性文件16件，本年度制发5件。"):
        result = prose_of(text, cells)
        assert figures(result, "error") == [] and figures(result, "warning") == [], text
    (error,) = figures(prose_of("我局现行有效行政规范性文件17件，本年度制发5件。", cells), "error")
    assert error.rule == "PROSE.NORMATIVE_IN_FORCE" and (error.reported, error.computed) == (17, 16)


def test_a_blank_total_column_is_read_as_the_sum_of_the_applicant_columns():
    # pq-haitan-2025 prints 2|0|0|0|0|0|0; with the 总计 column left blank the prose's 2 is the applicants' 2
    sentence = "全年共受理政府信息公开申请2件，按时办结率100%。"
    blank = {("table3", "new_requests", "natural_person"): 2, ("table3", "new_requests", "total"): None}
    assert figures(prose_of(sentence, blank)) == []
    (error,) = figures(prose_of(sentence.replace("2件", "3件"), blank), "error")
    assert (error.rule, error.reported, error.computed) == ("PROSE.RECEIVED", 3, 2)
    assert "总计栏空白" in error.message.zh and {c.column for c in error.cells} >= {"total", "natural_person"}
    # printed as 0 the total contradicts the prose: the error the hand-worked case expects
    (error,) = figures(prose_of(sentence, {**blank, ("table3", "new_requests", "total"): 0}), "error")
    assert (error.reported, error.computed) == (2, 0)


def test_applications_counted_in_tiao_are_applications():
    # bm-jjf-2023: "共收到政府信息公开申请0条" against 本年新收 3
    result = prose_of("2023年，共收到政府信息公开申请0条。", {("table3", "new_requests", "natural_person"): 3,
                                                         ("table3", "new_requests", "total"): 3},
                      section=("三", "收到和处理政府信息公开申请情况"))
    (error,) = figures(result, "error")
    assert (error.rule, error.reported, error.computed) == ("PROSE.RECEIVED", 0, 3)


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_figures_read_back_with_or_without_separators(n):
    assert parse_number(str(n)) == parse_number(f"{n:,}") == Decimal(n)


def test_a_run_of_flattened_table_digits_is_no_figure():
    # "3000003" per 表三 row run together: far more digits than any report figure has
    assert parse_number("3000003" * 3) is None
    result = prose_of("其中自然人申请" + "3000003" * 700 + "件为新增受理。", {})
    assert figures(result) == []


def test_a_figure_that_fits_another_reading_is_no_error_when_its_warning_is_not_selected():
    # shuyang-county-2025: 749 / 741 include the 36 carried-over requests; --ignore PROSE.SCOPE
    # used to turn those two warnings into errors
    from gkaudit.api import load_rules

    report = read_report(CORPUS / "shuyang-county-2025.txt")
    for rules in (load_rules(ignore=["PROSE.SCOPE"]), load_rules(select=["PROSE.RECEIVED", "PROSE.NATURAL_PERSONS"])):
        assert figures(audit(report, rules)) == []


def test_a_blank_total_is_read_as_its_sum_whichever_rules_are_selected():
    from gkaudit.api import load_rules

    values = zero_cells("gb2021")
    values.update({("table3", "new_requests", "natural_person"): 2, ("table3", "new_requests", "total"): None})
    report = build_report(values, "gb2021", declared="gb2021")
    report.narrative = [NarrativeSection("一", "总体情况", "全年共受理政府信息公开申请2件，按时办结率100%。")]
    assert figures(audit(report, load_rules(select=["PROSE.RECEIVED"]))) == []

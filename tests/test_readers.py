"""Readers: numbers and labels as printed, every format of the seed, and bad documents."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest

from gkaudit.errors import GkauditError
from gkaudit.readers import read_report
from gkaudit.readers.labels import best_match, similarity
from gkaudit.readers.numbers import read_cell

from .renderings import html_document, write_docx
from .support import SEED_TEXT, audit
from .test_seed import facts


@pytest.mark.parametrize(
    ("printed", "value", "text"),
    [
        ("5", 5, None), ("", None, None), ("\u00a00", 0, None), ("0\u00a0", 0, None),
        ("\u3000\u00a0\u00a00 \u00a0", 0, None), ("１２", 12, None), ("1,234", 1234, "1,234"),
        ("-3", -3, None), ("127.047万元", Decimal("127.047"), "127.047万元"), ("—", "—", None),
        ("无", "无", None), ("五", "五", None), ("5件", 5, "5件"),
    ],
)
def test_cells_read_as_the_report_means(printed, value, text):
    reading = read_cell(printed)
    assert reading.value == value and type(reading.value) is type(value)
    assert reading.text == text


def test_yuan_in_a_wan_yuan_cell_is_converted_and_noted():
    reading = read_cell("147230元", unit="万元")
    assert reading.value == Decimal("14.723") and reading.note == "14.723 万元"


@pytest.mark.parametrize(
    ("printed", "official"),
    [
        ("三 、本 年 度办 理 结果", "三、本年度办理结果"),
        ("（二）部分公开（区分处理的，只计这一情 形，不 计其他情形）", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ("(三)不予以公开", "（三）不予公开"),
        ("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ],
)
def test_layout_noise_does_not_change_a_label(printed, official):
    assert similarity(printed, official) == 1.0


def test_a_typo_matches_but_not_with_certainty():
    candidates = [("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"), ("denied_state_secret", "1.属于国家秘密")]
    match = best_match("2.其他法律行政止公开", candidates)
    assert match.key == "denied_prohibited_by_law" and not match.certain


def test_seed_sections_keep_their_printed_numbers():
    report = read_report(SEED_TEXT)
    assert [(s.number, s.heading) for s in report.narrative] == [
        ("一", "总体情况"), ("2", "主动公开政府信息情况"), ("三", "收到和处理政府信息公开申请情况"),
        ("四", "政府信息公开行政复议、行政诉讼情况"), ("五", "存在的主要问题及改进情况"), ("六", "其他需要报告的事项"),
    ]
    assert report.narrative[0].source.line == 4
    assert report.metadata.body == "康桥街道" and report.metadata.year == 2020
    header = report.tables["table2"].rows["regulations"]["newly_made"]
    assert header.source.line == 23  # "本年新" / "制作数量" was one header cell broken over two lines


@pytest.fixture(scope="module")
def seed_facts():
    return facts(audit(read_report(SEED_TEXT)))


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "flat"])
def test_docx_renderings_of_the_seed_give_the_same_findings(tmp_path, seed_facts, merged):
    path = tmp_path / "seed.docx"
    write_docx(path, merged)
    result = audit(read_report(path))
    assert facts(result) == seed_facts
    total = next(f for f in result.findings if f.rule == "T3.TOTAL" and dict(f.scope)["column"] == "total")
    assert total.primary.source.startswith(f"{tmp_path / 'seed.docx'} · table ")


@pytest.mark.parametrize(
    ("merged", "encoding"), [(True, "gb18030"), (False, "utf-8"), (True, "utf-8-sig")], ids=["merged-gbk", "flat-utf8", "merged-bom"]
)
def test_html_renderings_of_the_seed_give_the_same_findings(tmp_path, seed_facts, merged, encoding):
    path = tmp_path / "seed.html"
    path.write_bytes(html_document(merged).encode(encoding))
    assert facts(audit(read_report(path))) == seed_facts


def test_word_text_in_gb18030_reads_the_same(tmp_path, seed_facts):
    path = tmp_path / "kangqiao-2020.txt"
    path.write_bytes(SEED_TEXT.read_text(encoding="utf-8").encode("gb18030"))
    assert facts(audit(read_report(path))) == seed_facts


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.docx", b"", "the file is empty"),
        ("cut.docx", None, "truncated"),
        ("cut.pdf", b"%PDF-1.7\n1 0 obj<</Type/Catalog", "not a readable PDF"),
        ("scan.pdf", _BLANK_PDF, "no text layer"),
        ("bomb.docx", _zip({"word/document.xml": b"0" * 20_000_000}), "refused"),
        ("other.zip", _zip({"a.txt": b"x"}), "not a Word document"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old binary Word"),
        ("page.html", b"<html><body><p>2023\xe5\xb9\xb4</p><table><tr><td>a</td></tr></table></body></html>", "no table"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a report: a PNG image"),
    ],
)
def test_bad_documents_give_a_clear_error(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is None:
        write_docx(path, True)
        content = path.read_bytes()[:3000]
    path.write_bytes(content)
    with pytest.raises(GkauditError) as caught:
        read_report(path)
    assert expected in caught.value.message()
    assert name in caught.value.message()


def test_an_extra_legal_person_subtotal_column_is_recognised_and_left_out(tmp_path):
    # a Markdown 表三 with a 小计 column after 自然人: every row's subtotal is the sum of the five
    rows = [
        ("一、本年新收政府信息公开申请数量", [5, 3, 1, 2, 0, 0, 0, 8]),
        ("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0, 0]),
        ("（一）予以公开", [2, 2, 1, 1, 0, 0, 0, 4]),
        ("（七）总计", [2, 2, 1, 1, 0, 0, 0, 4]),
        ("四、结转下年度继续办理", [3, 1, 0, 1, 0, 0, 0, 4]),
    ]
    table = "| 项目 | 自然人 | 小计 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|---|\n"
    table += "".join(f"| {label} | " + " | ".join(map(str, values)) + " |\n" for label, values in rows)
    path = tmp_path / "subtotal.md"
    path.write_text("测试局2023年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n" + table + "\n|a|b|\n|---|---|\n", encoding="utf-8")
    report = read_report(path)
    new = report.tables["table3"].rows["new_requests"]
    assert (new["natural_person"].value, new["commercial"].value, new["research"].value, new["total"].value) == (5, 1, 2, 8)
    assert any(n.printed == "法人或其他组织（小计）列" for n in report.notes)
    assert not any("小计" in n.printed for n in read_report(SEED_TEXT).notes)


def test_a_figure_split_over_two_cells_is_rejoined_only_when_the_row_adds_up(tmp_path):
    table = "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n"
    table += "| 一、本年新收政府信息公开申请数量 | 30 | 01 | 53 | 0 | 0 | 61 | 4 | 3119 |\n"  # 3001 printed as "30" | "01"
    table += "| 二、上年结转政府信息公开申请数量 | 3 | 4 | 0 | 0 | 0 | 0 | 0 | 0 |\n"  # joins nowhere: left unplaced
    path = tmp_path / "split.md"
    path.write_text("测试市2024年政府信息公开工作年度报告\n\n" + table + "\n|a|b|\n|---|---|\n", encoding="utf-8")
    report = read_report(path)
    new = report.tables["table3"].rows["new_requests"]
    assert (new["natural_person"].value, new["commercial"].value, new["total"].value) == (3001, 53, 3119)
    assert [(n.kind, n.printed, n.official) for n in report.notes if n.kind == "split"] == [("split", "30 | 01", "3001")]
    assert "carried_over" not in report.tables["table3"].rows

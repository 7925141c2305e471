"""The triage page: one self-contained HTML file, opened in headless Chromium as a reviewer
would — every report listed, sorting and filtering, a drill-down with the marked cell, the
English toggle, no request beyond the file itself, and the decisions a reviewer records
in the page downloaded in the format `check --decisions` applies."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import gkaudit
from gkaudit.decisions import load_decisions
from gkaudit.render.html import WORDS, page_data, quoted_sentence, render_html
from gkaudit.render.triage import DIAGNOSES, diagnosis_of
from tests.support import ROOT, SEED_TEXT, audit, build_report, zero_cells

sys.path.insert(0, str(ROOT / "benchmarks"))

from mixed_batch import build  # noqa: E402

CHROMIUM = shutil.which("chromium")
TOTAL_IS_ZERO = "b22b73a3aa70c6c9"  # the seed's T3.TOTAL: （七）总计 × 总计 reads 0, its rows add up to 3
GONE = "0123456789abcdef"  # a decision on the seed whose finding no run gives
browser_only = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)")


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    """The seed, every corpus document, generated reports with planted errors, a README,
    an image and a truncated PDF; and a decisions file confirming one seed finding."""
    root = tmp_path_factory.mktemp("triage")
    build(root / "batch", 12, copies=1, seed=5, planted=4)
    shutil.copy(SEED_TEXT, root / "batch" / SEED_TEXT.name)
    (root / "decisions.yaml").write_text(yaml.safe_dump({"decisions": [
        {"fingerprint": TOTAL_IS_ZERO, "verdict": "confirmed", "why": "已电话核实", "author": "王审核", "date": "2026-11-30",
         "rule": "T3.TOTAL", "body": "康桥街道", "year": 2020},
        {"fingerprint": GONE, "verdict": "dismissed", "why": "口径不同", "author": "王审核", "date": "2026-11-30",
         "rule": "T3.IDENTITY", "body": "康桥街道", "year": 2020},
    ]}, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def batch(batch_dir: Path) -> gkaudit.results.BatchResult:
    return gkaudit.check([batch_dir / "batch"], decisions=batch_dir / "decisions.yaml")


@pytest.fixture(scope="module")
def page_file(batch, batch_dir: Path) -> Path:
    path = batch_dir / "triage.html"
    path.write_text(render_html(batch), encoding="utf-8")
    return path


def _seed(batch) -> gkaudit.results.ReportResult:
    return next(r for r in batch.reports if r.path.endswith(SEED_TEXT.name))


# ---- the page as text ----------------------------------------------------------------------

def test_every_string_of_the_page_is_in_both_languages():
    assert WORDS["zh"].keys() == WORDS["en"].keys()
    assert all(text.strip() for words in WORDS.values() for text in words.values())


def test_the_page_embeds_every_report_worst_first_and_nothing_from_outside(batch, page_file):
    text = page_file.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="batch-data">(.*?)</script>', text, re.DOTALL).group(1))
    assert sorted(r["path"] for r in data["reports"]) == sorted(r.path for r in batch.reports)
    errors = [r["counts"]["errors"] for r in data["reports"]]
    assert errors == sorted(errors, reverse=True)
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', text)  # no script, style or image fetched
    assert "<link" not in text and "@import" not in text


def test_the_page_opens_in_the_language_asked_for(batch):
    english = render_html(batch, "en")
    assert '<html lang="en">' in english and f"<title>{WORDS['en']['title']}</title>" in english
    assert '<html lang="zh-CN">' in render_html(batch)


def test_a_report_s_own_text_cannot_end_the_data_block():
    report = build_report(zero_cells("gb2021"))
    report.metadata = dataclasses.replace(report.metadata, body="</script><script>alert(1)</script>{{js}}")
    page = render_html(gkaudit.results.BatchResult(reports=(audit(report),)))
    assert page.count("</script>") == 2  # the data block's and the script's
    data = json.loads(page.split('id="batch-data">')[1].split("</script>")[0])
    assert data["reports"][0]["body"] == report.metadata.body


def test_the_drill_down_carries_the_terminal_s_excerpt_arithmetic_and_cause(batch):
    seed = next(r for r in page_data(batch, "zh")["reports"] if r["path"].endswith(SEED_TEXT.name))
    first = seed["findings"][0]
    assert first["rule"] == "T3.TOTAL" and first["where"]["zh"].endswith("kangqiao-2020.txt:331 · 表三 · （七）总计 × 自然人")
    rows = first["excerpt"]["zh"]["rows"]
    assert rows[-1] == {"label": "（七）总计", "cells": [["(空)", "p"]]}
    assert {"elided": 5} in rows and first["arithmetic"]["zh"] == "1 + 1 + 1 = 3 ≠ (空)"
    help_line = first["cause"]["zh"][1]
    assert help_line.startswith("表三 · （七）总计 × 自然人 应为 3（当前为 (空)，") and help_line.endswith("kangqiao-2020.txt:331）")
    assert [f["cause"] for f in seed["findings"][1:4]] == ["same"] * 3  # grouped under the cause, as the terminal does
    assert next(f for f in seed["findings"] if f["fp"] == TOTAL_IS_ZERO)["review"]["verdict"] == "confirmed"


@given(st.text(alphabet=st.characters(blacklist_characters="“”"), min_size=1),
       st.text(alphabet=st.characters(blacklist_characters="“”")), st.text())
def test_the_quoted_sentence_is_read_to_its_matching_quote(inner, before, rest):
    sentence = f"{before}“{inner}”"
    assert quoted_sentence(f"“{sentence}”{rest}") == sentence
    assert quoted_sentence(f"x“{sentence}”") is None


# ---- the page in Chromium ------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture()
def requests() -> list[str]:
    return []


@pytest.fixture()
def page(browser, page_file: Path, requests: list[str]):
    """The page opened from file://, every request recorded and any but the page refused."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 900})
    context.on("request", lambda request: requests.append(request.url))
    context.route("**/*", lambda route: route.continue_() if route.request.url == page_file.as_uri() else route.abort())
    opened = context.new_page()
    failures: list[str] = []
    opened.on("pageerror", lambda error: failures.append(str(error)))
    opened.goto(page_file.as_uri())
    opened.wait_for_selector("tr.report")
    yield opened
    assert failures == []
    context.close()


def _column(page, index: int) -> list[str]:
    return page.locator(f"tr.report td:nth-child({index})").all_inner_texts()


def _open_seed(page):
    page.fill("#search", SEED_TEXT.name)
    page.wait_for_function("() => document.querySelectorAll('tr.report').length === 1")
    page.locator("tr.report").click()
    return page.locator("tr.detail")


@browser_only
def test_every_report_is_listed_with_the_batch_counts(page, batch):
    assert sorted(_column(page, 10)) == sorted(r.path for r in batch.reports)
    assert page.inner_text("[data-count=reports] b") == str(len(batch.reports))
    errors = sum(r.counts()["errors"] for r in batch.reports)
    assert page.inner_text("[data-count=errors] b") == str(errors)
    inputs = page.inner_text("#inputs")
    for name in ("README.md", "scan.png", "truncated.pdf"):
        assert name in inputs
    assert page.locator("#chart svg g.bar").count() > 0


@browser_only
def test_sorting_and_filtering_change_the_visible_rows(page, batch):
    errors = [int(n) for n in _column(page, 2)]
    assert errors == sorted(errors, reverse=True)  # worst first by default
    page.click("th[data-sort=body]")
    assert _column(page, 5) == sorted(_column(page, 5))
    page.click("th[data-sort=body]")
    assert _column(page, 5) == sorted(_column(page, 5), reverse=True)
    page.select_option("#filter-diagnosis", "clean")
    clean = [r for r in batch.reports if diagnosis_of(r) == "clean"]
    assert len(_column(page, 1)) == len(clean) > 0
    assert set(_column(page, 8)) == {DIAGNOSES["clean"].text("zh")}
    page.select_option("#filter-diagnosis", "")
    page.locator("#chart g.bar[data-rule='T4.TOTAL']").click()
    failing = {r.path for r in batch.reports if any(f.rule == "T4.TOTAL" and f.counts_against for f in r.findings)}
    assert set(_column(page, 10)) == failing
    page.locator("#chart g.bar[data-rule='T4.TOTAL']").click()
    page.fill("#search", "hongze")
    page.wait_for_function("() => document.querySelectorAll('tr.report').length === 2")
    assert all("hongze" in path for path in _column(page, 10))


@browser_only
def test_a_drill_down_marks_the_offending_cell_with_its_arithmetic_cause_and_place(page):
    detail = _open_seed(page)
    first = detail.locator("article.finding").first
    cell = first.locator("td.cell-primary")
    assert cell.inner_text() == "(空)"
    assert cell.locator("mark").evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert "1 + 1 + 1 = 3 ≠ (空)" in first.inner_text()
    assert "表三 · （七）总计 × 自然人 应为 3" in first.inner_text()
    assert "kangqiao-2020.txt:331" in first.locator(".where").inner_text()
    confirmed = detail.locator(f"article[data-fp='{TOTAL_IS_ZERO}'] .review")
    assert confirmed.inner_text() == "已确认（王审核，2026-11-30）：已电话核实"
    numbering = detail.locator("article[data-rule='PROSE.NUMBERING'] q.sentence")
    assert numbering.inner_text() == "主动公开政府信息情况"
    problems = page.inner_text("#problems")
    assert GONE in problems and "问题已不存在" in problems


@browser_only
def test_the_english_toggle_changes_the_labels(page):
    detail = _open_seed(page)
    assert page.inner_text("th[data-sort=body]").startswith("机关")
    page.click("#lang-toggle")
    assert page.inner_text("th[data-sort=body]").startswith("body")
    assert page.inner_text("#lang-toggle") == "中文"
    assert page.evaluate("document.documentElement.lang") == "en"
    first = detail.locator("article.finding").first
    assert "Table 3: total outcomes must equal the sum of the outcomes" in first.inner_text()
    assert first.locator("td.cell-primary").inner_text() == "(blank)"
    assert DIAGNOSES["unique_slip"].en in page.inner_text("#diagnoses")


@browser_only
def test_the_page_requests_nothing_but_itself(page, page_file, requests):
    for row in page.locator("tr.report").all():
        row.click()  # every drill-down drawn
    page.click("#lang-toggle")
    page.fill("#author", "李")
    with page.expect_download():
        page.click("#download")
    assert requests and set(requests) == {page_file.as_uri()}


@browser_only
def test_decisions_recorded_in_the_page_download_as_a_file_check_applies(page, batch, batch_dir, tmp_path):
    seed = _seed(batch)
    identity = next(f for f in seed.findings if f.rule == "T3.IDENTITY")
    fingerprint = seed.fingerprint(identity)
    detail = _open_seed(page)
    article = detail.locator(f"article[data-fp='{fingerprint}']")
    article.locator("button[data-action=open-dismissed]").click()
    article.locator("button[data-action=record]").click()
    assert article.locator(".form-error").inner_text() == WORDS["zh"]["author_required"]
    page.fill("#author", "李审核")
    article.locator("button[data-action=record]").click()
    assert article.locator(".form-error").inner_text() == WORDS["zh"]["why_required"]  # a dismissal needs its why
    article.locator("textarea.why").fill("结转口径与表三不同：\"附表\" 另计")
    article.locator("button[data-action=record]").click()
    assert "已驳回（李审核，" in article.locator(".review.pending").inner_text()
    with page.expect_download() as download:
        page.click("#download")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)

    entries = {d.fingerprint: d for d in load_decisions(saved)}
    assert set(entries) == {TOTAL_IS_ZERO, fingerprint}  # the recorded one kept, the new one added
    new = entries[fingerprint]
    assert (new.verdict, new.why, new.author, new.rule, new.body, new.year, new.place) == (
        "dismissed", "结转口径与表三不同：\"附表\" 另计", "李审核", "T3.IDENTITY", "康桥街道", 2020, seed.place(identity))
    applied = gkaudit.check([batch_dir / "batch" / SEED_TEXT.name], decisions=saved).reports[0]
    reviews = {applied.fingerprint(f): f.review for f in applied.findings if f.review is not None}
    assert reviews[fingerprint].verdict == "dismissed" and reviews[fingerprint].author == "李审核"
    assert reviews[TOTAL_IS_ZERO].verdict == "confirmed"
    assert applied.counts()["dismissed"] == 1

    page.reload()  # the reviewer's name, and the decision not yet applied, outlive a reload
    assert page.input_value("#author") == "李审核"
    assert "已驳回（李审核，" in _open_seed(page).locator(f"article[data-fp='{fingerprint}'] .review.pending").inner_text()
    page.locator(f"article[data-fp='{fingerprint}'] button[data-action=undo]").click()
    page.reload()
    assert _open_seed(page).locator(".review.pending").count() == 0

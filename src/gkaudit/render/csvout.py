"""One row per finding, for a spreadsheet: UTF-8 with a byte-order mark (without it Excel
and WPS read the file as the locale's code page and the Chinese comes out garbled), the
headers in the chosen language, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from decimal import Decimal

from gkaudit.render.causes import cause_text
from gkaudit.render.findingfacts import proposed_value, subject
from gkaudit.results import BatchResult, Finding, ReportResult

BOM = "\ufeff"

COLUMNS: tuple[tuple[str, str, str], ...] = (  # key, Chinese header, English header
    ("file", "报告文件", "report file"), ("body", "机关", "body"), ("year", "年度", "year"),
    ("template", "模板", "template"), ("rule", "规则", "rule"), ("severity", "严重程度", "severity"),
    ("status", "状态", "status"), ("table", "表", "table"), ("row", "行", "row"), ("column", "列", "column"),
    ("label", "单元格（官方名称）", "cell (official label)"), ("reported", "报告值", "reported"),
    ("computed", "计算值", "computed"), ("proposed", "建议值", "proposed"), ("source", "位置", "source location"),
    ("origin", "原文位置", "original document location"), ("message", "说明", "message"),
    ("cause", "可能原因", "likely cause"), ("review", "审核决定", "review"), ("fingerprint", "指纹", "fingerprint"),
)

SEVERITIES = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
STATUSES = {"fail": ("不成立", "fails"), "not_assessable": ("无法判定", "not assessable")}
VERDICTS = {"confirmed": ("已确认", "confirmed"), "dismissed": ("已驳回", "dismissed")}

# a spreadsheet runs a cell starting with one of these as a formula (CSV injection);
# a plain number (a signed 本年增/减 figure) is not one and stays a number
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def defused(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs: a leading ' when it could start a formula."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _figure(value: int | Decimal | str | None) -> str:
    return "" if value is None else str(value)


def _row(result: ReportResult, finding: Finding, lang: str) -> dict[str, str]:
    side = 0 if lang == "zh" else 1
    cell, cause = subject(finding), result.cause(finding.cause)
    return {
        "file": result.path, "body": result.metadata.body, "year": _figure(result.metadata.year),
        "template": result.template, "rule": finding.rule, "severity": SEVERITIES[finding.severity][side],
        "status": STATUSES[finding.status][side],
        "table": cell.table if cell else "", "row": cell.row if cell else "", "column": cell.column if cell else "",
        "label": cell.label("zh") if cell else "",  # the official wording is the Chinese one
        "reported": _figure(finding.reported), "computed": _figure(finding.computed),
        "proposed": _figure(proposed_value(result, finding)),
        "source": finding.place, "origin": finding.original_place or "",
        "message": finding.message.text(lang), "cause": cause_text(cause, lang) if cause else "",
        "review": _review(finding, side), "fingerprint": result.fingerprint(finding),
    }


def _review(finding: Finding, side: int) -> str:
    review = finding.review
    if review is None:
        return ""
    verdict = VERDICTS[review.verdict][side]
    if not review.why:
        return verdict
    return f"{verdict}（{review.why}）" if side == 0 else f"{verdict} ({review.why})"


def csv_chunks(batch: BatchResult, lang: str) -> Iterator[str]:
    """Every finding of the batch, reports in input order, findings in report order: the
    header (after the BOM), then each report's rows."""
    stream = io.StringIO()
    writer = csv.writer(stream)  # quoting and CRLF line ends as RFC 4180 and Excel expect
    writer.writerow([header[1] if lang == "zh" else header[2] for header in COLUMNS])
    yield BOM + _taken(stream)
    for result in batch.reports:
        for finding in result.findings:
            row = _row(result, finding, lang)
            writer.writerow([defused(row[key]) for key, _, _ in COLUMNS])
        if result.findings:
            yield _taken(stream)


def _taken(stream: io.StringIO) -> str:
    """What the stream holds, leaving it empty."""
    text = stream.getvalue()
    stream.seek(0)
    stream.truncate()
    return text


def render_csv(batch: BatchResult, lang: str) -> str:
    return "".join(csv_chunks(batch, lang))

"""The triage page: one self-contained HTML file for a reviewer working through a batch.

The batch goes into the page as one JSON document (both languages, every excerpt and
cause line made by the same helpers as the terminal); the inlined script draws the
summary, the rule chart, the sortable table and each report's drill-down from it, and
writes the reviewer's decisions as the YAML file `gkaudit.decisions` reads. No request
leaves the page: the styles and the script are inlined from ``assets/``.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Callable
from importlib.resources import files

from gkaudit.render.cells import cells_by_row
from gkaudit.render.excerpt import Excerpt, cause_lines, excerpt, grouped, listed_cells, where
from gkaudit.render.triage import DIAGNOSES, diagnosis_of, failing_rules, rules_across
from gkaudit.results import BatchResult, Finding, FindingCell, ReportResult, format_number
from gkaudit.templates import Label

LANGS = ("zh", "en")
_RULES_CHARTED = 10
_TEXT_RULES = ("PROSE.", "META.")

# every string the page shows, in both languages; the script looks them up by key
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "政府信息公开工作年度报告 · 审核分拣", "lang_toggle": "English",
        "reports": "报告", "errors": "错误", "warnings": "警告", "infos": "提示", "not_assessable": "无法判定",
        "skipped": "已跳过（不是报告）", "unreadable": "无法读取", "dismissed": "已驳回",
        "diagnoses": "诊断分类", "chart": "未通过报告数最多的规则", "chart_none": "没有未通过的规则",
        "search": "搜索机关、文件、规则…", "all_diagnoses": "全部诊断", "all_rules": "全部规则",
        "all_severities": "全部", "with_errors": "有错误", "warnings_only": "仅有警告", "clean": "无问题",
        "shown": "显示 {n} / {total} 份报告", "rank": "序", "body": "机关", "year": "年度", "template": "模板",
        "diagnosis": "诊断", "rules": "主要规则", "file": "文件", "none_shown": "没有符合条件的报告",
        "findings": "问题", "no_findings": "未发现问题", "error": "错误", "warning": "警告", "info": "提示",
        "na": "无法判定", "help": "帮助", "fix": "改正", "elided": "…（{n} 行为 0 或空）", "same_cause": "同一原因，见上",
        "arithmetic": "算式", "source": "位置", "fingerprint": "指纹",
        "confirmed": "已确认", "review_by": "{verdict}（{author}，{date}）", "confirm": "确认为错误",
        "dismiss": "驳回", "why": "理由", "why_required": "驳回须填写理由", "why_placeholder": "为什么这不是错误（必填）",
        "why_optional": "备注（可不填）", "save": "记录", "cancel": "取消", "undo": "撤销",
        "pending": "本页新记录", "author": "审核人", "author_required": "请先填写审核人",
        "decisions": "审核决定", "download": "下载决定文件（{n} 条）",
        "decisions_note": "下载的文件包含本批报告已有的决定和本页新记录的决定，格式与 gkaudit decide 写入的相同；"
                          "用 gkaudit check --decisions 文件 应用。本批以外报告的决定不在其中。",
        "problems": "不再适用的审核决定", "gone": "问题已不存在", "values_changed": "数字已改动，需重新审核",
        "expired": "已过期", "more": "显示更多（还有 {n} 份）", "no_script": "此页面需要启用 JavaScript。", "sort_hint": "点击表头排序",
    },
    "en": {
        "title": "Government information disclosure annual reports · triage", "lang_toggle": "中文",
        "reports": "reports", "errors": "errors", "warnings": "warnings", "infos": "infos",
        "not_assessable": "not assessable", "skipped": "Skipped (not reports)", "unreadable": "Unreadable",
        "dismissed": "dismissed", "diagnoses": "Diagnoses", "chart": "Rules failing in most reports",
        "chart_none": "no rule fails", "search": "Search body, file, rule…", "all_diagnoses": "all diagnoses",
        "all_rules": "all rules", "all_severities": "all", "with_errors": "with errors",
        "warnings_only": "warnings only", "clean": "clean", "shown": "{n} of {total} reports shown",
        "rank": "#", "body": "body", "year": "year", "template": "template", "diagnosis": "diagnosis",
        "rules": "top rules", "file": "file", "none_shown": "no report matches", "findings": "findings",
        "no_findings": "no problems found", "error": "error", "warning": "warning", "info": "info",
        "na": "not assessable", "help": "help", "fix": "fix", "elided": "… ({n} rows are 0 or blank)",
        "same_cause": "same cause as above", "arithmetic": "arithmetic", "source": "where",
        "fingerprint": "fingerprint", "confirmed": "confirmed", "review_by": "{verdict} ({author}, {date})",
        "confirm": "confirm as an error", "dismiss": "dismiss", "why": "why",
        "why_required": "a dismissal needs its justification", "why_placeholder": "why this is not an error (required)",
        "why_optional": "note (optional)", "save": "record", "cancel": "cancel", "undo": "undo",
        "pending": "recorded on this page", "author": "reviewer", "author_required": "enter the reviewer's name first",
        "decisions": "Reviewers' decisions", "download": "Download decisions file ({n})",
        "decisions_note": "The file holds the decisions already recorded on this batch and those recorded on this "
                          "page, as gkaudit decide writes them; apply it with gkaudit check --decisions FILE. "
                          "Decisions on reports outside this batch are not in it.",
        "problems": "Decisions that no longer apply", "gone": "the finding is gone",
        "values_changed": "the figures changed: review it again", "expired": "expired",
        "more": "show more ({n} left)", "no_script": "This page needs JavaScript.", "sort_hint": "click a heading to sort",
    },
}


def _both(label: Label | None) -> dict[str, str] | None:
    return None if label is None else {lang: label.text(lang) for lang in LANGS}


def _per_lang(make: Callable[[str], object]) -> dict:
    return {lang: make(lang) for lang in LANGS}


def _cell(cell: FindingCell | None, lang: str) -> list | None:
    """A value of the excerpt and how it stands out: p the offending cell, q a 0 or blank."""
    if cell is None:
        return None
    kind = "p" if cell.role == "primary" else "q" if cell.value in (None, 0) else ""
    return [format_number(cell.value, lang), kind]


def _excerpt_dict(shown: Excerpt | None, lang: str) -> dict | None:
    if shown is None:
        return None
    return {
        "title": shown.title,
        "columns": [cell.column_short.text(lang) for cell in shown.columns],
        "rows": [{"elided": row.elided} if row.elided else {"label": row.label, "cells": [_cell(c, lang) for c in row.cells]}
                 for row in shown.rows],
    }


def quoted_sentence(message: str) -> str | None:
    """The sentence a prose finding quotes at its start (“…”, nested quotes kept), if any."""
    if not message.startswith("“"):
        return None
    depth = 0
    for index, char in enumerate(message):
        depth += {"“": 1, "”": -1}.get(char, 0)
        if depth == 0:
            return message[1:index]
    return None


def _finding_dict(result: ReportResult, finding: Finding, same_cause: bool) -> dict:
    cause = result.cause(finding.cause)
    is_prose = finding.rule.startswith(_TEXT_RULES)
    return {
        "fp": result.fingerprint(finding), "place": result.place(finding), "rule": finding.rule,
        "severity": finding.severity, "status": finding.status,
        "title": _both(finding.title), "message": _both(finding.message), "help": _both(finding.help),
        "arithmetic": _both(finding.arithmetic),
        "quote": _per_lang(lambda lang: quoted_sentence(finding.message.text(lang))) if is_prose else None,
        "where": _per_lang(lambda lang: where(finding, lang)),
        "excerpt": None if same_cause else _per_lang(lambda lang: _excerpt_dict(excerpt(finding, lang), lang)),
        "listed": _per_lang(lambda lang: cells_by_row(listed_cells(finding), lang)) if listed_cells(finding) else None,
        "cause": "same" if same_cause else None if cause is None else _per_lang(lambda lang: cause_lines(cause, lang)),
        "review": None if finding.review is None else dataclasses.asdict(finding.review),
    }


def _findings(result: ReportResult) -> list[dict]:
    explained: set[str] = set()
    shown = []
    for finding in grouped(result):
        shown.append(_finding_dict(result, finding, same_cause=finding.cause in explained))
        if finding.cause is not None:
            explained.add(finding.cause)
    return shown


def _report_dict(result: ReportResult, rank: int) -> dict:
    meta = result.metadata
    return {
        "rank": rank, "path": result.path, "body": meta.body, "year": meta.year, "template": result.template,
        "diagnosis": diagnosis_of(result), "counts": result.counts(), "rules": failing_rules(result),
        "findings": _findings(result),
    }


def page_data(batch: BatchResult, lang: str) -> dict:
    """Everything the page shows, reports worst first."""
    reports = list(batch.worst_first())
    return {
        "lang": lang,
        "words": WORDS,
        "diagnoses": {key: _both(label) for key, label in DIAGNOSES.items()},
        "rules": [[rule, count, _both(title)] for rule, count, title in rules_across(reports)[:_RULES_CHARTED]],
        "reports": [_report_dict(result, rank) for rank, result in enumerate(reports, start=1)],
        "skipped": [error.message(lang) for error in batch.skipped],
        "unreadable": [error.message(lang) for error in batch.unreadable],
        "problems": [dataclasses.asdict(problem) for problem in batch.decision_problems],
    }


def _asset(name: str) -> str:
    return (files("gkaudit.render") / "assets" / name).read_text(encoding="utf-8")


def _script_json(data: dict) -> str:
    # "<" escaped, so no "</script>" or "<!--" in a report's text can end the data block
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render_html(batch: BatchResult, lang: str = "zh") -> str:
    """The triage page of ``batch``, in ``lang`` first (the page switches to the other)."""
    parts = {
        "lang": "zh-CN" if lang == "zh" else "en",
        "title": html.escape(WORDS[lang]["title"]),
        "no_script": html.escape(WORDS[lang]["no_script"]),
        "css": _asset("triage.css"),
        "data": _script_json(page_data(batch, lang)),
        "js": _asset("triage.js"),
    }
    # one pass, so a report's text that happens to read "{{js}}" is never substituted
    return re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], _asset("triage.html"))

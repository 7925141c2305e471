"""How a cause (a minimal explanation of failed arithmetic) reads, in both languages."""

from __future__ import annotations

from gkaudit.engine import ReportAudit, cell_info
from gkaudit.findings import format_number
from gkaudit.localize import MAX_CHANGES, Change, Cluster, Explanation

HYPOTHESES = {
    "total_not_updated": ("总计未更新", "a total never updated"),
    "digits_transposed": ("数字位置颠倒", "digits transposed"),
    "digit_dropped": ("漏写一位数字", "a digit dropped"),
    "digit_doubled": ("重复写了一位数字", "a digit doubled"),
    "digit_inserted": ("多写了一位数字", "a digit inserted"),
    "sign_error": ("正负号错误", "a sign error"),
    "copied_from_neighbour": ("疑似抄自同行或同列的其他单元格", "apparently copied from another cell of its row or column"),
    "digits_run_together": ("两个单元格的数字连写在一起", "two cells' digits run together"),
    "digits_split": ("一个数字被拆写在两个单元格", "one figure split over two cells"),
}


def cell_label(audit: ReportAudit, change: Change, lang: str) -> str:
    table, row, column = change.cell
    spec = audit.layout.spec(table)
    return f"{spec.short.text(lang)} · {spec.rows[row].display.text(lang)} × {spec.columns[column].display.text(lang)}"


def change_lines(audit: ReportAudit, explanation: Explanation, lang: str) -> list[str]:
    """Each cell to change, with its new value and where it stands in the source."""
    parts = []
    for change in explanation.changes:
        label, current = cell_label(audit, change, lang), format_number(change.current, lang)
        where = cell_info(audit, change.cell, "primary").source  # so a clerk can go straight to the cell
        if change.proposed is None:
            parts.append(f"{label}（当前为 {current}，{where}）" if lang == "zh" else f"{label} (now {current}, {where})")
        else:
            parts.append(f"{label} 应为 {change.proposed}（当前为 {current}，{where}）" if lang == "zh"
                         else f"{label} should be {change.proposed} (now {current}, {where})")
    return parts


def slip_names(explanation: Explanation, lang: str) -> str:
    """The kinds of slip an explanation looks like, e.g. ［总计未更新］."""
    if not explanation.hypotheses:
        return ""
    names = [HYPOTHESES[h][0 if lang == "zh" else 1] for h in explanation.hypotheses]
    return f"［{'、'.join(names)}］" if lang == "zh" else f" [{', '.join(names)}]"


def _changes(audit: ReportAudit, explanation: Explanation, lang: str) -> str:
    parts = change_lines(audit, explanation, lang)
    return ("；".join(parts) if lang == "zh" else "; ".join(parts)) + slip_names(explanation, lang)


def unique_cause_heading(cluster: Cluster, lang: str) -> str:
    """The headline of a unique cause, for a renderer that lists its changes one per line."""
    slips, rules = slip_names(cluster.explanations[0], lang), len(cluster.bindings)
    return (f"可能原因{slips}：改正以下单元格后，{rules} 条规则全部成立" if lang == "zh"
            else f"likely cause{slips}: with these cells corrected, all {rules} failed rules hold")


def numbered_explanations(audit: ReportAudit, cluster: Cluster, lang: str) -> list[str]:
    return [f"{i}. {_changes(audit, e, lang)}" for i, e in enumerate(cluster.explanations, start=1)]


def cause_text(audit: ReportAudit, cluster: Cluster, lang: str) -> str:
    rules = len(cluster.bindings)
    zh = lang == "zh"
    if not cluster.explanations:
        return (f"在 {MAX_CHANGES} 处改动以内找不到能使全部规则成立的解释：表格可能有多处错误，请逐项核对" if zh
                else f"no change of up to {MAX_CHANGES} cells makes every rule hold: the table likely has several errors")
    if cluster.unique:
        body = _changes(audit, cluster.explanations[0], lang)
        return (f"可能原因：{body}；修正后 {rules} 条规则全部成立" if zh
                else f"likely cause: {body}; with that, all {rules} failed rules hold")
    if len(cluster.explanations) == 1:
        body = _changes(audit, cluster.explanations[0], lang)
        return (f"可能原因：{body}；这些单元格中有错，但规则不能唯一确定应填的数" if zh
                else f"likely cause: {body}; these cells are wrong but the rules do not fix their values")
    numbered = numbered_explanations(audit, cluster, lang)
    if zh:
        return f"有 {len(numbered)} 种同样简单的解释，无法确定是哪一种：" + "  ".join(numbered)
    return f"{len(numbered)} equally simple explanations, none preferred: " + "  ".join(numbered)

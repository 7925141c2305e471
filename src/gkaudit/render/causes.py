"""How a cause (a minimal explanation of failed arithmetic) reads, in both languages."""

from __future__ import annotations

from gkaudit.results import Cause, Explanation, format_number

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
    "totals_not_filled": ("总计栏未填写（空白或填 0）", "the totals were not filled in (blank or 0)"),
    "row_copied": ("整行照抄了上一行", "a row copied from the row above"),
    "values_shifted": ("一串数字整体错位了一格", "a run of figures typed one cell out of place"),
    "total_one_row_low": ("总计填到了下一行", "a total typed one row too low"),
}


def change_lines(explanation: Explanation, lang: str) -> list[str]:
    """Each cell to change, with its new value and where it stands in the source."""
    parts = []
    for change in explanation.changes:
        label, current = change.cell.label(lang), format_number(change.current, lang)
        where = change.cell.source  # so a clerk can go straight to the cell, in the document too
        if change.cell.origin:
            where += f"，原文 {change.cell.origin}" if lang == "zh" else f", originally {change.cell.origin}"
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


def _changes(explanation: Explanation, lang: str) -> str:
    parts = change_lines(explanation, lang)
    return ("；".join(parts) if lang == "zh" else "; ".join(parts)) + slip_names(explanation, lang)


def unique_cause_heading(cause: Cause, lang: str) -> str:
    """The headline of a unique cause, for a renderer that lists its changes one per line."""
    slips, rules = slip_names(cause.explanations[0], lang), len(cause.rules)
    return (f"可能原因{slips}：改正以下单元格后，{rules} 条规则全部成立" if lang == "zh"
            else f"likely cause{slips}: with these cells corrected, all {rules} failed rules hold")


def numbered_explanations(cause: Cause, lang: str) -> list[str]:
    return [f"{i}. {_changes(e, lang)}" for i, e in enumerate(cause.explanations, start=1)]


def cause_text(cause: Cause, lang: str) -> str:
    rules = len(cause.rules)
    zh = lang == "zh"
    if not cause.explanations:
        return (f"在 {cause.searched_up_to} 处改动以内找不到能使全部规则成立的解释：表格可能有多处错误，请逐项核对" if zh
                else f"no change of up to {cause.searched_up_to} cells makes every rule hold: the table likely has several errors")
    if cause.unique:
        body = _changes(cause.explanations[0], lang)
        return (f"可能原因：{body}；修正后 {rules} 条规则全部成立" if zh
                else f"likely cause: {body}; with that, all {rules} failed rules hold")
    if len(cause.explanations) == 1:
        body = _changes(cause.explanations[0], lang)
        return (f"可能原因：{body}；这些单元格中有错，但规则不能唯一确定应填的数" if zh
                else f"likely cause: {body}; these cells are wrong but the rules do not fix their values")
    numbered = numbered_explanations(cause, lang)
    if zh:
        return f"有 {len(numbered)} 种同样简单的解释，无法确定是哪一种：" + "  ".join(numbered)
    return f"{len(numbered)} equally simple explanations, none preferred: " + "  ".join(numbered)

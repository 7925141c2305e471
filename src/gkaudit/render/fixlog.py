"""The log of `gkaudit fix`: every cell changed, from what to what, and why."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from gkaudit.fix import AppliedFix, SkippedCause
from gkaudit.render.causes import HYPOTHESES, numbered_explanations
from gkaudit.render.cells import cells_by_row
from gkaudit.results import FindingCell, format_number

_REASONS = {
    "ambiguous": ("有多种同样简单的解释，未修改（--unsafe 会采用看似常见笔误的一种，否则采用第一种）",
                  "several equally simple explanations; left alone (--unsafe takes the one that looks like a known slip, else the first)"),
    "not identifiable": ("规则不能唯一确定应填的数，未修改", "the rules do not fix the values; left alone"),
    "no explanation": ("找不到少量改动即可成立的解释，未修改", "no small change explains it; left alone"),
    "out of range": ("修正后的数超出 gkaudit 可读的位数（见 docs/limits.md），未修改",
                     "the corrected value would have more digits than gkaudit reads (docs/limits.md); left alone"),
}


def _choice_note(fix: AppliedFix, zh: bool) -> str:
    """Which of the tied explanations --unsafe applied, and why that one."""
    if fix.chosen_among == 1:
        return "）" if zh else ")"
    if fix.hypotheses:
        slips = [HYPOTHESES[h][0 if zh else 1] for h in fix.hypotheses]
        why = f"看似{'、'.join(slips)}" if zh else f"it looks like {', '.join(slips)}"
    else:
        why = "均不像常见笔误，取第一种" if zh else "none looks like a known slip, so the first"
    if zh:
        return f"；采用 {fix.chosen_among} 种解释中的第 {fix.chosen} 种（{why}），--unsafe）"
    return f"; explanation {fix.chosen} of {fix.chosen_among} ({why}), --unsafe)"


def print_fix_log(applied: list[AppliedFix], skipped: list[SkippedCause], filled: list[FindingCell], output: Path, lang: str) -> None:
    console = Console(highlight=False)
    zh = lang == "zh"
    for fix in applied:
        change = fix.change
        line = f"{change.cell.label(lang)}: {format_number(change.current, lang)} → {change.proposed}"
        why = "、".join(fix.cause.keys) if zh else ", ".join(fix.cause.keys)
        note = (f"（使 {why} 成立" if zh else f" (makes {why} hold") + _choice_note(fix, zh)
        console.print(Text.assemble(("已修改 " if zh else "changed ", "bold green"), line, note), soft_wrap=True)
        if fix.chosen_among > 1:
            tied = "  ".join(numbered_explanations(fix.cause, lang))
            console.print(Text(f"    {'同样简单的各种解释：' if zh else 'the tied explanations: '}{tied}", style="dim"), soft_wrap=True)
    for skip in skipped:
        reason = _REASONS[skip.reason][0 if zh else 1]
        rules = ", ".join(skip.cause.keys)
        console.print(Text.assemble(("未修改 " if zh else "not changed ", "bold yellow"), f"{rules}: {reason}"), soft_wrap=True)
    if filled:
        head = f"已将 {len(filled)} 个空白单元格填写为 0：" if zh else f"wrote 0 in {len(filled)} blank cells:"
        console.print(Text(head, style="bold green"), soft_wrap=True)
        for line in cells_by_row(filled, lang):
            console.print(Text(f"    {line}"), soft_wrap=True)
    total = len(applied) + len(filled)
    console.print(f"共修改 {total} 个单元格，已写入 {output}" if zh else f"{total} cells changed; written to {output}", soft_wrap=True)

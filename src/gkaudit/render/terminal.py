"""Terminal rendering of findings with rich, in the manner of a compiler diagnostic.

Each finding shows a header (severity, rule id, title), the source location of its
main cell, an excerpt of the table with the offending cell marked and the contributing
cells as context, the arithmetic, and a help line. Colour is used only on a terminal
and never when NO_COLOR is set (rich honours both).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from gkaudit.render.cells import cells_by_row
from gkaudit.render.excerpt import cause_lines, excerpt, grouped, listed_cells, where
from gkaudit.render.findingfacts import proposed_value
from gkaudit.render.triage import DIAGNOSES, diagnosis_of, failing_rules, rules_across
from gkaudit.results import BatchResult, DecisionProblem, Finding, FindingCell, ReportResult, format_number

_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "na": "无法判定", "help": "帮助", "fix": "改正",
           "elided": "…（{n} 行为 0 或空）", "clean": "未发现问题", "input": "输入错误",
           "dismissed": "已驳回（{author}，{date}）：{why}", "origin": "原文：", "confirmed": "已确认（{author}，{date}）{why}"},
    "en": {"error": "error", "warning": "warning", "info": "info", "na": "not assessable", "help": "help", "fix": "fix",
           "elided": "… ({n} rows are 0 or blank)", "clean": "no problems found", "input": "input error",
           "dismissed": "dismissed ({author}, {date}): {why}", "origin": "original: ", "confirmed": "confirmed ({author}, {date}) {why}"},
}


def _hanging(gutter: str, text: str | Text, style: str = "") -> Table:
    """A line whose continuation keeps the gutter: wrapped under the text, never at
    column 0 and never inside a token such as a file:line location."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(gutter, text if isinstance(text, Text) else Text(text, style=style))
    return grid


class _Trimmed:
    """A renderable's lines without the spaces rich pads tables and wrapped lines with on
    the right: invisible in a terminal, they come along when a clerk pastes the output."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for line in console.render_lines(self.renderable, options, pad=False):
            while line and not line[-1].control and not line[-1].text.rstrip():
                line.pop()
            if line and not line[-1].control:
                line[-1] = Segment(line[-1].text.rstrip(), line[-1].style)
            yield from line
            yield Segment.line()


def _excerpt(finding: Finding, lang: str) -> Table | None:
    """The excerpt as a rich table: the offending cell in brackets, folded runs dimmed."""
    shown = excerpt(finding, lang)
    if shown is None:
        return None
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column(shown.title, style="dim")
    for cell in shown.columns:
        table.add_column(cell.column_short.text(lang), justify="right", no_wrap=True)
    for row in shown.rows:
        if row.elided:
            table.add_row(Text(_WORDS[lang]["elided"].format(n=row.elided), style="dim italic"), *[""] * len(shown.columns))
        else:
            table.add_row(row.label, *[_value_text(cell, lang) for cell in row.cells])
    return table


def _value_text(cell: FindingCell | None, lang: str) -> Text:
    if cell is None:
        return Text("")
    text = format_number(cell.value, lang)
    if cell.role == "primary":
        return Text(f"[{text}]", style="bold red")
    return Text(text, style="dim" if cell.value in (None, 0) else "")


_NOTE = "    = "
_LISTED = "      "


def render_finding(finding: Finding, lang: str, cause: list[str] | None = None, same_cause: bool = False,
                   proposed: int | None = None) -> RenderableType:
    """One finding; ``cause`` adds the likely cause (a headline, then one line per cell to
    change), ``same_cause`` shows it compactly under the finding that already named it,
    with its own cell's ``proposed`` value when the cause fixes it."""
    words = _WORDS[lang]
    if finding.status == "not_assessable":
        head = Text.assemble((f"{words['na']}[{finding.rule}]", "bold magenta"), f" {finding.title.text(lang)}")
    else:
        head = Text.assemble((f"{words[finding.severity]}[{finding.rule}]", _STYLE[finding.severity]), f" {finding.title.text(lang)}")
    parts: list = [head]
    if finding.review is not None:
        review = finding.review
        line = words[review.verdict].format(author=review.author, date=review.date, why=review.why).rstrip()
        parts.append(_hanging(_NOTE, line, "dim" if review.verdict == "dismissed" else "bold"))
    parts.append(_hanging("  --> ", where(finding, lang), "blue"))
    primary = finding.primary
    if finding.original_place:
        parts.append(_hanging("      ", f"{words['origin']}{finding.original_place}", "dim"))
    table = _excerpt(finding, lang) if not same_cause else None
    if table is not None:
        parts.append(Padding(table, (0, 0, 0, 4), expand=False))
    parts.append(_hanging(_NOTE, finding.message.text(lang)))
    parts += [_hanging(_LISTED, line, "dim") for line in cells_by_row(listed_cells(finding), lang)]
    colon = "：" if lang == "zh" else ": "
    if same_cause:
        line = "同一原因，见上" if lang == "zh" else "same cause as above"
        if proposed is not None and primary is not None:
            line += (f"：{primary.label(lang)} 应为 {proposed}" if lang == "zh"
                     else f": {primary.label(lang)} should be {proposed}")
        parts.append(_hanging(_NOTE, line, "green"))
    elif cause is not None:
        headline, *changes = cause
        parts.append(_hanging(_NOTE, headline, "bold green"))
        parts += [_hanging(_NOTE, f"{words['fix']}{colon}{change}", "green") for change in changes]
    elif finding.help is not None:
        parts.append(_hanging(_NOTE, f"{words['help']}{colon}{finding.help.text(lang)}", "green"))
    return _Trimmed(Group(*parts, Text("")))


def render_not_assessable(console: Console, findings: list[Finding], lang: str) -> None:
    """The checks that could not be judged, a line each with the cells that stopped them:
    they are many when a table is incomplete, and each says the same kind of thing."""
    if not findings:
        return
    title = f"无法判定的检查（{len(findings)} 项）" if lang == "zh" else f"Checks that could not be assessed ({len(findings)})"
    console.print(Text(title, style="bold magenta"))
    for finding in findings:
        console.print(_hanging("  ", f"[{finding.rule}] {finding.message.text(lang)}"))
        if any(c.role == "primary" and c.value is not None for c in finding.cells):  # a missing cell stands nowhere
            console.print(_hanging("    --> ", where(finding, lang), "blue"))
    console.print(Text(""))


def summary_text(counts: dict[str, int], lang: str) -> str:
    dismissed = counts.get("dismissed", 0)
    if lang == "zh":
        text = f"{counts['errors']} 个错误，{counts['warnings']} 个警告，{counts['infos']} 个提示，{counts['not_assessable']} 项无法判定"
        return text + (f"，{dismissed} 项已驳回" if dismissed else "")
    text = f"{counts['errors']} errors, {counts['warnings']} warnings, {counts['infos']} infos, {counts['not_assessable']} not assessable"
    return text + (f", {dismissed} dismissed" if dismissed else "")


_PROBLEM_WORDS = {
    "zh": {"title": "不再适用的审核决定", "gone": "问题已不存在", "values_changed": "数字已改动，需重新审核",
           "expired": "已过期"},
    "en": {"title": "Decisions that no longer apply", "gone": "the finding is gone",
           "values_changed": "the figures changed: review it again", "expired": "expired"},
}


def render_decision_problems(console: Console, problems: tuple[DecisionProblem, ...], lang: str) -> None:
    """Recorded decisions that were not applied, each with why and where it is written."""
    if not problems:
        return
    words = _PROBLEM_WORDS[lang]
    console.print(Text(words["title"], style="bold"))
    for problem in problems:
        year = "" if problem.year is None else f" {problem.year}"
        console.print(_hanging("  ", f"{problem.fingerprint} · {problem.rule} · {problem.body}{year}: {words[problem.problem]}", "yellow"))
        console.print(_hanging(_NOTE, problem.source, "dim"))


def render_batch(console: Console, batch: BatchResult, lang: str, quiet: bool = False) -> None:
    """Each report's findings and summary line (only the line when ``quiet``), then the
    triage list for a batch and the decisions that no longer apply."""
    for result in batch.reports:
        explained: set[str] = set()
        shown = [] if quiet else grouped(result)
        for finding in (f for f in shown if f.status == "fail"):
            cause = result.cause(finding.cause)
            lines = cause_lines(cause, lang) if cause is not None else None
            console.print(render_finding(finding, lang, lines, same_cause=finding.cause in explained,
                                         proposed=proposed_value(result, finding)))
            if finding.cause is not None:
                explained.add(finding.cause)
        render_not_assessable(console, [f for f in shown if f.status == "not_assessable"], lang)
        counts = result.counts()
        style = "bold red" if counts["errors"] else "bold yellow" if counts["warnings"] else "bold green"
        console.print(_Trimmed(Text.assemble((result.path, "bold"), ": ", (summary_text(counts, lang), style),
                                             overflow="fold")))
    if len(batch.reports) + len(batch.unreadable) + len(batch.skipped) > 1:
        render_triage(console, batch, lang)
    render_decision_problems(console, batch.decision_problems, lang)


_TRIAGE_WORDS = {
    "zh": {"title": "按严重程度排序", "counts": ("错误", "警告", "无法判定"), "report": "报告",
           "rules": "各规则未通过的报告数", "rule_columns": ("规则", "报告数", "标题"),
           "skipped": "已跳过（不是报告）", "unreadable": "无法读取", "batch": "共 {n} 份报告：{bad} 份有错误，{warned} 份仅有警告，{clean} 份未发现问题"},
    "en": {"title": "Worst first", "counts": ("errors", "warnings", "n/a"), "report": "report",
           "rules": "Rules failing in most reports", "rule_columns": ("rule", "reports", "title"),
           "skipped": "Skipped (not reports)", "unreadable": "Unreadable", "batch": "{n} reports: {bad} with errors, {warned} with warnings only, {clean} clean"},
}
_TOP_RULES = 3
_UNBOUNDED = 10_000


def output_console() -> Console:
    """The console for standard output: the window's width on a terminal; unbounded in a
    file or pipe, so that nothing written there is cut or wrapped."""
    import sys

    return Console(highlight=False, width=None if sys.stdout.isatty() else _UNBOUNDED)


def render_text(batch: BatchResult, lang: str, quiet: bool = False, statistics: bool = False) -> str:
    """What the terminal shows, as a file keeps it: no colour, nothing wrapped or cut."""
    import io

    console = Console(file=io.StringIO(), highlight=False, width=_UNBOUNDED, color_system=None, force_terminal=False)
    render_batch(console, batch, lang, quiet=quiet)
    if statistics:
        render_statistics(console, batch, lang)
    return console.file.getvalue()


_RULES_LISTED = 10


def _triage_entry(result: ReportResult, lang: str) -> Text:
    """A report in the triage list: body, year, template and diagnosis; the file; its top rules."""
    rules = failing_rules(result)
    top = " ".join(rules[:_TOP_RULES]) + (" …" if len(rules) > _TOP_RULES else "")
    diagnosis = DIAGNOSES[diagnosis_of(result)].text(lang)
    entry = Text.assemble((result.metadata.body, "bold"), f"  {result.metadata.year}  {result.template}  ",
                          (diagnosis, "italic"), "\n", (result.path, "dim"))
    if top:
        entry.append("\n" + top)
    return entry


def render_triage(console: Console, batch: BatchResult, lang: str) -> None:
    """For a reviewer working through a batch: the reports worst first, the rules that
    fail most often, then the files that were skipped or could not be read."""
    words = _TRIAGE_WORDS[lang]
    summaries = batch.summaries()
    bad = sum(1 for s in summaries if s.errors)
    warned = sum(1 for s in summaries if not s.errors and s.warnings)
    console.print(Text(words["batch"].format(n=len(summaries), bad=bad, warned=warned, clean=len(summaries) - bad - warned), style="bold"))
    # the counts keep their own column, so a long file name folds under the report, never across
    table = Table(title=words["title"], box=box.SIMPLE_HEAD, expand=False, title_justify="left")
    for name in words["counts"]:
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column(words["report"], overflow="fold")
    for result in batch.worst_first():
        c = result.counts()
        style = "red" if c["errors"] else "yellow" if c["warnings"] else "green"
        table.add_row(Text(str(c["errors"]), style=style), str(c["warnings"]), str(c["not_assessable"]), _triage_entry(result, lang))
    console.print(table)
    _rule_table(console, batch.reports, lang)
    for key, errors in (("skipped", batch.skipped), ("unreadable", batch.unreadable)):
        if errors:
            console.print(Text(words[key], style="bold"))
            for error in errors:
                console.print(_hanging("  ", error.message(lang)))


def render_statistics(console: Console, batch: BatchResult, lang: str) -> None:
    """Failures per rule across the batch, most first, as ruff --statistics prints them."""
    counts: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for finding in (f for r in batch.reports for f in r.findings):
        counts.update([finding.rule] if finding.counts_against else [])
        titles.setdefault(finding.rule, finding.title.text(lang))
    table = Table(box=None, show_header=True, title_justify="left", pad_edge=False,
                  title=("各规则未通过次数" if lang == "zh" else "Failures per rule"))
    for column, justify in zip(("次数", "规则", "标题") if lang == "zh" else ("count", "rule", "title"), ("right", "left", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(str(count), rule, titles[rule])
    console.print(table)


def _rule_table(console: Console, reports: Iterable[ReportResult], lang: str) -> None:
    across = rules_across(reports)
    if not across:
        return
    words = _TRIAGE_WORDS[lang]
    table = Table(title=words["rules"], box=box.SIMPLE_HEAD, title_justify="left")
    for i, name in enumerate(words["rule_columns"]):
        table.add_column(name, justify="right" if i == 1 else "left", no_wrap=i < 2, overflow="fold")
    for rule, count, title in across[:_RULES_LISTED]:
        table.add_row(rule, str(count), title.text(lang))
    console.print(table)

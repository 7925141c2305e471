"""The command line: parse arguments, call the pieces, choose the exit code.

Exit codes: 0 no errors; 1 errors found (or warnings, with ``--fail-on warning``);
2 a usage or input problem. Heavy modules (pandas, pandera) are imported only by
``check``, so ``--help``, ``rules`` and ``schema`` start fast.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from gkaudit.errors import FileUnreadableError, GkauditError, NoReportsError, OutputError
from gkaudit.render.formats import BINARY, FORMATS, NEEDS_CELLS

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Audit the arithmetic of 政府信息公开工作年度报告 (government information-disclosure annual reports).",
)
rules_app = typer.Typer(invoke_without_command=True, help="List the rules, explain them, or generate their docs.")


def _print_version(given: bool) -> None:
    if given:
        from gkaudit.version import __version__

        typer.echo(f"gkaudit {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Audit the arithmetic of 政府信息公开工作年度报告 (government information-disclosure annual reports)."""
app.add_typer(rules_app, name="rules")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
DECISIONS_FILE = "gkaudit.decisions.yaml"


OutputFormat = Enum("OutputFormat", [(name, name) for name in FORMATS], type=str)  # type: ignore[misc]


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


RulesOption = Annotated[
    Optional[list[Path]],
    typer.Option("--rules", help="An extra YAML rule file: adds rules, or overrides fields of a shipped rule by id."),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of messages and labels.")]


def _import_engine() -> None:
    """Import the heavy modules, then freeze what the imports built and resume the GC.

    ``main`` pauses the cyclic GC: importing pandas and pandera allocates hundreds of
    thousands of objects that the collector would otherwise walk again and again.
    Moving them out of its sight (gc.freeze) takes about a fifth off a gate's run time.
    Only then, once a process: a command run again in one process (the fuzzer, a test)
    would freeze the garbage cycles of the runs before it, never to be freed.
    """
    import gkaudit.engine  # noqa: F401
    import gkaudit.localize  # noqa: F401

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _report_input_error(error: GkauditError, lang: str) -> None:
    """One format for every input problem, on standard error, in the user's language: the
    code, the file, the place and what was expected (see gkaudit.errors)."""
    typer.echo(error.line(lang), err=True)


def _fail(error: GkauditError, lang: str = "zh") -> None:
    """End the run on an input problem. ``lang`` is the command's language; commands without
    --lang speak Chinese, gkaudit's default."""
    _report_input_error(error, lang)
    raise typer.Exit(EXIT_INPUT)


def _command_line_lang(argv: list[str]) -> str:
    """The language of an error raised before a command knows its own (in main): English only
    when ``--lang en`` is on the command line."""
    given = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--lang"]
    given += [arg.partition("=")[2] for arg in argv if arg.startswith("--lang=")]
    return "en" if given and given[-1] == "en" else "zh"


def _quiet_libraries() -> None:
    """Silence the warnings libraries log on standard error ("Invalid MediaBox in /Page,
    defaulting to US Letter" from pdfminer): they are not gkaudit's messages, and a
    document they cannot read ends in gkaudit's own error naming the file and place."""
    import logging

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _load_rules(extra: list[Path] | None, select: list[str] | None = None, ignore: list[str] | None = None,
                severity: tuple[tuple[str, str], ...] = (), lang: str = "zh"):
    from gkaudit.api import load_rules

    try:
        return load_rules(extra or [], select, ignore, severity)
    except GkauditError as error:
        _fail(error, lang)


def _reports(files: list[Path], lang: str, exclude: list[str]) -> Sequence[Path]:
    from gkaudit.api import find_reports

    try:
        return find_reports(files, exclude, lang)
    except GkauditError as error:
        _fail(error, lang)


ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="Use this configuration file instead of the gkaudit.toml or pyproject.toml found upward.")]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Use no configuration file.")]


def _config(config: Path | None, isolated: bool, lang: str = "zh"):
    from gkaudit.config import find_config

    try:
        return find_config(Path.cwd(), config, isolated)
    except GkauditError as error:
        _fail(error, lang)


def _first(*values):
    """The command line's value, else the configuration's, else the default (the last)."""
    return next((value for value in values if value is not None), values[-1])


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Reports: JSON, .docx, .pdf, HTML, Markdown or Word text; folders are searched; - reads standard input.", show_default=False)],
    output_format: Annotated[Optional[OutputFormat], typer.Option("--format", help=(
        "text (the default) for people; json for programs; csv for a spreadsheet (UTF-8 with BOM); sarif for "
        "code scanning; sqlite, a database to query (needs -o); github, workflow annotations."), show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the output to this file (atomically) instead of standard output.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write the triage page, one self-contained HTML file.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing -o/--html files.")] = False,
    lang: Annotated[Optional[Lang], typer.Option("--lang", help="Language of messages and labels [default: zh].")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 [default: error].")] = None,
    rules: RulesOption = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only rules with this id or id prefix (e.g. T3, or T3,PROSE); case-insensitive.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip rules with this id or id prefix (comma lists too); case-insensitive.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Leave out files matching this glob (on the name or the path), e.g. '*.png'; adds to the configuration's.")] = None,
    strict: Annotated[Optional[bool], typer.Option("--strict/--no-strict", help="Exit 2 when any input cannot be read (by default it is listed and the others decide).", show_default=False)] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes for a batch (the output is the same for any number) [default: the machine's cores].")] = None,
    decisions: Annotated[Optional[Path], typer.Option("--decisions", help=f"A reviewer's decisions file (default: {DECISIONS_FILE} beside the reports).")] = None,
    manifest: Annotated[Optional[Path], typer.Option("--manifest", help="Who is who in the batch (YAML or CSV): body aliases, which file is which body and year, the hierarchy whose roll-up is checked (docs/manifest.md).")] = None,
    previous: Annotated[Optional[list[Path]], typer.Option("--previous", help="Last year's reports (files or folders), or the results file last year's run wrote (--format sqlite or json): this batch's reports are compared with them across years, without their being reported on.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only each report's summary line and the triage list, no diagnostics.")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Also count the failures of each rule across the batch.")] = False,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", help="The name to give standard input (-) in locations; its extension does not matter, the content decides.")] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Check reports against the official templates and rules.

    Exit codes: 0 no report has errors (or warnings, with --fail-on warning); 1 some
    report has; 2 a usage error, nothing could be checked, or (--strict) an input could
    not be read. Files that are not reports (images, a README) are listed as skipped.
    Settings not given here come from gkaudit.toml or [tool.gkaudit] in pyproject.toml
    (see gkaudit config)."""
    _import_engine()
    from gkaudit.api import check as check_batch
    from gkaudit.decisions import find_decisions
    from gkaudit.pipeline import machine_cores
    from gkaudit.render.progress import progress_bar
    from gkaudit.verdict import exit_code

    settings = _config(config, isolated, lang.value if lang else "zh")  # the file's language is not known yet
    language = _first(lang and lang.value, settings.lang, "zh")
    chosen = _first(output_format and output_format.value, settings.format, "text")
    _check_targets(chosen, output, html, force, [f for f in files if f != STDIN], language)
    ruleset = _load_rules([*settings.rules, *(rules or [])], _first(select, settings.select and list(settings.select), None),
                          _first(ignore, settings.ignore and list(settings.ignore), None), settings.severity, language)
    with _standard_input(files, stdin_filename, language) as given:
        paths = _reports(given, language, [*settings.exclude, *(exclude or [])])
        decisions_file = find_decisions(decisions or settings.decisions, given)
        try:
            with progress_bar(len(paths), language) as advance:
                batch = check_batch(paths, ruleset=ruleset, jobs=_first(jobs, settings.jobs, machine_cores()), decisions=decisions_file,
                                    manifest=_first(manifest, settings.manifest, None),
                                    previous=[*settings.previous, *(previous or [])], progress=advance,
                                    cells=chosen in NEEDS_CELLS)
        except GkauditError as error:
            _fail(error, language)
        batch = _named_stdin(batch, given, files, stdin_filename)
    if len(paths) == 1 and not batch.reports:
        _fail((batch.unreadable or batch.skipped)[0], language)  # a gate given one file that is no report
    _render(batch, chosen, language, quiet, statistics, ruleset, output, force, paths)
    if html is not None:
        from gkaudit.render.html import render_html

        _write(html, render_html(batch, language), force, paths)
    for error in batch.unreadable:
        _report_input_error(error, language)
    if not batch.reports:
        _fail(NoReportsError(", ".join(str(f) for f in files), language), language)
    raise typer.Exit(exit_code(batch, _first(fail_on and fail_on.value, settings.fail_on, "error"),
                               _first(strict, settings.strict, False)))


def _check_targets(output_format: str, output: Path | None, html: Path | None, force: bool,
                   inputs: list[Path], lang: str) -> None:
    """Refuse, before any report is read, what writing the outputs would refuse at the end."""
    from gkaudit.output import ensure_writable

    if output_format in BINARY and output is None:
        _fail(OutputError(f"--format {output_format}", "", f"须用 -o/--output 指定要写入的文件（{output_format} 是二进制格式，不能输出到终端）"
                          if lang == "zh" else "give the file to write with -o/--output (a binary format is never written to a terminal)"), lang)
    if output is not None and html is not None and output.absolute() == html.absolute():
        _fail(OutputError(str(output), "", "是 -o 和 --html 的同一个文件" if lang == "zh" else "is given to both -o and --html"), lang)
    try:
        for target in (output, html):
            if target is not None:
                ensure_writable(target, force=force, inputs=inputs)
    except GkauditError as error:
        _fail(error, lang)


def _write(target: Path, document: str | bytes | Iterable[str | bytes], force: bool, inputs: list[Path]) -> None:
    from gkaudit.output import write_atomically

    try:
        write_atomically(target, document, force=force, inputs=inputs)
    except GkauditError as error:
        _fail(error)


def _render(batch, output_format: str, lang: str, quiet: bool, statistics: bool, ruleset,
            output: Path | None, force: bool, inputs: list[Path]) -> None:
    """The output in its format, to ``output`` or standard output (text there with colour
    on a terminal, at the window's width)."""
    if output is None and output_format == "text":
        from gkaudit.render.terminal import output_console, render_batch, render_statistics

        console = output_console()
        render_batch(console, batch, lang, quiet=quiet)
        if statistics:
            render_statistics(console, batch, lang)
        return
    from gkaudit.render.formats import render_pieces

    pieces = render_pieces(batch, output_format, lang, rules=ruleset.rules, quiet=quiet, statistics=statistics)
    if output is not None:
        _write(output, pieces, force, inputs)
    else:
        for piece in pieces:
            sys.stdout.write(piece)  # type: ignore[arg-type]  # BINARY formats never get here: _check_targets refused them


STDIN = Path("-")
MAX_STDIN_BYTES = 64 << 20  # a report is kilobytes to a few megabytes


@contextlib.contextmanager
def _standard_input(files: list[Path], name: str | None, lang: str) -> Iterator[list[Path]]:
    """The inputs, with ``-`` replaced by a file holding standard input. The readers
    recognise a document by its content; the file is made in a temporary folder that is
    the working directory meanwhile, so locations name it as given (``kq.txt:331``)."""
    if STDIN not in files:
        yield files
        return
    data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        _fail(FileUnreadableError("-", "", f"standard input is larger than {MAX_STDIN_BYTES >> 20} MiB; a report is a few megabytes at most"), lang)
    others = [path if path == STDIN else path.absolute() for path in files]
    held = Path(Path(name or "stdin").name)
    before = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="gkaudit-stdin-") as folder:
        (Path(folder) / held).write_bytes(data)
        os.chdir(folder)
        try:
            yield [held if path == STDIN else path for path in others]
        finally:
            os.chdir(before)


def _named_stdin(batch, given: list[Path], files: list[Path], name: str | None):
    """Results for standard input named ``-`` (or --stdin-filename), not the temporary file."""
    if STDIN not in files:
        return batch
    import dataclasses

    held = str(given[files.index(STDIN)])
    shown = name or "-"
    return batch.with_changed((i, dataclasses.replace(r, path=shown)) for i, r in enumerate(batch.reports) if r.path == held)


@rules_app.callback()
def rules_list(ctx: typer.Context, rules: RulesOption = None, lang: LangOption = Lang.zh) -> None:
    """List every rule: id, severity, templates and title."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = (rules, lang)
        return
    from gkaudit.render.terminal import output_console
    from rich.table import Table

    table = Table("id", "severity", "templates", "title", box=None, pad_edge=False)
    for rule in _load_rules(rules, lang=lang.value).rules:
        table.add_row(rule.id, rule.severity, ",".join(rule.templates), rule.title.text(lang.value))
    output_console().print(table)


@rules_app.command("explain")
def rules_explain(
    ctx: typer.Context,
    rule_ids: Annotated[list[str], typer.Argument(help="Rule ids or prefixes, any case: T3.TOTAL, t3, PROSE.", show_default=False)],
    lang: Annotated[Optional[Lang], typer.Option("--lang", help="Language of the explanation.")] = None,
) -> None:
    """Show what rules check, why, and a passing and a failing example of each."""
    from gkaudit.rules.explain import explain
    from gkaudit.rules.selection import resolve_selectors

    extra, outer_lang = ctx.obj or (None, Lang.zh)
    language = (lang or outer_lang).value
    ruleset = _load_rules(extra, lang=language)
    try:
        chosen = resolve_selectors([rule.id for rule in ruleset.rules], rule_ids, "rules explain")
    except GkauditError as error:
        _fail(error, language)
    pages = [explain(rule, language) for rule in ruleset.select(chosen).rules]
    typer.echo("\n\n".join(pages))


@rules_app.command("docs")
def rules_docs(
    check_only: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if any generated file is stale.")] = False,
    docs_dir: Annotated[Path, typer.Option("--docs", help="Folder of the rule pages.")] = Path("docs/rules"),
    readme: Annotated[Path, typer.Option("--readme", help="The README whose rule table is generated.")] = Path("README.md"),
) -> None:
    """Generate the rule pages (docs/rules/) and the README's rule table from the catalogue."""
    from gkaudit.output import write_atomically
    from gkaudit.rules.docs import generated, stale

    if not readme.is_file():
        _fail(FileUnreadableError(str(readme), "", "no such file; run this in the gkaudit repository or pass --readme"))
    ruleset = _load_rules(None)
    files = generated(ruleset, docs_dir, readme)
    outdated = stale(files, docs_dir)
    if check_only:
        for path in outdated:
            typer.echo(f"stale: {path}", err=True)
        raise typer.Exit(EXIT_FINDINGS if outdated else EXIT_CLEAN)
    docs_dir.mkdir(parents=True, exist_ok=True)
    for path in outdated:
        if path in files:
            write_atomically(path, files[path], force=True, inputs=[])
        else:
            path.unlink()
        typer.echo(f"wrote {path}" if path in files else f"removed {path}")


@app.command("config")
def show_config(config: ConfigOption = None, isolated: IsolatedOption = False) -> None:
    """Show the configuration check would use here: the file found and its settings."""
    settings = _config(config, isolated)
    if settings.path is None:
        typer.echo("# no configuration file: " + ("--isolated" if isolated else "none found from here upward (gkaudit.toml, or [tool.gkaudit] in pyproject.toml)"))
        return
    typer.echo(f"# {settings.path}")
    for line in settings.as_toml_lines():
        typer.echo(line)


@app.command()
def decide(
    fingerprint: Annotated[str, typer.Argument(help="The finding's fingerprint (check --format json gives it), or its first characters.", show_default=False)],
    files: Annotated[list[Path], typer.Argument(help="The reports the finding is in (files or folders).", show_default=False)],
    dismiss: Annotated[bool, typer.Option("--dismiss", help="Not an error: it leaves the verdict (needs --why).")] = False,
    confirm: Annotated[bool, typer.Option("--confirm", help="A real error: sent back to the office.")] = False,
    why: Annotated[str, typer.Option("--why", help="The justification (required to dismiss).")] = "",
    author: Annotated[str, typer.Option("--author", help="Who decides (default: the login name).")] = "",
    expires: Annotated[Optional[str], typer.Option("--expires", help="YYYY-MM-DD after which the decision no longer applies.")] = None,
    note: Annotated[str, typer.Option("--note", help="A free note.")] = "",
    decisions: Annotated[Optional[Path], typer.Option("--decisions", help=f"The decisions file to append to (default: {DECISIONS_FILE} beside the reports).")] = None,
    rules: RulesOption = None,
    lang: LangOption = Lang.zh,
) -> None:
    """Record a reviewer's decision on one finding: dismissed (with why) or confirmed."""
    import datetime
    import getpass

    from gkaudit.api import check as check_batch
    from gkaudit.decisions import DecisionFileError, appended, decision_entry, find_finding
    from gkaudit.output import write_atomically

    if dismiss == confirm:
        _fail(DecisionFileError("decide", "", "give exactly one of --dismiss and --confirm"), lang.value)
    if dismiss and not why.strip():
        _fail(DecisionFileError("decide", "--why", "a dismissal needs its justification"), lang.value)
    _import_engine()
    target = decisions or (files[0] if files[0].is_dir() else files[0].parent) / DECISIONS_FILE
    try:
        until = datetime.date.fromisoformat(expires) if expires else None
    except ValueError:
        _fail(DecisionFileError("decide", "--expires", f"expected a date as YYYY-MM-DD, got {expires!r}"), lang.value)
    try:
        batch = check_batch(files, ruleset=_load_rules(rules, lang=lang.value))
        result, finding = find_finding(batch, fingerprint)
        entry = decision_entry(result, finding, "dismissed" if dismiss else "confirmed", why.strip(),
                               author or getpass.getuser(), datetime.date.today(), until, note)
        write_atomically(target, appended(target, entry), force=True, inputs=[])
    except GkauditError as error:
        _fail(error, lang.value)
    typer.echo(f"{entry['verdict']}: {finding.rule} · {result.metadata.body} {result.metadata.year} · {entry['fingerprint']} → {target}")


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report: .docx, .pdf, HTML, Markdown, Word text or JSON.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the report JSON here (default: standard output).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    lang: LangOption = Lang.zh,
) -> None:
    """Read a document into the report JSON, for a person to review, correct and check."""
    from gkaudit.output import write_atomically
    from gkaudit.readers import read_report
    from gkaudit.readers.json_report import dumps_report

    try:
        text = dumps_report(read_report(file))
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomically(output, text, force=force, inputs=[file])
    except GkauditError as error:
        _fail(error, lang.value)


FIX_HELP = (
    "Apply only unique, safe corrections of failed arithmetic; print what changed and why.\n\n"
    "The written report is checked again, and the exit code is that check's: 0 it has no errors; "
    "1 errors remain (causes left alone, or errors no correction touches); 2 a usage or input problem."
)


@app.command(help=FIX_HELP)
def fix(
    file: Annotated[Path, typer.Argument(help="The report to repair (any format gkaudit reads).", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the repaired report JSON.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    unsafe: Annotated[bool, typer.Option("--unsafe", help=(
        "Also apply one of several tied explanations: the first that looks like a known slip "
        "(a total never updated, digits transposed, …), else the first; the log says which and lists all."))] = False,
    fill_blanks: Annotated[bool, typer.Option("--fill-blanks", help="Also write 0 in every blank cell TABLE.BLANK reports (not in cells a correction fills).")] = False,
    lang: LangOption = Lang.zh,
    rules: RulesOption = None,
) -> None:
    """Apply only unique, safe corrections of failed arithmetic; print what changed and why."""
    _import_engine()
    from gkaudit.fix import fill_blanks as fill, fix_report
    from gkaudit.output import write_atomically
    from gkaudit.pipeline import check_report
    from gkaudit.readers import read_report
    from gkaudit.readers.json_report import dumps_report
    from gkaudit.render.fixlog import print_fix_log

    if file.is_dir():
        _fail(FileUnreadableError(str(file), "", "is a folder; fix takes one report"), lang.value)
    ruleset = _load_rules(rules, lang=lang.value)
    try:
        report = read_report(file)
        result = check_report(report, ruleset)
        fixed, applied, skipped = fix_report(report, result.causes, unsafe=unsafe)
        filled = []
        if fill_blanks:
            blank_rules = {rule.id for rule in ruleset.checks("blank_cells")}
            blanks = [cell for f in result.findings if f.rule in blank_rules for cell in f.cells]
            fixed, filled = fill(fixed, blanks, applied)
        write_atomically(output, dumps_report(fixed), force=force, inputs=[file])
    except GkauditError as error:
        _fail(error, lang.value)
    print_fix_log(applied, skipped, filled, output, lang.value)
    raise typer.Exit(_recheck(output, ruleset, lang.value))


def _recheck(output: Path, ruleset, lang: str) -> int:
    """The exit code of ``fix``: what checking the report as written would say."""
    from gkaudit.pipeline import run

    batch = run([output], ruleset)
    if batch.unreadable:
        _fail(batch.unreadable[0], lang)
    errors = sum(f.status == "fail" and f.severity == "error" for r in batch.reports for f in r.findings)
    if not errors:
        return EXIT_CLEAN
    typer.echo(f"修改后的报告仍有 {errors} 个错误；gkaudit check {output} 可查看" if lang == "zh"
               else f"the fixed report still has {errors} error{'s' if errors > 1 else ''}; gkaudit check {output} shows them", err=True)
    return EXIT_FINDINGS


@app.command()
def schema(
    of_output: Annotated[bool, typer.Option("--output", help="The schema of what check --format json writes, instead of the report format it reads.")] = False,
) -> None:
    """Print the JSON Schema of the report format that `check` reads (or, with --output, writes)."""
    if of_output:
        from gkaudit.render.json_schema import output_schema as chosen
    else:
        from gkaudit.readers.json_schema import report_schema as chosen

    typer.echo(json.dumps(chosen(), ensure_ascii=False, indent=2))


def main() -> None:
    gc.disable()  # resumed once the heavy imports are done (see _import_engine)
    _quiet_libraries()
    try:
        app(prog_name="gkaudit")  # the same name (usage, completion) from the script and from python -m
    except GkauditError as error:
        typer.echo(error.line(_command_line_lang(sys.argv[1:])), err=True)
        sys.exit(EXIT_INPUT)
    except Exception as error:  # a defect in gkaudit itself: say so plainly, not as a traceback
        if os.environ.get("GKAUDIT_DEBUG"):
            raise
        typer.echo(
            f"gkaudit: internal error ({error.__class__.__name__}: {error}). This is a bug in gkaudit, not in "
            "your report; please report it with the file. Set GKAUDIT_DEBUG=1 to see the traceback.",
            err=True,
        )
        sys.exit(EXIT_INPUT)

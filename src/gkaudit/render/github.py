"""GitHub workflow annotations, for offices that keep their reports in git: one
``::error file=…,line=…,col=…,title=…::message`` command per finding, which a GitHub
Actions run shows on the report's line in the pull request.

Escaped as GitHub's own toolkit escapes them (actions/toolkit, ``command.ts``): ``%``, CR
and LF everywhere; ``:`` and ``,`` too in the properties, which they would otherwise end."""

from __future__ import annotations

from gkaudit.errors import GkauditError
from gkaudit.render.causes import cause_text
from gkaudit.render.places import place_of, relative
from gkaudit.results import BatchResult, Finding, ReportResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, message: str, **properties: object) -> str:
    spelled = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{command} {spelled}::{escape_data(message)}" if spelled else f"::{command}::{escape_data(message)}"


def _finding(result: ReportResult, finding: Finding, lang: str) -> str:
    place = place_of(finding.place)
    here = place.is_in(result.path)  # a line in another document (the original) is no line of this file
    cause = result.cause(finding.cause)
    lines = [finding.message.text(lang), *([cause_text(cause, lang)] if cause is not None else [])]
    if finding.original_place:
        lines.append(f"原文位置：{finding.original_place}" if lang == "zh" else f"in the original document: {finding.original_place}")
    elif not here and place.file:
        lines.append(finding.location)
    command = COMMANDS[finding.severity] if finding.status == "fail" else "notice"
    return annotation(command, "\n".join(lines), file=relative(result.path), line=place.line if here else None,
                      col=place.column if here else None, title=f"{finding.rule} {finding.title.text(lang)}")


def _input(error: GkauditError, command: str) -> str:
    return annotation(command, error.message(), file=relative(error.file) if error.file else None)


def render_github(batch: BatchResult, lang: str) -> str:
    """An annotation for every finding that counts (a dismissed one left out, as it leaves
    the verdict), every unreadable input and every skipped one."""
    lines = [_finding(result, finding, lang) for result in batch.reports for finding in result.findings
             if finding.status == "not_assessable" or finding.counts_against]
    lines += [_input(error, "error") for error in batch.unreadable]
    lines += [_input(error, "notice") for error in batch.skipped]
    return "".join(line + "\n" for line in lines)

"""SARIF 2.1.0, the format code-scanning tools read (GitHub code scanning, editors' SARIF
viewers): the rules run with their title, help and documentation page, and one result per
finding at the file passed — with its line and column when the finding's cell has them —
and the original document it was extracted from as a related location.

A finding that is not assessable is a result of kind ``review``; one a reviewer dismissed
carries an accepted suppression with the reviewer's reason; unreadable and skipped inputs
are the run's notifications."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from gkaudit.errors import GkauditError
from gkaudit.render.causes import cause_text
from gkaudit.render.findingfacts import proposed_value, subject
from gkaudit.render.jsonstream import MARKER, streamed
from gkaudit.render.places import Place, place_of, relative
from gkaudit.results import BatchResult, Finding, ReportResult
from gkaudit.rules.model import Rule
from gkaudit.templates import Label
from gkaudit.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "gkaudit/v1"  # GitHub matches results across runs by it


def rule_doc(rule_id: str) -> str:
    """The rule's page in the repository (``gkaudit rules docs`` writes one per rule)."""
    return f"docs/rules/{rule_id}.md"


def uri(path: str) -> str:
    """A file as a URI reference: relative paths stay relative (code scanning resolves them
    from the repository root), absolute ones become file: URIs; Chinese names percent-encoded."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(PurePosixPath(Path(path)).as_posix(), safe="/")


def _text(label: Label | None, lang: str) -> str:
    return label.text(lang) if label is not None else ""


def _descriptor(rule_id: str, title: str, help_text: str, description: str, severity: str) -> dict:
    doc = rule_doc(rule_id)
    descriptor = {
        "id": rule_id,
        "shortDescription": {"text": title},
        "help": {"text": f"{help_text}\n{doc}".lstrip(), "markdown": f"{help_text}\n\n[{doc}]({doc})".lstrip()},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"documentation": doc},
    }
    if description:
        descriptor["fullDescription"] = {"text": description}
    return descriptor


def _descriptors(batch: BatchResult, rules: Sequence[Rule], lang: str) -> list[dict]:
    """The rules run, then any rule a finding names that the list lacks (from the finding)."""
    described = [_descriptor(r.id, r.title.text(lang), _text(r.help or r.why, lang), _text(r.what, lang), r.severity)
                 for r in rules]
    known = {r.id for r in rules}
    for result in batch.reports:
        for finding in result.findings:
            if finding.rule not in known:
                known.add(finding.rule)
                described.append(_descriptor(finding.rule, finding.title.text(lang), _text(finding.help, lang), "",
                                             finding.severity))
    return described


def _physical(file: str, place: Place | None) -> dict:
    physical: dict = {"artifactLocation": {"uri": uri(file)}}
    if place is not None and place.line is not None:
        physical["region"] = {"startLine": place.line, **({"startColumn": place.column} if place.column else {})}
    return physical


def _locations(result: ReportResult, finding: Finding, lang: str) -> tuple[dict, list[dict]]:
    """The finding's location in the file passed, and related locations elsewhere: where
    the finding stands in another document, and where its cell stood in the original."""
    cell = subject(finding)
    place = place_of(finding.place)
    here = place.is_in(result.path)
    location: dict = {"physicalLocation": _physical(relative(result.path), place if here else None)}
    shown = " · ".join(part for part in (place.detail, cell.label(lang) if cell else "") if part)
    if shown:
        location["message"] = {"text": shown}
    if cell is not None:
        location["logicalLocations"] = [{"name": cell.label(lang), "kind": "element",
                                         "fullyQualifiedName": f"{cell.table}.{cell.row}.{cell.column}"}]
    related = []
    if not here and place.file:
        related.append({"physicalLocation": _physical(place.file, place),
                        "message": {"text": place.detail or finding.location}})
    if finding.original_place:
        origin = place_of(finding.original_place)
        label = "原文位置" if lang == "zh" else "in the original document"
        related.append({"physicalLocation": _physical(origin.file, origin),
                        "message": {"text": f"{label}: {finding.original_place}"}})
    for index, entry in enumerate(related):
        entry["id"] = index
    return location, related


def _result(result: ReportResult, finding: Finding, index: dict[str, int], lang: str) -> dict:
    location, related = _locations(result, finding, lang)
    cause = result.cause(finding.cause)
    entry: dict = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "kind": "fail" if finding.status == "fail" else "review",
        "level": LEVELS[finding.severity] if finding.status == "fail" else "none",
        "message": {"text": finding.message.text(lang)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: result.fingerprint(finding)},
        "properties": {
            "body": result.metadata.body, "year": result.metadata.year, "template": result.template,
            **({"cause": cause_text(cause, lang)} if cause is not None else {}),
            **({"proposed": proposed} if (proposed := proposed_value(result, finding)) is not None else {}),
        },
    }
    if related:
        entry["relatedLocations"] = related
    if finding.review is not None and finding.review.verdict == "dismissed":
        entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification": finding.review.why}]
    return entry


def _notification(error: GkauditError, level: str) -> dict:
    return {"level": level, "message": {"text": error.message()},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(relative(error.file))}}}] if error.file else []}


def sarif_log(batch: BatchResult, lang: str, rules: Sequence[Rule] = ()) -> dict:
    log, results = _log(batch, lang, rules)
    log["runs"][0]["results"] = list(results)
    return log


def _log(batch: BatchResult, lang: str, rules: Sequence[Rule]) -> tuple[dict, Iterator[dict]]:
    """The log with MARKER for its results, and the results, one by one."""
    descriptors = _descriptors(batch, rules, lang)
    index = {descriptor["id"]: i for i, descriptor in enumerate(descriptors)}
    notifications = ([_notification(e, "error") for e in batch.unreadable]
                     + [_notification(e, "note") for e in batch.skipped])
    results = (_result(result, finding, index, lang) for result in batch.reports for finding in result.findings)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "gkaudit", "version": __version__, "rules": descriptors}},
            "language": "zh-CN" if lang == "zh" else "en-US",
            "columnKind": "unicodeCodePoints",  # gkaudit counts characters, not UTF-16 units
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
            "results": MARKER,
        }],
    }, results


def sarif_chunks(batch: BatchResult, lang: str, rules: Sequence[Rule] = ()) -> Iterator[str]:
    """The log a result at a time (its results sit three levels down: runs, the run, results)."""
    log, results = _log(batch, lang, rules)
    return streamed(log, results, 3, lambda value: json.dumps(value, ensure_ascii=False, indent=2))


def render_sarif(batch: BatchResult, lang: str, rules: Sequence[Rule] = ()) -> str:
    return "".join(sarif_chunks(batch, lang, rules))

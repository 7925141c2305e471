"""Reviewers' decisions: a YAML file the reviewer owns, applied to every run.

    decisions:
      - fingerprint: 4f0c2a9e1b7d3c55     # what `check --format json` gives each finding
        verdict: dismissed                # or confirmed
        why: 该区当年确无行政复议案件，0 为实际数字   # required for dismissed
        author: 李审核
        date: 2026-12-04
        expires: 2027-06-30               # optional
        note: 电话核实                     # optional
        rule: T3.TOTAL                    # written by `gkaudit decide`, for people and for
        body: 康桥街道                     #   reporting a decision that no longer applies
        year: 2020
        place: 9a1e…                      # the finding without its values

A finding is named by its fingerprint — body, year, rule, scope, cells and their values,
never the file path — so a decision survives re-running, re-extracting a new copy of
the document, and next year's batch. A decision is reported, not applied, when its
report is in the batch but its finding is gone, when the same cells now hold other
values (the office edited them: a dismissal must not silently carry over), or when it
has expired. Decisions about reports not in the batch are left alone.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml

from gkaudit.errors import GkauditError
from gkaudit.inputs import probe
from gkaudit.results import BatchResult, DecisionProblem, Finding, ReportResult, Review
from gkaudit.yamlio import yaml_list

DEFAULT_NAME = "gkaudit.decisions.yaml"
VERDICTS = ("confirmed", "dismissed")
_REQUIRED = ("fingerprint", "verdict", "author", "date")
_KEYS = (*_REQUIRED, "why", "expires", "note", "rule", "body", "year", "place")


class DecisionFileError(GkauditError):
    """A decisions file that cannot be read, or an entry that is not a valid decision."""

    code = "decisions.invalid"


@dataclass(frozen=True)
class Decision:
    fingerprint: str
    verdict: str
    author: str
    date: str
    why: str = ""
    expires: str | None = None
    note: str = ""
    rule: str = ""
    body: str = ""
    year: int | None = None
    place: str = ""
    source: str = ""  # file and entry, for messages

    def expired(self, today: datetime.date) -> bool:
        return self.expires is not None and datetime.date.fromisoformat(self.expires) < today

    def review(self) -> Review:
        return Review(verdict=self.verdict, why=self.why, author=self.author, date=self.date)  # type: ignore[arg-type]


def _date(value: object, where: str, path: Path) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise DecisionFileError(str(path), where, f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _decision(node: object, index: int, path: Path) -> Decision:
    where = f"decisions[{index}]"
    if not isinstance(node, dict):
        raise DecisionFileError(str(path), where, "each decision must be a mapping (fingerprint:, verdict:, …)")
    unknown = [key for key in node if key not in _KEYS]
    if unknown:
        raise DecisionFileError(str(path), f"{where}.{unknown[0]}", f"unknown key; expected some of {', '.join(_KEYS)}")
    missing = [key for key in _REQUIRED if key not in node]
    if missing:
        raise DecisionFileError(str(path), where, f"missing {', '.join(missing)}")
    if node["verdict"] not in VERDICTS:
        raise DecisionFileError(str(path), f"{where}.verdict", f"expected confirmed or dismissed, got {node['verdict']!r}")
    if node["verdict"] == "dismissed" and not str(node.get("why") or "").strip():
        raise DecisionFileError(str(path), f"{where}.why", "a dismissal needs its justification (why: …)")
    year = node.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise DecisionFileError(str(path), f"{where}.year", f"expected a year, got {year!r}")
    return Decision(
        fingerprint=str(node["fingerprint"]), verdict=node["verdict"], author=str(node["author"]),
        date=_date(node["date"], f"{where}.date", path), why=str(node.get("why") or ""),
        expires=_date(node["expires"], f"{where}.expires", path) if node.get("expires") else None,
        note=str(node.get("note") or ""), rule=str(node.get("rule") or ""), body=str(node.get("body") or ""),
        year=year, place=str(node.get("place") or ""), source=f"{path}: {where}",
    )


def load_decisions(path: Path) -> list[Decision]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DecisionFileError(str(path), "", f"cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise DecisionFileError(str(path), f"byte {exc.start}", "is not UTF-8 text") from exc
    return [_decision(node, i, path) for i, node in enumerate(yaml_list(path, text, "decisions", DecisionFileError))]


def find_decisions(explicit: Path | None, inputs: list[Path]) -> Path | None:
    """The decisions file: the one named, else gkaudit.decisions.yaml beside the first input."""
    if explicit is not None:
        return explicit
    for given in inputs:
        folder = given if probe(given.is_dir) else given.parent
        candidate = folder / DEFAULT_NAME
        if probe(candidate.is_file):
            return candidate
    return None


def apply_decisions(batch: BatchResult, decisions: list[Decision], today: datetime.date | None = None) -> BatchResult:
    """The batch with each finding's review set from the decisions, and the decisions that
    no longer apply reported. The last decision on a fingerprint wins."""
    today = today or datetime.date.today()
    by_fingerprint = {d.fingerprint: d for d in decisions}
    reviewed: dict[int, ReportResult] = {}
    used: set[str] = set()
    places: dict[str, str] = {}  # place → current fingerprint, for "values changed"
    in_batch: set[tuple[str, int | None]] = set()
    for index, result in enumerate(batch.reports):
        in_batch.add((" ".join(result.metadata.body.split()), result.metadata.year))
        findings = []
        for finding in result.findings:
            fingerprint = result.fingerprint(finding)
            places[result.place(finding)] = fingerprint
            decision = by_fingerprint.get(fingerprint)
            if decision is not None and not decision.expired(today):
                used.add(fingerprint)
                finding = dataclasses.replace(finding, review=decision.review())
                reviewed[index] = result
            findings.append(finding)
        if index in reviewed:
            reviewed[index] = dataclasses.replace(result, findings=tuple(findings))
    problems = [_problem(d, today, places) for d in by_fingerprint.values()
                if d.fingerprint not in used and (d.expired(today) or (" ".join(d.body.split()), d.year) in in_batch)]
    return batch.with_changed(reviewed.items(), decision_problems=tuple(problems))


def _problem(decision: Decision, today: datetime.date, places: dict[str, str]) -> DecisionProblem:
    if decision.expired(today):
        kind = "expired"
    elif decision.place and decision.place in places:
        kind = "values_changed"
    else:
        kind = "gone"
    return DecisionProblem(fingerprint=decision.fingerprint, problem=kind, rule=decision.rule, body=decision.body,
                           year=decision.year, why=decision.why, source=decision.source)


def find_finding(batch: BatchResult, prefix: str) -> tuple[ReportResult, Finding]:
    """The one finding whose fingerprint starts with ``prefix`` (as git takes a short hash)."""
    matches = [(r, f) for r in batch.reports for f in r.findings if r.fingerprint(f).startswith(prefix.lower())]
    if not matches:
        raise DecisionFileError(prefix, "", "no finding of the reports given has this fingerprint; "
                                "check --format json lists each finding's")
    if len({r.fingerprint(f) for r, f in matches}) > 1:
        raise DecisionFileError(prefix, "", f"names {len(matches)} findings; give more of the fingerprint")
    return matches[0]


def decision_entry(result: ReportResult, finding: Finding, verdict: str, why: str, author: str,
                   date: datetime.date, expires: datetime.date | None = None, note: str = "") -> dict:
    """A decision as the file holds it, with the finding's rule, body, year and place."""
    entry: dict = {"fingerprint": result.fingerprint(finding), "verdict": verdict, "why": why, "author": author,
                   "date": date.isoformat()}
    if expires is not None:
        entry["expires"] = expires.isoformat()
    if note:
        entry["note"] = note
    entry.update(rule=finding.rule, body=result.metadata.body, year=result.metadata.year, place=result.place(finding))
    return entry


def appended(path: Path, entry: dict) -> str:
    """The decisions file's text with ``entry`` added (the file is created if absent);
    earlier entries are kept as they were written."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    earlier = load_decisions(path) if existing.strip() else []  # never append to a broken file
    body = existing if existing.strip() else "# Reviewers' decisions for gkaudit (see docs/decisions.md)\ndecisions:\n"
    body += "" if body.endswith("\n") else "\n"
    item = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    text = body + "".join(f"  {line}\n" for line in item.splitlines())
    parsed = yaml.safe_load(text)
    if not isinstance(parsed, dict) or parsed.get("decisions", [])[-1:] != [yaml.safe_load(item)[0]] \
            or len(parsed["decisions"]) != len(earlier) + 1:
        # the file's own layout (a flow list, decisions: not last) does not take an appended
        # item: write it again whole, comments lost but every decision kept
        entries = yaml.safe_load(existing)["decisions"] + [entry]
        text = yaml.safe_dump({"decisions": entries}, allow_unicode=True, sort_keys=False, width=1000)
    return text

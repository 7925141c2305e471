"""The narrative against the tables, and the narrative against the template.

Claims are declared in YAML (``check: narrative_claim``): cue patterns with a number
placeholder ``{n}`` and the expression of table cells they are about. A stated number
that equals the table is silent; one that equals a declared alternative reading
("received" counting last year's carried-over requests), or that sits in a sentence
about a sub-unit, is a PROSE.SCOPE warning naming the reading; only a number that fits
no reading is an error. Section checks (presence, numbering, headings, topics, empty
sections, the report year) take their settings from their rules' ``params``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property, lru_cache
from collections.abc import Callable

import ahocorasick

from gkaudit.audit import shown_path
from gkaudit.errors import number_fits
from gkaudit.results import Finding, FindingCell
from gkaudit.model import Cell, NarrativeSection, Report, Source
from gkaudit.readers.json_places import text_place
from gkaudit.readers.labels import similarity
from gkaudit.rules.catalog import Rule, RuleSet, load_ruleset
from gkaudit.rules.linear import CellKey, evaluate
from gkaudit.templates import Label, Layout, Template, get_template
from gkaudit.text import compact

CellInfo = Callable[[CellKey, str], FindingCell]
# A figure starts where its run of digits or numerals starts: trying every position inside a
# run of flattened table digits ("3000003…") would make the scan quadratic in the run.
NUMBER = r"(?P<n>(?<![\d.])(?<!\d,)\d[\d,]*(?:\.\d+)?万?|(?<![零〇一二两三四五六七八九十百千万])[零〇一二两三四五六七八九十百千万]+)"
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERALS = "一二三四五六七八九十"


def parse_number(text: str) -> Decimal | None:
    """Arabic (1,234 · 1.2万) or Chinese (五 · 十二 · 两 · 一百零三) numerals."""
    text = unicodedata.normalize("NFKC", text).replace(",", "")
    if not text:
        return None
    if text[0].isdigit():
        if not number_fits(text.rstrip("万")):
            return None  # a run of flattened table digits, not a figure
        scale = Decimal(10000) if text.endswith("万") else Decimal(1)
        try:
            return Decimal(text.rstrip("万")) * scale
        except InvalidOperation:
            return None
    total = section = number = 0
    for character in text:
        if character in _DIGITS:
            number = _DIGITS[character]
        elif character in _UNITS:
            section += (number or 1) * _UNITS[character]
            number = 0
        elif character == "万":
            total += (section + number) * 10000
            section = number = 0
    return Decimal(total + section + number)


_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")


def _cue_text(normal: str) -> str:
    """The sentence as cues are matched in it: quotation marks are emphasis (“同意公开”3件)."""
    return normal.translate(_QUOTES)


@lru_cache(maxsize=4096)  # the rules' patterns: a run has a few dozen, the fuzzer's rule files many more
def _pattern(pattern: str) -> re.Pattern[str]:
    literal = [re.escape(compact(part)) for part in pattern.split("{n}")]
    return re.compile(NUMBER.join(literal))


@lru_cache(maxsize=4096)
def _anchors(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The longest literal piece of each pattern: a sentence without any is skipped cheaply."""
    return tuple(max((compact(part) for part in p.split("{n}")), key=len) for p in patterns)


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str  # the template section id it belongs to
    source: Source | None

    @cached_property  # every rule matches it: normalise once
    def normal(self) -> str:
        return compact(self.text)


@lru_cache(maxsize=4096)  # a document's own headings: bounded, a batch meets endless variants
def _section_of(heading: str, template_id: str) -> str | None:
    sections = get_template(template_id).sections
    scored = max(((similarity(heading, s.label.zh), s.id) for s in sections), default=(0, None))
    return scored[1] if scored[0] >= 0.6 else None


def section_ids(report: Report, template: Template) -> list[str | None]:
    """The template section each narrative section is, by its heading (numbers may be wrong)."""
    return [_section_of(section.heading, template.id) for section in report.narrative]


def sentences(report: Report, template: Template) -> list[Sentence]:
    """Sentences of each section; lines are joined first, since PDF and Markdown text
    breaks lines in mid-sentence ("受理政府信息公开申请 17" / "件，…")."""
    found = []
    for section, section_id in zip(report.narrative, section_ids(report, template)):
        lines = section.text.split("\n")
        starts, offset = [], 0
        for line in lines:
            starts.append(offset)
            offset += len(line)
        text = "".join(lines)
        position = 0
        for sentence in _SENTENCE_END.split(text):
            if sentence.strip():
                line = bisect_right(starts, position) - 1 if starts else 0
                source = section.paragraph_sources[line] if line < len(section.paragraph_sources) else section.source
                found.append(Sentence(sentence.strip(), section_id or "", source))
            position += len(sentence)
    return found


def _fields(**values: str | Label) -> dict[str, Label]:
    return {k: v if isinstance(v, Label) else Label(v, v) for k, v in values.items()}


Place = tuple[str, str | None]  # where a finding stands in the file passed, and in the original document


def narrative_place(report: Report, source: Source | None = None, quoted: str | None = None) -> Place:
    """Where a piece of the narrative stands: in the document read, its line; in report JSON,
    the line and column of ``quoted`` (the sentence or heading) in the file passed, with the
    line of the document it was extracted from as the origin."""
    document = report.source_file or report.path
    in_document = source.display(document) if source is not None else document
    if report.json_text is None:
        return in_document, None
    shown = shown_path(report.path)
    place = text_place(report.json_text, "narrative", quoted) if quoted else None
    return (f"{shown}:{place[0]}:{place[1]}" if place else shown), (in_document if source is not None else None)


def _finding(rule: Rule, fields: dict[str, Label], cells: tuple[FindingCell, ...], place: Place,
             stated: Decimal | None = None, computed: Decimal | None = None) -> Finding:
    location, origin = place
    return Finding.of(rule, fields, cells, location, origin=origin, reported=plain_number(stated),
                      computed=plain_number(computed))


def plain_number(value: Decimal | None) -> int | Decimal | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


class _CueIndex:
    """Every claim rule's anchors in one Aho–Corasick automaton: one pass over a sentence
    names the rules whose cues it may hold, where testing each rule's anchors in turn took
    a pass per anchor (nineteen rules, some eighty anchors, every sentence of every report)."""

    def __init__(self, patterns: tuple[tuple[str, ...], ...]) -> None:
        self.automaton = ahocorasick.Automaton()
        owners: dict[str, set[int]] = {}
        for position, rule_patterns in enumerate(patterns):
            for anchor in _anchors(rule_patterns):
                owners.setdefault(anchor, set()).add(position)
        self.everywhere = frozenset(owners.pop("", ()))  # a pattern with no literal part: tried on every sentence
        for anchor, positions in owners.items():
            self.automaton.add_word(anchor, frozenset(positions))
        if owners:  # an automaton without words can be neither built nor searched
            self.automaton.make_automaton()

    def candidates(self, normal: str) -> list[int]:
        """The positions of the rules with an anchor in the sentence, in rule order."""
        found = set(self.everywhere)
        if len(self.automaton):
            for _, positions in self.automaton.iter(normal):
                found |= positions
        return sorted(found)


@lru_cache(maxsize=16)  # one per set of claim rules: a run has one, the fuzzer tries many
def _cue_index(patterns: tuple[tuple[str, ...], ...]) -> _CueIndex:
    return _CueIndex(patterns)


def _matches(normal: str, rule: Rule) -> list[tuple[Decimal, int]]:
    """(stated number, where its cue starts) for every cue in the sentence."""
    stated: list[tuple[Decimal, int]] = []
    not_after = _normal_words(tuple(rule.params.get("not_after", ())))
    for pattern in rule.params["patterns"]:
        for match in _pattern(pattern).finditer(normal):
            if any(normal.endswith(word, 0, match.start()) for word in not_after):
                continue
            if "n" in match.groupdict() and match.group("n"):
                value = parse_number(match.group("n"))
            else:
                value = Decimal(str(rule.params["states"]))
            if value is not None:
                stated.append((value, match.start()))
    return stated


@lru_cache(maxsize=4096)
def _normal_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """A rule's words as sentences are matched: normalised once, not for every sentence."""
    return tuple(compact(word) for word in words)


def _marker_ends(normal: str, markers: tuple[str, ...]) -> list[tuple[int, str]]:
    """Where each part marker (区政府办 …) first ends in the sentence: one scan per marker."""
    return [(found + len(m), m) for m in markers if (found := normal.find(m)) >= 0]


@dataclass(frozen=True)
class TableFigures:
    """A report's cells as the prose is compared with them: a blank 总计 cell stands for the
    sum of its row's parts (the applicant columns of 表三, the results of 表四), since the
    prose states that sum, not the blank."""

    layout: Layout
    cells: dict[CellKey, Cell]
    filled: dict[CellKey, list[CellKey]]  # a blank total read as a sum → the cells summed

    @classmethod
    def of(cls, layout: Layout, cells: dict[CellKey, Cell], blank_totals: dict[str, str]) -> TableFigures:
        read = dict(cells)
        filled: dict[CellKey, list[CellKey]] = {}
        for key, cell in cells.items():
            table, row, column = key
            group = blank_totals.get(table)
            if group is None or column != "total" or cell.state != "blank":
                continue
            value, parts = evaluate(f"sum({table}[{row}, {group}])", layout, cells)
            if value is not None and any(cells[k].state == "number" for k in parts):
                read[key] = Cell(value, cell.source)
                filled[key] = parts
        return cls(layout, read, filled)

    def value(self, expression: str) -> tuple[Decimal | None, list[CellKey]]:
        value, keys = evaluate(expression, self.layout, self.cells)
        return value, [k for key in keys for k in (key, *self.filled.get(key, ()))]


_FILLED = Label("（总计栏空白，按各栏之和）", " (the total is blank: the sum of its columns)")


@cache
def _shipped_scope() -> Rule | None:
    return next(iter(load_ruleset().checks("narrative_scope")), None)


def check_claims(report: Report, layout: Layout, template: Template, cells: dict[CellKey, Cell],
                 ruleset: RuleSet, info: CellInfo) -> list[Finding]:
    claims = [r for r in ruleset.checks("narrative_claim") if template.id in r.templates]
    scope_rule = next(iter(ruleset.checks("narrative_scope")), None)
    # how a figure is read does not depend on whether its warning is selected (--ignore PROSE.SCOPE)
    reading_rule = scope_rule or _shipped_scope()
    scope_params = reading_rule.params if reading_rule else {}
    part_markers = _normal_words(tuple(scope_params.get("part_markers", ())))
    figures = TableFigures.of(layout, cells, scope_params.get("blank_totals", {}))
    findings: list[Finding] = []
    seen: set[tuple[str, str, Decimal]] = set()
    cues = _cue_index(tuple(tuple(rule.params["patterns"]) for rule in claims))
    for sentence in sentences(report, template):
        normal = _cue_text(sentence.normal)
        markers = _marker_ends(normal, part_markers)
        for rule in (claims[i] for i in cues.candidates(normal)):
            sections = rule.params.get("sections")
            if sections and sentence.section not in sections:
                continue
            for stated, start in _matches(normal, rule):
                key = (rule.id, sentence.text, stated)
                if key in seen:
                    continue
                seen.add(key)
                value, keys = figures.value(rule.params["refers_to"])
                if value is None or stated == value:
                    continue
                finding_cells = tuple(info(k, "context") for k in keys)
                place = narrative_place(report, sentence.source, sentence.text)
                label = Label(rule.params["label"]["zh"], rule.params["label"]["en"])
                if any(k in figures.filled for k in keys):
                    label = Label(label.zh + _FILLED.zh, label.en + _FILLED.en)
                fields = _fields(sentence=sentence.text, stated=str(plain_number(stated)), computed=str(plain_number(value)), cell=label)
                reading = _alternative(rule, stated, figures)
                marker = next((m for end, m in markers if end <= start), None)
                if reading is None and marker is None:
                    findings.append(_finding(rule, fields, finding_cells, place, stated, value))
                elif scope_rule is not None:  # another reading fits: a warning naming it, never an error
                    why = reading or Label(f"句中的“{marker}”表明可能只是部分单位或部分事项的数字", f"“{marker}” suggests the figure covers only part of the body or of the matters")
                    findings.append(_finding(scope_rule, {**fields, "reading": why}, finding_cells, place, stated, value))
    return findings


_CLAUSE_END = re.compile(r"[，,；;]")


def _without_brackets(text: str) -> str:
    """``text`` without each "(" and what follows it up to the next ")" (the text is NFKC, so
    full-width brackets are ASCII); a "(" never closed is kept. One pass, where a regular
    expression retried every unclosed "(" to the end of the text."""
    kept, position = [], 0
    while (start := text.find("(", position)) != -1 and (end := text.find(")", start)) != -1:
        kept.append(text[position:start])
        position = end + 1
    kept.append(text[position:])
    return "".join(kept)


def check_parts(report: Report, template: Template, ruleset: RuleSet) -> list[Finding]:
    """"共 N 条，其中 a 条、b 条…": the listed parts may leave some out, but never add up to more."""
    findings: list[Finding] = []
    for rule in [r for r in ruleset.checks("narrative_parts") if template.id in r.templates]:
        marker, units = compact(rule.params.get("marker", "其中")), rule.params.get("units", ["件", "条"])
        unit_pattern = "|".join(re.escape(u) for u in units)
        amount = re.compile(rf"{NUMBER}(?P<unit>{unit_pattern})")
        breakdowns = {name: [compact(w) for w in words] for name, words in rule.params.get("breakdowns", {}).items()}
        ends = [compact(w) for w in rule.params.get("ends", [])]
        for sentence in sentences(report, template):
            text = _without_brackets(sentence.normal)  # a nested breakdown is not a part
            head, found, tail = text.partition(marker)
            totals = list(amount.finditer(head))
            if not found or not totals:
                continue
            total, unit = parse_number(totals[-1].group("n")), totals[-1].group("unit")
            parts = _parts(tail, amount, unit, breakdowns, ends)
            if total is None or len(parts) < 2 or sum(parts) <= total:
                continue
            arithmetic = " + ".join(str(plain_number(p)) for p in parts) + f" = {plain_number(sum(parts))} > {plain_number(total)}"
            fields = _fields(sentence=sentence.text, stated=str(plain_number(total)), computed=str(plain_number(sum(parts))), number=arithmetic)
            findings.append(_finding(rule, fields, (), narrative_place(report, sentence.source, sentence.text), total, sum(parts)))
    return findings


def _parts(tail: str, amount: re.Pattern[str], unit: str, breakdowns: dict[str, list[str]], ends: list[str]) -> list[Decimal]:
    """The figures listed as parts of the total: the clauses after 其中, up to the first that
    is of another breakdown than the first part (自然人、商业企业 … then 办结、予以公开 …) or
    that picks its figure by another criterion (…的有 45 项 counts within the parts)."""
    parts: list[Decimal] = []
    kind: str | None = None
    for clause in _CLAUSE_END.split(tail):
        figures = [m for m in amount.finditer(clause) if m.group("unit") == unit]
        if not figures:
            continue
        label = clause[: figures[0].start()]
        clause_kind = next((name for name, words in breakdowns.items() if any(w in label for w in words)), None)
        if any(word in clause for word in ends) or (parts and clause_kind != kind):
            break
        kind = clause_kind
        parts += [n for m in figures if (n := parse_number(m.group("n"))) is not None]
    return parts


def _alternative(rule: Rule, stated: Decimal, figures: TableFigures) -> Label | None:
    for alternative in rule.params.get("alternatives") or []:
        value, _ = figures.value(alternative["refers_to"])
        if value is not None and value == stated:
            reading = alternative["reading"]
            return Label(f"但与“{reading['zh']}”的口径一致（{plain_number(value)}）", f"but it matches the reading “{reading['en']}” ({plain_number(value)})")
    return None


def check_sections(report: Report, template: Template, ruleset: RuleSet) -> list[Finding]:
    """Presence, numbering, headings, required topics, empty sections, the year.

    A report file without narrative (tables only) is checked for its tables alone."""
    findings: list[Finding] = []
    if not report.narrative:
        return findings
    ids = section_ids(report, template)
    official = {s.id: s for s in template.sections}
    file = narrative_place(report)
    applicable = lambda name: [r for r in ruleset.checks(name) if template.id in r.templates]  # noqa: E731

    def where(section: NarrativeSection | None) -> Place:
        return narrative_place(report, section.source, section.heading) if section is not None else file

    for rule in applicable("section_presence"):
        for section in [s for s in template.sections if s.id not in ids]:
            fields = _fields(section=Label(f"{section.number}、{section.label.zh}", f"{section.number}. {section.label.en}"))
            findings.append(_finding(rule, fields, (), file))
    by_id = {i: s for s, i in zip(report.narrative, ids) if i}
    for rule in applicable("section_numbering"):
        for section, section_id in zip(report.narrative, ids):
            if section_id and section.number != official[section_id].number:
                expected = official[section_id].number
                fields = _fields(section=section.heading, number=Label(f"“{section.number}、”，应为“{expected}、”", f"“{section.number}”, not “{expected}”"))
                findings.append(_finding(rule, fields, (), where(section)))
    for rule in applicable("section_heading"):
        for section, section_id in zip(report.narrative, ids):
            # a trailing remark such as "（有关情况附表）" is not a different heading
            heading = re.sub(r"[（(][^）)]*[）)]$", "", compact(section.heading))
            if section_id and heading != compact(official[section_id].label.zh):
                fields = _fields(printed=section.heading, official=official[section_id].label.zh)
                findings.append(_finding(rule, fields, (), where(section)))
    for rule in applicable("section_topics"):
        section = by_id.get(rule.params["section"])
        if section is None:
            continue
        text = compact(section.text)
        absent = [name for name, words in rule.params["topics"].items() if not any(compact(w) in text for w in words)]
        if absent:
            fields = _fields(section=f"{section.number}、{section.heading}", topics=Label("、".join(absent), ", ".join(absent)))
            findings.append(_finding(rule, fields, (), where(section)))
    for rule in applicable("section_empty"):
        for section_id in rule.params.get("sections", []):
            section = by_id.get(section_id)
            if section is not None and _is_empty(section.text, rule.params.get("empty_words", [])):
                findings.append(_finding(rule, _fields(section=f"{section.number}、{section.heading}", sentence=section.text.strip()), (), where(section)))
    for rule in applicable("report_year"):
        findings += _year_findings(report, rule, by_id, file, where)
    for rule in applicable("statistics_period"):
        findings += _period_findings(report, rule, where)
    for rule in applicable("citation_date"):
        findings += _citation_findings(report, rule, where)
    return findings


_DATE = r"(20\d{2})年(\d{1,2})月(\d{1,2})日"


def _period_findings(report: Report, rule: Rule, where) -> list[Finding]:
    """A statistics period that is not the whole report year (a body set up mid-year)."""
    year = report.metadata.year
    pattern = re.compile(compact(rule.params.get("period_pattern", "统计期限")) + rf"\D{{0,6}}?{_DATE}\D{{0,6}}?{_DATE}")
    for section in report.narrative:
        match = pattern.search(compact(section.text))
        if match is None:
            continue
        y1, m1, d1, y2, m2, d2 = (int(g) for g in match.groups())
        if (y1, m1, d1, y2, m2, d2) != (year, 1, 1, year, 12, 31) and y1 == y2 == year:
            period = f"{y1}年{m1}月{d1}日至{y2}年{m2}月{d2}日"
            return [_finding(rule, _fields(sentence=match.group(0), number=period, year=str(year)), (), where(section))]
    return []


def _citation_findings(report: Report, rule: Rule, where) -> list[Finding]:
    """A document cited that was issued after the report was signed (old text, new date)."""
    if not report.narrative:
        return []
    last = report.narrative[-1]
    dates = re.findall(_DATE, compact(last.text)[-200:])
    if not dates:
        return []
    signed = tuple(int(x) for x in dates[-1])
    findings = []
    for document, issued in rule.params.get("documents", {}).items():
        issued_on = tuple(int(x) for x in str(issued).split("-"))
        for section in report.narrative:
            if compact(document) in compact(section.text) and issued_on > signed[: len(issued_on)]:
                fields = _fields(printed=document, official=str(issued), sentence=f"{signed[0]}年{signed[1]}月{signed[2]}日")
                findings.append(_finding(rule, fields, (), where(section)))
                break
    return findings


def _is_empty(text: str, words: list[str]) -> bool:
    stripped = re.sub(r"[\s。，,.；;：:！!]", "", unicodedata.normalize("NFKC", text))
    return not stripped or stripped in {compact(w) for w in words}


def _year_findings(report: Report, rule: Rule, by_id: dict[str, NarrativeSection], file: Place, where) -> list[Finding]:
    year = report.metadata.year
    findings: list[Finding] = []
    period = re.compile(compact(rule.params.get("period_pattern", "统计期限")))
    for section in report.narrative:
        text = compact(section.text)
        for match in period.finditer(text):
            window = text[match.end(): match.end() + 40]
            years = {int(y) for y in re.findall(r"(20\d{2})年", window)}
            if years and years != {year}:
                fields = _fields(sentence=text[match.start(): match.end() + 40], year=str(year),
                                 number=Label(f"统计期限写作 {'、'.join(map(str, sorted(years)))} 年", f"the period reads {', '.join(map(str, sorted(years)))}"))
                findings.append(_finding(rule, fields, (), where(section)))
    plans = by_id.get(rule.params.get("plan_section", "problems"))
    if plans is not None:
        text = compact(plans.text)
        for match in re.finditer(rf"{year}年[^。；]{{0,12}}?(将|计划|拟)", text):
            fields = _fields(sentence=text[max(0, match.start() - 10): match.end() + 20], year=str(year),
                             number=Label(f"改进计划写的是 {year} 年（报告年度本身），应为 {year + 1} 年", f"the plans are for {year}, the report year itself, not {year + 1}"))
            findings.append(_finding(rule, fields, (), where(plans)))
            break
    return findings


_YEAR_IN_TEXT = re.compile(r"(20\d{2}|19\d{2})\s*年")


def _stated_year(report: Report) -> tuple[int, str] | None:
    """The year the report itself names: its title's, or else the year its narrative
    names at least twice while never naming the metadata's year."""
    title_years = _YEAR_IN_TEXT.findall(report.metadata.title or "")
    if title_years:
        return int(title_years[0]), "title"
    counts = Counter(int(y) for section in report.narrative for y in _YEAR_IN_TEXT.findall(section.text))
    if not counts or counts[report.metadata.year]:
        return None
    year, times = counts.most_common(1)[0]
    return (year, "narrative") if times >= 2 else None


def check_metadata_year(report: Report, ruleset: RuleSet) -> list[Finding]:
    """The metadata's year decides the template a report is checked against: a year the
    title or the text contradicts would have the report checked as another year's."""
    stated = _stated_year(report)
    if stated is None or stated[0] == report.metadata.year:
        return []
    year, where = stated
    evidence = (Label(f"标题“{report.metadata.title}”", f"the title “{report.metadata.title}”") if where == "title"
                else Label(f"正文多次写作 {year} 年", f"the narrative, which names {year} repeatedly"))
    fields = _fields(year=str(report.metadata.year), stated=str(year), evidence=evidence)
    return [_finding(rule, fields, (), narrative_place(report)) for rule in ruleset.checks("metadata_year")]

"""From a document's paragraphs and tables, in reading order, to a report.

Each format reader only says what the document contains — paragraphs with their
source, and tables as grids of text cells — and this module does the rest the same
way for all of them: the title, issuing body and year; the narrative split by its
section headings (including mis-numbered ones such as ``2、``); which grid is table
二, 三 or 四; and the placement of every figure onto the template.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from gkaudit.errors import NotAReportError, ReportStructureError
from gkaudit.model import ExtractionNote, Metadata, NarrativeSection, Report, Source
from gkaudit.readers.grid import GridRow, place_tables
from gkaudit.readers.labels import loose, similarity, without_numbering
from gkaudit.readers.numbers import clean_text, read_cell
from gkaudit.templates import TABLE_IDS, load_templates, template_for_year

_HEADING = re.compile(r"^(?P<number>[一二三四五六七八九十]+|\d{1,2})\s*[、.．，,]\s*(?P<title>\S.{1,40})$")
_YEAR = re.compile(r"(20\d{2})\s*年")
_TITLE = re.compile(r"政府信息公开(?:工作)?年度?报告")
_BRACKETED = re.compile(r"^[（(](?P<body>[^）)]{2,40})[）)]$")


@dataclass(frozen=True)
class Paragraph:
    text: str
    source: Source


@dataclass(frozen=True)
class TableBlock:
    rows: list[GridRow]
    source: Source


@dataclass
class DocumentContent:
    file: str
    blocks: list[Paragraph | TableBlock] = field(default_factory=list)
    notes: list[ExtractionNote] = field(default_factory=list)  # what the format reader itself could not tell


def content_of_lines(file: str, lines: Iterable[GridRow | Paragraph | None]) -> DocumentContent:
    """A text read a line at a time, each line a table row, a paragraph or neither (None: a
    blank line): consecutive rows make one table, which anything else ends."""
    content = DocumentContent(file)
    rows: list[GridRow] = []
    for line in [*lines, None]:
        if isinstance(line, list):
            rows.append(line)
            continue
        if rows:
            content.blocks.append(TableBlock(rows, rows[0][0].source))
            rows = []
        if line is not None:
            content.blocks.append(line)
    return content


def _section_titles() -> list[str]:
    template = next(iter(load_templates().values()))
    return [s.label.zh for s in template.sections]


def heading_of(text: str) -> tuple[str, str] | None:
    """(number as printed, title) when a paragraph is one of the six section headings."""
    match = _HEADING.match(clean_text(text))
    if not match:
        return None
    title = match.group("title").strip()
    if is_table_label(title):  # "一、本年新收政府信息公开申请数量" is a row of 表三, not a section
        return None
    if any(similarity(title, official) >= 0.6 or loose(official) in loose(title) for official in _section_titles()):
        return match.group("number"), title
    return None


@cache
def _table_vocabulary() -> dict[str, str]:
    """Normalised label → the one table it belongs to (labels shared by tables left out)."""
    owners: dict[str, set[str]] = {}
    for template in load_templates().values():
        for table_id, spec in template.tables.items():
            labels = [r.label.zh for r in spec.rows.values()] + [c.label.zh for c in spec.columns.values()]
            labels += [g.label.zh for g in [*spec.row_groups.values(), *spec.column_groups.values()]]
            labels += [part for r in spec.rows.values() for part in r.label.zh.split("·")]
            for label in labels:
                owners.setdefault(without_numbering(label), set()).add(table_id)
    owners.setdefault(without_numbering("信息内容"), set()).add("table2")
    return {label: tables.pop() for label, tables in owners.items() if len(tables) == 1 and label}


def is_table_label(text: str) -> bool:
    """Whether a text is one of the templates' table labels (a row, column or group)."""
    return without_numbering(text) in _table_vocabulary()


def table_kind(rows: list[GridRow]) -> str | None:
    """Which table a grid is: the one whose labels its cells print most often."""
    # 表四 is one row of 15 figures, a shape no other table has; converters often lose its labels.
    if any(sum(1 for c in row if _is_figure(c.text)) == 15 for row in rows):
        return "table4"
    vocabulary = _table_vocabulary()
    votes = Counter(
        vocabulary[key] for row in rows for cell in row
        if (key := without_numbering(cell.text)) in vocabulary
    )
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=8192)
def _is_figure(text: str) -> bool:
    value = read_cell(text).value
    return value is not None and not isinstance(value, str)


def _title(texts: list[str]) -> tuple[str, int]:
    """The title and its line index, joined when broken ("…政府信息公开" / "工作年度报告")."""
    candidates = [i for i, t in enumerate(texts) if _TITLE.search(t) and _YEAR.search(t)]
    candidates += [i for i, t in enumerate(texts) if "政府信息公开" in t and i not in candidates]
    for i in candidates:
        title = texts[i]
        for following in texts[i + 1 : i + 3]:
            if _TITLE.search(title) or len(title) > 60:
                break
            title += following
        return title, i
    return (texts[0], 0) if texts else ("", 0)


def _body(title: str, index: int, texts: list[str]) -> str:
    """The issuing body: before the year in the title, between the year and 政府信息公开,
    on the line above the title, or in brackets below it."""
    year = _YEAR.search(title)
    if year is not None:
        before = title[: year.start()].strip(" #")
        if before:
            return before
        between = title[year.end():].split("政府信息公开")[0].strip()
        if between and "报告" not in between:
            return between
    above = texts[index - 1] if index > 0 else ""
    if above and len(above) <= 30 and not any(ch.isdigit() for ch in above) and "报告" not in above:
        return above
    return next((m.group("body") for t in texts if (m := _BRACKETED.match(t))), "")


def _metadata(preamble: list[Paragraph], file: str) -> tuple[Metadata, list[ExtractionNote]]:
    texts = [clean_text(p.text).lstrip("# ").strip() for p in preamble if clean_text(p.text)]
    title, index = _title(texts)
    year_match = _YEAR.search(title) or next((m for t in texts if (m := _YEAR.search(t))), None)
    if year_match is None:
        raise ReportStructureError(file, "title", "cannot find the report year; expected a title such as 2020年政府信息公开工作年度报告")
    body = _body(title, index, texts)
    notes = [] if body else [ExtractionNote("metadata", f"发布机关名称（标题：{title}）", "", preamble[0].source if preamble else None)]
    return Metadata(body=body, year=int(year_match.group(1)), title=title), notes


def _narrative(blocks: list[Paragraph | TableBlock]) -> tuple[list[Paragraph], list[NarrativeSection]]:
    preamble: list[Paragraph] = []
    sections: list[NarrativeSection] = []
    current: tuple[str, str, Source] | None = None
    lines: list[str] = []
    sources: list[Source] = []

    def close() -> None:
        if current is not None:
            sections.append(NarrativeSection(current[0], current[1], "\n".join(lines), current[2], tuple(sources)))

    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        heading = heading_of(block.text)
        if heading is not None:
            close()
            current, lines, sources = (heading[0], heading[1], block.source), [], []
        elif current is None:
            preamble.append(block)
        elif block.text.strip():
            lines.append(block.text.strip())
            sources.append(block.source)
    close()
    return preamble, sections


def _introduction(preamble: list[Paragraph], title: str) -> list[NarrativeSection]:
    """The text before section 一 (statistics period, legal basis), as an unnumbered section."""
    body = [p for p in preamble if p.text.strip() and clean_text(p.text) not in title and len(clean_text(p.text)) > 30]
    if not body:
        return []
    return [NarrativeSection("", "", "\n".join(p.text.strip() for p in body), body[0].source, tuple(p.source for p in body))]



_REPORT_TITLE = ("信息公开", "年度报告")


def _reads_like_a_report(paragraphs: list[Paragraph]) -> bool:
    """An annual report's title at the top, or at least two of its section headings."""
    titled = any(all(word in p.text for word in _REPORT_TITLE) for p in paragraphs[:3])
    return titled or sum(1 for p in paragraphs if heading_of(p.text)) >= 2


def _no_report_tables(content: DocumentContent) -> None:
    """No table 二, 三 or 四: a report whose tables could not be read is an input error;
    a document that does not read like an annual report at all is not a report."""
    if _reads_like_a_report([b for b in content.blocks if isinstance(b, Paragraph)]):
        raise ReportStructureError(
            content.file, "", "no table II, III or IV of an annual report was found; is this a government "
                              "information-disclosure annual report (政府信息公开工作年度报告)?"
        )
    raise NotAReportError(content.file, "", "not a report: no table II, III or IV and no annual-report title")


def assemble(content: DocumentContent) -> Report:
    grids: dict[str, list[GridRow]] = {}
    for block in content.blocks:
        if isinstance(block, TableBlock):
            kind = table_kind(block.rows)
            if kind is None:
                continue
            grids.setdefault(kind, []).extend(block.rows)
    if not grids:
        _no_report_tables(content)
    preamble, sections = _narrative(content.blocks)
    metadata, notes = _metadata(preamble or [b for b in content.blocks if isinstance(b, Paragraph)][:3], content.file)
    sections = _introduction(preamble, metadata.title or "") + sections
    template = template_for_year(metadata.year)
    for missing in sorted(set(TABLE_IDS) - set(grids)):
        notes.append(ExtractionNote("structure", template.tables[missing].label.zh, "", Source(file=content.file)))
    tables, placement_notes = place_tables(grids, metadata.year)
    return Report(
        path=content.file, metadata=metadata, tables=tables, narrative=sections,
        source_file=content.file, notes=notes + content.notes + placement_notes,
    )

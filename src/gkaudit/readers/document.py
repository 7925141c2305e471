"""From a document's paragraphs and tables, in reading order, to a report.

Each format reader only says what the document contains — paragraphs with their
source, and tables as grids of text cells — and this module does the rest the same
way for all of them: the title, issuing body and year; the narrative split by its
section headings (including mis-numbered ones such as ``2、``); which grid is table
二, 三 or 四; and the placement of every figure onto the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gkaudit.errors import ReportStructureError
from gkaudit.model import ExtractionNote, Metadata, NarrativeSection, Report, Source
from gkaudit.readers.grid import GridRow, place_tables
from gkaudit.readers.labels import loose, similarity
from gkaudit.readers.numbers import clean_text
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


def _section_titles() -> list[str]:
    template = next(iter(load_templates().values()))
    return [s.label.zh for s in template.sections]


def heading_of(text: str) -> tuple[str, str] | None:
    """(number as printed, title) when a paragraph is one of the six section headings."""
    match = _HEADING.match(clean_text(text))
    if not match:
        return None
    title = match.group("title").strip()
    if any(similarity(title, official) >= 0.6 or loose(official) in loose(title) for official in _section_titles()):
        return match.group("number"), title
    return None


def table_kind(rows: list[GridRow]) -> str | None:
    """Which table a grid is, by what its cells say."""
    text = loose("".join(c.text for row in rows for c in row))
    if "本年新收" in text or "自然人" in text or "予以公开" in text:
        return "table3"
    if "结果维持" in text or "尚未审结" in text:
        return "table4"
    if "第二十条" in text or "信息内容" in text or "行政许可" in text:
        return "table2"
    return None


def _metadata(preamble: list[Paragraph], file: str) -> tuple[Metadata, list[ExtractionNote]]:
    texts = [clean_text(p.text) for p in preamble if clean_text(p.text)]
    title = next((t for t in texts if _TITLE.search(t)), texts[0] if texts else "")
    year_match = _YEAR.search(title) or next((m for t in texts if (m := _YEAR.search(t))), None)
    if year_match is None:
        raise ReportStructureError(file, "title", "cannot find the report year; expected a title such as 2020年政府信息公开工作年度报告")
    body = title[: year_match.start()].strip()
    if not body:
        body = next((m.group("body") for t in texts if (m := _BRACKETED.match(t))), "")
    notes = [] if body else [ExtractionNote("structure", f"发布机关名称（标题：{title}）", "", preamble[0].source if preamble else None)]
    return Metadata(body=body, year=int(year_match.group(1)), title=title), notes


def _narrative(blocks: list[Paragraph | TableBlock]) -> tuple[list[Paragraph], list[NarrativeSection]]:
    preamble: list[Paragraph] = []
    sections: list[NarrativeSection] = []
    current: tuple[str, str, Source] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            sections.append(NarrativeSection(current[0], current[1], "\n".join(lines), current[2]))

    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        heading = heading_of(block.text)
        if heading is not None:
            close()
            current, lines = (heading[0], heading[1], block.source), []
        elif current is None:
            preamble.append(block)
        elif block.text.strip():
            lines.append(block.text.strip())
    close()
    return preamble, sections


def assemble(content: DocumentContent) -> Report:
    preamble, sections = _narrative(content.blocks)
    metadata, notes = _metadata(preamble or [b for b in content.blocks if isinstance(b, Paragraph)][:3], content.file)
    grids: dict[str, list[GridRow]] = {}
    for block in content.blocks:
        if isinstance(block, TableBlock):
            kind = table_kind(block.rows)
            if kind is None:
                continue
            grids.setdefault(kind, []).extend(block.rows)
    template = template_for_year(metadata.year)
    for missing in sorted(set(TABLE_IDS) - set(grids)):
        notes.append(ExtractionNote("structure", template.tables[missing].label.zh, "", Source(file=content.file)))
    tables, placement_notes = place_tables(grids, metadata.year)
    return Report(
        path=content.file, metadata=metadata, tables=tables, narrative=sections,
        source_file=content.file, notes=notes + placement_notes,
    )

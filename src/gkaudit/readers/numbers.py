"""Reading a table cell's text as the value the report means.

Real cells carry padding (NBSP, full-width spaces), full-width digits, thousands
separators and units: amounts in 元 or 万元 ("147230元", "127.047万元"), counts in 件, 条,
个, 项, 笔 or 份 ("2笔" for two procurement projects). A cell that is empty after trimming
is blank (None); one that is not a number stays a string, for the rules to judge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from gkaudit.errors import NumberLimitError, number_fits
from gkaudit.model import CellValue, Source

_NUMBER = re.compile(r"^([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
AMOUNT_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001")}  # the size of each in 万元, the templates' unit
COUNT_UNITS = ("件", "条", "个", "项", "笔", "份")
_UNITS = sorted([*AMOUNT_UNITS, *COUNT_UNITS], key=len, reverse=True)  # 万元 before 元


@dataclass(frozen=True)
class CellReading:
    value: CellValue
    text: str | None  # the original text, kept when it is not simply the number
    note: str | None = None  # e.g. a unit conversion the reader made
    unit: str | None = None  # the unit printed after the number, if any


@lru_cache(maxsize=8192)  # asked of the same cell several times while its row is placed
def clean_text(text: str) -> str:
    """NFKC-fold (full-width digits and spaces become ASCII) and trim every kind of space."""
    return unicodedata.normalize("NFKC", text).strip()


def read_cell(raw: str, unit: str | None = None, source: Source | None = None) -> CellReading:
    """The value of a cell. A number beyond ``MAX_DIGITS`` is refused (NumberLimitError) when
    ``source`` says where the cell is; without it (a reader only asking whether a text is a
    figure) it reads as an exact Decimal, so the cell still goes where a figure goes."""
    reading, too_long = _reading(raw, unit)
    if too_long is not None and source is not None:
        place = Source(**{**source.as_dict(), "file": None}).display()
        raise NumberLimitError(source.file or "", place, too_long)
    return reading


@lru_cache(maxsize=8192)  # the same few texts ("0", "", "—") fill most cells of every report
def _reading(raw: str, unit: str | None) -> tuple[CellReading, str | None]:
    """The cell's reading, and the number's text when it is beyond ``MAX_DIGITS``."""
    text = clean_text(raw).replace(" ", "")
    if not text:
        return CellReading(None, None), None
    body, suffix = text, None
    for name in _UNITS:
        if text.endswith(name) and len(text) > len(name):
            body, suffix = text[: -len(name)], name
            break
    match = _NUMBER.match(body)
    if not match:
        return CellReading(text, None), None
    sign, digits, fraction = match.groups()
    if not number_fits(digits + (fraction or "")):
        return CellReading(Decimal(digits.replace(",", "") + (fraction or "")), text), body
    try:
        number = Decimal(digits.replace(",", "") + (fraction or ""))
    except InvalidOperation:
        return CellReading(text, None), None
    if sign in ("-", "−"):
        number = -number
    note = None
    if unit == "万元" and suffix == "元":
        number = number * AMOUNT_UNITS["元"]
        note = f"{number.normalize():f} 万元"
    value: CellValue = int(number) if fraction is None and number == number.to_integral_value() else number
    return CellReading(value, text if text != str(value) else None, note, suffix), None


def read_figure(raw: str, unit: str | None, source: Source) -> CellReading:
    """The value of a template cell whose column is in ``unit`` (None: a count).

    A unit of the wrong kind ("3万元" counted in 采购项目数量, "2笔" as an amount) leaves the
    cell as text: the figure is not what the column holds, and the rules say so."""
    reading = read_cell(raw, unit, source)
    if reading.unit is not None and (reading.unit in AMOUNT_UNITS) != (unit is not None):
        return CellReading(reading.text, None, None, reading.unit)
    return reading

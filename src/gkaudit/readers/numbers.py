"""Reading a table cell's text as the value the report means.

Real cells carry padding (NBSP, full-width spaces), full-width digits, thousands
separators and units ("127.047万元", "147230元"). A cell that is empty after trimming is
blank (None); one that is not a number stays a string, for the rules to judge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gkaudit.errors import NumberLimitError, number_fits
from gkaudit.model import CellValue, Source

_NUMBER = re.compile(r"^([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "件": None, "条": None, "个": None, "项": None}


@dataclass(frozen=True)
class CellReading:
    value: CellValue
    text: str | None  # the original text, kept when it is not simply the number
    note: str | None = None  # e.g. a unit conversion the reader made


def clean_text(text: str) -> str:
    """NFKC-fold (full-width digits and spaces become ASCII) and trim every kind of space."""
    return unicodedata.normalize("NFKC", text).strip()


def read_cell(raw: str, unit: str | None = None, source: Source | None = None) -> CellReading:
    """The value of a cell. A number beyond ``MAX_DIGITS`` is refused (NumberLimitError) when
    ``source`` says where the cell is; without it (a reader only asking whether a text is a
    figure) it reads as an exact Decimal, so the cell still goes where a figure goes."""
    text = clean_text(raw).replace(" ", "")
    if not text:
        return CellReading(None, None)
    body, suffix = text, None
    for name in sorted(_UNITS, key=len, reverse=True):
        if text.endswith(name) and len(text) > len(name):
            body, suffix = text[: -len(name)], name
            break
    match = _NUMBER.match(body)
    if not match:
        return CellReading(text, None)
    sign, digits, fraction = match.groups()
    if not number_fits(digits + (fraction or "")):
        if source is not None:
            place = Source(**{**source.as_dict(), "file": None}).display()
            raise NumberLimitError(source.file or "", place, body)
        return CellReading(Decimal(digits.replace(",", "") + (fraction or "")), text)
    try:
        number = Decimal(digits.replace(",", "") + (fraction or ""))
    except InvalidOperation:
        return CellReading(text, None)
    if sign in ("-", "−"):
        number = -number
    note = None
    if unit == "万元" and suffix == "元":
        number = number * _UNITS["元"]
        note = f"{number.normalize():f} 万元"
    value: CellValue = int(number) if fraction is None and number == number.to_integral_value() else number
    return CellReading(value, text if text != str(value) else None, note)

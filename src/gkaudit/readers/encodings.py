"""The text encodings reports are saved in: UTF-8, GB18030/GBK, and UTF-16 from Windows Notepad.

UTF-16 is told by its byte-order mark or, without one, by where its NUL bytes fall: every
ASCII character of a report (digits, tabs, line breaks, which a report's tables are full
of) is one byte and a NUL in UTF-16, the NUL after it in little-endian and before it in
big-endian. UTF-8 and GB18030 text never holds a NUL byte, so the check cannot take them
for UTF-16. A CJK character whose code ends in 00 (一 is U+4E00) gives a stray NUL on the
other side, hence a clear majority rather than unanimity.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from gkaudit.errors import FileUnreadableError

_BOMS = (  # UTF-32 before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 1 << 16  # bytes looked at for the NUL pattern; even, so pairs stay aligned
_MIN_NULS = 8  # fewer NULs than this is too little to tell the byte order by
_MAJORITY = 4  # NULs on one side of the pairs outnumber the other side by this much


def wide_encoding(data: bytes) -> str | None:
    """"utf-16"/"utf-32" (with a BOM), "utf-16-le"/"utf-16-be" (without one), or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:_SAMPLE]
    if b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= _MIN_NULS and odd >= _MAJORITY * even:
        return "utf-16-le"
    if even >= _MIN_NULS and even >= _MAJORITY * odd:
        return "utf-16-be"
    return None


def _line_of(data: bytes, offset: int, encoding: str) -> int:
    """The line a byte offset falls on, counting the line breaks decodable before it."""
    return data[:offset].decode(encoding, errors="replace").count("\n") + 1


def decode_wide(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start - error.start % 2, encoding)
        raise FileUnreadableError(
            str(path), f"line {line} (byte {error.start})",
            f"not valid {encoding.upper()} text: {error.reason}; save it again as UTF-8 or UTF-16",
        ) from None


def decode_text(path: Path, data: bytes) -> str:
    """UTF-16/32 (BOM or not), UTF-8 (BOM or not), else GB18030 (a superset of GBK and GB2312)."""
    wide = wide_encoding(data)
    if wide is not None:
        return decode_wide(path, data, wide)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = _line_of(data, utf8_error.start, "utf-8")
            raise FileUnreadableError(
                str(path), f"line {line} (byte {utf8_error.start})",
                "not text in UTF-8, UTF-16 or GB18030/GBK, and not a document format gkaudit reads",
            ) from None

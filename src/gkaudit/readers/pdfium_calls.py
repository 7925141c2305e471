"""The pdfium functions the PDF layer calls tens of thousands of times a report, through cffi.

pypdfium2 binds pdfium with ctypes, whose call costs ~0.6 µs; a report's characters and
ruling lines take ~35,000 calls. cffi calls the same functions of the same loaded library
(each bound from pypdfium2's own function address, so handles pass between the two) in
~0.35 µs. Handles are cffi pointers: compared and hashed by address, so a font keys a cache.
"""

from __future__ import annotations

import ctypes
from typing import Any

import cffi
import pypdfium2.raw as pdfium

FFI = cffi.FFI()
FFI.cdef("typedef struct { float a, b, c, d, e, f; } FS_MATRIX;")

Handle = Any  # a cffi pointer to one of pdfium's objects


def _bound(function: object, signature: str) -> Any:
    return FFI.cast(signature, ctypes.cast(function, ctypes.c_void_p).value)


def handle(raw: object) -> Handle:
    """pypdfium2's ctypes handle (a page's, a text page's) as a cffi pointer."""
    return FFI.cast("void *", ctypes.cast(raw, ctypes.c_void_p).value)


count_chars = _bound(pdfium.FPDFText_CountChars, "int (*)(void *)")
unicode = _bound(pdfium.FPDFText_GetUnicode, "unsigned int (*)(void *, int)")
is_generated = _bound(pdfium.FPDFText_IsGenerated, "int (*)(void *, int)")
unmapped = _bound(pdfium.FPDFText_HasUnicodeMapError, "int (*)(void *, int)")
origin = _bound(pdfium.FPDFText_GetCharOrigin, "int (*)(void *, int, double *, double *)")
char_matrix = _bound(pdfium.FPDFText_GetMatrix, "int (*)(void *, int, FS_MATRIX *)")
font_size = _bound(pdfium.FPDFText_GetFontSize, "double (*)(void *, int)")
text_object = _bound(pdfium.FPDFText_GetTextObject, "void *(*)(void *, int)")
font = _bound(pdfium.FPDFTextObj_GetFont, "void *(*)(void *)")
glyph_width = _bound(pdfium.FPDFFont_GetGlyphWidth, "int (*)(void *, unsigned int, float, float *)")
descent = _bound(pdfium.FPDFFont_GetDescent, "int (*)(void *, float, float *)")

count_objects = _bound(pdfium.FPDFPage_CountObjects, "int (*)(void *)")
page_object = _bound(pdfium.FPDFPage_GetObject, "void *(*)(void *, int)")
count_form_objects = _bound(pdfium.FPDFFormObj_CountObjects, "int (*)(void *)")
form_object = _bound(pdfium.FPDFFormObj_GetObject, "void *(*)(void *, unsigned long)")
object_type = _bound(pdfium.FPDFPageObj_GetType, "int (*)(void *)")
object_matrix = _bound(pdfium.FPDFPageObj_GetMatrix, "int (*)(void *, FS_MATRIX *)")
draw_mode = _bound(pdfium.FPDFPath_GetDrawMode, "int (*)(void *, int *, int *)")
count_segments = _bound(pdfium.FPDFPath_CountSegments, "int (*)(void *)")
segment = _bound(pdfium.FPDFPath_GetPathSegment, "void *(*)(void *, int)")
segment_type = _bound(pdfium.FPDFPathSegment_GetType, "int (*)(void *)")
segment_point = _bound(pdfium.FPDFPathSegment_GetPoint, "int (*)(void *, float *, float *)")
segment_closes = _bound(pdfium.FPDFPathSegment_GetClose, "int (*)(void *)")


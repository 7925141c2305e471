"""The catalogue of problems that stop gkaudit from auditing at all (exit code 2).

Problems *in* a report are findings, not exceptions. The classes here are for input
gkaudit cannot use: every kind is its own documented class with a stable code, and
each instance says which file, where in it, and what was expected.

The raise sites write English; ``message(lang)`` shows it in the user's language through the
catalogue of gkaudit.messages. Shown on standard error, an error is one line in either
language, ``gkaudit: error[code] file: where: text`` (``错误[code]`` in Chinese, as findings
print ``错误[T3.TOTAL]``): the code, the separators and the file stay ASCII so the line is
greppable and parsed the same whatever the language.
"""

from __future__ import annotations

from gkaudit.messages import place, translate

SEVERITY_WORD = {"zh": "错误", "en": "error"}


class GkauditError(Exception):
    """Base of every error that ends a run with exit code 2 and a clear message."""

    code = "gkaudit"

    def __init__(self, file: str, where: str, expected: str) -> None:
        self.file = file
        self.where = where
        self.expected = expected
        super().__init__(self.message())

    def __reduce__(self):
        # rebuilt from its fields when a worker process hands it back to the batch
        return (_rebuild, (self.__class__, dict(self.__dict__)))

    def message(self, lang: str = "en") -> str:
        """File, place and what was expected, in ``lang`` (zh or en)."""
        where = place(self.where, lang)
        location = f"{self.file}: {where}" if where else self.file
        return f"{location}: {translate(self.expected, lang)}"

    def line(self, lang: str) -> str:
        """The line standard error shows: ``gkaudit: error[code] file: where: text``."""
        return f"gkaudit: {SEVERITY_WORD.get(lang, 'error')}[{self.code}] {self.message(lang)}"


def _rebuild(cls: type[GkauditError], fields: dict) -> GkauditError:
    error = cls.__new__(cls)
    error.__dict__.update(fields)
    Exception.__init__(error, error.message())
    return error


class FileUnreadableError(GkauditError):
    """The file does not exist, is a directory, or cannot be read."""

    code = "input.unreadable"


class NotAReportError(GkauditError):
    """The file is not a report at all (an image, a README): a batch lists it as skipped;
    given alone, it is an input error like any other."""

    code = "input.not-a-report"


class NoReportsError(GkauditError):
    """A path given to ``check`` holds no report files (an empty folder, only hidden files,
    a pattern that matches nothing)."""

    code = "input.no-reports"

    def __init__(self, path: str, lang: str = "zh") -> None:
        self.lang = lang
        super().__init__(path, "", "")

    def message(self, lang: str | None = None) -> str:
        return f"未找到报告：{self.file}" if (lang or self.lang) == "zh" else f"no reports found in {self.file}"


class NoRulesError(GkauditError):
    """``--select`` and ``--ignore`` together leave no rule to check."""

    code = "usage.no-rules"

    def __init__(self) -> None:
        super().__init__("--select/--ignore", "", "leave no rule to check")


class InvalidJsonError(GkauditError):
    """The file is not well-formed JSON (the place is line:column)."""

    code = "input.invalid-json"


class ReportStructureError(GkauditError):
    """The JSON is well-formed but is not a gkaudit report: a value has the wrong type,
    a required key is missing, or a table names a row or column no template knows."""

    code = "input.structure"


class UnknownTemplateError(GkauditError):
    """The report names a template that is not among ``rules/templates``."""

    code = "input.unknown-template"

    def __init__(self, template_id: str, known: list[str], file: str = "") -> None:
        super().__init__(file, "metadata.template", f"unknown template {template_id!r}; expected one of {known}")

    def in_file(self, file: str) -> UnknownTemplateError:
        self.file = file
        self.args = (self.message(),)
        return self


class RuleFileError(GkauditError):
    """A rule file is not valid YAML, or a rule in it is malformed or inconsistent."""

    code = "rules.invalid"


class TemplateFileError(GkauditError):
    """A template file under ``rules/templates`` is malformed."""

    code = "rules.template"

    def __init__(self, where: str, expected: str) -> None:
        super().__init__(where, "", expected)


class OutputError(GkauditError):
    """An output file cannot be written (exists without --force, or its folder is missing)."""

    code = "output"


class InputLimitError(GkauditError):
    """An input is beyond one of the limits of docs/limits.md (a file's size, a report's cell
    count, a cell's or the narrative's length, a rule file's rule count or alias expansion)."""

    code = "input.limit"

    def __init__(self, file: str, where: str, found: str, limit: str, most: str) -> None:
        self.limit = limit
        super().__init__(file, where, f"{found}; gkaudit reads at most {most} (limit: {limit}, see docs/limits.md)")


MAX_DIGITS = 15
"""The most significant digits a number may have, and the most digits before its decimal point.

Every figure of an annual report (counts, and amounts in 万元 to four decimals) fits well within
it; it is also the precision a float keeps exactly, so every number gkaudit accepts can be
computed with and written back without loss (no ``Infinity``, no 4,300-digit integers)."""


class NumberLimitError(GkauditError):
    """A number has more digits than gkaudit accepts (see ``MAX_DIGITS``)."""

    code = "input.number-limit"

    def __init__(self, file: str, where: str, text: str) -> None:
        shown = text if len(text) <= 40 else f"{text[:20]}…{text[-8:]} ({len(text):,} characters)"
        super().__init__(file, where, f"the number {shown} is out of range: gkaudit reads numbers of at most "
                                      f"{MAX_DIGITS} significant digits and below 10^{MAX_DIGITS} "
                                      "(limit: digits per number, see docs/limits.md)")


def number_fits(text: str) -> bool:
    """Whether a number written as ``text`` (digits, an optional sign, point, separators and
    exponent) is within ``MAX_DIGITS``: decided on the text, before any conversion."""
    mantissa, _, exponent = text.lower().replace(",", "").lstrip("+-−").partition("e")
    if len(exponent) > 6:
        return False
    whole, _, fraction = mantissa.partition(".")
    if len(mantissa) > 4 * MAX_DIGITS and len(whole.lstrip("0") + fraction.rstrip("0")) > MAX_DIGITS:
        return False
    digits = (whole + fraction).lstrip("0").rstrip("0")
    if len(digits) > MAX_DIGITS:
        return False
    if not digits:
        return True
    try:
        shift = int(exponent) if exponent else 0
    except ValueError:
        return False
    integer_digits = len(whole.lstrip("0")) + shift if whole.lstrip("0") else shift - (len(fraction) - len(fraction.lstrip("0")))
    return integer_digits <= MAX_DIGITS

"""The catalogue of problems that stop gkaudit from auditing at all (exit code 2).

Problems *in* a report are findings, not exceptions. The classes here are for input
gkaudit cannot use: every kind is its own documented class with a stable code, and
each instance says which file, where in it, and what was expected.
"""

from __future__ import annotations


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

    def message(self) -> str:
        location = f"{self.file}: {self.where}" if self.where else self.file
        return f"{location}: {self.expected}"


def _rebuild(cls: type[GkauditError], fields: dict) -> GkauditError:
    error = cls.__new__(cls)
    error.__dict__.update(fields)
    Exception.__init__(error, error.message())
    return error


class FileUnreadableError(GkauditError):
    """The file does not exist, is a directory, or cannot be read."""

    code = "input.unreadable"


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

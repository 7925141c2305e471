"""Project configuration, found as ruff finds its own.

The first of these, from the working directory upward, is the configuration:
``gkaudit.toml`` (its top level) or ``pyproject.toml`` with a ``[tool.gkaudit]`` table
(a pyproject.toml without one is passed over). ``--config FILE`` names one explicitly;
``--isolated`` uses none. Options given on the command line win over the file, the file
over the defaults. Paths in the file (``rules``) are relative to the file's folder.
The output format can be set here; the output file cannot: one fixed file would be
refused from the second run on (gkaudit overwrites only with ``--force``).

    [tool.gkaudit]
    select = ["T3", "T4", "PROSE"]
    ignore = ["PROSE.NUMBERING"]
    severity = { "TABLE.BLANK" = "error" }
    rules = ["rules/district.yaml"]
    exclude = ["*.png", "drafts/*"]
    fail-on = "warning"
    lang = "en"
    strict = true
    jobs = 2
    format = "sarif"
    decisions = "reviews/gkaudit.decisions.yaml"
    manifest = "district.yaml"
    previous = ["../2023"]
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from gkaudit.errors import GkauditError
from gkaudit.render.formats import FORMATS
from gkaudit.rules.model import SEVERITIES

CONFIG_NAME = "gkaudit.toml"
PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 1 << 20  # a configuration is a few lines; a bigger file is not one


class ConfigError(GkauditError):
    """A configuration file that cannot be read, or a key or value it should not hold."""

    code = "config.invalid"


@dataclass(frozen=True)
class Config:
    """The settings a configuration file gives; None (or empty) where it is silent."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: tuple[tuple[str, str], ...] = ()
    rules: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str | None = None
    lang: str | None = None
    strict: bool | None = None
    jobs: int | None = None
    format: str | None = None
    decisions: Path | None = None
    manifest: Path | None = None
    previous: tuple[Path, ...] = ()
    given: tuple[str, ...] = field(default=())  # the keys the file set, in file spelling

    def as_toml_lines(self) -> list[str]:
        """The settings the file gave, spelled as in the file (for ``gkaudit config``)."""
        lines = []
        for key in self.given:
            value = getattr(self, key.replace("-", "_"))
            lines.append(f"{key} = {_toml_value(value)}")
        return lines


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (str, Path)):
        return f'"{value}"'
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return "{ " + ", ".join(f'"{k}" = "{v}"' for k, v in value) + " }"
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


KEYS = ("select", "ignore", "severity", "rules", "exclude", "fail-on", "lang", "strict", "jobs", "format", "decisions",
        "manifest", "previous")


def discover(start: Path) -> Path | None:
    """The configuration file that applies in ``start``: the nearest gkaudit.toml, or
    pyproject.toml with a [tool.gkaudit] table, in it or a folder above."""
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and "gkaudit" in _parse(pyproject).get("tool", {}):
            return pyproject
    return None


def find_config(start: Path, explicit: Path | None = None, isolated: bool = False) -> Config:
    """The configuration for a run: none when isolated, the named file, or the one found."""
    if isolated:
        return Config()
    path = explicit or discover(start)
    return load_config(path) if path is not None else Config()


def load_config(path: Path) -> Config:
    """A configuration file's settings, validated: unknown keys and wrong types are errors."""
    document = _parse(path)
    table = document.get("tool", {}).get("gkaudit", {}) if path.name == PYPROJECT else document
    if not isinstance(table, dict):
        raise ConfigError(str(path), "tool.gkaudit", "expected a table of settings")
    where = "tool.gkaudit" if path.name == PYPROJECT else ""
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(KEYS)}"
            raise ConfigError(str(path), _at(where, key), f"unknown setting {key!r}{hint}")
    settings = {name: _value(path, _at(where, key), key, table[key]) for key, name in
                ((key, key.replace("-", "_")) for key in table)}
    return Config(path=path, given=tuple(table), **settings)


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _parse(path: Path) -> dict:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(str(path), "", f"is larger than {MAX_CONFIG_BYTES} bytes; is it a configuration file?")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), f"byte {exc.start}", "is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "", f"is not valid TOML: {exc}") from exc


def _strings(path: Path, where: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(str(path), where, f"expected a string or a list of strings, got {value!r}")


def _value(path: Path, where: str, key: str, value: object) -> object:
    """One setting checked and converted to the Config field's type."""
    if key in ("select", "ignore", "exclude"):
        return _strings(path, where, value)
    if key == "rules":
        return tuple(path.parent / p for p in _strings(path, where, value))
    if key in ("decisions", "manifest"):
        if not isinstance(value, str) or not value:
            raise ConfigError(str(path), where, f"expected the path of a {key} file, got {value!r}")
        return path.parent / value
    if key == "previous":
        return tuple(path.parent / p for p in _strings(path, where, value))
    if key == "severity":
        if not isinstance(value, dict):
            raise ConfigError(str(path), where, 'expected a table of rule = severity, e.g. { "TABLE.BLANK" = "error" }')
        for rule, severity in value.items():
            if severity not in SEVERITIES:
                raise ConfigError(str(path), f"{where}.{rule}", f"expected one of {', '.join(SEVERITIES)}, got {severity!r}")
        return tuple(value.items())
    if key == "fail-on":
        return _choice(path, where, value, SEVERITIES)
    if key == "lang":
        return _choice(path, where, value, ("zh", "en"))
    if key == "format":
        return _choice(path, where, value, FORMATS)
    if key == "strict":
        if not isinstance(value, bool):
            raise ConfigError(str(path), where, f"expected true or false, got {value!r}")
        return value
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:  # jobs
        raise ConfigError(str(path), where, f"expected a whole number of at least 1, got {value!r}")
    return value


def _choice(path: Path, where: str, value: object, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(str(path), where, f"expected one of {', '.join(choices)}, got {value!r}")
    return value  # type: ignore[return-value]


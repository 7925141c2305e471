"""Safe YAML reading: only the safe loader, errors reported with file and line.

The C safe loader (libyaml) is used when PyYAML was built with it: it parses the
rule files about ten times faster, which matters for a gate that runs on every save.
It constructs exactly what ``yaml.safe_load`` does, and no Python objects.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from gkaudit.errors import GkauditError, RuleFileError


def _safe_parse(text: str) -> object:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_yaml_mapping(path: Path, shape: str = "a YAML mapping") -> dict:
    """The file's top-level mapping; ``shape`` says what the top level should be when it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(str(path), "", f"cannot read the file ({exc.__class__.__name__}: {exc})") from exc
    try:
        data = _safe_parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError(str(path), where, f"not valid YAML: {problem}") from exc
    if not isinstance(data, dict):
        raise RuleFileError(str(path), "top level", f"expected {shape}")
    return data


def yaml_list(path: Path, text: str, key: str, error: type[GkauditError]) -> list:
    """The list under ``key:`` at the top of a YAML file the user keeps (decisions, a
    manifest); an empty file is an empty list. Problems raise ``error`` with the place."""
    if not text.strip():
        return []
    try:
        data = _safe_parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise error(str(path), where, f"not valid YAML: {getattr(exc, 'problem', None) or exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise error(str(path), "top level", f"expected a mapping with a '{key}:' list")
    return data[key]

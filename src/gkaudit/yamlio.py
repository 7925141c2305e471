"""Safe YAML reading: only the safe loader, errors reported with file and line.

The C safe loader (libyaml) is used when PyYAML was built with it: it parses the
rule files about ten times faster, which matters for a gate that runs on every save.
It constructs exactly what ``yaml.safe_load`` does, and no Python objects.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from gkaudit.errors import GkauditError, InputLimitError, RuleFileError
from gkaudit.inputs import read_limited

MAX_YAML_BYTES = 4 * 1024 * 1024
"""The largest rule or template file read (the shipped ones are tens of KB)."""

MAX_YAML_VALUES = 200_000
"""The most values a YAML file may stand for once every alias is expanded (a shipped file has
at most a few thousand): an alias bomb is a few lines standing for billions."""


def _safe_parse(text: str) -> object:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        return loader.get_single_data()
    except ValueError as exc:  # the safe constructor builds dates with datetime: 2026-13-01 does not exist
        raise yaml.MarkedYAMLError(problem=f"a date that does not exist ({exc})", problem_mark=_impossible_date(text)) from exc
    finally:
        loader.dispose()


_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _impossible_date(text: str) -> yaml.Mark | None:
    """Where the first date the calendar does not have is written (the constructor does not say)."""
    for match in _DATE.finditer(text):
        try:
            datetime.date(*map(int, match.groups()))
        except ValueError:
            line = text.count("\n", 0, match.start())
            return yaml.Mark("", match.start(), line, match.start() - (text.rfind("\n", 0, match.start()) + 1), None, None)
    return None


def load_yaml_mapping(path: Path, shape: str = "a YAML mapping") -> dict:
    """The file's top-level mapping; ``shape`` says what the top level should be when it is not one."""
    data = read_limited(path, MAX_YAML_BYTES, RuleFileError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        raise RuleFileError(str(path), f"line {line}, column {column}", "not UTF-8 text; save the file as UTF-8") from exc
    try:
        data = _safe_parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError(str(path), where, f"not valid YAML: {problem}") from exc
    if not isinstance(data, dict):
        raise RuleFileError(str(path), "top level", f"expected {shape}")
    values = expanded_size(data)
    if values is None or values > MAX_YAML_VALUES:
        found = (f"its aliases (*name) expand it to {values:,} values" if values is not None
                 else "an alias (*name) is used inside the list or mapping it names, an endless value")
        raise InputLimitError(str(path), "aliases", found, "YAML aliases", f"{MAX_YAML_VALUES:,} values")
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
    values = expanded_size(data)
    if values is None or values > MAX_YAML_VALUES:
        raise error(str(path), "aliases", f"its YAML aliases (*name) stand for more than {MAX_YAML_VALUES:,} values")
    return data[key]


def expanded_size(data: object) -> int | None:
    """How many values ``data`` stands for with every shared list or mapping (an alias) counted
    each time it is used, or None when one contains itself: each object is sized once, in time
    linear in the file, without recursion."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[object, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (list, dict)) or (id(node) in sizes and not children_done):
            continue
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        elif id(node) in open_nodes:
            return None
        else:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children)
    return sizes.get(id(data), 1)

"""No code in src/ runs text as Python or lets YAML build Python objects: no eval/exec, and
YAML only through the safe loaders. The scan reads the syntax tree, so a word in a string or
a comment is no offence and an alias (``from yaml import load``) is still one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

RUNS_TEXT = {"eval", "exec"}
UNSAFE_YAML = {"unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "FullLoader", "UnsafeLoader",
               "Loader", "CLoader", "CFullLoader", "CUnsafeLoader"}
SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _yaml_load_is_safe(call: ast.Call) -> bool:
    loaders = [k.value for k in call.keywords if k.arg == "Loader"] + call.args[1:2]
    return bool(loaders) and all(_name(loader) in SAFE_LOADERS for loader in loaders)


def offences(source: str) -> list[str]:
    """``line: what`` for every eval/exec call and every unsafe YAML loader in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in RUNS_TEXT:
            found.append(f"{node.lineno}: {_name(node.func)}(")
        elif isinstance(node, ast.Call) and _name(node.func) in ("load", "load_all") and _is_yaml(node.func) \
                and not _yaml_load_is_safe(node):
            found.append(f"{node.lineno}: yaml.{_name(node.func)}( without a safe loader")
        elif isinstance(node, (ast.Attribute, ast.Name)) and _name(node) in UNSAFE_YAML and _is_yaml(node):
            found.append(f"{node.lineno}: yaml.{_name(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module == "yaml":
            found += [f"{node.lineno}: from yaml import {a.name}" for a in node.names
                      if a.name in UNSAFE_YAML | {"load", "load_all"}]
    return found


def _is_yaml(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml"


SOURCES = sorted((ROOT / "src").rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_source_file_runs_text_or_loads_yaml_unsafely(path: Path):
    assert offences(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("source", "expected"), [
    ("eval('1')", ["1: eval("]),
    ("import builtins\nbuiltins.exec(code)", ["2: exec("]),
    ("import yaml\nyaml.load(text)", ["2: yaml.load( without a safe loader"]),
    ("import yaml\nyaml.load(text, Loader=yaml.FullLoader)", ["2: yaml.load( without a safe loader", "2: yaml.FullLoader"]),
    ("import yaml\nyaml.unsafe_load(text)", ["2: yaml.unsafe_load"]),
    ("import yaml\nyaml.load(text, yaml.UnsafeLoader)", ["2: yaml.load( without a safe loader", "2: yaml.UnsafeLoader"]),
    ("from yaml import load, FullLoader", ["1: from yaml import load", "1: from yaml import FullLoader"]),
    ("import yaml\nyaml.load(text, Loader=yaml.SafeLoader)", []),
    ("import yaml\nyaml.safe_load(text)\ngetattr(yaml, 'CSafeLoader', yaml.SafeLoader)", []),
    ("evaluate('x')\n'eval(' + 'exec('", []),
])
def test_the_scan_finds_what_it_must_and_only_that(source, expected):
    assert offences(source) == expected

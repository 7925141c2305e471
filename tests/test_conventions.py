"""The conventions of ruff and its kind: --version, shell completion, a pre-commit hook."""

from __future__ import annotations

import os
import subprocess
import re
import sys
from pathlib import Path

import yaml

from tests.support import ROOT
from tests.test_cli import run


def test_version_prints_the_package_version():
    from gkaudit.version import __version__

    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"gkaudit {__version__}"


def _complete(words: str) -> list[str]:
    env = dict(os.environ, _GKAUDIT_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1))
    script = Path(sys.executable).with_name("gkaudit")  # completion keys on the program's name
    return subprocess.run([str(script)], env=env, capture_output=True, text=True).stdout.split()


def test_shell_completion_completes_commands_and_options():
    assert _complete("gkaudit ch") == ["check"]
    assert "--format" in _complete("gkaudit check --fo")
    script = run("--show-completion", "bash")
    assert script.returncode == 0 and "_gkaudit_completion" in script.stdout


def test_the_pre_commit_hook_runs_the_check_command():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "gkaudit" and hook["entry"].split() == ["gkaudit", "check"]
    assert re.search(hook["files"], "reports/2024.docx") and not re.search(hook["files"], "photo.png")

"""The JSON output validates against the schema `gkaudit schema --output` publishes, on
real reports, a corpus batch, and a batch with skipped and unreadable inputs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.support import ROOT
from tests.test_cli import run


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    result = run("schema", "--output")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _output(*paths: str) -> dict:
    return json.loads(run("check", *paths, "--format", "json").stdout)


def test_real_outputs_validate(validator, tmp_path: Path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes\n\nnothing to see\n", encoding="utf-8")
    documents = [
        _output(str(ROOT / "sample_reports")),
        _output(str(ROOT / "tests" / "fixtures" / "corpus"), "--lang", "en"),
        _output(str(ROOT / "sample_reports" / "kangqiao-2020.json"), str(tmp_path)),
    ]
    for document in documents:
        errors = sorted(validator.iter_errors(document), key=str)
        assert not errors, errors[0]
    assert documents[2]["unreadable"] and documents[2]["skipped"]


def test_the_schema_rejects_what_the_output_never_holds(validator):
    document = _output(str(ROOT / "sample_reports" / "kangqiao-2020.json"))
    document["reports"][0]["findings"][0]["severity"] = "fatal"
    assert not validator.is_valid(document)
    del document["reports"][0]["findings"][0]["severity"]
    assert not validator.is_valid(document)

"""Input errors in the user's language: Chinese by default, English with --lang en, one line on
standard error, no Python internals; and every message the code raises has its translation."""

from __future__ import annotations

import ast
import itertools
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gkaudit.cli import _command_line_lang, app
from gkaudit.errors import FileUnreadableError, InvalidJsonError, OutputError
from gkaudit.messages import covered, place, translate

TESTS = Path(__file__).parent
FUZZ = TESTS / "fixtures" / "fuzz"
SAMPLE = TESTS.parent / "sample_reports" / "kangqiao-2020.json"
SOURCE = TESTS.parent / "src" / "gkaudit"
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z-]*(?: +[A-Za-z][A-Za-z-]*){2,}")
INTERNALS = ("KeyError", "ValueError", "TypeError", "Errno", "PdfminerException", "Traceback", "FileNotFoundError")


def english_left(line: str, *kept: str) -> list[str]:
    """Runs of three or more English words left in an error line once the prefix, the names given
    (files), JSON paths, quoted values, bracketed lists, URLs and file names are taken out."""
    text = re.sub(r"^gkaudit: \S+\[[^\]]+\] ", "", line)
    for name in kept:
        text = text.replace(name, " ")
    for pattern in (r"https?://\S+", r"'[^']*'", r'"[^"]*"', r"`[^`]*`", r"\[[^\]]*\]", r"\{[^}]*\}",
                    r"\$\S*", r"\S+\.(?:md|json|yaml|xml|docx|pdf|txt|html)\b"):
        text = re.sub(pattern, " ", text)
    return ENGLISH_RUN.findall(text)


def invoke(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(app, list(args))
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(app, list(args))


def error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("gkaudit: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# Each fuzz case of /work/shared/fuzz-cases: its input (tests/fixtures/fuzz), the name the case
# gives it, and the case's command ({} is the input, {sample} the sample report).
FUZZ_CASES = {
    "01-XMLSyntaxError": ("r.docx", "check {}"), "02-RecursionError": ("r.json", "check {}"),
    "03-AttributeError": ("r.docx", "check {}"), "04-ValueError": ("r.json", "check {}"),
    "05-ValueError": ("r.txt", "check {}"), "06-OSError": ("r.docx", "check {}"),
    "07-OverflowError": ("r.json", "check {}"), "08-TypeError": ("rules.yaml", "check {sample} --rules {}"),
    "09-RuntimeError": ("r.docx", "check {}"), "10-NotImplementedError": ("r.docx", "check {}"),
    "11-error": ("r.docx", "check {}"), "12-ValueError": ("rules.yaml", "check {sample} --rules {} --format json"),
    "13-TypeError": ("rules.yaml", "check {sample} --rules {} --format json"),
    "14-MalformedPDFException": ("r.pdf", "check {}"), "15-AttributeError": ("rules.yaml", "check {sample} --rules {}"),
    "16-Overflow": ("r.json", "check {}"), "18-RecursionError": ("rules.yaml", "rules --rules {}"),
    "19-ValueError": ("r.json", "check {}"), "20-RecursionError": ("rules.yaml", "check {sample} --rules {} --format json"),
    "21-TypeError": ("rules.yaml", "rules --rules {}"), "22-KeyError": ("rules.yaml", "check {sample} --rules {}"),
    "23-OverflowError": ("report.json", "fix {} -o out/fixed.json --force"),
    "24-TypeError": ("rules.yaml", "check {sample} --rules {} --format json"),
    "25-AttributeError": ("rules.yaml", "rules --rules {}"), "27-OverflowError": ("report.html", "check {} --select T3"),
    "30-AttributeError": ("rules.yaml", "check {sample} --rules {} --format json"),
    "31-NotImplementedError": ("r.docx", "check {}"), "32-KeyError": ("report.json", "fix {} -o out/fixed.json"),
    "33-UnicodeEncodeError": ("report.json", "check {} --format json"), "35-UnicodeEncodeError": ("r.json", "check {}"),
    "36-KeyError": ("rules.yaml", "check {sample} --rules {} --format json"),
    "37-TypeError": ("rules.yaml", "rules --rules {} explain FUZZ.X"),
    "38-AttributeError": ("rules.yaml", "check {sample} --rules {} --format json"),
    "39-TypeError": ("rules.yaml", "check {sample} --rules {}"),
}


def run_fuzz_case(tmp_path: Path, case: str, lang: str):
    name, command = FUZZ_CASES[case]
    fixture = next(FUZZ.glob(f"{case}.*"))
    shutil.copy(fixture, tmp_path / name)
    shutil.copy(SAMPLE, tmp_path / "sample.json")
    args = [part.format(str(tmp_path / name), sample=str(tmp_path / "sample.json")) for part in command.split()]
    args = [str(tmp_path / arg) if arg.startswith("out/") else arg for arg in args]
    if args[0] == "rules":
        args[1:1] = ["--lang", lang]
    else:
        args += ["--lang", lang]
    return invoke(*args), tmp_path / name


@pytest.mark.parametrize("case", sorted(FUZZ_CASES))
def test_every_fuzz_case_is_refused_in_chinese_and_in_english(tmp_path, case):
    chinese, path = run_fuzz_case(tmp_path, case, "zh")
    english, _ = run_fuzz_case(tmp_path, case, "en")
    assert chinese.exit_code == english.exit_code, (chinese.stderr, english.stderr)
    if chinese.exit_code != 2:  # a readable report (05): checked normally, no input error
        assert chinese.exit_code == 1 and "gkaudit: " not in chinese.stderr
        return
    zh, en = error_line(chinese), error_line(english)
    assert zh.startswith("gkaudit: 错误[") and en.startswith("gkaudit: error[")
    assert zh.split("]")[0].split("[")[1] == en.split("]")[0].split("[")[1]  # the same code
    file = str(path) if str(path) in zh else str(tmp_path / "out" / "fixed.json")  # 32 names the output
    assert file in zh and file in en
    assert CJK.search(zh.replace(file, ""))
    assert english_left(chinese.stderr, file) == [], chinese.stderr
    assert not CJK.search(en), en
    assert not any(word in chinese.stderr + english.stderr for word in INTERNALS)


def test_the_pdfminer_warnings_are_not_printed(tmp_path):
    result, _ = run_fuzz_case(tmp_path, "14-MalformedPDFException", "zh")
    assert "MediaBox" not in result.stderr and "US Letter" not in result.stderr


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str, str]]:
    """A bad input of each kind: the command, then what the zh and the en line say after the file."""
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "bad.json").write_text('{"format": "gkaudit-report/1",\n "metadata": }\n')
    (tmp_path / "bad-rules.yaml").write_text("rules:\n  - id: X\n    severity: [error\n")
    (tmp_path / "bad.toml").write_text("select = [\n")
    (tmp_path / "manifest.yaml").write_text("bodies:\n  - name: 区政府\n    colour: blue\n")
    (tmp_path / "decisions.yaml").write_text("decisions:\n  - fingerprint: abc\n    verdict: maybe\n    author: 王\n    date: 2021-03-01\n")
    (tmp_path / "dates.yaml").write_text("decisions:\n  - fingerprint: abc\n    verdict: confirmed\n    date: 2026-13-01\n")
    sample, missing = str(SAMPLE), str(tmp_path / "missing.json")
    return {
        "missing file": (["check", missing], f"{missing}: 文件不存在", f"{missing}: no such file"),
        "empty file": (["check", str(tmp_path / "empty.json")], "文件为空，应为一份报告", "the file is empty; expected a report"),
        "bad JSON": (["check", str(tmp_path / "bad.json")], "第 2 行第 14 列: 不是有效的 JSON：此处应有一个值",
                     "line 2, column 14: not valid JSON: Expecting value"),
        "bad YAML rules": (["check", sample, "--rules", str(tmp_path / "bad-rules.yaml")], "不是有效的 YAML：",
                           "not valid YAML: "),
        "bad config TOML": (["check", sample, "--config", str(tmp_path / "bad.toml")], "不是有效的 TOML：",
                            "is not valid TOML: "),
        "bad manifest": (["check", sample, "--manifest", str(tmp_path / "manifest.yaml")], "未知的键；可用的键有",
                         "unknown key; expected some of"),
        "bad decisions": (["check", sample, "--decisions", str(tmp_path / "decisions.yaml")],
                          "应为 confirmed 或 dismissed，实为 'maybe'", "expected confirmed or dismissed, got 'maybe'"),
        "a date the calendar lacks": (["check", sample, "--decisions", str(tmp_path / "dates.yaml")],
                                      "第 4 行第 11 列: 不是有效的 YAML：日期不存在（月份必须在 1 到 12 之间）",
                                      "line 4, column 11: not valid YAML: a date that does not exist (month must be in 1..12)"),
        "output folder missing": (["extract", sample, "-o", str(tmp_path / "no" / "r.json")],
                                  f"文件夹 {tmp_path / 'no'} 不存在", f"folder {tmp_path / 'no'} does not exist"),
        "unknown --select id": (["check", sample, "--select", "T9"], "没有规则 id 或前缀 'T9'",
                                "no rule id or prefix 'T9'"),
        "fix given a folder": (["fix", str(tmp_path), "-o", str(tmp_path / "x.json")], "是文件夹；fix 只处理一份报告",
                               "is a folder; fix takes one report"),
    }


BAD_INPUTS = ["missing file", "empty file", "bad JSON", "bad YAML rules", "bad config TOML", "bad manifest",
              "bad decisions", "a date the calendar lacks", "output folder missing", "unknown --select id", "fix given a folder"]


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_a_bad_input_is_refused_in_the_language_asked(tmp_path, kind):
    args, zh_text, en_text = _bad_inputs(tmp_path)[kind]
    chinese, english = invoke(*args), invoke(*args, "--lang", "en")
    assert chinese.exit_code == english.exit_code == 2, (chinese.stderr, english.stderr)
    assert chinese.stdout == english.stdout == ""
    zh, en = error_line(chinese), error_line(english)
    assert zh.startswith("gkaudit: 错误[") and zh_text in zh, zh
    assert en.startswith("gkaudit: error[") and en_text in en, en
    assert english_left(zh, *(arg for arg in args if "/" in arg)) == [], zh


def test_the_language_of_an_error_before_the_command_knows_its_own():
    assert _command_line_lang(["check", "r.json"]) == "zh"
    assert _command_line_lang(["check", "r.json", "--lang", "en"]) == "en"
    assert _command_line_lang(["check", "--lang=en", "r.json"]) == "en"
    assert _command_line_lang(["check", "--lang", "zh"]) == "zh"


def test_places_are_translated_piece_by_piece():
    assert place("line 2, column 1", "zh") == "第 2 行第 1 列"
    assert place("part word/document.xml", "zh") == "部件 word/document.xml"
    assert place("part word/document.xml, line 1:12", "zh") == "部件 word/document.xml 第 1 行第 12 列"
    assert place("table 1 row 2 cell 6", "zh") == "表 1 第 2 行第 6 格"
    assert place("byte 17", "zh") == "第 17 字节"
    assert place("$.tables.table3.rows.total", "zh") == "$.tables.table3.rows.total"
    assert place("rules[0] (T3.TOTAL)", "zh") == "rules[0] (T3.TOTAL)"
    assert place("line 2, column 1", "en") == "line 2, column 1"


def test_library_texts_inside_messages_are_translated_and_internals_dropped():
    assert translate("not valid JSON: Expecting ',' delimiter", "zh") == "不是有效的 JSON：此处应有分隔符 ','"
    assert translate("not valid YAML: did not find expected node content", "zh") == "不是有效的 YAML：找不到应有的节点内容"
    assert translate("cannot be read (Permission denied)", "zh") == "无法读取（权限不够）"
    assert translate("cannot be written: Is a directory", "zh") == "无法写入：是一个目录"
    corrupt = "the part cannot be unpacked; its data is corrupt ([Errno 22] Invalid argument)"
    assert translate(corrupt, "zh") == "该部件无法解压，数据已损坏（无效的参数）"
    assert translate(corrupt, "en") == "the part cannot be unpacked; its data is corrupt (Invalid argument)"


def test_a_message_no_pattern_knows_stays_english():
    error = FileUnreadableError("r.json", "somewhere odd", "a problem nobody has translated yet")
    assert error.message("zh") == "r.json: somewhere odd: a problem nobody has translated yet"
    assert error.message() == error.message("en")


def test_the_english_message_is_what_the_raise_site_wrote():
    error = InvalidJsonError("r.json", "line 1, column 5", "not valid JSON: Expecting value")
    assert error.message() == "r.json: line 1, column 5: not valid JSON: Expecting value"
    assert error.line("zh") == "gkaudit: 错误[input.invalid-json] r.json: 第 1 行第 5 列: 不是有效的 JSON：此处应有一个值"
    assert OutputError("o.json", "", "already exists; pass --force to overwrite it").line("en") == (
        "gkaudit: error[output] o.json: already exists; pass --force to overwrite it")


# --- completeness: every message the code raises has a pattern ------------------------------

RAISERS = re.compile(r"(Error|error|fail)$")
DESCRIBERS = {"expect", "_require", "_require_list"}  # their last argument says what a value should be


def _renderings(node: ast.expr) -> list[str] | None:
    """The texts a string expression can give, each placeholder as "X" or as 1 (both are tried)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        holes = sum(isinstance(value, ast.FormattedValue) for value in node.values)
        renderings = []
        for filling in (["X"] * holes, ["1"] * holes):
            values = iter(filling)
            renderings.append("".join(v.value if isinstance(v, ast.Constant) else next(values) for v in node.values))
        return renderings
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _renderings(node.left), _renderings(node.right)
        if left is not None and right is not None:
            return [a + b for a, b in itertools.product(left, right)]
    if isinstance(node, ast.IfExp):
        body, orelse = _renderings(node.body), _renderings(node.orelse)
        if body is not None and orelse is not None:
            return body + orelse
    return None


def _raised_texts() -> list[tuple[str, list[str]]]:
    """(file:line, the renderings of one argument) for every text argument of a call that raises
    an error (``…Error(…)``, ``error(…)``, ``ctx.fail(…)``) or describes an expected value."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in DESCRIBERS:
                arguments = node.args[-1:]
            elif RAISERS.search(name) and name not in ("AttributeError",):
                arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            else:
                continue
            for argument in arguments:
                renderings = _renderings(argument)
                if renderings and any(" " in text.strip() for text in renderings):
                    found.append((f"{path.relative_to(SOURCE.parent)}:{node.lineno}", renderings))
    return found


def test_the_walk_finds_the_messages():
    assert len(_raised_texts()) > 150


def test_every_message_the_code_raises_has_its_translation():
    missing = [f"{where}: {renderings[0]!r}" for where, renderings in _raised_texts()
               if not any(covered(text) for text in renderings)]
    assert missing == [], "messages without a pattern in gkaudit/messages.py:\n" + "\n".join(missing)

"""`gkaudit rules explain ID`: a rule's documentation page, as plain text."""

from __future__ import annotations

from gkaudit.rules.catalog import Example, Rule

_HEADINGS = {
    "zh": {"severity": "严重程度", "templates": "适用格式", "what": "检查内容", "why": "为何检查",
           "reference": "依据", "assert": "表达式", "scope": "逐一检查", "check": "内置检查",
           "pass": "通过的例子", "fail": "不通过的例子", "others": "其余单元格为 0", "message": "提示信息",
           "missing": "缺少"},
    "en": {"severity": "severity", "templates": "templates", "what": "what it checks", "why": "why",
           "reference": "reference", "assert": "expression", "scope": "for each", "check": "built-in check",
           "pass": "passing example", "fail": "failing example", "others": "every other cell is 0",
           "message": "message", "missing": "missing"},
}


def _example_lines(example: Example | None, words: dict[str, str]) -> list[str]:
    if example is None:
        return ["  —"]
    lines = [f"  {ref} = {'null' if value is None else value}" for ref, value in example.cells]
    lines += [f"  {words['missing']}: {ref}" for ref in example.missing]
    if example.year is not None:
        lines.append(f"  year = {example.year}")
    if example.layout is not None:
        lines.append(f"  layout = {example.layout}")
    if example.cells:
        lines.append(f"  ({words['others']})")
    return lines


def explain(rule: Rule, lang: str) -> str:
    words = _HEADINGS[lang]
    lines = [f"{rule.id} — {rule.title.text(lang)}", ""]
    lines.append(f"{words['severity']}: {rule.severity}")
    lines.append(f"{words['templates']}: {', '.join(rule.templates)}")
    if rule.what:
        lines.append(f"{words['what']}: {rule.what.text(lang)}")
    if rule.why:
        lines.append(f"{words['why']}: {rule.why.text(lang)}")
    if rule.reference:
        lines.append(f"{words['reference']}: {rule.reference}")
    if rule.assertion is not None:
        if rule.for_each:
            lines.append(f"{words['scope']}: " + ", ".join(f"${name} in {domain}" for name, domain in rule.for_each))
        lines.append(f"{words['assert']}: {rule.assertion.source}")
    else:
        lines.append(f"{words['check']}: {rule.check}")
        for key, value in rule.params.items():
            lines.append(f"  {key}: {value}")
    lines.append(f"{words['message']}: {rule.message.text(lang)}")
    lines += ["", f"{words['pass']}:", *_example_lines(rule.passing, words)]
    lines += ["", f"{words['fail']}:", *_example_lines(rule.failing, words)]
    lines.append(f"\n({rule.origin})")
    return "\n".join(lines)

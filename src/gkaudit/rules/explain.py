"""A rule's documentation, from the catalogue alone: ``gkaudit rules explain ID`` prints it
as text, and docs/rules/ holds it as one Markdown page per rule (rules/docs.py)."""

from __future__ import annotations

import yaml

from gkaudit.rules.catalog import Example, Rule

_HEADINGS = {
    "zh": {"severity": "严重程度", "templates": "适用格式", "what": "检查内容", "why": "为何检查",
           "reference": "依据", "assert": "表达式", "scope": "逐一检查", "check": "内置检查",
           "params": "参数", "pass": "通过的例子", "fail": "不通过的例子", "others": "其余单元格为 0",
           "message": "提示信息", "missing": "缺少", "previous": "上一年度", "child": "下属单位", "notes": "提取时的记录",
           "narrative": "正文", "year": "年度", "layout": "表格格式"},
    "en": {"severity": "severity", "templates": "templates", "what": "what it checks", "why": "why",
           "reference": "reference", "assert": "expression", "scope": "for each", "check": "built-in check",
           "params": "parameters", "pass": "passing example", "fail": "failing example",
           "others": "every other cell is 0", "message": "message", "missing": "missing",
           "previous": "the year before", "child": "child", "notes": "noted while extracting", "narrative": "narrative",
           "year": "year", "layout": "layout"},
}


def _cells(cells: tuple[tuple[str, object], ...]) -> list[str]:
    return [f"{ref} = {'null' if value is None else value}" for ref, value in cells]


def example_lines(example: Example | None, lang: str) -> list[str]:
    """An example as a reader needs it: its cells, and the sentences, notes or the previous
    year's cells that make a prose, extraction or cross-year example differ."""
    words = _HEADINGS[lang]
    if example is None:
        return ["—"]
    lines = _cells(example.cells)
    lines += [f"{words['missing']}: {ref}" for ref in example.missing]
    for number, heading, text in example.narrative:
        lines.append(f"{words['narrative']} {number}、{heading}：{text}")
    for note in example.notes:
        lines.append(f"{words['notes']}: " + ", ".join(f"{k} = {v}" for k, v in note))
    if example.previous is not None:
        lines.append(f"{words['previous']}: " + "; ".join(_cells(example.previous)))
    for number, child in enumerate(example.children, start=1):
        lines.append(f"{words['child']} {number}: " + "; ".join(_cells(child)))
    if example.year is not None:
        lines.append(f"{words['year']} = {example.year}")
    if example.layout is not None:
        lines.append(f"{words['layout']} = {example.layout}")
    if example.cells:
        lines.append(f"({words['others']})")
    return lines


def params_yaml(rule: Rule) -> str:
    """A built-in check's parameters as the rule file spells them."""
    return yaml.safe_dump(rule.params, allow_unicode=True, sort_keys=False, width=100).rstrip()


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
        if rule.params:
            lines.append(f"{words['params']}:")
            lines += ["  " + line for line in params_yaml(rule).splitlines()]
    lines.append(f"{words['message']}: {rule.message.text(lang)}")
    lines += ["", f"{words['pass']}:", *("  " + line for line in example_lines(rule.passing, lang))]
    lines += ["", f"{words['fail']}:", *("  " + line for line in example_lines(rule.failing, lang))]
    lines.append(f"\n({rule.origin})")
    return "\n".join(lines)

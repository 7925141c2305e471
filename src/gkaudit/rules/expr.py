"""The restricted expression language of arithmetic rules.

Grammar (whitespace is free)::

    assertion := side CMP side              CMP: == | = | <= | >=
    side      := ['-'] term (('+' | '-') term)*
    term      := INTEGER | ref | 'sum' '(' ref ')' | '(' side ')'
    ref       := TABLE '[' selector ',' selector ']'
    selector  := NAME | '$' VAR | NAME '..' NAME | '*'

A NAME selector is a row or column id, or the id of a row or column group; a group,
a range ``a..b`` (template order, inclusive) or ``*`` selects several cells and is only
allowed inside ``sum(...)``. ``$var`` is bound by the rule's ``for_each``. The parser
builds a small AST; nothing is ever evaluated as Python.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Literal, Union

from gkaudit.errors import MAX_DIGITS, number_fits

Comparison = Literal["==", "<=", ">="]


class ExpressionError(ValueError):
    def __init__(self, message: str, source: str, position: int) -> None:
        self.source = source
        self.position = position
        super().__init__(f"{message} at column {position + 1}")

    def pointer(self) -> str:
        """The expression with a caret under the offending place."""
        return f"{self.source}\n{' ' * self.position}^"


@dataclass(frozen=True)
class Selector:
    kind: Literal["name", "var", "range", "all"]
    first: str = ""
    last: str = ""

    def __str__(self) -> str:
        return {"name": self.first, "var": f"${self.first}", "range": f"{self.first}..{self.last}", "all": "*"}[self.kind]


@dataclass(frozen=True)
class Ref:
    table: str
    row: Selector
    column: Selector


@dataclass(frozen=True)
class Number:
    value: int


@dataclass(frozen=True)
class Sum:
    ref: Ref


@dataclass(frozen=True)
class Side:
    """A signed sum of terms: ``[(+1, term), (-1, term), ...]``."""

    terms: tuple[tuple[int, Term], ...]


Term = Union[Number, Ref, Sum, Side]


@dataclass(frozen=True)
class Assertion:
    lhs: Side
    op: Comparison
    rhs: Side
    source: str


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<var>\$[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|<=|>=|\.\.|[=+\-\[\],()*]))"
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    pos: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        match = _TOKEN.match(source, pos)
        if not match:
            raise ExpressionError("unexpected character", source, pos + len(source[pos:]) - len(source[pos:].lstrip()))
        kind = match.lastgroup or ""
        text = match.group(kind)
        tokens.append(_Token(kind, text, match.start(kind)))
        pos = match.end()
    tokens.append(_Token("end", "", len(source)))
    return tokens


MAX_NESTING = 32
"""The deepest nesting of parentheses an expression may have (the shipped rules use 2)."""


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def fail(self, message: str) -> ExpressionError:
        return ExpressionError(message, self.source, self.current.pos)

    def take(self, text: str | None = None, kind: str | None = None) -> _Token:
        token = self.current
        if (text is not None and token.text != text) or (kind is not None and token.kind != kind):
            expected = repr(text) if text is not None else kind
            found = repr(token.text) if token.kind != "end" else "end of expression"
            raise self.fail(f"expected {expected}, found {found}")
        self.index += 1
        return token

    def accept(self, text: str) -> bool:
        if self.current.text == text and self.current.kind == "op":
            self.index += 1
            return True
        return False

    def assertion(self) -> Assertion:
        lhs = self.side()
        token = self.current
        if token.text not in ("==", "=", "<=", ">="):
            raise self.fail("expected a comparison (==, <=, >=)")
        self.index += 1
        op: Comparison = "==" if token.text == "=" else token.text  # type: ignore[assignment]
        rhs = self.side()
        if self.current.kind != "end":
            raise self.fail("unexpected text after the expression")
        return Assertion(lhs, op, rhs, self.source)

    def side(self) -> Side:
        terms: list[tuple[int, Term]] = []
        sign = -1 if self.accept("-") else 1
        terms.append((sign, self.term()))
        while self.current.text in ("+", "-") and self.current.kind == "op":
            sign = 1 if self.take().text == "+" else -1
            terms.append((sign, self.term()))
        return Side(tuple(terms))

    def term(self) -> Term:
        token = self.current
        if token.kind == "num":
            if not number_fits(token.text):
                raise self.fail(f"the number has {len(token.text):,} digits; an expression's numbers have at most {MAX_DIGITS}")
            self.index += 1
            return Number(int(token.text))
        if token.text == "(":
            if self.depth >= MAX_NESTING:
                raise self.fail(f"parentheses are nested more than {MAX_NESTING} deep")
            self.depth += 1
            self.index += 1
            inner = self.side()
            self.take(")")
            self.depth -= 1
            return inner
        if token.kind == "name" and token.text == "sum":
            self.index += 1
            self.take("(")
            ref = self.ref()
            self.take(")")
            return Sum(ref)
        if token.kind == "name":
            return self.ref()
        raise self.fail("expected a number, a cell reference or sum(...)")

    def ref(self) -> Ref:
        table = self.take(kind="name").text
        self.take("[")
        row = self.selector()
        self.take(",")
        column = self.selector()
        self.take("]")
        return Ref(table, row, column)

    def selector(self) -> Selector:
        token = self.current
        if token.kind == "var":
            self.index += 1
            return Selector("var", token.text[1:])
        if token.text == "*":
            self.index += 1
            return Selector("all")
        first = self.take(kind="name").text
        if self.accept(".."):
            return Selector("range", first, self.take(kind="name").text)
        return Selector("name", first)


def parse_side(source: str) -> Side:
    """Parse an expression without a comparison (what a narrative claim refers to)."""
    parser = _Parser(source)
    side = parser.side()
    if parser.current.kind != "end":
        raise parser.fail("unexpected text after the expression")
    return side


def parse_assertion(source: str) -> Assertion:
    """Parse one rule assertion, raising :class:`ExpressionError` with the position."""
    return _Parser(source).assertion()


def variables(node: Assertion | Side | Term) -> set[str]:
    """The ``$variables`` an expression uses."""
    if isinstance(node, Assertion):
        return variables(node.lhs) | variables(node.rhs)
    if isinstance(node, Side):
        return set().union(*(variables(term) for _, term in node.terms))
    if isinstance(node, Sum):
        return variables(node.ref)
    if isinstance(node, Ref):
        return {s.first for s in (node.row, node.column) if s.kind == "var"}
    return set()

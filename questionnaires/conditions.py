"""The small, safe language of `show_if` and action `when` conditions.

Parsed with a Lark grammar and compiled at load time into plain closures; nothing is
ever passed to `eval`. Every name must be a profile question or a question asked
earlier, and every compared value must be one of that question's option ids, so a typo
is a load error instead of a question that silently never shows.

    industry == 'manufacturing'
    employees >= 10 and not (website == 'none')
    'online_shop' in sales_channels
    region in ['76', '77'] or backups != 'no'

A comparison with a question that has no answer (unanswered, hidden) is false.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from lark import Lark, Token, Transformer, UnexpectedInput, v_args

from .model import (
    DONT_KNOW,
    NOT_APPLICABLE,
    AnyQuestion,
    FreeText,
    MultipleChoice,
    Number,
    Scale,
)
from .problems import did_you_mean

_GRAMMAR = r"""
?start: disjunction
?disjunction: conjunction (_OR conjunction)*
?conjunction: negation (_AND negation)*
?negation: _NOT negation -> negate
         | atom
?atom: operand COMPARATOR operand -> compare
     | operand _IN operand -> member
     | operand _NOT_IN operand -> not_member
     | "(" disjunction ")"
?operand: NAME -> name
        | STRING -> string
        | NUMBER -> number
        | "[" [operand ("," operand)*] "]" -> listing

_NOT_IN.2: /not\s+in\b/
_OR.2: /or\b/
_AND.2: /and\b/
_NOT.2: /not\b/
_IN.2: /in\b/
COMPARATOR: "==" | "!=" | "<=" | ">=" | "<" | ">"
NAME: /[a-z][a-z0-9_]*/
STRING: /'[^'\n]*'/ | /"[^"\n]*"/
NUMBER: /-?\d+(\.\d+)?/
%ignore /\s+/
"""

_PARSER = Lark(_GRAMMAR, parser="lalr", propagate_positions=False, maybe_placeholders=False)

Values = Mapping[str, Any]
Evaluate = Callable[[Values], bool]

_ORDERING = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class Issue:
    column: int
    message: str
    hint: str = ""


class ConditionError(Exception):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(i.message for i in issues))


@dataclass(frozen=True)
class Condition:
    source: str
    references: frozenset[str]
    evaluate: Evaluate = field(repr=False, compare=False)
    tree: Any = field(default=None, repr=False, compare=False)  # JSON-ready, for the browser's live preview

    def __call__(self, values: Values) -> bool:
        return self.evaluate(values)


@dataclass(frozen=True)
class _Ref:
    name: str
    column: int


@dataclass(frozen=True)
class _Literal:
    value: str | float | tuple[str | float, ...]
    column: int


@v_args(inline=True)
class _Syntax(Transformer[Token, Any]):
    """Turns the parse tree into references and literals, still unchecked."""

    def name(self, token: Token) -> _Ref:
        return _Ref(str(token), token.column or 1)

    def string(self, token: Token) -> _Literal:
        return _Literal(str(token)[1:-1], token.column or 1)

    def number(self, token: Token) -> _Literal:
        text = str(token)
        return _Literal(float(text) if "." in text else int(text), token.column or 1)

    def listing(self, *items: Any) -> _Literal:
        values: list[str | float] = []
        for item in items:
            if not isinstance(item, _Literal) or isinstance(item.value, tuple):
                raise ConditionError([Issue(_column(item), "a list may only hold plain values")])
            values.append(item.value)
        return _Literal(tuple(values), _column(items[0]) if items else 1)


def _combined(parts: list[Evaluate], any_of: bool) -> Evaluate:
    """`a or b or ...` (any_of) or `a and b and ...`, stopping at the first part that decides.

    Two parts, the common case, get a plain lambda: ranking evaluates conditions by the
    thousand, and a generator per call cost more than the comparisons.
    """
    if len(parts) == 2:
        first, second = parts
        if any_of:
            return lambda values: first(values) or second(values)
        return lambda values: first(values) and second(values)

    def combined(values: Values) -> bool:
        for part in parts:
            if part(values) == any_of:
                return any_of
        return not any_of

    return combined


def _column(node: Any) -> int:
    return getattr(node, "column", 1)


class _Compiler:
    """Checks names and values against the questionnaire and builds the closures."""

    def __init__(self, known: Mapping[str, AnyQuestion], later: Collection[str]):
        self.known = known
        self.later = later
        self.issues: list[Issue] = []
        self.references: set[str] = set()

    def build(self, node: Any) -> Evaluate:
        kind = getattr(node, "data", None)
        if kind in ("disjunction", "conjunction"):
            parts = [self.build(child) for child in node.children]
            return _combined(parts, any_of=kind == "disjunction")
        if kind == "negate":
            inner = self.build(node.children[0])
            return lambda values: not inner(values)
        if kind == "compare":
            return self.compare(*node.children)
        if kind in ("member", "not_member"):
            check = self.member(*node.children)
            if kind == "member":
                return check
            name = next((c.name for c in node.children if isinstance(c, _Ref)), "")
            return lambda values: values.get(name) is not None and not check(values)
        self.issues.append(Issue(_column(node), "expected a comparison such as industry == 'retail'"))
        return lambda values: False

    def question(self, ref: _Ref) -> AnyQuestion | None:
        if ref.name in self.known:
            question = self.known[ref.name]
            if isinstance(question, FreeText):
                self.issues.append(Issue(ref.column, f"'{ref.name}' is free text and cannot be used in conditions"))
                return None
            self.references.add(ref.name)
            return question
        if ref.name in self.later:
            self.issues.append(
                Issue(ref.column, f"'{ref.name}' is asked later; a condition can only use earlier answers")
            )
        else:
            hint = did_you_mean(ref.name, self.known)
            self.issues.append(Issue(ref.column, f"unknown question '{ref.name}'", hint))
        return None

    def check_value(self, question: AnyQuestion, literal: _Literal, value: str | float) -> None:
        # 'na' / 'unknown' replace the whole answer, so a multiple choice never *contains* them.
        specials = set() if isinstance(question, MultipleChoice) else (
            ({NOT_APPLICABLE} if question.allow_na else set()) | ({DONT_KNOW} if question.allow_unknown else set())
        )
        if isinstance(question, Scale | Number):
            if isinstance(value, str) and value not in specials:
                self.issues.append(Issue(literal.column, f"'{question.id}' is a number; compare it with a number"))
            return
        allowed = set(getattr(question, "option_ids", ())) | specials
        if not isinstance(value, str):
            self.issues.append(
                Issue(literal.column, f"'{question.id}' is a choice; compare it with an option id in quotes")
            )
        elif value not in allowed:
            hint = did_you_mean(value, allowed) or "options: " + ", ".join(sorted(allowed))
            self.issues.append(Issue(literal.column, f"'{question.id}' has no option '{value}'", hint))

    def compare(self, left: Any, comparator: Token, right: Any) -> Evaluate:
        op = str(comparator)
        if isinstance(right, _Ref) and isinstance(left, _Literal):
            left, right = right, left
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        if not (isinstance(left, _Ref) and isinstance(right, _Literal)) or isinstance(right.value, tuple):
            self.issues.append(Issue(_column(left), "compare a question with a value, e.g. employees >= 10"))
            return lambda values: False
        question = self.question(left)
        if question is None:
            return lambda values: False
        if isinstance(question, MultipleChoice):
            self.issues.append(
                Issue(left.column, f"'{left.name}' allows several answers; write 'option' in {left.name}")
            )
            return lambda values: False
        if op in _ORDERING and not isinstance(question, Scale | Number):
            self.issues.append(Issue(left.column, f"'{left.name}' is a choice; use == or != instead of {op}"))
            return lambda values: False
        self.check_value(question, right, right.value)
        name, expected = left.name, right.value
        if op == "==":
            return lambda values: values.get(name) == expected
        if op == "!=":
            return lambda values: values.get(name) is not None and values.get(name) != expected
        compare = _ORDERING[op]

        def ordered(values: Values) -> bool:
            actual = values.get(name)
            return isinstance(actual, int | float) and compare(actual, expected)

        return ordered

    def member(self, left: Any, right: Any) -> Evaluate:
        if isinstance(left, _Literal) and isinstance(right, _Ref) and not isinstance(left.value, tuple):
            question = self.question(right)
            if question is None:
                return lambda values: False
            if not isinstance(question, MultipleChoice):
                self.issues.append(Issue(right.column, f"'{right.name}' has one answer; write {right.name} == ..."))
                return lambda values: False
            self.check_value(question, left, left.value)
            name, wanted = right.name, left.value
            return lambda values: isinstance(values.get(name), tuple | list) and wanted in values[name]
        if isinstance(left, _Ref) and isinstance(right, _Literal) and isinstance(right.value, tuple):
            question = self.question(left)
            if question is None:
                return lambda values: False
            if isinstance(question, MultipleChoice):
                self.issues.append(Issue(left.column, f"'{left.name}' allows several answers; write 'option' in it"))
                return lambda values: False
            for value in right.value:
                self.check_value(question, right, value)
            name, choices = left.name, frozenset(right.value)
            return lambda values: values.get(name) in choices
        self.issues.append(
            Issue(_column(left), "use 'option' in question (several answers) or question in ['a', 'b']")
        )
        return lambda values: False


def compile_condition(
    source: str, known: Mapping[str, AnyQuestion], later: Collection[str] = ()
) -> Condition:
    """Parse and check a condition; `known` holds the questions it may refer to."""
    tree = _parse(source)
    compiler = _Compiler(known, later)
    if isinstance(tree, _Ref | _Literal):
        raise ConditionError([Issue(tree.column, "expected a comparison such as industry == 'retail'")])
    evaluate = compiler.build(tree)
    if compiler.issues:
        raise ConditionError(compiler.issues)
    return Condition(source, frozenset(compiler.references), evaluate, _json(tree))


def _json(node: Any) -> Any:
    """The checked condition as plain data with the same meaning as the closures above.

    {"any": [...]}, {"all": [...]}, {"not": x}, and leaves {"name", "op", "value"} where op
    is ==, !=, <, <=, >, >=, "contains" (a multiple-choice answer holds value) or "in"
    (the answer is one of value). A leaf about an unanswered question is false.
    """
    kind = node.data
    if kind in ("disjunction", "conjunction"):
        return {"any" if kind == "disjunction" else "all": [_json(child) for child in node.children]}
    if kind == "negate":
        return {"not": _json(node.children[0])}
    if kind == "compare":
        left, comparator, right = node.children
        op = str(comparator)
        if isinstance(left, _Literal):
            left, right = right, left
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        return {"name": left.name, "op": op, "value": right.value}
    left, right = node.children
    leaf = (
        {"name": right.name, "op": "contains", "value": left.value}
        if isinstance(right, _Ref)
        else {"name": left.name, "op": "in", "value": list(right.value)}
    )
    if kind == "not_member":
        return {"all": [{"name": leaf["name"], "op": "answered"}, {"not": leaf}]}
    return leaf


@functools.lru_cache(maxsize=1024)
def _parse(source: str) -> Any:
    """Syntax only, so it can be shared: the same condition often guards many questions."""
    try:
        return _Syntax().transform(_PARSER.parse(source))
    except UnexpectedInput as exc:
        raise ConditionError([Issue(exc.column if exc.column > 0 else 1, _syntax_message(exc, source))]) from None
    except ConditionError:
        raise
    except Exception as exc:  # lark wraps transformer errors in VisitError
        inner = getattr(exc, "orig_exc", None)
        if isinstance(inner, ConditionError):
            raise inner from None
        raise ConditionError([Issue(1, "this condition cannot be read")]) from None


def _syntax_message(exc: UnexpectedInput, source: str) -> str:
    token = getattr(exc, "token", None)
    if token is not None and token.type == "$END":
        return "the condition is incomplete; write a comparison such as industry == 'retail'"
    column = exc.column if exc.column > 0 else len(source)
    found = source[column - 1 :].split(None, 1)[0] if source[column - 1 :].strip() else ""
    return f"unexpected '{found}'" if found else "the condition cannot be read"  # the caller names the column

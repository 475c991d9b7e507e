"""A questionnaire's dimensions written out as one Python function, built once per questionnaire.

Workshops score hundreds of participants live and every aggregate re-reads stored
results, so scoring must be cheap. A loop over the question plans spends most of its time
unpacking plans and testing what is known before any answer arrives: whether a question
has a condition, is scored, or has a fixed set of answers. The function written here has
those decisions already taken, one straight block per question.

Nothing from the questionnaire file is pasted into the code as text: question and
dimension ids enter as string literals through `repr` (and are checked at load to be
plain identifiers), weights as float literals through `repr`, and tables, conditions and
checks as names bound in the function's namespace. `compile` sees only code this module
writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .plan import DimensionPlan, QuestionPlan
from .result import AnswerValue, Contribution, DimensionResult

DimensionsScorer = Callable[
    [Callable[[str], Any], dict[str, AnswerValue]], tuple[list[DimensionResult], float, float, float | None]]


class Unusual(Exception):
    """A value the lookup tables do not hold; the full check decides what it is."""


def compile_dimensions(dimensions: tuple[DimensionPlan, ...], level_at_tenth: tuple[str, ...]) -> DimensionsScorer:
    """`score(get, values)`: every dimension's result and the sums for the overall index.

    Visible answers are added to `values`; `get` reads the raw answers. Every given answer
    is checked whether its question is shown or not, so a misfit anywhere rejects the
    assessment (as `Unusual`, `InvalidAnswer`, `KeyError` or `TypeError`; the engine then
    runs the full check, which names it). Returns (results, total weight, weighted sum,
    lowest score) over the dimensions that have a score.
    """
    for dimension in dimensions:
        for plain in (dimension.id, *(q.id for q in dimension.questions)):
            if not (plain.isascii() and plain.isidentifier()):  # the model's id pattern ensures this
                raise ValueError(f"{plain!r} is not a plain identifier")
    names: dict[str, Any] = {
        "Contribution": Contribution, "DimensionResult": DimensionResult, "Unusual": Unusual,
        "level_at_tenth": level_at_tenth,  # the level id per tenth of a point: scores have one decimal
    }
    lines = ["def score(get, values):", "    results = []", "    overall_weight = overall_sum = 0.0",
             "    overall_lowest = None"]
    for n, dimension in enumerate(dimensions):
        lines += _dimension(dimension, n, names)
    lines.append("    return results, overall_weight, overall_sum, overall_lowest")
    namespace: dict[str, Any] = dict(names)
    exec(compile("\n".join(lines), "<scoring plan>", "exec"), namespace)  # noqa: S102 - our own code, see above
    scorer: DimensionsScorer = namespace["score"]
    return scorer


def _dimension(dimension: DimensionPlan, n: int, names: dict[str, Any]) -> list[str]:
    """The dimension's questions, then its score, level and share of the overall index.

    Where no scored question has a condition, every scored question is asked, so each
    contribution goes into a local of its own and the tuple is written out; otherwise
    the shown ones are collected in a list.
    """
    minimum = dimension.aggregation == "minimum"
    scored = [m for m, q in enumerate(dimension.questions) if q.table is not None]
    fixed = all(dimension.questions[m].condition is None for m in scored)
    lines = ["    missing = 0", "    total_weight = weighted_sum = 0.0", "    lowest = None"]
    if not fixed:
        lines += ["    contributions = []", "    add = contributions.append"]
    for m, question in enumerate(dimension.questions):
        lines += _question(question, f"_{n}_{m}", names, minimum, _stored_as(m) if fixed else _added)
    if fixed:
        lines.append(f"    contributions = ({''.join(f'contribution_{m}, ' for m in scored)})")
    else:
        lines.append("    contributions = tuple(contributions)")
    # Rounded to one decimal so that the level always matches the number people see.
    points = "lowest" if minimum else "weighted_sum / total_weight"
    counts = "len(contributions) - missing, len(contributions), contributions"
    return lines + [
        "    if lowest is None:" if minimum else "    if not total_weight:",  # weights are positive
        f"        results.append(DimensionResult({dimension.id!r}, None, None, {counts}))",
        "    else:",
        f"        points = round({points}, 1)",
        f"        results.append(DimensionResult({dimension.id!r}, points, level_at_tenth[int(points * 10 + 0.5)],"
        f" {counts}))",
        f"        overall_weight += {dimension.weight!r}",
        f"        overall_sum += points * {dimension.weight!r}",
        "        if overall_lowest is None or points < overall_lowest:",
        "            overall_lowest = points",
    ]


def _stored_as(m: int) -> Callable[[str], str]:
    return lambda what: f"contribution_{m} = {what}"


def _added(what: str) -> str:
    return f"add({what})"


def _question(
    q: QuestionPlan, suffix: str, names: dict[str, Any], minimum: bool, store: Callable[[str], str]
) -> list[str]:
    """The block for one question: check the given value, then (if shown) keep and count it.

    `store` writes the statement that keeps a contribution for the dimension's tuple.
    """
    qid = repr(q.id)
    keep = [f"values[{qid}] = value"]
    unanswered: list[str] = []
    if q.table is not None:
        names["unanswered" + suffix] = q.unanswered
        keep += [
            store("contribution"),
            "if points is not None:",
            f"    total_weight += {q.weight!r}",
            "    weighted_sum += points" + ("" if q.weight == 1 else f" * {q.weight!r}"),
        ]
        if minimum:  # a mean needs only the sums
            keep += ["    if lowest is None or points < lowest:", "        lowest = points"]
        unanswered = ["else:", "    missing += 1", "    " + store(f"unanswered{suffix}")]
    lines = [f"    value = get({qid})", "    if value is not None:"] + _indented(_read(q, qid, suffix, names), 8)
    if q.condition is None:
        return lines + _indented(keep, 8) + _indented(unanswered, 4)
    names["condition" + suffix] = q.condition
    return lines + [f"    if condition{suffix}(values):", "        if value is not None:"] + _indented(
        keep, 12) + _indented(unanswered, 8)


def _read(q: QuestionPlan, qid: str, suffix: str, names: dict[str, Any]) -> list[str]:
    """Check a given value and make it canonical; for a scored question also find its contribution and points."""
    names["check" + suffix] = q.check
    if q.table is None:  # not scored
        return [f"value = check{suffix}(value)"]
    # (contribution, canonical value, points): unpacking a tuple is cheaper than reading a NamedTuple's fields
    names["table" + suffix] = {key: (c, c.value, c.score) for key, c in q.table.items()}
    if q.points is None:  # every valid answer is in the table
        guard = ["if value.__class__ is bool:", "    raise Unusual"]  # True would find the entry for 1
        return [*(guard if any(key.__class__ is int for key in q.table) else []),
                f"contribution, value, points = table{suffix}[value]"]
    names["points" + suffix] = q.points
    return [  # open answers: the table holds only "does not apply" and "don't know"
        f"found = table{suffix}.get(value) if value.__class__ is str else None",
        "if found is None:",
        f"    value = check{suffix}(value)",
        f"    points = points{suffix}(value)",
        f"    contribution = Contribution({qid}, 'scored', value, points, {q.weight!r})",
        "else:",
        "    contribution, value, points = found",
    ]


def _indented(lines: list[str], spaces: int) -> list[str]:
    return [" " * spaces + line for line in lines]

"""Every error message quoted in docs/questionnaire-format.md is the one the loader gives.

The page promises "if this page and the code disagree, the code wins and this page has a
bug"; these tests find such bugs by running each quoted example through the loader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from questionnaires import ContentError, Problem, load_questionnaire, parse_questionnaire
from questionnaires.catalogue import EXAMPLES

from .samples import broken

DOC = (Path(__file__).resolve().parents[2] / "docs" / "questionnaire-format.md").read_text(encoding="utf-8")
EXAMPLE = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")

# The seven mistakes the page describes in words before its console example.
SEVEN_MISTAKES = [
    ("version: 1\n", "version: 1.0\n"),
    ("'Nein, kein Plan'", "Nein, kein Plan"),
    ("        type: scale", "        type: slider"),
    ("        allow_na: true\n        text:\n          de: Können", "        alow_na: true\n        text:\n          de: Können"),
    ("show_if: industry == 'manufacturing'", "show_if: industry == 'manufactoring'"),
    ("    min: 40", "    min: 45"),
    ("when: mfa != 'yes'", "when: mfa != 'yes' and backup == 'none'"),
]


def problems(text: str, file: str = "example-broken.yaml") -> list[Problem]:
    with pytest.raises(ContentError) as raised:
        parse_questionnaire(text, file)
    return list(raised.value.problems)


def message(problem: Problem) -> str:
    """The part of a problem's line after its path: the message and the hint."""
    return f"{problem.message} ({problem.hint})" if problem.hint else problem.message


def test_the_console_example_is_a_real_run() -> None:
    block = DOC.split("$ digicheck questionnaires validate example-broken.yaml\n", 1)[1].split("```", 1)[0]
    quoted = [line for line in block.splitlines() if line.startswith("example-broken.yaml:")]
    text = EXAMPLE
    for old, new in SEVEN_MISTAKES:
        text = broken(old, new, text)
    assert [str(p) for p in problems(text)] == quoted


def _condition_table() -> list[tuple[str, str]]:
    section = DOC.split("And some mistakes, with the message the loader gives:", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| `(.+?)` \| `(.+)` \|$", section, flags=re.MULTILINE)
    assert len(rows) >= 7, section
    return rows


@pytest.mark.parametrize(("condition", "quoted"), _condition_table())
def test_each_documented_condition_mistake_gives_the_documented_message(condition: str, quoted: str) -> None:
    """Written as an action's `when`, which may refer to every question of the example."""
    text = broken("when: mfa != 'yes'", f'when: "{condition}"', EXAMPLE)
    [problem] = problems(text)
    assert problem.path == "actions[enable_mfa].when"
    assert message(problem) == quoted


def test_a_parse_error_names_its_column_once() -> None:
    [problem] = problems(broken("when: mfa != 'yes'", "when: mfa = 'yes'", EXAMPLE))
    assert str(problem).count("column") == 1 and "(column 5 of the condition)" in problem.message


QUOTED_ELSEWHERE = [
    # (quoted on the page, the change to the example that causes it)
    ("`'yes' is not true or false`", ("        allow_unknown: true\n        text: {de: Wie sichern",
                                      "        allow_unknown: yes\n        text: {de: Wie sichern")),
    ("`'lots' is not a number (allowed: a number, at least 0 and at most 100)`",
     ("{id: basic, score: 40,", "{id: basic, score: lots,")),
    ("`unknown key 'kein Plan'`", ("'Nein, kein Plan'", "Nein, kein Plan")),
]


@pytest.mark.parametrize(("quoted", "change"), QUOTED_ELSEWHERE, ids=[q for q, _ in QUOTED_ELSEWHERE])
def test_messages_quoted_in_the_text_are_the_loaders(quoted: str, change: tuple[str, str]) -> None:
    assert quoted in DOC
    [problem] = problems(broken(*change, EXAMPLE))
    assert quoted.strip("`") in message(problem)


def test_a_problem_with_the_whole_file_has_no_line(tmp_path: Path) -> None:
    assert "`my-check.yaml: (file): file not found`" in DOC
    with pytest.raises(ContentError) as raised:
        load_questionnaire("my-check.yaml")
    assert str(raised.value) == "my-check.yaml: (file): file not found"


def test_ids_with_a_hyphen_are_documented_as_the_loader_takes_them() -> None:
    """Only the questionnaire's own id may contain '-'; the page says so."""
    assert parse_questionnaire(broken("id: example", "id: mini-check", EXAMPLE)).id == "mini-check"
    [problem] = problems(broken("  - id: strategy\n", "  - id: the-strategy\n", EXAMPLE))
    assert problem.message == "'the-strategy' is not a valid id"
    assert "`-` is allowed too" in DOC and "`online-booking`" in DOC


def test_the_text_question_table_lists_pattern() -> None:
    table = DOC.split("### `text`: free text", 1)[1].split("\n\n", 3)[2]
    assert "| `pattern` |" in table

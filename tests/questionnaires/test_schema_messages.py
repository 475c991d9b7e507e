"""Schema errors in the project's own words: what was found, and what is allowed instead.

Issue 12 found raw pydantic sentences ("Input should be a valid number", "String should
match pattern ...") reaching authors; these files break one value each and check the
message an author reads.
"""

from __future__ import annotations

import pytest

from questionnaires import ContentError, parse_questionnaire
from questionnaires.centres import load_centres
from questionnaires.centres import FOLDER as CENTRES

from .samples import broken, problems_in

PYDANTIC_WORDING = ("Input should", "String should", "Field required", "Extra inputs", "Value error",
                    "Tuple should", "List should", "validation error")

# (what the sample says, what the broken copy says instead, the found value shown, what is allowed)
BROKEN = [
    ("estimated_minutes: 3", "estimated_minutes: lots", "'lots' is not a whole number",
     "allowed: a whole number, more than 0 and at most 240"),
    ("estimated_minutes: 3", "estimated_minutes: 2.5", "2.5 is not a whole number", "allowed: a whole number"),
    ("estimated_minutes: 3", "estimated_minutes: 0", "0 is too small", "allowed: more than 0 and at most 240"),
    ("estimated_minutes: 3", "estimated_minutes: 300", "300 is too large", "allowed: more than 0 and at most 240"),
    ("id: sample", "id: Sample_Check", "'Sample_Check' is not a valid questionnaire id",
     "allowed: lowercase letters a-z, digits, _ and -, starting with a letter"),
    ('version: "1"', 'version: "1 0"', "'1 0' is not a valid version", "allowed: letters, digits, ., _ and -"),
    ('version: "1"', "version: [1]", "a list is not text", "allowed: text"),
    ('version: "1"', "version: 1.0", "1.0 is read as a number", 'allowed: the version in quotes'),
    ("score: 100, text", "score: lots, text", "'lots' is not a number", "allowed: a number, at least 0 and at most 100"),
    ("score: 100, text", "score: -5, text", "-5 is too small", "allowed: at least 0 and at most 100"),
    ("  - {id: low, min: 0", "  - {id: low, min: null", "null is not a number", "allowed: a number"),
    ("languages: [de, en]", "languages: [de, fr]", "'fr' is not allowed here", "use one of: de, en"),
    ("languages: [de, en]", "languages: de", "'de' is not a list", "allowed: a list"),
    ("title: {de: Strategie, en: Strategy}", "title: Strategie", "'Strategie' is not a mapping",
     "write texts as {de: ..., en: ...}"),
    ("title: {de: Strategie, en: Strategy}", "title: {de: '', en: Strategy}", "the text is empty",
     "allowed: at least 1 character"),
    ("      - id: plan", "      - id: Plan", "'Plan' is not a valid id",
     "allowed: lowercase letters a-z, digits and _, starting with a letter"),
    ("type: yes_partly_no\n", "type: yes_partly_no\n        weight: 0\n", "0 is too small",
     "allowed: more than 0 and at most 100"),
    ("type: yes_partly_no\n", "type: yes_partly_no\n        required: 1\n", "1 is not true or false",
     "allowed: required: true or required: false"),
    ("type: yes_partly_no\n", "type: yes_partly_no\n        scores: [1]\n", "a list is not a mapping", "allowed:"),
    ("      - {id: retail, text: {de: Handel, en: Retail}}\n", "", "the list has 1 item", "allowed: at least 2 items"),
    ("        type: single\n        text: {de: Plan?",
     "        type: text\n        max_length: 0\n        text: {de: Plan?", "0 is too small",
     "allowed: more than 0 and at most 20000"),
    ("        type: single\n        text: {de: Plan?",
     "        type: text\n        pattern: '('\n        text: {de: Plan?", "'(' is not a valid regular expression",
     "allowed: a Python regular expression"),
    ("type: yes_partly_no", "type: yes_no", "unknown question type 'yes_no'", "did you mean 'yes_partly_no'?"),
    ("        text: {de: Plan?", "        txet: {de: Plan?", "unknown key 'txet'", "did you mean 'text'?"),
]


@pytest.mark.parametrize(("old", "new", "found", "allowed"), BROKEN, ids=[case[1].strip()[:40] for case in BROKEN])
def test_a_schema_error_names_what_was_found_and_what_is_allowed(old: str, new: str, found: str, allowed: str) -> None:
    problems = problems_in(broken(old, new))
    shown = [str(p) for p in problems]
    assert not [s for s in shown if any(words in s for words in PYDANTIC_WORDING)], shown
    assert any(found in p.message and allowed in p.hint for p in problems), shown


def test_a_text_question_is_not_mistaken_for_its_own_text_key() -> None:
    """pydantic's location of a `text` question's error contains the tag `text`; the path must not."""
    problems = problems_in(broken("        type: single\n        text: {de: Plan?",
                                  "        type: text\n        max_length: 0\n        text: {de: Plan?"))
    assert [(p.line, p.path) for p in problems if "max_length" in p.path] == [
        (20, "dimensions[strategy].questions[plan].max_length")]


def test_every_problem_of_a_badly_broken_file_is_in_our_words() -> None:
    text = broken("estimated_minutes: 3", "estimated_minutes: many")
    for old, new in (("score: 100, text", "score: high, text"), ("id: sample", "id: 'Sample Check'"),
                     ("languages: [de, en]", "languages: [de, en, fr]"), ("  - {id: low, min: 0", "  - {id: low, min: x")):
        text = broken(old, new, text)
    with pytest.raises(ContentError) as raised:
        parse_questionnaire(text)
    messages = str(raised.value)
    assert len(raised.value.problems) == 5
    assert not any(words in messages for words in PYDANTIC_WORDING), messages


def test_centre_catalogue_errors_are_in_our_words_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (CENTRES / "centres.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "centres.yaml"
    bad.write_text(text.replace("lat: ", "lat: north", 1), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_centres(bad)
    [problem] = raised.value.problems
    assert "is not a number" in problem.message and problem.hint.startswith("allowed: a number")
    assert not any(words in str(problem) for words in PYDANTIC_WORDING)

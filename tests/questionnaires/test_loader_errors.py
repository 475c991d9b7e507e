"""Every kind of authoring mistake is reported with its line, a path and a useful hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires import ContentError, load_questionnaire, parse_questionnaire

from .samples import VALID, broken, problems_in


def test_the_sample_is_valid() -> None:
    q = parse_questionnaire(VALID, "sample.yaml")
    assert [d.id for d in q.dimensions] == ["strategy"]
    assert q.question_index["booking"].condition is not None


def test_malformed_yaml_points_at_the_line() -> None:
    [problem] = problems_in(broken("    type: single\n    text: {de: Branche", "    type: single\n    text: {de: Branche, [oops"))
    assert problem.line == 10
    assert "invalid YAML" in problem.message
    assert str(problem).startswith("sample.yaml:10:")


def test_duplicate_key_is_an_error() -> None:
    [problem] = problems_in(broken("estimated_minutes: 3\n", "estimated_minutes: 3\nestimated_minutes: 4\n"))
    assert (problem.line, problem.message) == (7, "duplicate key 'estimated_minutes'")


def test_unknown_key_suggests_the_right_one() -> None:
    missing, unknown = problems_in(broken("        text: {de: Plan?", "        txet: {de: Plan?"))
    assert (missing.line, missing.message) == (18, "'text' is required")
    assert unknown.line == 20
    assert unknown.path == "dimensions[strategy].questions[plan].txet"
    assert unknown.message == "unknown key 'txet'" and unknown.hint == "did you mean 'text'?"


def test_missing_required_key_names_the_key() -> None:
    problems = problems_in(broken("estimated_minutes: 3\n", ""))
    assert [(p.line, p.path, p.message) for p in problems] == [(1, "", "'estimated_minutes' is required")]


def test_unknown_question_type_suggests_a_type() -> None:
    [problem] = problems_in(broken("type: yes_partly_no", "type: yes_no"))
    assert problem.line == 25
    assert problem.message == "unknown question type 'yes_no'"
    assert "yes_partly_no" in problem.hint


def test_missing_german_text() -> None:
    [problem] = problems_in(broken("title: {de: Strategie, en: Strategy}", "title: {en: Strategy}"))
    assert problem.line == 16 and problem.message == "'de' is required"
    assert problem.path == "dimensions[strategy].title"


def test_missing_english_text_when_english_is_offered() -> None:
    [problem] = problems_in(broken("text: {de: Buchung?, en: Booking?}", "text: {de: Buchung?}"))
    assert problem.line == 27 and problem.message == "English text missing"


def test_german_only_questionnaire_needs_no_english() -> None:
    text = broken("languages: [de, en]", "languages: [de]")
    text = broken("text: {de: Buchung?, en: Booking?}", "text: {de: Buchung?}", text)
    assert parse_questionnaire(text).languages == ("de",)


def test_duplicate_question_id_names_the_first_line() -> None:
    [problem] = problems_in(broken("      - id: booking", "      - id: plan"))
    assert problem.line == 24 and problem.message == "duplicate question id 'plan'"
    assert problem.hint == "first used on line 18"


def test_duplicate_option_id() -> None:
    [problem] = problems_in(broken("{id: written, score: 100", "{id: none, score: 100"))
    assert problem.line == 23 and problem.message == "duplicate option id 'none'"


def test_condition_with_misspelt_question() -> None:
    [problem] = problems_in(broken("show_if: industry == 'crafts'", "show_if: industri == 'crafts'"))
    assert problem.line == 26
    assert "unknown question 'industri'" in problem.message and problem.hint == "did you mean 'industry'?"


def test_condition_with_later_question() -> None:
    text = broken("        text: {de: Plan?, en: Plan?}", "        text: {de: Plan?, en: Plan?}\n        show_if: booking == 'yes'")
    [problem] = problems_in(text)
    assert problem.line == 21 and "'booking' is asked later" in problem.message


def test_condition_with_unknown_option() -> None:
    [problem] = problems_in(broken("show_if: industry == 'crafts'", "show_if: industry == 'craft'"))
    assert "'industry' has no option 'craft'" in problem.message and problem.hint == "did you mean 'crafts'?"


def test_condition_syntax_error() -> None:
    [problem] = problems_in(broken("show_if: industry == 'crafts'", "show_if: industry = 'crafts'"))
    assert problem.line == 26 and "unexpected '='" in problem.message


def test_condition_cannot_refer_to_itself() -> None:
    [problem] = problems_in(broken("show_if: industry == 'crafts'", "show_if: booking == 'yes'"))
    assert "'booking' is asked later" in problem.message


def test_option_without_score() -> None:
    [problem] = problems_in(broken("{id: written, score: 100, text", "{id: written, text"))
    assert problem.line == 23 and problem.message == "option 'written' has no score"


def test_score_out_of_range() -> None:
    [problem] = problems_in(broken("score: 100, text", "score: 150, text"))
    assert problem.line == 23 and problem.path.endswith("options[written].score")


def test_profile_options_are_not_scored() -> None:
    [problem] = problems_in(broken("{id: retail, text", "{id: retail, score: 10, text"))
    assert problem.line == 13 and "profile options are not scored" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("{id: low, min: 0,", "{id: low, min: 10,", 29, "must start at 0"),
        ("{id: high, min: 50,", "{id: high, min: 60,", 30, "a gap between 'low' (up to 50) and 'high' (from 60)"),
        ("{id: high, min: 50,", "{id: high, min: 40,", 30, "an overlap"),
        ("max: 100, title", "max: 90, title", 30, "must end at 100"),
    ],
)
def test_levels_must_cover_0_to_100(old: str, new: str, line: int, words: str) -> None:
    [problem] = problems_in(broken(old, new))
    assert problem.line == line and words in problem.message


def test_dimension_without_scored_questions() -> None:
    text = VALID.replace("levels:", """  - id: notes
    title: {de: Notizen, en: Notes}
    questions:
      - {id: remark, type: text, text: {de: Anmerkung, en: Remark}}
levels:""")
    [problem] = problems_in(text)
    assert problem.line == 28 and problem.message == "dimension 'notes' has no scored question"


def test_dimension_with_no_questions_at_all() -> None:
    text = VALID.replace("levels:", "  - {id: empty, title: {de: Leer, en: Empty}, questions: []}\nlevels:")
    [problem] = problems_in(text)
    assert (problem.line, problem.message, problem.hint) == (28, "the list is empty", "allowed: at least 1 item")


STEP = """actions:
  - id: plan_it
    dimension: strategy
    levels: [low]
    effort: low
    impact: high
    title: {de: Planen, en: Plan}
    text: {de: Einen Plan schreiben., en: Write a plan.}
"""


def test_action_with_unknown_dimension_and_level() -> None:
    text = VALID + STEP.replace("dimension: strategy", "dimension: strategie").replace("levels: [low]", "levels: [lowest]")
    problems = problems_in(text)
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (33, "unknown dimension 'strategie'", "did you mean 'strategy'?"),
        (34, "unknown level 'lowest'", "did you mean 'low'?"),
    ]


def test_step_kinds_are_checked_with_their_lines() -> None:
    text = VALID + STEP + STEP.replace("actions:\n", "").replace("plan_it", "plan_more") + STEP.replace(
        "actions:\n", "").replace("plan_it", "plan_most")
    text = text.replace("    dimension: strategy\n", "    dimension: strategy\n    kind: core\n", 1)
    text = text.replace("id: plan_more\n    dimension: strategy\n",
                        "id: plan_more\n    dimension: strategy\n    kind: quick_win\n    core_for: [crafts]\n")
    text = text.replace("id: plan_most\n    dimension: strategy\n",
                        "id: plan_most\n    dimension: strategy\n    kind: urgent\n")
    assert [(p.line, p.path, p.message) for p in problems_in(text)] == [
        (34, "actions[plan_it].kind", "action 'plan_it' is a core step but has no 'core_for'"),
        (43, "actions[plan_more].core_for", "'core_for' is only allowed with kind: core"),
        (51, "actions[plan_most].kind", "'urgent' is not allowed here"),
    ]


def test_core_for_names_options_of_the_industry_question() -> None:
    text = VALID + STEP.replace("    levels: [low]\n", "    levels: [low]\n    kind: core\n    core_for: [crafts, craft]\n")
    [problem] = problems_in(text)
    assert (problem.line, problem.path, problem.message) == (36, "actions[plan_it].core_for[1]", "'industry' has no option 'craft'")
    assert problem.hint == "did you mean 'crafts'?"


def test_a_step_may_have_several_triggers_each_checked() -> None:
    text = VALID + STEP.replace("    levels: [low]\n", "    when:\n      - plan == 'none'\n      - plan == 'nonsense'\n")
    [problem] = problems_in(text)
    assert (problem.line, problem.path) == (36, "actions[plan_it].when[1]")
    assert problem.message.startswith("'plan' has no option 'nonsense'")
    q = parse_questionnaire(VALID + STEP.replace("    levels: [low]\n", "    when:\n      - plan == 'none'\n      - industry == 'crafts'\n"))
    assert [c.source for c in q.actions[0].conditions] == ["plan == 'none'", "industry == 'crafts'"]
    assert q.actions[0].kind == "general"


def test_float_version_must_be_quoted() -> None:
    [problem] = problems_in(broken('version: "1"', "version: 1.10"))
    assert (problem.line, problem.message) == (2, "1.1 is read as a number, not as a version")
    assert problem.hint == 'allowed: the version in quotes, e.g. version: "1.10"'


def test_yaml_reads_numbers_and_dates_the_yaml_1_2_way() -> None:
    """`010` is not octal 8 and a date is not a date object: both stay the text the author wrote."""
    q = parse_questionnaire(broken('version: "1"', "version: 2026-11-21"))
    assert q.version == "2026-11-21"
    assert parse_questionnaire(broken('version: "1"', "version: 010")).version == "010"


def test_yes_is_not_a_boolean() -> None:
    [problem] = problems_in(broken("    type: single\n", "    type: single\n    required: yes\n"))
    assert (problem.line, problem.message, problem.hint) == (10, "'yes' is not true or false",
                                                              "allowed: required: true or required: false")


def test_reserved_option_ids() -> None:
    [problem] = problems_in(broken("{id: none, score: 0", "{id: na, score: 0"))
    assert problem.line == 22 and problem.message == "option id 'na' is reserved for 'does not apply'"
    assert problem.hint == "use allow_na: true instead"


def test_condition_words_cannot_be_question_ids() -> None:
    [problem] = problems_in(broken("      - id: booking", "      - id: not"))
    assert problem.line == 24 and "'not' is a word of the condition language" in problem.message


def test_aliases_are_rejected() -> None:
    text = broken("title: {de: Beispiel, en: Sample}", "title: &t {de: Beispiel, en: Sample}")
    text = broken("description: {de: Ein Test, en: A test}", "description: *t", text)
    [problem] = problems_in(text)
    assert problem.line == 4 and "aliases" in problem.message


def test_yes_and_no_stay_strings() -> None:
    """YAML 1.1 would read `no` as false; here it stays the option id the author wrote."""
    q = parse_questionnaire(broken("{id: none, score: 0", "{id: no, score: 0"))
    assert "no" in q.question_index["plan"].option_ids


def test_all_problems_are_reported_at_once() -> None:
    text = broken('version: "1"', "version: 1.5")
    text = broken("        text: {de: Plan?", "        txet: {de: Plan?", text)
    text = broken("show_if: industry == 'crafts'", "show_if: industri == 'crafts'", text)
    text = broken("{id: high, min: 50,", "{id: high, min: 60,", text)
    problems = problems_in(text)
    assert [p.line for p in problems] == [2, 18, 20, 26, 30]
    assert any("unknown question 'industri'" in p.message for p in problems)


@pytest.mark.parametrize(
    ("content", "words"),
    [("", "the file is empty"), ("- just\n- a list\n", "must be a mapping"), ("id: [unclosed\n", "invalid YAML")],
)
def test_files_that_are_not_questionnaires(content: str, words: str) -> None:
    [problem] = problems_in(content)
    assert words in problem.message


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="file not found"):
        load_questionnaire(tmp_path / "nope.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00id: x")
    with pytest.raises(ContentError, match="not UTF-8"):
        load_questionnaire(binary)


def test_a_broken_answer_pattern_is_a_load_error() -> None:
    text = broken("      - id: booking", "      - {id: postcode, type: text, text: {de: PLZ, en: Postcode}, pattern: '[0-9'}\n      - id: booking")
    [problem] = problems_in(text)
    assert problem.line == 24 and "not a valid regular expression" in problem.message

"""The shipped questionnaires load, and the documentation's complete example is the real file."""

from __future__ import annotations

import re

from questionnaires import load_catalogue, load_questionnaire, parse_questionnaire
from questionnaires.catalogue import EXAMPLES, SHIPPED, questionnaire_files
from tests.conftest import ROOT


def test_every_shipped_questionnaire_loads() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.questionnaires) == len(questionnaire_files(SHIPPED)) >= 1
    for q in catalogue.questionnaires:
        assert q.content_hash and len(q.content_hash) == 64
        assert q.languages[0] == "de"


def test_the_example_uses_every_question_type() -> None:
    q = load_questionnaire(EXAMPLES / "example.yaml")
    assert {question.type for question in q.questions} == {"single", "multiple", "yes_partly_no", "scale", "number", "text"}
    assert {d.aggregation for d in q.dimensions} == {"weighted_mean", "minimum"}


def test_content_hash_ignores_comments_but_not_content() -> None:
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    original = parse_questionnaire(text)
    assert parse_questionnaire("# a new comment\n" + text).content_hash == original.content_hash
    changed = parse_questionnaire(text.replace("score: 33,", "score: 34,"))
    assert changed.content_hash != original.content_hash


def test_the_format_documentation_shows_the_example_file_verbatim() -> None:
    doc = (ROOT / "docs" / "questionnaire-format.md").read_text(encoding="utf-8")
    section = doc.split("## Complete example", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None, "the complete example must be a ```yaml block"
    assert block.group(1) == (EXAMPLES / "example.yaml").read_text(encoding="utf-8")


def test_a_folder_may_hold_yml_files_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.questionnaires.samples import VALID

    (tmp_path / "a.yml").write_text(VALID)
    (tmp_path / "notes.txt").write_text("not a questionnaire")
    assert [p.name for p in questionnaire_files(tmp_path)] == ["a.yml"]

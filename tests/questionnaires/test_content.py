"""The shipped content: the questions, actions and centres a company and a consultant rely on."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from questionnaires import Questionnaire, load_catalogue
from questionnaires.catalogue import SHIPPED
from questionnaires.centres import FOLDER, CentreCatalogue, RegionTable, load_centres, load_regions
from questionnaires.taxonomy import CentreKind, Industry, State

DIMENSIONS = ["strategy", "customers", "processes", "data_ai", "security", "people", "technology", "innovation",
              "sustainability"]
LEVELS = ["beginner", "explorer", "practitioner", "advanced", "leader"]


@pytest.fixture(scope="module")
def kmu() -> Questionnaire:
    found = load_catalogue().get("kmu-check")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def quick() -> Questionnaire:
    found = load_catalogue().get("quick-check")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def centres() -> CentreCatalogue:
    return load_centres()


@pytest.fixture(scope="module")
def regions() -> RegionTable:
    return load_regions()


def test_the_full_check_fits_in_25_minutes(kmu: Questionnaire) -> None:
    assert 40 <= len(kmu.questions) <= 60
    assert kmu.estimated_minutes <= 25
    assert [d.id for d in kmu.dimensions] == DIMENSIONS
    assert all(len(d.scored_questions) >= 3 for d in kmu.dimensions)
    assert kmu.languages == ("de", "en")


def test_every_scored_question_explains_itself(kmu: Questionnaire, quick: Questionnaire) -> None:
    for q in (kmu, quick):
        missing = [question.id for question in q.questions if question.is_scored and question.help is None]
        assert missing == [], q.id


def test_the_full_check_uses_every_question_type(kmu: Questionnaire) -> None:
    assert {question.type for question in kmu.questions} >= {"single", "multiple", "yes_partly_no", "scale", "number"}


def test_questions_that_cannot_apply_are_conditional(kmu: Questionnaire) -> None:
    conditional = {question.id: question.show_if for question in kmu.questions if question.show_if}
    assert len(conditional) >= 3
    assert any("manufacturing" in condition for condition in conditional.values())


def test_profile_uses_the_shared_vocabularies(kmu: Questionnaire, quick: Questionnaire) -> None:
    for q in (kmu, quick):
        profile = q.profile_index
        assert {o.id for o in profile["industry"].options} == set(get_args(Industry)), q.id
        assert {o.id for o in profile["state"].options} == set(get_args(State)), q.id
        assert [o.id for o in profile["size"].options] == ["micro", "small", "medium", "large"], q.id
        assert profile["postcode_region"].pattern == "[0-9]{2}", q.id
    assert {o.id for o in kmu.profile_index["crafts_business"].options} == {"yes", "no"}
    assert "role" in kmu.profile_index


def test_five_levels_shared_by_both_checks(kmu: Questionnaire, quick: Questionnaire) -> None:
    assert [lvl.id for lvl in kmu.levels] == LEVELS
    assert kmu.levels == quick.levels


def test_the_quick_check_is_quick_and_comparable(quick: Questionnaire) -> None:
    assert len(quick.questions) <= 12
    assert quick.estimated_minutes <= 5
    assert [d.id for d in quick.dimensions] == DIMENSIONS


@pytest.mark.parametrize("questionnaire_id", ["kmu-check", "quick-check"])
def test_two_actions_for_every_dimension_at_every_lower_level(questionnaire_id: str) -> None:
    q = load_catalogue().get(questionnaire_id)
    assert q is not None
    for dimension in DIMENSIONS:
        for level in LEVELS[:4]:
            # a step without levels can apply at any level, through its answers
            applicable = [a.id for a in q.actions if a.dimension == dimension and level in (a.levels or LEVELS)]
            assert len(applicable) >= 2, (dimension, level, applicable)


def test_every_action_is_complete(kmu: Questionnaire, quick: Questionnaire) -> None:
    for q in (kmu, quick):
        for action in q.actions:
            assert action.first_step is not None, action.id
            assert action.help_from, action.id
            sentences = len(re.findall(r"[.!?](\s|$)", action.text.de))
            assert 2 <= sentences <= 5, (action.id, sentences)


@pytest.mark.parametrize(
    ("words", "gap"),
    [("backups", "no backups"), ("einvoice", "cannot receive e-invoices"), ("mfa", "no multi-factor login"),
     ("booking", "no online booking")],
)
def test_key_gaps_trigger_their_own_action(kmu: Questionnaire, words: str, gap: str) -> None:
    triggers = [condition for a in kmu.actions for condition in a.triggers]
    assert any(words in condition for condition in triggers), gap


def test_centre_catalogue_has_the_networks(centres: CentreCatalogue) -> None:
    kinds = [c.kind for c in centres.centres]
    assert kinds.count("de_hub") == 12
    assert kinds.count("regional_hub") >= 7
    assert kinds.count("mittelstand_digital") >= 10
    assert all(c.serves == ("bw",) and c.state == "bw" for c in centres.centres if c.kind == "regional_hub")
    assert set(kinds) == set(get_args(CentreKind))


def test_centre_topics_point_at_real_dimensions(centres: CentreCatalogue) -> None:
    for topic in centres.topics:
        assert set(topic.dimensions) <= set(DIMENSIONS), topic.id
    covered = {d for t in centres.topics for d in t.dimensions}
    assert covered == set(DIMENSIONS)


def test_catalogue_holds_no_personal_contact_data() -> None:
    text = (FOLDER / "centres.yaml").read_text(encoding="utf-8")
    assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", text)  # "kurpfalz@bw" is a name, not an address
    assert not re.search(r"\+49|\b0\d{2,4}[ /-]?\d{4,}", text)


def test_regions_cover_every_postcode_region(regions: RegionTable) -> None:
    expected = {f"{n:02d}" for n in range(1, 100)} - {"05", "11", "43", "62"}
    assert set(regions.index) == expected
    assert regions.index["76"].state == "bw" and regions.index["01"].state == "sn"


def test_shipped_folder_offers_only_the_real_checks() -> None:
    assert sorted(q.id for q in load_catalogue().questionnaires) == ["kmu-check", "quick-check"]
    assert not (SHIPPED / "example.yaml").exists()

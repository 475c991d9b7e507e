"""The shipped Quick-Check keeps its promise: a few pages, twelve questions, no area decided by one answer."""

from __future__ import annotations

from questionnaires import Questionnaire

MAX_PAGES = 4  # question pages, the profile page included
MAX_QUESTIONS = 12


def test_it_fits_on_four_pages_with_at_most_twelve_questions(quick: Questionnaire) -> None:
    assert 1 + len(quick.question_pages) <= MAX_PAGES
    assert len(quick.questions) <= MAX_QUESTIONS
    assert quick.estimated_minutes <= 5


def test_every_area_score_rests_on_at_least_two_questions_always_asked(quick: Questionnaire) -> None:
    for dimension in quick.dimensions:
        always = [q for q in dimension.scored_questions if q.condition is None]
        assert len(always) >= 2, dimension.id


def test_several_areas_share_a_page_and_keep_their_radar_axes(quick: Questionnaire) -> None:
    assert all(len(page.dimensions) >= 2 for page in quick.question_pages)
    assert len(quick.dimensions) >= 5  # a radar needs enough axes to be a shape


def test_areas_and_questions_are_the_full_checks_so_results_compare(quick: Questionnaire, kmu: Questionnaire) -> None:
    """Centre matching and peers rely on kmu-check's dimension and profile ids."""
    assert {d.id for d in quick.dimensions} <= {d.id for d in kmu.dimensions}
    for question in quick.questions:
        assert question == kmu.question_index[question.id], question.id
    for question in quick.profile:
        assert question == kmu.profile_index[question.id], question.id
    assert {"industry", "crafts_business", "size", "state", "postcode_region"} <= set(quick.profile_index)


def test_the_urgent_steps_and_one_for_every_area_are_there(quick: Questionnaire) -> None:
    triggered = {a.id: a.when or "" for a in quick.actions}
    assert "einvoice_receive" in triggered["receive_einvoices"]  # a legal duty since 2025
    assert "backups" in triggered["start_backups"] and "mfa" in triggered["enable_mfa"]
    assert {a.dimension for a in quick.actions} == {d.id for d in quick.dimensions}


def test_every_area_has_a_step_at_every_level_below_the_top(quick: Questionnaire) -> None:
    lower = [level.id for level in quick.levels[:-1]]
    for dimension in quick.dimensions:
        for level in lower:
            assert any(a.dimension == dimension.id and level in a.levels for a in quick.actions), (dimension.id, level)

"""Pages that group dimensions: written as `pages:`, checked like every other reference, line by line."""

from __future__ import annotations

from questionnaires import parse_questionnaire

from .samples import VALID, broken, problems_in

PAGED = VALID.replace("""levels:
""", """  - id: security
    title: {de: Sicherheit, en: Security}
    questions:
      - id: backups
        type: yes_partly_no
        text: {de: Sicherung?, en: Backups?}
  - id: people
    title: {de: Menschen, en: People}
    questions:
      - id: training
        type: yes_partly_no
        show_if: backups == 'yes'
        text: {de: Schulung?, en: Training?}
pages:
  - id: plan_and_protect
    title: {de: Planen und schützen, en: Plan and protect}
    dimensions: [strategy, security]
  - id: team
    title: {de: Team, en: Team}
    description: {de: Ihre Leute, en: Your people}
    dimensions: [people]
levels:
""", 1)


def test_pages_group_dimensions_and_each_keeps_its_own_score() -> None:
    q = parse_questionnaire(PAGED, "paged.yaml")
    assert [(p.id, p.dimensions) for p in q.question_pages] == [
        ("plan_and_protect", ("strategy", "security")), ("team", ("people",))]
    assert [d.id for d in q.dimensions] == ["strategy", "security", "people"]
    assert q.page_index["team"].description is not None


def test_without_pages_each_dimension_is_its_own_page() -> None:
    q = parse_questionnaire(VALID, "sample.yaml")
    [page] = q.question_pages
    assert (page.id, page.dimensions, page.title) == ("strategy", ("strategy",), q.dimensions[0].title)


def test_pages_change_the_content_hash() -> None:
    one_page_each = broken("dimensions: [strategy, security]", "dimensions: [strategy]", PAGED)
    one_page_each = broken("dimensions: [people]", "dimensions: [security, people]", one_page_each)
    assert parse_questionnaire(one_page_each).content_hash != parse_questionnaire(PAGED).content_hash


def test_an_unknown_dimension_on_a_page_suggests_the_right_one() -> None:
    [problem] = problems_in(broken("dimensions: [people]", "dimensions: [peeple, people]", PAGED))
    assert (problem.line, problem.path) == (48, "pages[team].dimensions[0]")
    assert problem.message == "unknown dimension 'peeple'" and problem.hint == "did you mean 'people'?"


def test_a_dimension_on_two_pages_names_the_first_one() -> None:
    [problem] = problems_in(broken("dimensions: [people]", "dimensions: [security, people]", PAGED))
    assert (problem.line, problem.path) == (48, "pages[team].dimensions[0]")
    assert problem.message == "dimension 'security' is already on page 'plan_and_protect' (line 44)"


def test_a_dimension_twice_on_one_page() -> None:
    [problem] = problems_in(broken("[strategy, security]", "[strategy, security, strategy]", PAGED))
    assert problem.message == "dimension 'strategy' is already on this page (line 44)"


def test_a_dimension_on_no_page_points_at_the_dimension() -> None:
    [problem] = problems_in(broken("dimensions: [strategy, security]", "dimensions: [strategy]", PAGED))
    assert (problem.line, problem.path) == (28, "dimensions[security].id")
    assert problem.message == "dimension 'security' is on no page"
    assert "list every dimension" in problem.hint


def test_pages_keep_the_order_of_the_dimensions() -> None:
    [problem] = problems_in(broken("[strategy, security]", "[security, strategy]", PAGED))
    assert (problem.line, problem.message) == (44, "dimension 'strategy' is asked out of order")


def test_page_ids_are_unique_and_not_taken_by_the_check() -> None:
    problems = problems_in(broken("id: team", "id: results", broken("id: plan_and_protect", "id: results", PAGED)))
    assert [(p.line, p.message) for p in problems] == [
        (42, "'results' names a page of the check itself"),
        (45, "'results' names a page of the check itself"),
        (45, "duplicate page id 'results'"),
    ]
    assert "profile, results, delete, again are taken" in problems[0].hint


def test_without_pages_a_dimension_may_not_take_a_page_of_the_check() -> None:
    [problem] = problems_in(broken("  - id: strategy", "  - id: profile"))
    assert (problem.line, problem.message) == (15, "'profile' names a page of the check itself")


def test_an_empty_page_and_unknown_page_keys_are_reported() -> None:
    problems = problems_in(broken("dimensions: [people]", "dimensions: []\n    colour: blue", PAGED))
    assert [(p.line, p.path, p.message) for p in problems] == [
        (48, "pages[team].dimensions", "page 'team' has no dimension"),
        (49, "pages[team].colour", "unknown key 'colour'"),
    ]

"""Which next steps a company sees, in which order, and why."""

from __future__ import annotations

from questionnaires import Questionnaire, parse_questionnaire
from questionnaires.catalogue import EXAMPLES
from scoring import recommend, score

BEGINNER = {
    "strategy_plan": "none", "leadership_time": 1, "website": "none", "online_booking": "no",
    "sales_channels": ["no_channel"], "einvoice": "cannot_receive", "paper_share": 80,
    "backups": "irregular", "mfa": "no",
}
CRAFTS = {"industry": "crafts", "employees": 4}


def test_key_gaps_come_first_with_the_answer_as_reason(example: Questionnaire) -> None:
    result = score(example, BEGINNER, CRAFTS)
    ranked = recommend(example, result, BEGINNER, CRAFTS)
    # security (minimum, weight 1.5): backups 30, mfa 0 -> 0; mfa at 100 lifts it to 30: 30 x 1.5 = 45
    # processes (mean): einvoice 0, paper_share 25 -> 12.5; einvoice at 100: 62.5, +50 (x 1.25 effort: 40)
    # backups at 100 leaves the minimum at 0: gain 0, still a gap the firm told us about, so before the
    # level steps: customers 0 -> 20 to Explorer; strategy 10 -> 10 to Explorer
    assert [r.action.id for r in ranked] == ["enable_mfa", "receive_einvoices", "start_backups", "improve_website", "write_plan"]
    assert [r.gain for r in ranked] == [45.0, 50.0, 0.0, 20.0, 10.0]
    assert ranked[0].reason.de == "Empfohlen, weil Sie auf die Frage „Ist für E-Mail und wichtige Online-Konten eine Zwei-Faktor-Anmeldung eingerichtet?“ mit „Nein“ geantwortet haben."


def test_level_actions_say_how_far_the_next_level_is(example: Questionnaire) -> None:
    result = score(example, BEGINNER, CRAFTS)
    website = next(r for r in recommend(example, result, BEGINNER, CRAFTS) if r.action.id == "improve_website")
    assert website.gain == 20.0  # customers scores 0; the next level starts at 20
    assert website.reason.get("en") == (
        "Recommended because customers and sales scores 0.0 of 100, 20 points below the level “Explorer”.")


def test_nothing_to_recommend_for_a_leader(example: Questionnaire) -> None:
    answers = {"strategy_plan": "budgeted", "leadership_time": 5, "website": "interactive",
               "sales_channels": ["shop", "marketplace", "social"], "einvoice": "send_receive", "paper_share": 5,
               "backups": "automatic_tested", "mfa": "yes"}
    result = score(example, answers, {"industry": "retail"})
    assert recommend(example, result, answers, {"industry": "retail"}) == []


def test_answers_to_hidden_questions_trigger_nothing() -> None:
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    text += """  - id: offer_booking
    dimension: customers
    when: online_booking == 'no'
    effort: low
    impact: high
    title: {de: Online-Termine anbieten, en: Offer online booking}
    text: {de: Ein Buchungskalender spart Telefonate., en: A booking calendar saves phone calls.}
"""
    q = parse_questionnaire(text)
    answers = {"online_booking": "no", "website": "current"}
    for industry, expected in (("crafts", True), ("retail", False)):
        result = score(q, answers, {"industry": industry})
        ids = [r.action.id for r in recommend(q, result, answers, {"industry": industry}, limit=10)]
        assert ("offer_booking" in ids) is expected, industry


def test_at_most_two_actions_per_dimension(example: Questionnaire) -> None:
    result = score(example, BEGINNER, CRAFTS)
    ranked = recommend(example, result, BEGINNER, CRAFTS, limit=10)
    dimensions = [r.action.dimension for r in ranked]
    assert all(dimensions.count(d) <= 2 for d in dimensions)


STEPS = """  - id: legal_einvoice
    dimension: processes
    kind: legal
    when: einvoice == 'cannot_receive'
    effort: high
    impact: low
    title: {de: E-Rechnungen empfangen, en: Receive e-invoices}
    text: {de: Pflicht seit 2025., en: A duty since 2025.}
  - id: core_booking
    dimension: customers
    kind: core
    core_for: [crafts]
    when: online_booking == 'no'
    effort: high
    impact: low
    title: {de: Termine online, en: Bookings online}
    text: {de: Kunden buchen selbst., en: Customers book themselves.}
  - id: quick_paper
    dimension: processes
    kind: quick_win
    when:
      - paper_share > 90
      - paper_share > 50
    effort: low
    impact: high
    title: {de: Weniger Papier, en: Less paper}
    text: {de: Papier ersetzen., en: Replace paper.}
"""


def _with_steps() -> Questionnaire:
    return parse_questionnaire((EXAMPLES / "example.yaml").read_text(encoding="utf-8") + STEPS)


def test_legal_duties_then_core_steps_then_quick_wins_then_the_rest() -> None:
    q = _with_steps()
    result = score(q, BEGINNER, CRAFTS)
    ranked = recommend(q, result, BEGINNER, CRAFTS, limit=10)
    # the legal duty comes first although its effort is high and its impact low
    assert [(r.action.id, r.kind) for r in ranked[:3]] == [
        ("legal_einvoice", "legal"), ("core_booking", "core"), ("quick_paper", "quick_win")]
    assert ranked[0].reason.en == ("Legal duty: because you answered “We cannot receive e-invoices” to "
                                   "“How do you handle electronic invoices (e-invoices)?”.")
    assert ranked[1].reason.de.startswith("Kernablauf Ihrer Branche (Handwerk): weil Sie auf die Frage")
    assert all(r.kind == "general" for r in ranked[3:])


def test_a_core_step_of_another_industry_ranks_with_the_rest() -> None:
    q = _with_steps()
    profile = {"industry": "services", "employees": 4}
    answers = {**BEGINNER, "online_booking": "no"}
    ranked = recommend(q, score(q, answers, profile), answers, profile, limit=10)
    booking = next(r for r in ranked if r.action.id == "core_booking")
    assert booking.kind == "general" and booking.reason.en.startswith("Recommended because you answered “No”")


def test_the_reason_names_the_trigger_that_fired() -> None:
    q = _with_steps()
    answers = {**BEGINNER, "paper_share": 60}
    step = next(r for r in recommend(q, score(q, answers, CRAFTS), answers, CRAFTS, limit=10)
                if r.action.id == "quick_paper")
    assert step.trigger == "paper_share"
    assert step.reason.en == ("Quick win for little effort: because you answered “60” to "
                              "“What percentage of your internal workflows still runs on paper?”.")


def test_legal_and_core_steps_are_not_held_back_by_the_area_cap() -> None:
    q = _with_steps()
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8") + STEPS + STEPS.replace(
        "legal_einvoice", "legal_second").replace("core_booking", "core_second").replace("quick_paper", "quick_second")
    q = parse_questionnaire(text)
    answers = {**BEGINNER, "paper_share": 95}
    ranked = [r.action.id for r in recommend(q, score(q, answers, CRAFTS), answers, CRAFTS, limit=10)]
    assert {"legal_einvoice", "legal_second", "core_booking", "core_second"} <= set(ranked)
    processes = [i for i in ranked if i.startswith("quick") or i in ("receive_einvoices",)]
    assert len(processes) == 2  # quick wins and the rest: at most two per area



def test_a_step_that_fits_by_profile_alone_names_the_profile_answers() -> None:
    """A `when` on the profile only (industry, staff) makes a level step; its reason says whom it fits."""
    step = """  - id: fits_larger_crafts
    dimension: customers
    when: industry == 'crafts' and employees >= 10
    effort: low
    impact: high
    title: {de: Kundenkartei, en: Customer records}
    text: {de: Eine Kartei anlegen., en: Keep records.}
"""
    q = parse_questionnaire((EXAMPLES / "example.yaml").read_text(encoding="utf-8") + step)
    profile = {"industry": "crafts", "employees": 12}
    found = {r.action.id: r for r in recommend(q, score(q, BEGINNER, profile), BEGINNER, profile, limit=20)}
    fits = found["fits_larger_crafts"]
    assert fits.trigger is None
    assert fits.reason.de.startswith("Empfohlen für Betriebe wie Ihren (Handwerk; 12), weil der Bereich „")
    assert fits.reason.en.startswith("Recommended for firms like yours (Skilled crafts; 12) because ")
    small = {"industry": "crafts", "employees": 4}
    assert "fits_larger_crafts" not in {r.action.id for r in recommend(q, score(q, BEGINNER, small), BEGINNER,
                                                                        small, limit=20)}


def test_a_step_triggered_by_a_missing_option_names_what_was_not_ticked() -> None:
    from questionnaires import load_catalogue

    kmu = load_catalogue().get("kmu-check")
    assert kmu is not None
    profile = {"industry": "construction", "crafts_business": "yes", "size": "small", "state": "bw"}
    answers = {"gdpr_basics": ["privacy_notice", "contact_person"]}
    found = {r.action.id: r for r in recommend(kmu, score(kmu, answers, profile), answers, profile, limit=5)}
    reason = found["security_organise_data_protection"].reason
    assert reason.de.endswith("nicht angekreuzt haben: „Ein Verzeichnis der Verarbeitungstätigkeiten“ und "
                              "„Verträge zur Auftragsverarbeitung mit Dienstleistern“.")
    assert reason.get("en").startswith("Legal duty: because you did not tick “A record of processing activities” "
                                       "and “Data processing agreements with service providers” for “")
    unsure = {"gdpr_basics": "unknown"}
    found = {r.action.id: r for r in recommend(kmu, score(kmu, unsure, profile), unsure, profile, limit=5)}
    assert "mit „Weiß nicht“ geantwortet" in found["security_organise_data_protection"].reason.de

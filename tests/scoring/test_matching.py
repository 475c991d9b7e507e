"""Matching centres to a company: who serves its state, topic fit, distance, variety, one plain reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires import ContentError, Questionnaire, load_questionnaire
from questionnaires.catalogue import EXAMPLES
from questionnaires.centres import CentreCatalogue, RegionTable, load_centres, load_regions
from scoring import match_centres, score

WEB = "website: 'https://example.org', source: 'https://example.org/about', checked: '2026-12-03'"
CATALOGUE = f"""\
version: "2"
topics:
  - {{id: security, title: {{de: IT-Sicherheit, en: IT security}}}}
  - {{id: customers, title: {{de: Kundenkontakt, en: customer channels}}}}
  - {{id: crafts, title: {{de: Handwerk, en: skilled crafts}}}}
  - {{id: strategy, title: {{de: Strategie, en: strategy}}}}
  - {{id: ecommerce, title: {{de: E-Commerce, en: e-commerce}}}}
centres:
  - {{id: sec_far, name: Sicherheitszentrum Nord, kind: mittelstand_digital, thematic: true, city: Kiel, state: sh,
     location: {{lat: 54.32, lon: 10.13}}, topics: [security], industries: [all], serves: [all],
     description: {{de: x, en: x}}, {WEB}}}
  - {{id: bw_hub, name: Hub Karlsruhe, kind: regional_hub, city: Karlsruhe, state: bw,
     location: {{lat: 49.01, lon: 8.40}}, topics: [customers, strategy], industries: [all], serves: [bw],
     description: {{de: x, en: x}}, {WEB}}}
  - {{id: crafts_centre, name: Zentrum Handwerk, kind: mittelstand_digital, thematic: true, city: Berlin, state: be,
     location: {{lat: 52.52, lon: 13.40}}, topics: [crafts], industries: [construction], serves: [all],
     crafts_only: true, description: {{de: x, en: x}}, {WEB}}}
  - {{id: strat_a, name: Strategie A, kind: mittelstand_digital, thematic: true, city: Hamburg, state: hh,
     location: {{lat: 53.55, lon: 9.99}}, topics: [strategy], industries: [all], serves: [all],
     description: {{de: x, en: x}}, {WEB}}}
  - {{id: shop_hh, name: Shop Hamburg, kind: edih, city: Hamburg, state: hh,
     location: {{lat: 53.55, lon: 9.99}}, topics: [ecommerce], industries: [all], serves: [hh, sh],
     description: {{de: x, en: x}}, unverified: true, note: "website still to be checked"}}
"""
REGIONS = """\
version: "1"
regions:
  - {id: "76", name: Karlsruhe, state: bw, lat: 49.01, lon: 8.40}
  - {id: "75", name: Pforzheim, state: bw, lat: 48.89, lon: 8.70}
  - {id: "20", name: Hamburg, state: hh, lat: 53.55, lon: 9.99}
"""
WEAK_CUSTOMERS = {"strategy_plan": "written", "leadership_time": 3, "website": "none", "sales_channels": ["email"],
                  "backups": "automatic", "mfa": "yes"}


@pytest.fixture
def catalogue(tmp_path: Path) -> CentreCatalogue:
    path = tmp_path / "centres.yaml"
    path.write_text(CATALOGUE)
    return load_centres(path)


@pytest.fixture
def regions(tmp_path: Path) -> RegionTable:
    path = tmp_path / "regions.yaml"
    path.write_text(REGIONS)
    return load_regions(path)


def test_the_hub_serving_the_state_comes_first_with_one_reason(example: Questionnaire, catalogue: CentreCatalogue,
                                                                regions: RegionTable) -> None:
    profile = {"industry": "crafts", "postcode_region": "75", "state": "bw"}
    result = score(example, WEAK_CUSTOMERS, {"industry": "crafts"})
    matches = match_centres(example, result, profile, catalogue, regions)
    first = matches[0]
    assert first.centre.id == "bw_hub" and first.serves_state
    assert first.reason.de == ("Betreut Unternehmen in Baden-Württemberg, "
                               "Schwerpunkt Kunden und Vertrieb (Ihr schwächster Bereich: 5,0 von 100)")
    assert first.reason.en == ("Serves companies in Baden-Württemberg, "
                               "strong in customers and sales (your weakest area: 5.0 of 100)")
    assert first.distance is not None and first.distance.de == "etwa 25 km entfernt"
    assert first.distance.en == "about 25 km away"


def test_state_programmes_serve_only_their_state(example: Questionnaire, catalogue: CentreCatalogue,
                                                 regions: RegionTable) -> None:
    result = score(example, WEAK_CUSTOMERS)
    hamburg = match_centres(example, result, {"postcode_region": "20", "state": "hh"}, catalogue, regions)
    assert "bw_hub" not in [m.centre.id for m in hamburg]
    via_region = match_centres(example, result, {"postcode_region": "76"}, catalogue, regions)
    assert via_region[0].centre.id == "bw_hub"


def test_a_regional_centre_outranks_a_better_fitting_federal_one(example: Questionnaire, catalogue: CentreCatalogue,
                                                                 regions: RegionTable) -> None:
    """Security is the weak spot here and only the Kiel centre covers it, yet the Hamburg one comes first."""
    weak_security = {**WEAK_CUSTOMERS, "website": "interactive", "sales_channels": ["email", "shop", "social"],
                     "backups": "none", "mfa": "no"}
    result = score(example, weak_security)
    matches = match_centres(example, result, {"postcode_region": "20", "state": "hh"}, catalogue, regions)
    assert [m.centre.id for m in matches][:2] == ["shop_hh", "sec_far"]
    assert matches[0].reason.en == "Serves companies in Hamburg"
    assert matches[1].reason.en == "Strong in IT security (your weakest area: 0.0 of 100)"
    assert matches[0].distance is not None and matches[0].distance.en == "close to you"


def test_crafts_business_is_matched_to_the_crafts_centre(example: Questionnaire, catalogue: CentreCatalogue,
                                                         regions: RegionTable) -> None:
    result = score(example, WEAK_CUSTOMERS)
    matches = match_centres(example, result, {"crafts_business": "yes", "state": "hh"}, catalogue, regions)
    crafts = next(m for m in matches if m.centre.id == "crafts_centre")
    assert crafts.reason.en == "Works with crafts businesses"
    without = match_centres(example, result, {"crafts_business": "no", "state": "hh"}, catalogue, regions)
    assert "crafts_centre" not in [m.centre.id for m in without]


def test_list_is_varied(example: Questionnaire, catalogue: CentreCatalogue, regions: RegionTable) -> None:
    result = score(example, WEAK_CUSTOMERS)
    kinds = [m.centre.kind for m in match_centres(example, result, {"state": "bw"}, catalogue, regions)]
    assert kinds.count("mittelstand_digital") == 2 and "regional_hub" in kinds


def test_without_a_region_there_is_no_distance_but_still_a_reason(
    example: Questionnaire, catalogue: CentreCatalogue, regions: RegionTable
) -> None:
    result = score(example, WEAK_CUSTOMERS)
    matches = match_centres(example, result, {}, catalogue, regions)
    assert all(m.distance_km is None and m.distance is None for m in matches)
    assert "bw_hub" not in [m.centre.id for m in matches]  # eligibility unknown: not offered
    assert all(m.reason.de.strip() and m.reason.en and m.reason.en.strip() for m in matches)
    security = next(m for m in matches if m.centre.id == "sec_far")
    assert security.reason.en == "Strong in IT security (one of your weaker areas: 70.0 of 100)"


def test_a_firm_strong_everywhere_still_reads_a_reason(example: Questionnaire, catalogue: CentreCatalogue,
                                                       regions: RegionTable) -> None:
    strong = {"strategy_plan": "budgeted", "leadership_time": 5, "website": "interactive", "online_booking": "yes",
              "sales_channels": ["shop", "marketplace", "social"], "backups": "automatic_tested", "mfa": "yes"}
    result = score(example, strong)
    matches = match_centres(example, result, {}, catalogue, regions)
    assert {m.reason.en for m in matches} == {"Open to companies from all over Germany"}
    assert {m.reason.de for m in matches} == {"Steht Unternehmen aus ganz Deutschland offen"}


def test_a_questionnaire_declares_which_topics_its_dimensions_correspond_to(
    example: Questionnaire, catalogue: CentreCatalogue, regions: RegionTable, tmp_path: Path
) -> None:
    """Without a declaration, 'customers' matches only the topic 'customers'; declared, it matches e-commerce too."""
    result = score(example, WEAK_CUSTOMERS)
    profile = {"postcode_region": "20", "state": "hh"}
    shop = next(m for m in match_centres(example, result, profile, catalogue, regions) if m.centre.id == "shop_hh")
    assert "weakest" not in (shop.reason.en or "")
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    declared = tmp_path / "declared.yaml"
    declared.write_text(_declare(text, "customers", "[customers, ecommerce]"))
    mapped = load_questionnaire(declared, centre_topics=catalogue.topic_index)
    result = score(mapped, WEAK_CUSTOMERS)
    shop = next(m for m in match_centres(mapped, result, profile, catalogue, regions) if m.centre.id == "shop_hh")
    assert shop.reason.en == ("Serves companies in Hamburg, strong in e-commerce, which helps with customers and sales"
                              " (your weakest area: 5.0 of 100)")


def test_an_unknown_centre_topic_is_a_load_error_with_its_line(catalogue: CentreCatalogue, tmp_path: Path) -> None:
    text = _declare((EXAMPLES / "example.yaml").read_text(encoding="utf-8"), "customers", "[customers, ecomerce]")
    path = tmp_path / "declared.yaml"
    path.write_text(text)
    load_questionnaire(path)  # on its own the file cannot know the catalogue's topics
    with pytest.raises(ContentError) as caught:
        load_questionnaire(path, centre_topics=catalogue.topic_index)
    line = text.splitlines().index("    centre_topics: [customers, ecomerce]") + 1
    assert [(p.line, p.path, p.message, p.hint) for p in caught.value.problems] == [
        (line, "dimensions[customers].centre_topics[1]", "unknown centre topic 'ecomerce'", "did you mean 'ecommerce'?")
    ]


def _declare(text: str, dimension: str, topics: str) -> str:
    head = f"  - id: {dimension}\n"
    assert head in text
    return text.replace(head, f"{head}    centre_topics: {topics}\n", 1)


def test_catalogue_errors_have_lines(tmp_path: Path) -> None:
    path = tmp_path / "centres.yaml"
    text = (CATALOGUE.replace("topics: [security]", "topics: [securty]").replace("state: bw,", "state: baden,")
            .replace("serves: [all],\n     description: {de: x, en: x}, website",
                                                 "serves: [all], colour: red,\n     description: {de: x, en: x}, website", 1))
    text = text.replace(", unverified: true, note:", ", note:")
    path.write_text(text)
    with pytest.raises(ContentError) as caught:
        load_centres(path)
    messages = [(p.line, p.message, p.hint) for p in caught.value.problems]
    assert (_line(text, "securty"), "unknown topic 'securty'", "did you mean 'security'?") in messages
    assert any(line == _line(text, "baden") and "'baden' is not allowed here" in message
               for line, message, _ in messages)
    assert any(line == _line(text, "colour") and "colour" in message for line, message, _ in messages)
    assert (_line(text, "id: shop_hh"), "'website' is missing: give the centre's official website",
            "or mark the entry unverified: true until it is confirmed") in messages


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_website_must_be_a_full_https_address(tmp_path: Path) -> None:
    path = tmp_path / "centres.yaml"
    text = CATALOGUE.replace("website: 'https://example.org', source", "website: 'example.org', source", 1)
    path.write_text(text)
    with pytest.raises(ContentError) as caught:
        load_centres(path)
    assert [(p.line, p.path) for p in caught.value.problems] == [(_line(text, "'example.org'"), "centres[sec_far].website")]


def test_a_thematic_centre_serves_everyone(tmp_path: Path) -> None:
    path = tmp_path / "centres.yaml"
    path.write_text(CATALOGUE.replace("serves: [all],\n     description", "serves: [sh],\n     description", 1))
    with pytest.raises(ContentError) as caught:
        load_centres(path)
    assert [p.message for p in caught.value.problems] == ["a thematic centre serves everyone"]

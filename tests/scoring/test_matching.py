"""Matching centres to a company: topic fit, eligibility, distance, variety, reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires import Questionnaire
from questionnaires.centres import CentreCatalogue, RegionTable, load_centres, load_regions
from scoring import match_centres, score

CATALOGUE = """\
version: "1"
topics:
  - {id: security, title: {de: IT-Sicherheit, en: IT security}, dimensions: [security]}
  - {id: customers, title: {de: Kundenkontakt, en: customer channels}, dimensions: [customers]}
  - {id: crafts, title: {de: Handwerk, en: skilled crafts}, dimensions: [customers]}
  - {id: strategy, title: {de: Strategie, en: strategy}, dimensions: [strategy]}
centres:
  - {id: sec_far, name: Sicherheitszentrum Nord, kind: mittelstand_digital, city: Kiel, state: sh,
     location: {lat: 54.32, lon: 10.13}, topics: [security], industries: [all], serves: [all],
     description: {de: x, en: x}, source: test}
  - {id: bw_hub, name: Hub Karlsruhe, kind: regional_hub, city: Karlsruhe, state: bw,
     location: {lat: 49.01, lon: 8.40}, topics: [customers, strategy], industries: [all], serves: [bw],
     description: {de: x, en: x}, source: test}
  - {id: crafts_centre, name: Zentrum Handwerk, kind: mittelstand_digital, city: Berlin, state: be,
     location: {lat: 52.52, lon: 13.40}, topics: [crafts], industries: [construction], serves: [all],
     crafts_only: true, nationwide: true,
     description: {de: x, en: x}, source: test}
  - {id: strat_a, name: Strategie A, kind: mittelstand_digital, city: Hamburg, state: hh,
     location: {lat: 53.55, lon: 9.99}, topics: [strategy], industries: [all], serves: [all],
     description: {de: x, en: x}, source: test}
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


def test_weakest_dimension_and_nearby_hub_come_first(example: Questionnaire, catalogue: CentreCatalogue,
                                                     regions: RegionTable) -> None:
    profile = {"industry": "crafts", "postcode_region": "75", "state": "bw"}
    result = score(example, WEAK_CUSTOMERS, {"industry": "crafts"})
    matches = match_centres(example, result, profile, catalogue, regions)
    assert matches[0].centre.id == "bw_hub"
    reasons = [r.de for r in matches[0].reasons]
    assert reasons[0] == "Schwerpunkt Kunden und Vertrieb – Ihr schwächster Bereich (5,0 von 100)"
    assert "betreut Unternehmen in Baden-Württemberg" in reasons
    assert "etwa 25 km entfernt" in reasons


def test_state_funded_hubs_serve_only_their_state(example: Questionnaire, catalogue: CentreCatalogue,
                                                  regions: RegionTable) -> None:
    result = score(example, WEAK_CUSTOMERS)
    hamburg = match_centres(example, result, {"postcode_region": "20", "state": "hh"}, catalogue, regions)
    assert "bw_hub" not in [m.centre.id for m in hamburg]
    via_region = match_centres(example, result, {"postcode_region": "76"}, catalogue, regions)
    assert "bw_hub" in [m.centre.id for m in via_region]


def test_crafts_business_is_matched_to_the_crafts_centre(example: Questionnaire, catalogue: CentreCatalogue,
                                                         regions: RegionTable) -> None:
    result = score(example, WEAK_CUSTOMERS)
    matches = match_centres(example, result, {"crafts_business": "yes", "state": "hh"}, catalogue, regions)
    crafts = next(m for m in matches if m.centre.id == "crafts_centre")
    assert [r.en for r in crafts.reasons][-2:] == ["specialised in skilled crafts", "works nationwide"]
    without = match_centres(example, result, {"crafts_business": "no", "state": "hh"}, catalogue, regions)
    assert "crafts_centre" not in [m.centre.id for m in without]


def test_list_is_varied(example: Questionnaire, catalogue: CentreCatalogue, regions: RegionTable) -> None:
    result = score(example, WEAK_CUSTOMERS)
    kinds = [m.centre.kind for m in match_centres(example, result, {"state": "bw"}, catalogue, regions)]
    assert kinds.count("mittelstand_digital") == 2 and "regional_hub" in kinds


def test_without_a_region_there_is_no_distance(example: Questionnaire, catalogue: CentreCatalogue,
                                               regions: RegionTable) -> None:
    result = score(example, WEAK_CUSTOMERS)
    matches = match_centres(example, result, {}, catalogue, regions)
    assert all(m.distance_km is None for m in matches)
    assert "bw_hub" not in [m.centre.id for m in matches]  # eligibility unknown: not offered


def test_catalogue_errors_have_lines(tmp_path: Path) -> None:
    from questionnaires import ContentError

    path = tmp_path / "centres.yaml"
    path.write_text(CATALOGUE.replace("topics: [security]", "topics: [securty]").replace("state: bw,", "state: baden,"))
    with pytest.raises(ContentError) as caught:
        load_centres(path)
    messages = [(p.line, p.message, p.hint) for p in caught.value.problems]
    assert (9, "unknown topic 'securty'", "did you mean 'security'?") in messages
    assert any(line == 11 and "'baden' is not allowed here" in message for line, message, _ in messages)

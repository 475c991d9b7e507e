"""Realistic firms against the shipped centre catalogue: a centre of their own state first, near them, with a reason."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from questionnaires import Questionnaire, load_catalogue
from questionnaires.centres import CentreCatalogue, RegionTable, load_centres, load_regions
from questionnaires.taxonomy import STATE_NAMES
from scoring import CentreMatch, match_centres, score

GOLDEN = Path(__file__).parent / "golden"


@dataclass(frozen=True)
class Shipped:
    kmu: Questionnaire
    centres: CentreCatalogue
    regions: RegionTable


@pytest.fixture(scope="module")
def shipped() -> Shipped:
    """The current full check, loaded against the shipped catalogue as the app loads it."""
    centres = load_centres()
    kmu = load_catalogue(centre_topics=centres.topic_index).get("kmu-check")
    assert kmu is not None
    return Shipped(kmu, centres, load_regions())


def answers(case: str, kmu: Questionnaire) -> dict[str, Any]:
    given = json.loads((GOLDEN / f"kmu-check-{case}.answers.json").read_text())["answers"]
    return {k: v for k, v in given.items() if k in kmu.question_index}


def matched(shipped: Shipped, case: str, **profile: str) -> list[CentreMatch]:
    result = score(shipped.kmu, answers(case, shipped.kmu), profile)
    found = match_centres(shipped.kmu, result, profile, shipped.centres, shipped.regions)
    assert len(found) == 5
    for m in found:  # one plain sentence for every centre, in both languages
        assert m.reason.de.strip() and (m.reason.en or "").strip(), m.centre.id
    return found


def assert_own_state_first(found: list[CentreMatch], state: str, within_km: float) -> None:
    first = found[0]
    assert first.serves_state and state in first.centre.serves, [m.centre.id for m in found]
    assert first.distance_km is not None and first.distance_km <= within_km, (first.centre.id, first.distance_km)
    assert first.reason.de.startswith("Betreut Unternehmen i") and STATE_NAMES[state][0] in first.reason.de
    assert first.reason.en is not None and first.reason.en.startswith(f"Serves companies in {STATE_NAMES[state][1]}")
    # the state's own centres come before any centre open to everyone
    flags = [m.serves_state for m in found]
    assert flags == sorted(flags, reverse=True)


def test_plumber_near_magdeburg_gets_a_saxony_anhalt_centre_not_dortmund(shipped: Shipped) -> None:
    found = matched(shipped, "plumber-76", industry="construction", crafts_business="yes", size="micro",
                    state="st", postcode_region="39")
    assert_own_state_first(found, "st", within_km=30)
    assert found[0].centre.city != "Dortmund"
    assert found[0].reason.de == ("Betreut Unternehmen in Sachsen-Anhalt, arbeitet mit Handwerksbetrieben, "
                                  "hilft bei Kunden, Marketing und Vertrieb (Ihr schwächster Bereich: 0,0 von 100)")
    assert found[0].distance is not None and found[0].distance.en in ("close to you", "about 15 km away")


def test_logistics_firm_in_rostock(shipped: Shipped) -> None:
    found = matched(shipped, "average", industry="logistics", crafts_business="no", size="medium",
                    state="mv", postcode_region="18")
    assert_own_state_first(found, "mv", within_km=150)


def test_manufacturer_in_saarbruecken(shipped: Shipped) -> None:
    found = matched(shipped, "average", industry="manufacturing", crafts_business="no", size="small",
                    state="sl", postcode_region="66")
    assert_own_state_first(found, "sl", within_km=40)


def test_consultancy_in_freiburg_gets_a_hub_of_its_region(shipped: Shipped) -> None:
    found = matched(shipped, "average", industry="professional", crafts_business="no", size="micro",
                    state="bw", postcode_region="79")
    assert_own_state_first(found, "bw", within_km=80)
    assert not any(m.centre.serves == ("by",) for m in found)


def test_retailer_in_munich(shipped: Shipped) -> None:
    found = matched(shipped, "average", industry="trade", crafts_business="no", size="small",
                    state="by", postcode_region="80")
    assert_own_state_first(found, "by", within_km=150)
    assert not any("bw" in m.centre.serves for m in found)  # Baden-Württemberg's programme is not for Bavaria


def test_without_postcode_the_state_still_decides_and_reasons_are_shown(shipped: Shipped) -> None:
    found = matched(shipped, "average", industry="trade", crafts_business="no", state="st")
    assert found[0].serves_state and "st" in found[0].centre.serves
    assert all(m.distance is None and m.distance_km is None for m in found)
    assert found[0].reason.en is not None and found[0].reason.en.startswith("Serves companies in Saxony-Anhalt")


def test_without_postcode_or_state_only_centres_open_to_everyone(shipped: Shipped) -> None:
    found = matched(shipped, "beginner")
    assert all(m.centre.serves_everyone and not m.serves_state and m.distance is None for m in found)


def test_no_reason_or_description_shows_maintainer_notes(shipped: Shipped) -> None:
    for state, region in (("st", "39"), ("mv", "18"), ("sl", "66"), ("bw", "79"), ("by", "80"), ("nw", "44")):
        for m in matched(shipped, "average", state=state, postcode_region=region):
            shown = " ".join([m.reason.de, m.reason.en or "", m.centre.description.de])
            assert m.centre.note is None or m.centre.note not in shown
            assert "Stand 20" not in shown and "oordinat" not in shown

"""Which hubs and competence centres fit a company, and why, in plain words.

Three things count, weighted into one score per centre:

- topic fit (55 %): the share of the company's weakness that the centre's topics cover;
  every dimension below the top level counts with ((100 - score) / 100)², so the weakest
  counts most and a company weak everywhere is best served by broad centres;
- proximity (30 %): distance from the centroid of the two-digit postcode region (a centre
  that works nationwide counts as near for the industry or trade it specialises in);
- industry fit (15 %): the centre names the company's industry, or crafts for a crafts
  business; centres open to all industries count half.

A centre funded by a state that serves only its own state is left out for companies from
elsewhere, and a centre for crafts businesses only for those that are not. The final list is varied: at most two centres of one kind.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.centres import Centre, CentreCatalogue, RegionTable
from questionnaires.model import Questionnaire, Text
from questionnaires.taxonomy import STATE_NAMES

from .result import Result
from .variety import pick_varied
from .wording import in_sentence_en, written_score

TOPIC_WEIGHT, PROXIMITY_WEIGHT, INDUSTRY_WEIGHT = 0.55, 0.30, 0.15
PER_KIND = 2
NEAR_KM = 100.0  # at this distance proximity counts half


@dataclass(frozen=True)
class CentreMatch:
    centre: Centre
    score: float  # 0-1
    distance_km: float | None
    reasons: tuple[Text, ...]


@dataclass(frozen=True)
class _Weakness:
    dimension_id: str
    title: Text
    score: float
    weight: float
    rank: int


def match_centres(
    questionnaire: Questionnaire,
    result: Result,
    profile: Mapping[str, Any],
    catalogue: CentreCatalogue,
    regions: RegionTable,
    limit: int = 5,
) -> list[CentreMatch]:
    weaknesses = _weakest(questionnaire, result)
    region = regions.index.get(str(profile.get("postcode_region") or ""))
    state = profile.get("state") or (region.state if region else None)
    matches = [
        _match(catalogue, centre, weaknesses, profile, state, region)
        for centre in catalogue.centres
        if (centre.serves_everyone or (state is not None and state in centre.serves))
        and (not centre.crafts_only or profile.get("crafts_business") == "yes")
    ]
    matches.sort(key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else 1e9, m.centre.id))
    return pick_varied(matches, lambda m: m.centre.kind, PER_KIND, limit)


def _weakest(questionnaire: Questionnaire, result: Result) -> list[_Weakness]:
    """Dimensions below the top level, weakest first (ties in questionnaire order)."""
    top = questionnaire.levels[-1].min
    order = {d.id: i for i, d in enumerate(questionnaire.dimensions)}
    weak = sorted((d for d in result.dimensions if d.score is not None and d.score < top),
                  key=lambda d: (d.score, order[d.dimension_id]))
    lowest = weak[0].score if weak else None
    return [
        _Weakness(d.dimension_id, questionnaire.dimension_index[d.dimension_id].title, d.score,
                  ((100 - d.score) / 100) ** 2, 0 if d.score == lowest else 1)
        for d in weak
        if d.score is not None
    ]


def _match(
    catalogue: CentreCatalogue,
    centre: Centre,
    weaknesses: list[_Weakness],
    profile: Mapping[str, Any],
    state: str | None,
    region: Any,
) -> CentreMatch:
    covered = {dim for topic in centre.topics for dim in catalogue.topic_index[topic].dimensions}
    hits = [w for w in weaknesses if w.dimension_id in covered]
    topic_fit = sum(w.weight for w in hits) / sum(w.weight for w in weaknesses) if weaknesses else 0.0

    industry = profile.get("industry")
    crafts = profile.get("crafts_business") == "yes" and "crafts" in centre.topics
    if crafts or (industry is not None and industry in centre.industries):
        industry_fit = 1.0
    else:
        industry_fit = 0.5 if "all" in centre.industries else 0.0

    distance = None
    proximity = 0.5  # unknown region: neither near nor far
    nationwide = centre.nationwide and industry_fit == 1.0  # reach counts for the audience it specialises in
    if nationwide:
        proximity = 1.0
    elif region is not None:
        distance = _km(region.lat, region.lon, centre.location.lat, centre.location.lon)
        proximity = 1 / (1 + distance / NEAR_KM)

    score = TOPIC_WEIGHT * topic_fit + PROXIMITY_WEIGHT * proximity + INDUSTRY_WEIGHT * industry_fit
    reasons = _reasons(catalogue, centre, hits, crafts, state, distance, nationwide)
    return CentreMatch(centre, round(score, 4), distance, reasons)


def _reasons(
    catalogue: CentreCatalogue, centre: Centre, hits: list[_Weakness], crafts: bool, state: str | None,
    distance: float | None, nationwide: bool,
) -> tuple[Text, ...]:
    reasons = []
    if hits:
        weakest = hits[0]
        dim_de, dim_en = weakest.title.de, in_sentence_en(weakest.title.get("en"))
        which_de = "Ihr schwächster Bereich" if weakest.rank == 0 else "einer Ihrer schwächeren Bereiche"
        which_en = "your weakest area" if weakest.rank == 0 else "one of your weaker areas"
        topic = _specific_topic(catalogue, centre, weakest.dimension_id)
        points_de, points_en = f"{written_score(weakest.score, 'de')} von 100", f"{written_score(weakest.score, 'en')} of 100"
        if topic is None:
            reasons.append(Text(de=f"Schwerpunkt {dim_de} – {which_de} ({points_de})",
                                en=f"strong in {dim_en}, {which_en} ({points_en})"))
        else:
            reasons.append(Text(de=f"Schwerpunkt {topic.de} – hilft bei {dim_de}, {which_de} ({points_de})",
                                en=f"strong in {topic.get('en')}, which helps with {dim_en}, {which_en} ({points_en})"))
    if crafts:
        reasons.append(Text(de="spezialisiert auf das Handwerk", en="specialised in skilled crafts"))
    if nationwide:
        reasons.append(Text(de="bundesweit tätig", en="works nationwide"))
    if not centre.serves_everyone and state in STATE_NAMES:
        de, en = STATE_NAMES[state]
        reasons.append(Text(de=f"betreut Unternehmen in {de}", en=f"serves companies in {en}"))
    if distance is not None:
        if distance < 15:
            reasons.append(Text(de="in Ihrer Nähe", en="close to you"))
        else:
            rounded = _round_km(distance)
            reasons.append(Text(de=f"etwa {rounded} km entfernt", en=f"about {rounded} km away"))
    return tuple(reasons)


def _specific_topic(catalogue: CentreCatalogue, centre: Centre, dimension_id: str) -> Text | None:
    """The centre's first topic for a dimension other than the dimension itself ('artificial intelligence')."""
    for topic_id in centre.topics:
        topic = catalogue.topic_index[topic_id]
        if topic_id != dimension_id and dimension_id in topic.dimensions:
            return topic.title
    return None


def _round_km(distance: float) -> int:
    step = 5 if distance < 100 else 10 if distance < 300 else 50
    return max(step, int(round(distance / step) * step))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; plenty accurate for 'about 40 km away'."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))

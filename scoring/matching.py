"""Which hubs and competence centres fit a company, and why, in one plain sentence.

Order: first the centres that serve the company's state specifically (state programmes,
regional Mittelstand-Digital Zentren and EDIHs), then those open to all of Germany
(federal thematic centres, de:hubs). Within each group a score decides:

- topic fit (55 %): the share of the company's weakness that the centre's topics cover;
  every dimension below the top level counts with ((100 - score) / 100)², so the weakest
  counts most. The questionnaire says which catalogue topics each dimension corresponds
  to (`centre_topics`; by default the topic named like the dimension);
- proximity (30 %): distance from the centroid of the two-digit postcode region (a
  thematic centre working across Germany counts as near for the sector it specialises in);
- industry fit (15 %): the centre names the company's industry, or crafts for a crafts
  business; centres open to all industries count half.

A centre that serves particular states is left out for companies from elsewhere (and
when the state is unknown), and a centre for crafts businesses only for those that are
not. The final list is varied: at most two centres of one kind.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from questionnaires.centres import Centre, CentreCatalogue, Region, RegionTable, Topic
from questionnaires.model import Questionnaire, Text
from questionnaires.taxonomy import STATE_NAMES

from .plan import Kept
from .result import Result
from .variety import pick_varied
from .wording import in_sentence_en, written_score

TOPIC_WEIGHT, PROXIMITY_WEIGHT, INDUSTRY_WEIGHT = 0.55, 0.30, 0.15
PER_KIND = 2
NEAR_KM = 100.0  # at this distance proximity counts half
CLOSE_KM = 15.0  # nearer than this reads "close to you" rather than a number
_IN_STATE_DE = {"sl": "im"}  # "im Saarland"


class CentreMatch(NamedTuple):
    centre: Centre
    score: float  # 0-1
    distance_km: float | None
    serves_state: bool  # serves the company's state specifically (not only "everyone")
    reason: Text  # one sentence for the company; never blank
    distance: Text | None  # "about 40 km away", or None without a postcode region


class _Weakness(NamedTuple):
    dimension_id: str
    title: Text
    topics: tuple[str, ...]  # in the questionnaire's order of preference
    score: float
    weight: float
    rank: int
    place: int  # the dimension's place in the questionnaire


@dataclass(frozen=True, slots=True)
class _CentrePlan:
    """One centre as matching reads it, with the questionnaire's dimensions its topics cover."""

    centre: Centre
    covers: tuple[int, ...]  # the dimensions (their places in the questionnaire) its topics cover
    industries: frozenset[str]
    crafts_topic: bool
    serves: frozenset[str]


@dataclass(frozen=True, slots=True)
class _MatchPlan:
    """The catalogue compiled for one questionnaire; distances filled per postcode region on first use."""

    catalogue: CentreCatalogue
    centres: tuple[_CentrePlan, ...]
    distances: dict[tuple[float, float], tuple[float, ...]]
    reach: Kept[tuple[Any, ...], list[_Reach]]  # per profile
    reasons: Kept[tuple[Any, ...], Text]  # sentences with a placeholder for the score
    distances_shown: Kept[int | None, Text]


def _plan(questionnaire: Questionnaire, catalogue: CentreCatalogue) -> _MatchPlan:
    """Built once per (questionnaire, catalogue): topic coverage does not change between assessments."""
    found = questionnaire.derived.get("match_plan")
    if not isinstance(found, _MatchPlan) or found.catalogue is not catalogue:
        centres = tuple(
            _CentrePlan(centre, tuple(n for n, d in enumerate(questionnaire.dimensions)
                                      if set(d.matched_topics).intersection(centre.topics)),
                        frozenset(centre.industries), "crafts" in centre.topics, frozenset(centre.serves))
            for centre in catalogue.centres
        )
        found = questionnaire.derived["match_plan"] = _MatchPlan(catalogue, centres, {}, Kept(), Kept(), Kept())
    return found


def _distances(plan: _MatchPlan, region: Region) -> tuple[float, ...]:
    key = (region.lat, region.lon)
    found = plan.distances.get(key)
    if found is None:
        found = plan.distances[key] = tuple(
            _km(region.lat, region.lon, c.centre.location.lat, c.centre.location.lon) for c in plan.centres)
    return found


def match_centres(
    questionnaire: Questionnaire,
    result: Result,
    profile: Mapping[str, Any],
    catalogue: CentreCatalogue,
    regions: RegionTable,
    limit: int = 5,
) -> list[CentreMatch]:
    plan = _plan(questionnaire, catalogue)
    weaknesses = _weakest(questionnaire, result)
    region = regions.index.get(str(profile.get("postcode_region") or ""))
    state = profile.get("state") or (region.state if region else None)
    crafts_business = profile.get("crafts_business") == "yes"
    total_weight = sum(w.weight for w in weaknesses)
    # Each dimension's share of the firm's weakness; a centre's topic fit is the sum over what it covers.
    share = [0.0] * len(questionnaire.dimensions)
    for w in weaknesses:
        share[w.place] = w.weight / total_weight
    # (not serving the state, -score, distance, centre id, reach): sorting these ranks the centres, and the
    # centre id settles every tie, so the reach itself is never compared
    matches = [
        (reach.elsewhere, -round(TOPIC_WEIGHT * sum(map(share.__getitem__, reach.centre.covers)) + reach.rest, 4),
         reach.distance_order, reach.centre_id, reach)
        for reach in _reachable(plan, state, region, profile.get("industry"), crafts_business)
    ]
    matches.sort()
    chosen = pick_varied(matches, _kind, PER_KIND, limit)
    if len(chosen) < limit:  # too few kinds to vary: fill up rather than show a short list
        chosen = sorted(chosen + [m for m in matches if m not in chosen][: limit - len(chosen)])
    return [_explained(plan, catalogue, m[4], -m[1], weaknesses, state) for m in chosen]


def _kind(match: tuple[Any, ...]) -> str:
    kind: str = match[4].centre.centre.kind
    return kind


def _weakest(questionnaire: Questionnaire, result: Result) -> list[_Weakness]:
    """Dimensions below the top level, weakest first (ties in questionnaire order)."""
    top = questionnaire.levels[-1].min
    weak = sorted((d.score, place, d.dimension_id) for place, d in enumerate(result.dimensions)
                  if d.score is not None and d.score < top)
    lowest = weak[0][0] if weak else None
    dimensions = questionnaire.dimensions
    return [_Weakness(dimension_id, dimensions[place].title, dimensions[place].matched_topics, score,
                      ((100 - score) / 100) ** 2, 0 if score == lowest else 1, place)
            for score, place, dimension_id in weak]


class _Reach(NamedTuple):
    """What a centre offers a company apart from topic fit: the same for every firm with its profile."""

    centre: _CentrePlan
    industry_fit: float
    proximity: float
    distance: float | None
    serves_state: bool
    crafts: bool
    for_your_sector: bool
    rest: float  # the score apart from topic fit: proximity and industry fit, weighted
    elsewhere: bool  # not serving the firm's state specifically: ranked after those that do
    distance_order: float  # the distance, unknown ones last
    centre_id: str


def _reachable(
    plan: _MatchPlan, state: str | None, region: Region | None, industry: Any, crafts_business: bool
) -> list[_Reach]:
    """The centres open to the company, with their industry fit and proximity; kept per profile."""
    key = (state, (region.lat, region.lon) if region is not None else None, industry, crafts_business)
    found = plan.reach.get(key) if isinstance(industry, str | None) and isinstance(state, str | None) else None
    if found is not None:
        return found
    distances = _distances(plan, region) if region is not None else None
    found = []
    for n, centre in enumerate(plan.centres):
        if not ("all" in centre.serves or (state is not None and state in centre.serves)):
            continue
        if centre.centre.crafts_only and not crafts_business:
            continue
        crafts = crafts_business and centre.crafts_topic
        if crafts or (industry is not None and industry in centre.industries):
            industry_fit = 1.0
        else:
            industry_fit = 0.5 if "all" in centre.industries else 0.0
        distance = distances[n] if distances is not None else None
        proximity = 0.5  # unknown region: neither near nor far
        for_your_sector = centre.centre.thematic and industry_fit == 1.0  # its reach counts for the audience it specialises in
        if distance is not None:
            proximity = 1 / (1 + distance / NEAR_KM)
        if for_your_sector:
            proximity = 1.0
        serves_state = "all" not in centre.serves and state in centre.serves
        found.append(_Reach(centre, industry_fit, proximity, distance, serves_state, crafts, for_your_sector,
                            PROXIMITY_WEIGHT * proximity + INDUSTRY_WEIGHT * industry_fit, not serves_state,
                            1e9 if distance is None else distance, centre.centre.id))
    if isinstance(industry, str | None) and isinstance(state, str | None):
        plan.reach.keep(key, found)
    return found


def _explained(
    plan: _MatchPlan, catalogue: CentreCatalogue, m: _Reach, score: float, weaknesses: list[_Weakness],
    state: str | None,
) -> CentreMatch:
    """A shown centre with its sentences; they are written once per kind of match and kept.

    A reason names the weakest of the firm's areas that the centre covers. It depends on
    the centre, that weakness and how the firm relates to the centre; only the score inside
    it differs between firms, so the sentence is kept with a placeholder for the score, and
    distances are kept by their rounded text.
    """
    covers = m.centre.covers
    weakest = next((w for w in weaknesses if w.place in covers), None)
    served = state if m.serves_state else None
    centre = m.centre.centre
    key = (centre.id, weakest.dimension_id if weakest else None, weakest.rank if weakest else None,
           m.crafts, m.for_your_sector, served)
    template = plan.reasons.remembered(
        key, lambda: _reason(catalogue, centre, weakest, m.crafts, m.for_your_sector, served))
    if weakest is not None:
        reason = Text(de=template.de.replace(_SCORE, written_score(weakest.score, "de")),
                      en=template.get("en").replace(_SCORE, written_score(weakest.score, "en")))
    else:
        reason = template
    distance = None
    if m.distance is not None:
        shown = _shown_km(m.distance)
        distance = plan.distances_shown.remembered(shown, lambda: _distance_text(shown))
    return CentreMatch(centre, score, m.distance, m.serves_state, reason, distance)


_SCORE = "\x00"  # where the score goes in a kept reason; YAML texts cannot hold this character


def _reason(
    catalogue: CentreCatalogue, centre: Centre, weakest: _Weakness | None, crafts: bool, for_your_sector: bool,
    served_state: str | None,
) -> Text:
    """One sentence: why this centre, from what the company told us and how it scored; never empty."""
    de: list[str] = []
    en: list[str] = []
    if served_state in STATE_NAMES:
        state_de, state_en = STATE_NAMES[served_state]
        de.append(f"betreut Unternehmen {_IN_STATE_DE.get(served_state, 'in')} {state_de}")
        en.append(f"serves companies in {state_en}")
    if crafts:
        de.append("arbeitet mit Handwerksbetrieben")
        en.append("works with crafts businesses")
    elif for_your_sector:
        de.append("bundesweit für Ihre Branche tätig")
        en.append("works for your sector across Germany")
    if weakest is not None:
        topic = _topic_for(catalogue, centre, weakest)
        dim_de, dim_en = weakest.title.de, in_sentence_en(weakest.title.get("en"))
        which_de = "Ihr schwächster Bereich" if weakest.rank == 0 else "einer Ihrer schwächeren Bereiche"
        which_en = "your weakest area" if weakest.rank == 0 else "one of your weaker areas"
        which_de += f": {_SCORE} von 100"
        which_en += f": {_SCORE} of 100"
        if topic.id == weakest.dimension_id:
            de.append(f"Schwerpunkt {dim_de} ({which_de})")
            en.append(f"strong in {dim_en} ({which_en})")
        elif crafts and topic.id == "crafts":  # crafts is named already
            de.append(f"hilft bei {dim_de} ({which_de})")
            en.append(f"helps with {dim_en} ({which_en})")
        else:
            de.append(f"Schwerpunkt {topic.title.de}, hilft bei {dim_de} ({which_de})")
            en.append(f"strong in {in_sentence_en(topic.title.get('en'))}, which helps with {dim_en} ({which_en})")
    if not de:
        if centre.serves_everyone:
            de.append("steht Unternehmen aus ganz Deutschland offen")
            en.append("open to companies from all over Germany")
        else:
            de.append("betreut Unternehmen in Ihrer Region")
            en.append("serves companies in your region")
    return Text(de=_sentence(de), en=_sentence(en))


def _topic_for(catalogue: CentreCatalogue, centre: Centre, weakness: _Weakness) -> Topic:
    """The first of the dimension's topics that the centre has: the questionnaire orders them by preference."""
    topic_id = next(t for t in weakness.topics if t in centre.topics)
    return catalogue.topic_index[topic_id]


def _sentence(parts: list[str]) -> str:
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _distance_text(shown: int | None) -> Text:
    if shown is None:
        return Text(de="in Ihrer Nähe", en="close to you")
    return Text(de=f"etwa {shown} km entfernt", en=f"about {shown} km away")


def _shown_km(distance: float) -> int | None:
    """The distance as the sentence gives it: None when close, else rounded to 5, 10 or 50 km."""
    if distance < CLOSE_KM:
        return None
    step = 5 if distance < 100 else 10 if distance < 300 else 50
    return max(step, int(round(distance / step) * step))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; plenty accurate for 'about 40 km away'."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))

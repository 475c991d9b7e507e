"""Everything a company gets from one assessment: scores, next steps, places to get help."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.centres import CentreCatalogue, RegionTable
from questionnaires.model import Questionnaire

from .engine import scored_values
from .matching import CentreMatch, match_centres
from .recommend import Recommendation, ranked
from .result import Result


@dataclass(frozen=True)
class Outcome:
    result: Result
    actions: tuple[Recommendation, ...]
    centres: tuple[CentreMatch, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the result plus ranked actions and centres, each with its reason in both languages."""
        return {
            **self.result.to_dict(),
            "actions": [
                {"id": r.action.id, "dimension_id": r.action.dimension, "kind": r.kind, "gain": r.gain, "priority": r.priority,
                 "reason": r.reason.model_dump()}
                for r in self.actions
            ],
            "centres": [
                {"id": m.centre.id, "name": m.centre.name, "kind": m.centre.kind, "website": m.centre.website,
                 "score": m.score, "serves_state": m.serves_state,
                 "distance_km": round(m.distance_km) if m.distance_km is not None else None,
                 "reason": m.reason.model_dump()}
                for m in self.centres
            ],
        }


def evaluate(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    profile: Mapping[str, Any],
    catalogue: CentreCatalogue,
    regions: RegionTable,
    *,
    actions: int = 5,
    centres: int = 5,
) -> Outcome:
    result, values = scored_values(questionnaire, answers, profile)
    return Outcome(
        result=result,
        actions=tuple(ranked(questionnaire, result, values, limit=actions)),
        centres=tuple(match_centres(questionnaire, result, profile, catalogue, regions, limit=centres)),
    )

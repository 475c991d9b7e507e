"""The catalogue of Digital Hubs and competence centres, and the postcode-region table.

Both are YAML files read with the same machinery as questionnaires, so an editor gets
the same line-numbered, all-at-once error list.

The catalogue knows nothing of any questionnaire: its topics are plain fields of
expertise. Each questionnaire says which topics its dimensions correspond to
(`centre_topics` on a dimension), so one catalogue serves every check.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from .checks import CrossChecker
from .loader import load_document, read_text
from .model import Id, Spec, Text
from .problems import Problem, did_you_mean
from .schema import Validated
from .taxonomy import CentreKind, Industry, State
from .yamlsource import Source

FOLDER = Path(__file__).resolve().parent / "centres"

Latitude = Annotated[float, Field(ge=47.2, le=55.1)]  # Germany's extent, so a swapped lat/lon is caught
Longitude = Annotated[float, Field(ge=5.8, le=15.1)]
# A page a firm may open: https only, a lower-case host name, no spaces.
WebPage = Annotated[str, Field(pattern=r"^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?$",
                               max_length=300)]
SourcePage = Annotated[str, Field(pattern=r"^https?://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", max_length=500)]
Day = Annotated[str, Field(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class Location(Spec):
    lat: Latitude
    lon: Longitude


class Topic(Spec):
    """A field of expertise; questionnaires map their dimensions onto these ids."""

    id: Id
    title: Text


class Centre(Spec):
    id: Id
    name: str = Field(min_length=2, max_length=120)
    kind: CentreKind
    thematic: bool = False  # works on a theme or sector across Germany rather than for a region
    city: str = Field(min_length=2, max_length=80)
    state: State
    sites: tuple[Annotated[str, Field(min_length=2, max_length=80)], ...] = ()
    location: Location
    serves: tuple[State | Literal["all"], ...] = Field(min_length=1)
    website: WebPage | None = None
    contact: WebPage | None = None
    description: Text
    topics: tuple[Id, ...] = Field(min_length=1)
    industries: tuple[Industry | Literal["all"], ...] = Field(min_length=1)
    crafts_only: bool = False  # for registered crafts businesses (Handwerk) only
    source: SourcePage | None = None
    checked: Day | None = None
    unverified: bool = False  # website or source not confirmed from a public page yet
    note: str | None = Field(default=None, max_length=3000)  # for maintainers; never shown to a firm

    @property
    def serves_everyone(self) -> bool:
        return "all" in self.serves

    @property
    def website_label(self) -> str | None:
        """The address as people write it: 'digitalzentrum-magdeburg.de', no scheme, no trailing slash."""
        if self.website is None:
            return None
        return self.website.removeprefix("https://").removeprefix("www.").rstrip("/")

    @property
    def regional(self) -> bool:
        """Serves particular states, as state programmes and regional centres do."""
        return not self.serves_everyone


class CentreCatalogue(Spec):
    version: str = Field(min_length=1, max_length=32)
    topics: tuple[Topic, ...] = Field(min_length=1)
    centres: tuple[Centre, ...] = Field(min_length=1)

    @cached_property
    def topic_index(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}


class Region(Spec):
    """A two-digit postcode region (Leitregion) and roughly where its main town is."""

    id: Annotated[str, Field(pattern=r"^[0-9]{2}$")]
    name: str = Field(min_length=2)
    state: State
    lat: Latitude
    lon: Longitude


class RegionTable(Spec):
    version: str = Field(min_length=1, max_length=32)
    regions: tuple[Region, ...] = Field(min_length=1)

    @cached_property
    def index(self) -> dict[str, Region]:
        return {r.id: r for r in self.regions}


def load_centres(path: str | Path = FOLDER / "centres.yaml") -> CentreCatalogue:
    catalogue, _ = load_document(read_text(path), str(path), CentreCatalogue, cross_check=_check_centres)
    return catalogue


def load_regions(path: str | Path = FOLDER / "regions.yaml") -> RegionTable:
    table, _ = load_document(read_text(path), str(path), RegionTable, cross_check=_check_regions)
    return table


def _check_centres(source: Source, validated: Validated[CentreCatalogue]) -> list[Problem]:
    catalogue = validated.model
    assert catalogue is not None
    check = CrossChecker(source, validated)
    check.unique([(("topics", i), t.id) for i, t in enumerate(catalogue.topics)], "topic")
    check.unique([(("centres", i), c.id) for i, c in enumerate(catalogue.centres)], "centre")
    topic_ids = [t.id for t in catalogue.topics]
    for i, centre in enumerate(catalogue.centres):
        for j, topic in enumerate(centre.topics):
            if topic not in topic_ids:
                check.report(("centres", i, "topics", j), f"unknown topic '{topic}'", did_you_mean(topic, topic_ids))
        if "all" in centre.serves and len(centre.serves) > 1:
            check.report(("centres", i, "serves"), "'all' stands alone")
        if centre.thematic and not centre.serves_everyone:
            check.report(("centres", i, "serves"), "a thematic centre serves everyone",
                         "write serves: [all], or drop thematic: true for a regional centre")
        if not centre.unverified:
            for key, what in (("website", "the centre's official website"), ("source", "the public page you read"),
                              ("checked", "the day you read it")):
                if getattr(centre, key) is None and not check.damaged(("centres", i, key)):
                    check.report(("centres", i), f"'{key}' is missing: give {what}",
                                 "or mark the entry unverified: true until it is confirmed")
    return check.problems


def _check_regions(source: Source, validated: Validated[RegionTable]) -> list[Problem]:
    table = validated.model
    assert table is not None
    check = CrossChecker(source, validated)
    check.unique([(("regions", i), r.id) for i, r in enumerate(table.regions)], "region")
    return check.problems

"""Fixed vocabularies shared by questionnaires, the centre catalogue and matching.

Profile answers (industry, state) and centre data must use the same ids, or matching
silently finds nothing; tests check the shipped questionnaires against these lists.
"""

from __future__ import annotations

from typing import Literal

State = Literal["bw", "by", "be", "bb", "hb", "hh", "he", "mv", "ni", "nw", "rp", "sl", "sn", "st", "sh", "th"]
STATE_NAMES: dict[str, tuple[str, str]] = {
    "bw": ("Baden-Württemberg", "Baden-Württemberg"),
    "by": ("Bayern", "Bavaria"),
    "be": ("Berlin", "Berlin"),
    "bb": ("Brandenburg", "Brandenburg"),
    "hb": ("Bremen", "Bremen"),
    "hh": ("Hamburg", "Hamburg"),
    "he": ("Hessen", "Hesse"),
    "mv": ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    "ni": ("Niedersachsen", "Lower Saxony"),
    "nw": ("Nordrhein-Westfalen", "North Rhine-Westphalia"),
    "rp": ("Rheinland-Pfalz", "Rhineland-Palatinate"),
    "sl": ("Saarland", "Saarland"),
    "sn": ("Sachsen", "Saxony"),
    "st": ("Sachsen-Anhalt", "Saxony-Anhalt"),
    "sh": ("Schleswig-Holstein", "Schleswig-Holstein"),
    "th": ("Thüringen", "Thuringia"),
}

Industry = Literal[
    "agriculture", "energy_utilities", "manufacturing", "construction", "trade", "logistics", "hospitality",
    "ict", "finance", "real_estate", "professional", "business_services", "education", "health_social",
    "arts_other",
]
CentreKind = Literal["de_hub", "regional_hub", "mittelstand_digital", "edih"]

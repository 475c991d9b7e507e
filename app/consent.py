"""What the consent page promises, derived from the questionnaire at hand, so it is never more than is true.

A promise to store "industry, size class, federal state and postcode" is wrong for a
questionnaire that asks none of these, and incomplete for one that also asks the role.
So the list is built from the profile questions the questionnaire actually asks.
"""

from __future__ import annotations

from babel.lists import format_list
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from questionnaires import Questionnaire

# Profile ids that matching, peers and the report rely on (docs/questionnaire-format.md), in words.
PROFILE_FACTS = {
    "industry": _l("industry"),
    "crafts_business": _l("whether your business is a registered crafts business"),
    "size": _l("size class"),
    "state": _l("federal state"),
    "postcode_region": _l("the first two digits of your postcode"),
    "role": _l("your role in the business"),
}


def stored_profile(q: Questionnaire, language: str) -> str:
    """The company profile this questionnaire asks for, as a list in words ('' when it asks none)."""
    facts = [
        str(PROFILE_FACTS[question.id]) if question.id in PROFILE_FACTS
        else _("your answer to “%(question)s”", question=question.text.get(language))
        for question in q.profile
    ]
    return format_list(facts, locale=language) if facts else ""

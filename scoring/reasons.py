"""One sentence per next step: why it is on the list and why at this rank.

The sentence starts with the step's category (legal duty, core process of the firm's
industry, quick win) and names what triggered it: the question and the answer given, or
the area and its score. A consultant can check it against the answers without the code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from questionnaires.model import DONT_KNOW, NOT_APPLICABLE, Level, Option, Questionnaire, Text

from .result import AnswerValue
from .wording import in_sentence_en, written_number, written_score

_CATEGORY = {
    "legal": Text(de="Gesetzliche Pflicht", en="Legal duty"),
    "quick_win": Text(de="Schneller Erfolg mit wenig Aufwand", en="Quick win for little effort"),
}
_SPECIAL = {
    DONT_KNOW: Text(de="Weiß nicht", en="Don't know"),
    NOT_APPLICABLE: Text(de="Trifft nicht zu", en="Does not apply"),
}
_CODE = re.compile(r"\s*\([A-Z](, ?[A-Z])*\)$")  # "(C)", "(R, S)": the NACE sections in the option text
_NOTHING = Text(de="nichts davon", en="none of these")


def answer_reason(
    q: Questionnaire, kind: str, industry: str | None, question_id: str, value: AnswerValue,
    missing: tuple[str, ...] = (),
) -> Text:
    """'Legal duty: because you answered “…” to “…”.'

    `missing` are the options of a multiple-choice question whose absence triggered the
    step ('records' not in gdpr_basics): then the sentence names what was not ticked,
    which is what the step is about, rather than what was.
    """
    asked = q.question_index[question_id].text
    lead = _lead(q, kind, industry)
    if missing:
        options: Iterable[Option] = getattr(q.question_index[question_id], "options", ())
        texts = [_option_text(options, option) for option in missing]
        de_missing = _listed([f"„{t.de}“" for t in texts if t is not None], "und")
        en_missing = _listed([f"“{t.get('en')}”" for t in texts if t is not None], "and")
        return Text(
            de=f"{lead.de}weil Sie bei der Frage „{asked.de}“ nicht angekreuzt haben: {de_missing}.",
            en=f"{lead.get('en')}because you did not tick {en_missing} for “{asked.get('en')}”.",
        )
    de_answer, en_answer = _answer(q, question_id, value, "de"), _answer(q, question_id, value, "en")
    return Text(
        de=f"{lead.de}weil Sie auf die Frage „{asked.de}“ mit „{de_answer}“ geantwortet haben.",
        en=f"{lead.get('en')}because you answered “{en_answer}” to “{asked.get('en')}”.",
    )


def level_reason(
    q: Questionnaire, kind: str, industry: str | None, dimension_id: str, score: float, following: Level, points: float,
    facts: tuple[tuple[str, AnswerValue], ...] = (),
) -> Text:
    """'Core process of your industry (…): IT security scores 32.0 of 100, 8 points below “Practitioner”.'

    `facts` are the profile answers that made the step fit the firm (its `when` named only
    profile questions, such as industry and size); the sentence names them.
    """
    title = q.dimension_index[dimension_id].title
    lead = _lead(q, kind, industry, facts)
    return Text(
        de=f"{lead.de}weil der Bereich „{title.de}“ {written_score(score, 'de')} von 100 Punkten erreicht, "
           f"{written_number(points, 'de')} Punkte unter der Stufe „{following.title.de}“.",
        en=f"{lead.get('en')}because {in_sentence_en(title.get('en'))} scores {written_score(score, 'en')} of 100, "
           f"{written_number(points, 'en')} points below the level “{following.title.get('en')}”.",
    )


def _lead(q: Questionnaire, kind: str, industry: str | None, facts: tuple[tuple[str, AnswerValue], ...] = ()) -> Text:
    """The category that set the rank, ending where the 'because' begins; with the profile facts it rests on."""
    de_facts = en_facts = ""
    if facts:
        de_facts = " für Betriebe wie Ihren (" + "; ".join(_fact(q, qid, v, "de") for qid, v in facts) + ")"
        en_facts = " for firms like yours (" + "; ".join(_fact(q, qid, v, "en") for qid, v in facts) + ")"
    if kind == "core" and industry is not None:
        name = _industry(q, industry)
        de_name = f" ({name.de})" if name else ""
        en_name = f" ({name.get('en')})" if name else ""
        return Text(de=f"Kernablauf Ihrer Branche{de_name}{de_facts}: ",
                    en=f"Core process of your industry{en_name}{en_facts}: ")
    category = _CATEGORY.get(kind)
    if category is None:
        return Text(de=f"Empfohlen{de_facts}, ", en=f"Recommended{en_facts} ")
    return Text(de=f"{category.de}{de_facts}: ", en=f"{category.get('en')}{en_facts}: ")


def _fact(q: Questionnaire, question_id: str, value: AnswerValue, language: str) -> str:
    """A profile answer as the firm chose it, without classification letters: 'Manufacturing'."""
    return _CODE.sub("", _answer(q, question_id, value, language))


def _answer(q: Questionnaire, question_id: str, value: AnswerValue, language: str) -> str:
    if isinstance(value, str) and value in _SPECIAL:
        return _SPECIAL[value].get(language)
    question = q.question_index.get(question_id) or q.profile_index[question_id]
    options: Iterable[Option] = getattr(question, "options", ())
    if isinstance(value, tuple):
        texts = [t.get(language) for t in (_option_text(options, v) for v in value) if t is not None]
        return ", ".join(texts) or _NOTHING.get(language)
    if isinstance(value, str):
        text = _option_text(options, value)
        return text.get(language) if text is not None else value
    return written_number(value, language)


def _listed(items: list[str], conjunction: str) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _option_text(options: Iterable[Option], option_id: str) -> Text | None:
    return next((o.text for o in options if o.id == option_id), None)


def _industry(q: Questionnaire, industry: str) -> Text | None:
    """The industry as the profile names it, without the classification letters: 'Manufacturing'."""
    question = q.profile_index.get("industry")
    name = _option_text(getattr(question, "options", ()), industry)
    if name is None:
        return None
    return Text(de=_CODE.sub("", name.de), en=_CODE.sub("", name.get("en")))

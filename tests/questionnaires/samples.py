"""A small valid questionnaire text that tests break in one place at a time (line numbers matter)."""

from __future__ import annotations

from questionnaires import ContentError, Problem, parse_questionnaire

VALID = """\
id: sample
version: "1"
title: {de: Beispiel, en: Sample}
description: {de: Ein Test, en: A test}
languages: [de, en]
estimated_minutes: 3
profile:
  - id: industry
    type: single
    text: {de: Branche, en: Industry}
    options:
      - {id: crafts, text: {de: Handwerk, en: Crafts}}
      - {id: retail, text: {de: Handel, en: Retail}}
dimensions:
  - id: strategy
    title: {de: Strategie, en: Strategy}
    questions:
      - id: plan
        type: single
        text: {de: Plan?, en: Plan?}
        options:
          - {id: none, score: 0, text: {de: Nein, en: No}}
          - {id: written, score: 100, text: {de: Ja, en: Yes}}
      - id: booking
        type: yes_partly_no
        show_if: industry == 'crafts'
        text: {de: Buchung?, en: Booking?}
levels:
  - {id: low, min: 0, max: 50, title: {de: Niedrig, en: Low}, description: {de: wenig, en: little}}
  - {id: high, min: 50, max: 100, title: {de: Hoch, en: High}, description: {de: viel, en: much}}
"""


def problems_in(text: str) -> list[Problem]:
    """The problems loading this text reports; fails the test if it loads."""
    try:
        parse_questionnaire(text, "sample.yaml")
    except ContentError as exc:
        return list(exc.problems)
    raise AssertionError("expected the questionnaire to be rejected")


def broken(old: str, new: str, text: str = VALID) -> str:
    assert old in text, f"sample does not contain {old!r}"
    return text.replace(old, new, 1)

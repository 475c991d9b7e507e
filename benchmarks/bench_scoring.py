"""Assessments per second on one core: the KMU check scored (target >= 20,000/s) and its
full outcome, i.e. score, ranked steps and matched centres (target >= 5,000/s).

Scores a pool of varied, valid assessments (seeded, so every run scores the same ones),
several rounds, and reports the median and best round. The example questionnaire is
measured for information, to compare with earlier rows.

    .venv/bin/python benchmarks/bench_scoring.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.machine import describe, pin_to_one_core  # noqa: E402
from questionnaires import DONT_KNOW, NOT_APPLICABLE, Questionnaire, load_catalogue, load_questionnaire  # noqa: E402
from questionnaires.catalogue import EXAMPLES  # noqa: E402
from questionnaires.centres import load_centres, load_regions  # noqa: E402
from questionnaires.model import MultipleChoice, Number, Scale  # noqa: E402
from scoring import evaluate, score  # noqa: E402

TARGET = 20_000
OUTCOME_TARGET = 5_000
POOL = 1_000
ROUNDS = 7
SECONDS_PER_ROUND = 1.0


def random_value(question: Any, rng: random.Random) -> Any:
    if question.type == "text" and getattr(question, "pattern", None):
        return f"{rng.randint(1, 99):02d}"
    if question.allow_na and rng.random() < 0.05:
        return NOT_APPLICABLE
    if question.allow_unknown and rng.random() < 0.05:
        return DONT_KNOW
    if isinstance(question, Scale):
        return rng.randint(question.min, question.max)
    if isinstance(question, Number):
        low, high = question.min or 0, question.max if question.max is not None else 1000
        return rng.randint(int(low), int(high))
    if isinstance(question, MultipleChoice):
        plain = [o.id for o in question.options if not o.exclusive]
        return rng.sample(plain, rng.randint(1, len(plain)))
    if question.type == "text":
        return "Notiz"
    return rng.choice(sorted(question.option_ids))


def pool(questionnaire: Questionnaire, size: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    rng = random.Random(2026)
    assessments = []
    for _ in range(size):
        profile = {q.id: random_value(q, rng) for q in questionnaire.profile}
        answers = {q.id: random_value(q, rng) for q in questionnaire.questions if rng.random() < 0.95}
        assessments.append((answers, profile))
    return assessments


def rate(work: Any, assessments: list[tuple[dict[str, Any], dict[str, Any]]], rounds: int) -> list[float]:
    """Assessments per second in each round of SECONDS_PER_ROUND."""
    for answers, profile in assessments:  # warm-up, and proof that every pooled assessment is valid
        work(answers, profile)
    rates = []
    for _ in range(rounds):
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < SECONDS_PER_ROUND:
            for answers, profile in assessments:
                work(answers, profile)
            done += len(assessments)
        rates.append(done / (time.perf_counter() - start))
    return rates


def report(label: str, rates: list[float], target: int | None) -> bool:
    median = statistics.median(rates)
    verdict = "" if target is None else f" · target >= {target:,}/s: {'met' if median >= target else 'NOT met'}"
    print(f"{label}: median {median:,.0f}/s · best {max(rates):,.0f}/s · worst {min(rates):,.0f}/s{verdict}")
    return target is None or median >= target


def main() -> None:
    pin_to_one_core()
    print(describe())
    kmu = load_catalogue().get("kmu-check")
    assert kmu is not None
    centres, regions = load_centres(), load_regions()
    kmu_pool = pool(kmu, POOL)
    print(f"one core, {ROUNDS} rounds of {SECONDS_PER_ROUND:g} s over {POOL} varied assessments; "
          f"'kmu-check' version {kmu.version} ({len(kmu.questions)} questions), "
          f"{len(centres.centres)} centres")
    met = report(f"scoring '{kmu.id}'", rate(lambda a, p: score(kmu, a, p), kmu_pool, ROUNDS), TARGET)
    met &= report(f"full outcome of '{kmu.id}' (score, ranked steps, matched centres)",
                  rate(lambda a, p: evaluate(kmu, a, p, centres, regions), kmu_pool, ROUNDS), OUTCOME_TARGET)
    example = load_questionnaire(EXAMPLES / "example.yaml")
    report(f"for information: scoring '{example.id}' ({len(example.questions)} questions)",
           rate(lambda a, p: score(example, a, p), pool(example, POOL), ROUNDS), None)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()

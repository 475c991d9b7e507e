"""Assessments scored per second on one core, for the example questionnaire (target >= 20,000/s).

Scores a pool of varied, valid assessments (seeded, so every run scores the same ones),
several rounds, and reports the median and best round.

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


def main() -> None:
    pin_to_one_core()
    print(describe())
    example = load_questionnaire(EXAMPLES / "example.yaml")
    rates = rate(lambda a, p: score(example, a, p), pool(example, POOL), ROUNDS)
    median = statistics.median(rates)
    print(f"scoring '{example.id}' ({len(example.questions)} questions), one core, "
          f"{ROUNDS} rounds of {SECONDS_PER_ROUND:g} s over {POOL} varied assessments")
    print(f"median {median:,.0f} assessments/s · best {max(rates):,.0f}/s · worst {min(rates):,.0f}/s "
          f"· target >= {TARGET:,}/s: {'met' if median >= TARGET else 'NOT met'}")

    kmu = load_catalogue().get("kmu-check")
    assert kmu is not None
    kmu_pool = pool(kmu, POOL // 5)
    kmu_rates = rate(lambda a, p: score(kmu, a, p), kmu_pool, 3)
    print(f"for information: scoring 'kmu-check' ({len(kmu.questions)} questions): "
          f"median {statistics.median(kmu_rates):,.0f}/s")
    centres, regions = load_centres(), load_regions()
    full = rate(lambda a, p: evaluate(kmu, a, p, centres, regions), kmu_pool, 3)
    print(f"for information: full outcome of 'kmu-check' (score, ranked actions, matched centres): "
          f"median {statistics.median(full):,.0f}/s")
    sys.exit(0 if median >= TARGET else 1)


if __name__ == "__main__":
    main()

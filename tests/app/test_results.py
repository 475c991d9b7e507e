"""Stored results and the peer histograms: written on completion, moved on change, gone on delete, rebuilt alike."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import assessments, results
from app.check.peers import MIN_GROUP, PeerCell, Spread, peer_group, spreads_of
from app.content import catalogue
from app.extensions import db
from app.models import NOT_ASSESSED, OVERALL, Assessment, ScoreHistogram, StoredDimension, StoredResult, today
from scoring import score
from scoring.aggregate import bucket, quartiles
from tests.conftest import migrated

from .checkflow import answer_set, complete, form_data
from .test_check_flow import stored

CASE = "quick-check-average"


@pytest.fixture
def results_app(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return migrated(make_app(**database_config))


def firm(case: str = CASE, *, statistics: bool = True, demo: bool = False, workshop: bool = False) -> Assessment:
    """A company completing the check through the services the pages use (inside an app context);
    all with the profile of CASE (same industry and size), the answers of `case`."""
    answers = {**answer_set(case), "profile": answer_set(CASE)["profile"]}
    q = catalogue().get(answers["questionnaire"], answers["version"])
    assert q is not None
    row, _token = assessments.start(q, "de", statistics=statistics)
    row.demo = demo
    if workshop:  # a participant of a real workshop of a real organisation
        from app import organisations, workshops

        hub = organisations.find("results-hub") or organisations.create("results-hub", "Hub", "hub")
        row.workshop_id = workshops.create(hub, None, q, "Firm").id
    assessments.save(row, profile=answers["profile"], answers=answers["answers"])
    pages = ["profile", *(page.id for page in q.question_pages)]
    for page in pages:
        assessments.mark_page_done(row, page, pages)
    assert row.completed
    return row


def counted() -> int:
    """How many results the overall histograms count, all cells together."""
    return int(db.session.execute(select(func.coalesce(func.sum(ScoreHistogram.count), 0))
                                  .where(ScoreHistogram.dimension_id == OVERALL)).scalar_one())


def overall_count(row: Assessment, value: float | None) -> int:
    found = db.session.execute(select(ScoreHistogram.count).where(
        ScoreHistogram.questionnaire_id == row.questionnaire_id, ScoreHistogram.industry == row.industry,
        ScoreHistogram.size_class == row.size_class, ScoreHistogram.dimension_id == OVERALL,
        ScoreHistogram.bucket == (bucket(value) if value is not None else -1))).scalar_one_or_none()
    return int(found or 0)


def tables() -> tuple[list[Any], list[Any], list[Any]]:
    return (
        sorted(tuple(r) for r in db.session.execute(select(*StoredResult.__table__.c)).all()),
        sorted(tuple(r) for r in db.session.execute(select(*StoredDimension.__table__.c)).all()),
        sorted(tuple(r) for r in db.session.execute(
            select(*ScoreHistogram.__table__.c).where(ScoreHistogram.count != 0)).all()),
    )


def test_completing_stores_the_result_a_change_moves_it_and_deleting_removes_it(results_app: Flask) -> None:
    client = results_app.test_client()
    token = complete(client, CASE, statistics=True)
    answers = answer_set(CASE)
    with results_app.app_context():
        row = stored(results_app, token)
        assert row is not None
        row = db.session.get(Assessment, row.id)
        assert row is not None
        q = catalogue().get(row.questionnaire_id, row.questionnaire_version)
        assert q is not None
        expected = score(q, answers["answers"], answers["profile"])
        result = db.session.get(StoredResult, row.id)
        assert result is not None and result.source == "public" and result.consent_statistics
        assert result.score == pytest.approx(expected.score) and result.level_id == expected.level_id
        assert result.quarter == f"{row.completed_at.year}-Q{(row.completed_at.month - 1) // 3 + 1}"
        assert result.industry == answers["profile"]["industry"]
        dimensions = {d.dimension_id: d.score for d in db.session.execute(
            select(StoredDimension).where(StoredDimension.assessment_id == row.id)).scalars()}
        assert dimensions == {d.dimension_id: pytest.approx(d.score) if d.score is not None else None
                              for d in expected.dimensions}
        assert overall_count(row, expected.score) == 1 and counted() == 1

        # A completed check's answers change (a consultant corrects them, say): result and counts follow.
        assessments.save_answers(row, answer_set("quick-check-beginner")["answers"])
        db.session.commit()
        changed = db.session.get(StoredResult, row.id)
        assert changed is not None and changed.score is not None and changed.score != pytest.approx(expected.score)
        assert overall_count(row, expected.score) == 0 and overall_count(row, changed.score) == 1
        assert counted() == 1

    assert client.post(f"/a/{token}/delete").status_code == 303
    with results_app.app_context():
        assert db.session.execute(select(func.count()).select_from(StoredResult)).scalar_one() == 0
        assert db.session.execute(select(func.count()).select_from(StoredDimension)).scalar_one() == 0
        assert counted() == 0


def test_the_band_needs_ten_other_consenting_companies(results_app: Flask) -> None:
    with results_app.app_context():
        mine = firm()
        for _ in range(MIN_GROUP - 1):
            firm()
        firm(statistics=False)  # did not agree to statistics
        firm(demo=True)  # invented, and this is not a demo server
        firm(workshop=True)  # a workshop participant: one firm answering many times
        db.session.commit()
        q = catalogue().get(mine.questionnaire_id, mine.questionnaire_version)
        assert q is not None
        assert peer_group(q, mine) is None  # nine others; the firm itself is not its own peer
        firm()
        db.session.commit()
        group = peer_group(q, mine)
        assert group is not None and group.count == MIN_GROUP
    client = results_app.test_client()
    client.get("/language/en")
    token = complete(client, CASE, statistics=False)  # an eleventh company looks: ten others consented
    page = client.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Middle half of 11 similar companies" in page and 'class="radar-band"' in page
    assert "Shaded: the middle half of the similar companies" in page
    assert "appears here once at least" not in page


def test_peer_quartiles_are_those_of_the_peers_scores(results_app: Flask) -> None:
    """Twelve companies with varied answers: the band's ends are the quartiles of their stored scores."""
    cases = ["quick-check-average", "quick-check-beginner", "quick-check-plumber-76"] * 4
    with results_app.app_context():
        rows = [firm(case) for case in cases]
        db.session.commit()
        looking = firm(statistics=False)
        q = catalogue().get(looking.questionnaire_id, looking.questionnaire_version)
        assert q is not None
        group = peer_group(q, looking)
        assert group is not None and group.count == len(rows)
        for d in q.dimensions:
            values = [round(score(q, r.answers, r.profile).dimension(d.id).score or 0, 1) for r in rows]
            low, median, high = statistics.quantiles(values, n=4, method="inclusive")
            band = group.dimensions[d.id]
            assert (band.low, band.median, band.high) == pytest.approx((low, median, high), abs=0.011)


SHAPES = ("one", "few", "one bucket", "sparse", "dense", "every bucket")


def random_histogram(rng: random.Random, shape: str) -> Counter[int]:
    """Counts per bucket of one dimension: from one score to every bucket filled, often with some not assessed."""
    histogram: Counter[int] = Counter()
    if shape == "one":
        histogram[rng.randint(0, 1000)] = 1
    elif shape == "few":
        for _ in range(rng.randint(2, 12)):
            histogram[rng.randint(0, 1000)] += 1
    elif shape == "one bucket":
        histogram[rng.randint(0, 1000)] = rng.randint(2, 500)
    else:
        buckets = {"sparse": rng.randint(2, 30), "dense": rng.randint(100, 600), "every bucket": 1001}[shape]
        for b in rng.sample(range(1001), buckets):
            histogram[b] = rng.randint(1, 200)
    if rng.random() < 0.5:
        histogram[NOT_ASSESSED] = rng.randint(1, 50)
    return histogram


def test_peer_spreads_from_sql_are_those_of_the_python_reference(results_app: Flask) -> None:
    """Random histograms, the company's own buckets taken out: the few rows the database sends give
    the same counts and exactly the same quartiles as scoring.aggregate reading every bucket."""
    rng = random.Random(13)
    cell: PeerCell = ("quick-check", "1", "crafts", "10-49", False)
    elsewhere: PeerCell = ("quick-check", "1", "crafts", "50-249", False)  # a neighbouring group, never read
    histograms = {f"d{n}": random_histogram(rng, SHAPES[n % len(SHAPES)]) for n in range(60)}
    histograms[OVERALL] = random_histogram(rng, "dense")
    own: Counter[tuple[str, int]] = Counter()
    for dimension_id, histogram in histograms.items():
        if rng.random() < 0.7:  # the company counted in its own group, in one bucket per dimension
            own[(dimension_id, rng.choice(sorted(histogram)))] += 1
    with results_app.app_context():
        rows: Counter[results.Cell] = Counter()
        for dimension_id, histogram in histograms.items():
            for b, n in histogram.items():
                rows[(*cell, dimension_id, b)] = n
                rows[(*elsewhere, dimension_id, b)] = rng.randint(1, 9)
        results._apply(rows)  # the writer the app uses
        db.session.commit()
        found = spreads_of(cell, own)
    expected = {}
    for dimension_id, histogram in histograms.items():
        peers = histogram - Counter({b: n for (d, b), n in own.items() if d == dimension_id})
        expected[dimension_id] = Spread(counted=sum(peers.values()),
                                        band=quartiles({b: n for b, n in peers.items() if b != NOT_ASSESSED}))
    assert found == {d: spread for d, spread in expected.items() if spread.counted}
    assert any(spread.counted == 0 for spread in expected.values())  # the company was the only one there


def test_quartiles_of_a_small_histogram_by_hand() -> None:
    # Scores 10, 20, 30, 40: positions 0.75, 1.5 and 2.25 of 0..3.
    found = quartiles({100: 1, 200: 1, 300: 1, 400: 1})
    assert found is not None and (found.count, found.low, found.median, found.high) == (4, 17.5, 25.0, 32.5)
    # Scores 50, 50, 50, 61.3, 80: positions 1, 2 and 3 of 0..4.
    found = quartiles({500: 3, 613: 1, 800: 1, 900: 0})
    assert found is not None and (found.low, found.median, found.high) == (50.0, 50.0, 61.3)
    assert quartiles({}) is None and quartiles({300: 0}) is None
    with pytest.raises(ValueError):
        quartiles({300: -1})
    assert bucket(47.25) == 473 and bucket(0) == 0 and bucket(100) == 1000 and bucket(120) == 1000


def test_rebuild_makes_the_same_tables_again(results_app: Flask) -> None:
    runner = results_app.test_cli_runner()
    with results_app.app_context():
        firm()
        firm("quick-check-beginner", statistics=False)
        firm(workshop=True)
        earlier = firm("quick-check-plumber-76")
        later = firm()
        later.previous_id = earlier.id
        results.store(later)
        q = catalogue().get("quick-check")
        assert q is not None
        unfinished, _token = assessments.start(q, "de", statistics=True)
        assert not unfinished.completed
        db.session.commit()
        before = tables()
        linked = db.session.get(StoredResult, later.id)
        assert len(before[0]) == 5 and linked is not None and linked.previous_id == earlier.id
        db.session.execute(ScoreHistogram.__table__.update().values(count=ScoreHistogram.count + 3))
        db.session.commit()
    output = runner.invoke(args=["results", "rebuild"]).output
    assert "stored 5 result(s); skipped 0" in output
    with results_app.app_context():
        assert tables() == before
        assert counted() == 3  # consented, not a workshop participant


def test_purge_and_demo_removal_take_the_counts_out(results_app: Flask) -> None:
    runner = results_app.test_cli_runner()
    with results_app.app_context():
        old = firm()
        firm()
        old.last_visit = today() - timedelta(days=800)
        db.session.commit()
        assert counted() == 2
    assert "deleted 1 assessment" in runner.invoke(args=["assessments", "purge"]).output
    with results_app.app_context():
        assert counted() == 1
        assert db.session.execute(select(func.count()).select_from(StoredResult)).scalar_one() == 1
    assert "created 12" in runner.invoke(args=["demo-data", "--n", "12"]).output
    with results_app.app_context():
        assert counted() == 1 + 24  # two questionnaires' demo rows are counted, in their own (demo) cells
        demo_results = db.session.execute(select(func.count()).select_from(StoredResult)
                                          .where(StoredResult.demo.is_(True))).scalar_one()
        assert demo_results == 24
    assert "deleted 24 demo" in runner.invoke(args=["demo-data", "--remove"]).output
    with results_app.app_context():
        assert counted() == 1


def test_a_page_sent_again_after_completion_changes_nothing(results_app: Flask) -> None:
    """The public check refuses changes once complete (409), so its stored result stays as it was."""
    client = results_app.test_client()
    token = complete(client, CASE, statistics=True)
    with results_app.app_context():
        before = tables()
    response = client.post(f"/a/{token}/profile", data=form_data("quick-check", "profile", {}))
    assert response.status_code == 409
    with results_app.app_context():
        assert tables() == before

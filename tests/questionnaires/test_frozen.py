"""Published questionnaire versions are frozen: stored assessments stay interpretable."""

from __future__ import annotations

import pytest

from questionnaires import load_catalogue

# (id, version) -> content hash at publication. A change here means a published
# version was edited; make a new version instead.
PUBLISHED = {
    ("kmu-check", "1"): "01bc05b6ba587590b15cff420e59a2d11e68ddc7a3cc6f63e348e8f3d66de6df",
    ("quick-check", "1"): "4b017be207c8b34e029ed8aa750d9c1324ac27e2d9962dc102071163dc4ea5f0",
}


@pytest.mark.parametrize(("qid", "version"), sorted(PUBLISHED))
def test_published_versions_keep_their_content(qid: str, version: str) -> None:
    questionnaire = load_catalogue().get(qid, version)
    assert questionnaire is not None, f"{qid} version {version} is no longer shipped"
    assert questionnaire.content_hash == PUBLISHED[(qid, version)]


def test_every_shipped_questionnaire_has_a_newer_version_than_the_frozen_ones() -> None:
    catalogue = load_catalogue()
    for qid, version in PUBLISHED:
        latest = catalogue.get(qid)
        assert latest is not None and latest.version != version

"""The JSON API against its own OpenAPI description, with Schemathesis, in-process.

The description is loaded from the app (`/api/v1/openapi.json` through the WSGI loader, no
network); every operation is then called with requests made from it, positive (what the
description allows) and negative (what it forbids), with an active token of one organisation
that has published figures. Each answer must be no 5xx, and have a status, content type,
headers and body the description declares. A description that promised something the API
does not do fails here, as a script written against it would.

Examples per operation and mode: EXAMPLES ("ci" profile 100, "fuzz" 2,000); the file takes
about 10 seconds in "ci".
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (content_type_conformance, response_headers_conformance,
                                               response_schema_conformance, status_code_conformance)

from tests.conftest import HYPOTHESIS_PROFILE, migrated

from .test_api import _hub, token

EXAMPLES = {"ci": 100, "fuzz": 2_000}.get(HYPOTHESIS_PROFILE, 25)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture
def hub(make_app: Any) -> Flask:
    """Two hubs with closed figures; limits far above a script's pace, as the examples come in a burst."""
    return _hub(migrated(make_app(DIGICHECK_LIMIT_API="100000 per minute")))


@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_description_says(hub: Flask, mode: schemathesis.GenerationMode) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", hub)
    headers = {"Authorization": f"Bearer {token(hub, 'hub-st')}"}
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), results  # the description is valid
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert {op.path for op in operations} == {"/api/v1/aggregates", "/api/v1/quarters"}
    statuses: set[int] = set()
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(mode))
        def call(case: schemathesis.Case) -> None:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            statuses.add(response.status_code)

        call()
    # Allowed requests reached the figures, not only the refusals; forbidden ones were refused, never answered.
    if mode == schemathesis.GenerationMode.POSITIVE:
        assert 200 in statuses, statuses
    else:
        assert 400 in statuses, statuses

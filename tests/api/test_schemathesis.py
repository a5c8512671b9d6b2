"""Requests generated from our own OpenAPI document (schemathesis, a fixed seed, a few hundred
requests over every operation): no answer is a server error, and every answer (status, content
type, headers, body) is one the document describes. bench/fuzz.py runs the long version."""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (content_type_conformance, response_headers_conformance,
                                               response_schema_conformance, status_code_conformance)

from service import create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
# bench/fuzz.py raises these for the long run; the default suite keeps its few hundred requests.
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "5"))
COVERAGE_PHASE = os.environ.get("FUZZ_COVERAGE") == "1"

# The document needs no database; the requests go to the test's app (and its database) below.
# (schemathesis' fixture-based loader does not run under pytest 9, so the schema is built here.)
_SPEC = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).test_client().get(
    "/api/v1/openapi.json").json
# Positive and negative requests, the fuzzing phase only (the coverage phase alone sends thousands:
# bench/fuzz.py runs it), deterministic: the same few hundred requests on every run.
schema = schemathesis.openapi.from_dict(_SPEC, config=SchemathesisConfig.from_dict({
    "phases": {"coverage": {"enabled": COVERAGE_PHASE}, "stateful": {"enabled": False}},
    "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION, "deterministic": True}}))


@schema.parametrize()
# The list exports stream a temporary file that a WSGI server closes; schemathesis' in-process
# transport leaves that to the garbage collector, which would otherwise fail the run on a warning.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
def test_generated_requests_meet_no_server_error_and_no_answer_outside_the_document(case, app, client, staff):
    case.call_and_validate(app=app, headers=staff, checks=CHECKS)

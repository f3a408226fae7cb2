"""The API fuzzer's own rules (fuzz/run_api_fuzz.py): it never disables its caller, it counts a 5xx once, and
it sends huge numbers wherever an integer goes. The fuzzing itself runs in CI (.ci/run), not here."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import schemathesis
from fuzz.run_api_fuzz import SERVER, STATUS, ErrorCapture, Runner, Tally, Target, _guard, _huge_number_probes
from schemathesis.core.failures import ServerError
from schemathesis.openapi.checks import UndefinedStatusCode

PERSONA = SimpleNamespace(name="owner", token_id=7, spare_token_id=8, membership=SimpleNamespace(pk=3))


def _schema() -> object:
    integer = {"type": "integer"}
    return schemathesis.openapi.from_dict(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/things/{thing_id}": {
                    "get": {
                        "parameters": [
                            {"in": "path", "name": "thing_id", "required": True, "schema": integer},
                            {"in": "query", "name": "page", "schema": {"anyOf": [integer, {"type": "null"}]}},
                            {"in": "query", "name": "q", "schema": {"type": "string"}},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }
    )


def test_it_never_sends_the_callers_own_token_or_membership() -> None:
    target = Target(combos={}, pools={"membership_id": [4, 5]})
    revoke = SimpleNamespace(path_parameters={"token_id": 7})
    _guard(revoke, PERSONA, target)
    assert revoke.path_parameters == {"token_id": 8}
    demote = SimpleNamespace(path_parameters={"membership_id": 3})
    _guard(demote, PERSONA, target)
    assert demote.path_parameters == {"membership_id": 4}
    other = SimpleNamespace(path_parameters={"token_id": 9, "membership_id": 5})
    _guard(other, PERSONA, target)
    assert other.path_parameters == {"token_id": 9, "membership_id": 5}


def test_it_counts_a_server_error_once_whatever_else_it_breaks() -> None:
    tally = Tally()
    runner = Runner.__new__(Runner)
    runner.tally = tally
    request = SimpleNamespace(
        method="GET", url="http://localhost/things/1?page=9223372036854775808", body=None, headers={}
    )
    response = SimpleNamespace(status_code=500, content=b'{"message": "boom"}', request=request)
    failures = [
        ServerError(operation="GET /things/{thing_id}", status_code=500),
        UndefinedStatusCode(
            operation="GET /things/{thing_id}",
            status_code=500,
            defined_status_codes=["200"],
            allowed_status_codes=[200],
            message="",
        ),
    ]
    for _ in range(2):
        runner._failures(failures, None, response, "GET /things/{thing_id}", "owner", "OverflowError: too large")
    assert tally.counts == {SERVER: 2}
    assert tally.counts[STATUS] == 0
    [finding] = tally.findings.values()
    assert (finding.calls, finding.status, finding.detail) == (2, 500, "OverflowError: too large")
    assert finding.reproduction == (
        "curl -X GET 'http://localhost/things/1?page=9223372036854775808' -H 'Authorization: Bearer $OWNER_TOKEN'"
    )


def test_it_sends_huge_numbers_in_every_integer_path_and_query_parameter() -> None:
    operation = _schema()["/things/{thing_id}"]["GET"]
    target = Target(combos={frozenset({"thing_id"}): [{"thing_id": 41}]}, pools={})
    in_query, in_path = _huge_number_probes(operation, target)
    assert (in_query.path_parameters, in_query.query) == ({"thing_id": 41}, {"page": 2**63})
    assert (in_path.path_parameters, in_path.query) == ({"thing_id": 2**63}, {})


def test_it_keeps_the_logged_exception_of_a_server_error() -> None:
    capture = ErrorCapture()
    logger = logging.getLogger("tests.fuzz")
    logger.addHandler(capture)
    try:
        int("x" * 3)
    except ValueError:
        logger.exception("error_id=abc GET /things/1")
    finally:
        logger.removeHandler(capture)
    assert capture.take().startswith("ValueError: invalid literal for int()")
    assert capture.take() == ""

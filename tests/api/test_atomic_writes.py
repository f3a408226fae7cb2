"""Every write path is atomic: a fault injected after a request's first write leaves the database as it was.

For every unsafe API operation and every web form of the access harness, the allowed persona's request runs
with a database wrapper that lets the first write statement through and fails the second, as an unexpected
error half-way through a service would. The answer must be a 500 (the API's in its JSON shape, with an error
id) and every table must hold exactly what it held before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client as HttpClient

from tests.access.cases import API_CASES, WEB_CASES
from tests.access.harness import UNSAFE, api_secrets, params_of

# Tables that the request machinery writes outside the request's transaction, by design.
UNTRACKED = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class InjectedFault(RuntimeError):
    pass


def snapshot() -> str:
    """A digest of every row of every table the application owns."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
        if model._meta.db_table in UNTRACKED or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        digest.update(model._meta.db_table.encode())
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


@contextmanager
def fault_after_first_write() -> Iterator[list[str]]:
    writes: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith(WRITES) and not any(table in sql for table in UNTRACKED):
            writes.append(sql)
            if len(writes) == 2:
                raise InjectedFault("a fault injected after the first write")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield writes


API_WRITES = [c for c in API_CASES if c.method in UNSAFE]
WEB_WRITES = [(case, op) for case in WEB_CASES for op in case.ops if op.method == "POST"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", API_WRITES, ids=lambda c: c.key)
def test_it_leaves_the_database_as_it_was_when_an_api_write_fails_half_way(case: Any, ctx: Any) -> None:
    ctx.secrets = api_secrets(ctx)
    http = HttpClient(raise_request_exception=False)
    url, body = case.url(ctx), case.body(ctx) if case.body else None
    before = snapshot()
    with fault_after_first_write() as writes:
        if case.multipart:
            response = http.post(url, body or {}, HTTP_AUTHORIZATION=f"Bearer {ctx.secrets[case.allowed]}")
        else:
            response = http.generic(
                case.method,
                url,
                json.dumps(body) if body else "",
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {ctx.secrets[case.allowed]}",
            )
    if len(writes) < 2:
        assert response.status_code < 500, response.content[:300]
        return  # a single write is atomic by itself
    assert response.status_code == 500, f"{response.status_code}: {response.content[:300]!r}"
    payload = response.json()
    assert set(payload) == {"message", "fields", "error_id"} and payload["error_id"] in payload["message"]
    assert "InjectedFault" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert snapshot() == before, f"{case.key} kept part of its writes after failing"


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "op"), WEB_WRITES, ids=lambda x: getattr(x, "name", None) or "")
def test_it_leaves_the_database_as_it_was_when_a_web_form_fails_half_way(case: Any, op: Any, ctx: Any) -> None:
    from django.urls import reverse

    url = reverse(case.name, kwargs=case.url_kwargs(ctx, list(params_of(case))))
    http = HttpClient(raise_request_exception=False)
    http.force_login(ctx.user(op.allowed))
    data = op.body(ctx) if op.body else {}
    before = snapshot()
    with fault_after_first_write() as writes:
        response = http.post(url, data)
    if len(writes) < 2:
        assert response.status_code < 500
        return
    assert response.status_code == 500
    assert snapshot() == before, f"POST {case.name} kept part of its writes after failing"


def test_it_injects_the_fault_into_most_multi_step_writes() -> None:
    """The tests above prove something only where a request writes twice; most writes do (versions, activity)."""
    assert len(API_WRITES) > 40 and len(WEB_WRITES) > 40

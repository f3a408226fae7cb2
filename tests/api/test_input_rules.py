"""The API's input rules and error shape, as docs/api.md states them: bounded numbers, strict types, one JSON
error shape for every status (413 and 500 included), text the databases can store, and an OpenAPI document
that declares all of it."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from pydantic import BaseModel

from sevenc.api.api import api
from sevenc.api.errors import STATUS_TABLE
from sevenc.api.openapi import error_statuses
from sevenc.assessments.models import Answer
from sevenc.assessments.services import assessment_create
from sevenc.core.schemas import TEXT_MAX
from sevenc.planning.models import ActionItem, Roadmap
from sevenc.tenancy.models import Client
from tests.api.client import Api
from tests.catalog.factories import shipped_framework

pytestmark = pytest.mark.django_db
HUGE = 99999999999999999999  # past 2**64
DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:400])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body["message"], str) and isinstance(body["fields"], dict), body
    return body


def _draft(world: Any) -> Any:
    framework = shipped_framework()
    return assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        framework=framework,
        title="Q1",
        period="2027-Q1",
        assessed_on=dt.date(2027, 3, 31),
    )


# --- item 3: numbers and years are bounded at the schema; a failing write changes nothing ---------------------


@pytest.mark.parametrize("query", [{"page": 2305843009213693952}, {"page": 0}, {"page_size": 10_000}, {"page": "x"}])
def test_it_refuses_page_numbers_out_of_range_with_422(owner: Api, query: dict[str, Any]) -> None:
    _error(owner.get("/clients", **query), 422)


def test_it_still_pages_within_the_limits(owner: Api, world: Any) -> None:
    body = owner.get("/clients", page=1, page_size=1).json()
    assert len(body["items"]) == 1 and body["count"] == 2


@pytest.mark.parametrize(
    "path", ["/clients/99999999999999999999", "/clients/0", "/clients/-1", "/assessments/99999999999999999999/answers"]
)
def test_it_refuses_ids_out_of_range_in_the_path_with_422(owner: Api, path: str) -> None:
    _error(owner.get(path), 422)


def test_it_refuses_huge_ids_in_a_list_and_changes_nothing(owner: Api, world: Any) -> None:
    item = owner.send("POST", f"/clients/{world.client_a1.pk}/action-items", {"title": "Backups"}).json()
    before = ActionItem.objects.count()
    body = _error(owner.send("POST", f"/action-items/{item['id']}/merge", {"others": [HUGE]}), 422)
    assert "others.0" in body["fields"]
    assert ActionItem.objects.count() == before


@pytest.mark.parametrize("first", ["0000-Q1", "9999-Q4", "1999-Q4", "2999-Q2"])
def test_it_refuses_a_roadmap_outside_the_plannable_years(owner: Api, world: Any, first: str) -> None:
    roadmap = owner.get(f"/clients/{world.client_a1.pk}/roadmap").json()
    before = list(Roadmap.objects.values_list("first_quarter", "version"))
    body = _error(
        owner.send(
            "PATCH",
            f"/clients/{world.client_a1.pk}/roadmap",
            {"version": roadmap["version"], "first_quarter": first, "quarters": 8},
        ),
        422,
    )
    assert "first_quarter" in body["fields"], body
    assert list(Roadmap.objects.values_list("first_quarter", "version")) == before


def test_a_roadmap_ending_in_the_last_plannable_quarter_schedules(owner: Api, world: Any) -> None:
    roadmap = owner.get(f"/clients/{world.client_a1.pk}/roadmap").json()
    changed = owner.send(
        "PATCH",
        f"/clients/{world.client_a1.pk}/roadmap",
        {"version": roadmap["version"], "first_quarter": "2998-Q1", "quarters": 8},
    )
    assert changed.status_code == 200, changed.content
    owner.send("POST", f"/clients/{world.client_a1.pk}/action-items", {"title": "Backups", "effort_hours": "8"})
    scheduled = owner.send("POST", f"/clients/{world.client_a1.pk}/roadmap/schedule", {})
    assert scheduled.status_code == 200, scheduled.content
    columns = owner.get(f"/clients/{world.client_a1.pk}/roadmap").json()["columns"]
    assert [c["quarter"] for c in columns][-1] == "2999-Q4"
    assert ActionItem.objects.get(title="Backups").quarter.startswith("2998-")


# --- item 4: strict types ------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [True, "3", 3.0, False, [3]])
def test_it_refuses_a_level_that_is_not_a_whole_number(owner: Api, world: Any, level: Any) -> None:
    draft = _draft(world)
    answer = Answer.objects.filter(assessment=draft).select_related("practice").first()
    one = _error(
        owner.send(
            "PUT",
            f"/assessments/{draft.pk}/answers/{answer.practice.key}",
            {"state": "level", "level": level, "version": answer.version},
        ),
        422,
    )
    assert "level" in one["fields"], one
    bulk = _error(
        owner.send(
            "PATCH",
            f"/assessments/{draft.pk}/answers",
            {
                "answers": [
                    {"practice_key": answer.practice.key, "state": "level", "level": level, "version": answer.version}
                ]
            },
        ),
        422,
    )
    assert any("level" in key for key in bulk["fields"]), bulk
    answer.refresh_from_db()
    assert answer.level is None and answer.version == 1


def test_it_accepts_a_whole_number_level_and_strings_where_json_has_no_type(owner: Api, world: Any) -> None:
    draft = _draft(world)
    answer = Answer.objects.filter(assessment=draft).select_related("practice").first()
    ok = owner.send(
        "PUT", f"/assessments/{draft.pk}/answers/{answer.practice.key}", {"state": "level", "level": 3, "version": 1}
    )
    assert ok.status_code == 200 and ok.json()["level"] == 3
    item = owner.send(
        "POST",
        f"/clients/{world.client_a1.pk}/action-items",
        {"title": "Backups", "one_time_cost": "1200.50", "due_date": "2027-06-30"},
    )
    assert item.status_code == 201 and item.json()["one_time_cost"] == "1200.50"


@pytest.mark.parametrize("seats", [True, "12", 12.0])
def test_it_refuses_a_count_given_as_another_type(owner: Api, seats: Any) -> None:
    _error(owner.send("POST", "/clients", {"name": "Gamma", "seats": seats}), 422)
    assert not Client.objects.filter(name="Gamma").exists()


# --- item 5: one error shape everywhere; text limits; text the databases cannot store -------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_it_answers_a_body_too_large_with_413_json(owner: Api) -> None:
    body = _error(owner.send("POST", "/clients", {"name": "Big", "notes": "x" * 5000}), 413)
    assert "limit" in body["message"]
    assert not Client.objects.filter(name="Big").exists()


def test_it_answers_an_unexpected_error_with_500_json_naming_an_error_id_it_logs(
    owner: Api, world: Any, monkeypatch: Any, caplog: Any
) -> None:
    from sevenc.tenancy import selectors

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(selectors, "client_list", broken)
    owner.client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="sevenc.api"):
        body = _error(owner.get("/clients"), 500)
    assert set(body) == {"message", "fields", "error_id"} and re.fullmatch(r"[0-9a-f]{12}", body["error_id"])
    assert "secret internals" not in json.dumps(body) and "Traceback" not in json.dumps(body)
    logged = [r for r in caplog.records if body["error_id"] in r.getMessage()]
    assert logged and logged[0].exc_info and "secret internals" in str(logged[0].exc_info[1])


def test_every_api_error_is_json_even_where_ninja_does_not_answer(owner: Api, client: Any) -> None:
    _error(owner.get("/no-such-thing"), 404)
    _error(owner.send("DELETE", "/clients"), 405)
    _error(owner.send("POST", "/clients", raw="{not json"), 400)
    _error(owner.send("POST", "/clients", raw="[1, 2]"), 422)


def test_it_refuses_a_key_given_twice_in_one_object(owner: Api) -> None:
    body = _error(owner.send("POST", "/clients", raw='{"name": "Theta", "name": "Iota"}'), 422)
    assert "twice" in body["fields"]["__all__"][0]
    assert not Client.objects.filter(name__in=["Theta", "Iota"]).exists()


def test_an_anonymous_unsafe_call_gets_401_not_a_csrf_403(client: Any) -> None:
    response = client.post("/api/v1/clients", json.dumps({"name": "x"}), content_type="application/json")
    _error(response, 401)


def test_a_logged_in_session_without_csrf_gets_403_json(world: Any) -> None:
    from django.test import Client as HttpClient

    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(world.owner)
    response = http.post("/api/v1/clients", json.dumps({"name": "x"}), content_type="application/json")
    _error(response, 403)


@pytest.mark.parametrize("text", ["nul \x00 inside", "lone \ud800 surrogate"])
def test_it_refuses_text_the_databases_cannot_store(owner: Api, text: str) -> None:
    raw = json.dumps({"name": "Delta", "notes": text})  # json escapes both as \\u0000 / \\ud800
    body = _error(owner.send("POST", "/clients", raw=raw), 422)
    assert "notes" in body["fields"] and "cannot be stored" in body["fields"]["notes"][0]
    assert not Client.objects.filter(name="Delta").exists()


def test_it_refuses_a_field_name_the_databases_cannot_store(owner: Api, world: Any) -> None:
    body = _error(owner.send("PATCH", f"/clients/{world.client_a1.pk}", raw='{"version": 1, "\\u00e9\\ud800": 1}'), 422)
    assert any("field name" in m for messages in body["fields"].values() for m in messages), body


def test_it_refuses_a_nul_in_the_address(owner: Api) -> None:
    _error(owner.get("/clients", q="a\x00b"), 422)


def test_it_refuses_free_text_past_its_documented_length(owner: Api, world: Any) -> None:
    body = _error(owner.send("POST", "/clients", {"name": "Epsilon", "notes": "x" * (TEXT_MAX + 1)}), 422)
    assert "notes" in body["fields"]
    assert owner.send("POST", "/clients", {"name": "Epsilon", "notes": "x" * TEXT_MAX}).status_code == 201


# --- item 8: one status table; the OpenAPI declares statuses, bounds and unique names --------------------------


def test_docs_print_the_status_table_the_code_uses() -> None:
    text = DOCS.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d{3}) \| (.+?) \|$", text, flags=re.M))
    assert {int(k): v for k, v in rows.items()} == STATUS_TABLE


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    return [(method, path, op) for path, ops in schema["paths"].items() for method, op in ops.items()]


def test_every_operation_declares_each_error_status_with_its_schema() -> None:
    for method, path, op in _operations():
        for status in error_statuses(method, op):
            declared = op["responses"].get(str(status))
            assert declared, f"{method.upper()} {path} does not declare {status}"
            ref = declared["content"]["application/json"]["schema"]["$ref"]
            assert ref.rsplit("/", 1)[1] in {"ErrorOut", "ConflictOut", "ServerErrorOut"}


def _walk_inputs(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every (where, subschema) of every parameter and request body, references followed."""
    components = schema["components"]["schemas"]
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any, where: str, seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            if name not in seen:
                walk(components[name], f"{where}<{name}>", seen | {name})
            return
        found.append((where, node))
        alternatives = node.get("anyOf", [])
        if any(a.get("type") == "number" for a in alternatives):  # a decimal: a number, or its digits as text
            for a in alternatives:
                a.setdefault("x-decimal", True)
        for key in ("properties",):
            for prop, sub in node.get(key, {}).items():
                walk(sub, f"{where}.{prop}", seen)
        for key in ("items", "additionalProperties"):
            walk(node.get(key), f"{where}[]", seen)
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, where, seen)

    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                walk(p.get("schema"), f"{method.upper()} {path} ?{p['name']}", frozenset())
            for media in op.get("requestBody", {}).get("content", {}).values():
                walk(media.get("schema"), f"{method.upper()} {path} body", frozenset())
    return found


def test_every_input_number_text_and_list_is_bounded_in_the_openapi() -> None:
    unbounded = []
    for where, node in _walk_inputs(api.get_openapi_schema()):
        kind = node.get("type")
        if (
            kind == "integer"
            and "enum" not in node
            and not ({"maximum", "exclusiveMaximum"} & set(node) and {"minimum", "exclusiveMinimum"} & set(node))
        ):
            unbounded.append(f"{where}: integer without minimum and maximum")
        text_format = node.get("format") in ("date", "date-time", "binary", "decimal", "uuid")
        if kind == "string" and not ({"enum", "x-decimal", "maxLength", "pattern"} & set(node) or text_format):
            unbounded.append(f"{where}: string without maxLength")
        if kind == "array" and "maxItems" not in node:
            unbounded.append(f"{where}: array without maxItems")
    assert not unbounded, "\n".join(unbounded)


def test_schema_names_are_unique_across_the_api() -> None:
    """Two models of one name would share one component, so an operation would show another one's body."""
    seen: dict[str, type] = {}
    clashes: list[str] = []

    def visit(model: Any) -> None:
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return
        name = model.__name__
        if name in seen:
            other = seen[name]
            if other is not model and other.model_json_schema() != model.model_json_schema():
                clashes.append(f"{name}: {other.__module__} and {model.__module__}")
            return
        seen[name] = model
        for field in model.model_fields.values():
            for arg in _types_in(field.annotation):
                visit(arg)

    for router_ops in _ninja_operations():
        for model in router_ops:
            visit(model)
    assert not clashes, clashes


def _types_in(annotation: Any) -> list[Any]:
    from typing import get_args

    out = [annotation]
    for arg in get_args(annotation):
        out.extend(_types_in(arg))
    return out


def _ninja_operations() -> list[list[Any]]:
    found = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                models: list[Any] = []
                for param_model in op.models:
                    for field in param_model.model_fields.values():
                        models.extend(_types_in(field.annotation))
                for response in op.response_models.values():
                    for field in getattr(response, "model_fields", {}).values():
                        models.extend(_types_in(field.annotation))
                found.append(models)
    return found


def test_csv_downloads_declare_text_csv(owner: Api, world: Any) -> None:
    response = owner.get(f"/clients/{world.client_a1.pk}/plan/export", fmt="csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")

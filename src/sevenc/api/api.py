"""The REST API at /api/v1/: assembles the routers that each domain app owns."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from sevenc.accounts.api import router as accounts_router
from sevenc.api import errors, strict
from sevenc.api.auth import AUTH
from sevenc.api.openapi import add_error_responses
from sevenc.assessments.api import router as assessments_router
from sevenc.assessments.targets.api import router as targets_router
from sevenc.assessments.transfer.api import router as transfer_router
from sevenc.assessments.workshops.api import respondents_router
from sevenc.assessments.workshops.api import router as workshop_router
from sevenc.catalog.api import router as catalog_router
from sevenc.planning.api import router as planning_router
from sevenc.planning.execution.api import meetings_router
from sevenc.planning.strategy.api import strategy_router
from sevenc.responsibility.api import router as responsibility_router
from sevenc.tenancy.api import memberships_router
from sevenc.tenancy.api import router as tenancy_router

DESCRIPTION = """
The sevenc API. Everything the web UI does for staff can be scripted here.

**Authentication.** Create a personal API token in the web UI (API tokens); send it as
`Authorization: Bearer sc_…`. A token belongs to one workspace and acts with its owner's current
role there. A logged-in browser session works too (unsafe methods then need the CSRF token).

**Errors** are JSON: `{"message": "...", "fields": {"name": ["..."]}}`, for every status: 400 the body is
not JSON; 401 not authenticated; 403 your role does not allow it; 404 no such object in your workspace;
409 someone changed the object since you read it (send the `version` you read; the response carries the
current object) or its state forbids the change; 413 the body is too large; 422 the input is refused (wrong
types, unknown fields, out of range, a rule it breaks); 500 an unexpected error, with an `error_id` that is
also in the server's log. A request that fails changes nothing.

**Input** is strict: a boolean is never a number and a string never a number; ids are 1 … 2^63−1, other
whole numbers fit 32 bits unless documented narrower, texts are at most 10,000 characters unless documented
shorter, lists at most 5,000 entries.

**Lists** are paged: `?page=N&page_size=M` (50 per page unless asked, at most 200), answered as
`{"items": [...], "count": total}`.
"""


class SevencAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return add_error_responses(super().get_openapi_schema(*args, **kwargs))


strict.install()
api = SevencAPI(
    title="sevenc API",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)


api.add_router("/", accounts_router)
api.add_router("/clients", tenancy_router)
api.add_router("/memberships", memberships_router)
api.add_router("/frameworks", catalog_router)
api.add_router("/assessments", assessments_router)
api.add_router("/assessments", workshop_router)
api.add_router("/assessments", transfer_router)
api.add_router("/respondents", respondents_router)
api.add_router("/", targets_router)  # /assessments/{id}/targets|gaps, /clients/{id}/trend, /benchmark
api.add_router("/", meetings_router)  # /clients/{id}/meetings|decisions|calendar-feeds, /meetings/{id}, …
api.add_router("/", strategy_router)  # /clients/{id}/strategy-sessions|initiatives|operational-plan, …
api.add_router("/", planning_router)  # /clients/{id}/action-items|roadmap|plan…, /action-items/{id}, …
api.add_router("/", responsibility_router)  # /responsibility-areas…, /clients/{id}/responsibility-matrix…

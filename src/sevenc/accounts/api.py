from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from sevenc.accounts import selectors, services
from sevenc.accounts.schemas import ApiTokenOut, MeOut
from sevenc.core.api import Pagination, require
from sevenc.core.domain.roles import Capability, role_can
from sevenc.core.schemas import Id

router = Router(tags=["account"])


@router.get(
    "/me",
    response=MeOut,
    operation_id="accounts_me_get",
    summary="Who am I: the caller, the workspace the request acts in, and the role there",
)
def me_get(request: HttpRequest) -> dict[str, Any]:
    membership = require(request)
    return {
        "user_id": membership.user.pk,
        "email": membership.user.email,
        "full_name": membership.user.full_name,
        "workspace_id": membership.workspace.pk,
        "workspace": membership.workspace.name,
        "role": membership.role,
        "capabilities": [c.value for c in Capability if role_can(membership.role, c)],
    }


@router.get(
    "/tokens",
    response=list[ApiTokenOut],
    operation_id="accounts_api_token_list",
    summary="The caller's API tokens in this workspace (never their secrets)",
)
@paginate(Pagination)
def api_token_list(request: HttpRequest) -> Any:
    membership = require(request, Capability.USE_API)
    return selectors.api_token_list(workspace=membership.workspace, user=membership.user)


@router.delete(
    "/tokens/{token_id}",
    response={204: None},
    operation_id="accounts_api_token_revoke",
    summary="Revoke one of the caller's tokens; it stops working at once",
)
def api_token_revoke(request: HttpRequest, token_id: Id) -> Status[None]:
    membership = require(request, Capability.USE_API)
    token = selectors.api_token_get(workspace=membership.workspace, user=membership.user, pk=token_id)
    services.api_token_revoke(workspace=membership.workspace, user=membership.user, token=token)
    return Status(204, None)

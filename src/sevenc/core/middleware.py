"""Two rules that every request follows, whichever view answers it.

1. **A request that fails changes nothing.** Every unsafe request (POST, PUT, PATCH, DELETE) runs in one
   database transaction, which is rolled back when the answer is an error (status 400 or more), whether a
   service refused, a view answered 422 or something broke half-way (500). Safe requests take no
   transaction, so reads never wait on SQLite's write lock.
2. **No NUL in the address.** PostgreSQL cannot store or compare text with a NUL character, SQLite can:
   refusing it in the path and the query string keeps both databases alike (bodies are checked by the
   API's strict parsing and by the forms).
3. **Under /api/, every error is JSON** in the API's one shape, whoever made the answer (a method the path
   does not take, a CSRF refusal): ``sevenc.api.errors`` shapes what ninja answers, this shapes the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from sevenc.core.domain.text import unstorable

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self._unstorable_address(request)
        if problem:
            message = f"The address {problem}; nothing was changed."
            if is_api(request):
                return JsonResponse({"message": message, "fields": {}}, status=422)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        if request.method in SAFE_METHODS:
            response = self.get_response(request)
        else:
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= 400:
                    transaction.set_rollback(True)
        if response.status_code >= 400 and is_api(request) and not _is_json(response):
            response = _as_json_error(request, response)
        return response

    @staticmethod
    def _unstorable_address(request: HttpRequest) -> str | None:
        texts = [request.path_info, *request.GET.keys()]
        for values in request.GET.lists():
            texts.extend(values[1])
        for text in texts:
            reason = unstorable(text)
            if reason:
                return reason
        return None


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def _as_json_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    from sevenc.core.api import json_error

    status = response.status_code
    messages = {
        405: f"This path does not take {request.method}.",
        403: "Forbidden: a browser session must send its CSRF token (X-CSRFToken) on unsafe methods.",
    }
    new = json_error(request, status, messages.get(status, response.reason_phrase or "Error."))
    if response.has_header("Allow"):
        new["Allow"] = response["Allow"]
    return new

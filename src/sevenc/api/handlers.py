"""Django's error pages, in the API's JSON shape under /api/ (a path ninja does not know, a body too large to
read before ninja runs, an error outside an operation); the usual HTML pages elsewhere."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views import defaults

from sevenc.core.api import body_too_large_message, json_error
from sevenc.core.middleware import is_api


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return json_error(request, 413, body_too_large_message())
        return json_error(request, 400, "The request is malformed.")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api(request):
        return json_error(request, 403, str(exception or "") or "Forbidden.")
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api(request):
        return json_error(request, 404, "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return json_error(request, 500, "", exc=None)
    return defaults.server_error(request)

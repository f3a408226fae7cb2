"""Helpers shared by the HTML views: one rendering path for pages and their partials, and
turning a service's ApplicationError into form errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.limits import INT_MAX

PARTIAL_HEADER = "X-Sevenc-Partial"


def wants_partial(request: HttpRequest) -> bool:
    return request.headers.get(PARTIAL_HEADER) == "1"


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, partial: str | None = None, status: int = 200
) -> HttpResponse:
    """Render ``template``, or only ``partial`` when the page's own script asks for it.

    The full page ``{% include %}``s the same partial, so both answers come from one template.
    """
    name = partial if partial is not None and wants_partial(request) else template
    response = render(request, name, context, status=status)
    if partial is not None:
        patch_vary_headers(response, [PARTIAL_HEADER])
    return response


def form_add_application_error(form: forms.BaseForm, exc: ApplicationError) -> None:
    """Show the service's message on top of the form and its ``fields`` messages next to the inputs."""
    form.add_error(None, exc.message)
    for name, messages in exc.fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


def posted_version(request: HttpRequest, *, required: bool = False) -> int | None:
    """The ``version`` a form was rendered with (a hidden input), for the service's optimistic check.

    Missing or empty: ``None`` (no check), or 0 when ``required``. Anything but a whole number from 1: 0, which no
    row has, so the write is refused as stale (409) and changes nothing; a malformed version never skips the check.
    """
    raw = request.POST.get("version", "").strip()
    if not raw:
        return 0 if required else None
    return int(raw) if raw.isdigit() and 0 < int(raw) <= INT_MAX else 0

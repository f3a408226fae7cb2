"""PDFs from the same HTML templates as the pages, with WeasyPrint (imported on first use: it needs the Pango
library, see the README)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render ``template`` to HTML and that to PDF bytes. Static files (stylesheets) resolve from the request's
    address when given."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()

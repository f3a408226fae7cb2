"""Spreadsheet files as downloads: one response for every CSV and XLSX export of the web pages and the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify

from sevenc.core.domain import spreadsheets


def file_response(body: bytes, *, fmt: str, name: str, fallback: str = "export") -> HttpResponse:
    """``body`` (a file from :mod:`sevenc.core.domain.spreadsheets`) as an attachment named ``<slug of name>.<fmt>``,
    with its content type: ``text/csv; charset=utf-8`` or the XLSX type."""
    response = HttpResponse(body, content_type=spreadsheets.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or fallback}.{fmt}"'
    return response


def openapi_file(*formats: str) -> dict[str, Any]:
    """``openapi_extra`` for an API operation that answers a file (declare it with ``response={200: None}``): its
    200 response documents the file's content types instead of JSON."""
    return {
        "responses": {
            200: {
                "description": "The file, as an attachment",
                "content": {
                    spreadsheets.CONTENT_TYPES[f]: {"schema": {"type": "string", "format": "binary"}} for f in formats
                },
            }
        }
    }

"""The REST API as the tests call it: Django's test client with a bearer token and JSON bodies.

The ``as_user`` fixture (tests/conftest.py) makes one for any persona; ``owner``, ``admin``, ``vcio``, ``analyst``
and ``viewer`` are workspace A's personas ready-made.
"""

from __future__ import annotations

import json
from typing import Any


class Api:
    def __init__(self, client: Any, secret: str | None) -> None:
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def send(self, method: str, path: str, body: Any = None, raw: str | None = None) -> Any:
        """``body`` as JSON, or ``raw`` exactly as given (broken JSON, duplicate keys)."""
        data = raw if raw is not None else json.dumps(body) if body is not None else ""
        return self.client.generic(method, f"/api/v1{path}", data, content_type="application/json", **self.headers)

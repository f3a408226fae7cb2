"""The one paginator of the API: ``?page=N&page_size=M``, both bounded (docs/api.md, "Lists")."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE = 50
PAGE_SIZE_MAX = 200
PAGE_MAX = 1_000_000


class Pagination(PageNumberPagination):
    """Ninja's page-number paginator with documented limits: a page number past ``PAGE_MAX`` or a page size
    past ``PAGE_SIZE_MAX`` is refused (422) instead of reaching the database."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX, description=f"The page, from 1 (at most {PAGE_MAX:,}).")
        page_size: int | None = Field(
            None,
            ge=1,
            le=PAGE_SIZE_MAX,
            description=f"Items per page: {PAGE_SIZE} unless given, at most {PAGE_SIZE_MAX}.",
        )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=PAGE_SIZE_MAX, **kwargs)  # type: ignore[arg-type]

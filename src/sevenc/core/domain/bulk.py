"""One rule for every bulk input (a list of changes, of ids, of keys): naming the same thing twice is refused,
changing nothing. "The last one wins" would silently drop a change the caller sent, and for a set of ids a
repeated one is a mistake the caller should hear about.

Pure: no Django. Services call :func:`refuse_duplicates` before they read or write anything; the API and the
web views answer the :class:`DuplicateError` with 422 like any other invalid input.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from sevenc.core.domain.errors import ApplicationError

K = TypeVar("K", bound=Hashable)


class DuplicateError(ApplicationError):
    """A bulk input names the same thing more than once (422, nothing changed)."""

    status = 422


def duplicates(keys: Iterable[K]) -> list[K]:
    """Every key that occurs more than once, each listed once, in the order of its second occurrence."""
    seen: set[K] = set()
    twice: dict[K, None] = {}
    for key in keys:
        if key in seen:
            twice.setdefault(key, None)
        seen.add(key)
    return list(twice)


def first_duplicate(keys: Iterable[K]) -> K | None:
    """The first key that occurs a second time, or None when every key is unique."""
    seen: set[K] = set()
    for key in keys:
        if key in seen:
            return key
        seen.add(key)
    return None


def refuse_duplicates(keys: Iterable[K], *, field: str, name: Callable[[K], str] = str) -> None:
    """Raise :class:`DuplicateError` naming each key that occurs more than once (under ``fields[field]``);
    ``name`` turns a key into the words the user knows it by."""
    twice = duplicates(keys)
    if not twice:
        return
    names = [name(key) for key in twice]
    more = f" (and {len(names) - 1} more)" if len(names) > 1 else ""
    raise DuplicateError(
        f"{names[0]} is named more than once{more}; nothing was changed.",
        fields={field: [f"{n} is named more than once." for n in names]},
    )


def refuse_duplicate_objects(objects: Iterable[Any], *, field: str, noun: str) -> None:
    """:func:`refuse_duplicates` for rows (compared by primary key), each named by its noun, text and id:
    ``Action item “Replace the firewall” (12)``."""
    rows = list(objects)
    text = {row.pk: str(row) for row in rows}
    refuse_duplicates((row.pk for row in rows), field=field, name=lambda pk: f"{noun} “{text[pk]}” ({pk})")


def posted_twice(data: Any, names: Iterable[str]) -> list[str]:
    """The names among ``names`` that a form posted more than once. A grid whose field names carry the row's id
    (``state-12``) names that row twice when a field comes twice; ``QueryDict.get`` would keep the last value."""
    getlist = getattr(data, "getlist", None)
    return [name for name in names if getlist is not None and len(getlist(name)) > 1]

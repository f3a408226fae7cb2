"""What text the databases can store: one rule for the API, forms, imports and the CLI.

PostgreSQL refuses the NUL character, and neither database can encode a lone UTF-16 surrogate (which a JSON
``"\\ud800"`` escape produces). SQLite would store a NUL; refusing it everywhere keeps both databases alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None when it can."""
    if "\x00" in text:
        return "holds a NUL character (U+0000), which cannot be stored"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds an invalid character (U+{ord(text[exc.start]):04X}), which cannot be stored"
    return None


def unstorable_in(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every (path, reason) of a text in parsed JSON (keys included) that cannot be stored."""
    if isinstance(data, str):
        reason = unstorable(data)
        if reason:
            yield path, reason
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and (reason := unstorable(key)):
                yield (*path, key.encode("utf-8", "backslashreplace").decode("ascii")), f"its name {reason}"
            yield from unstorable_in(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from unstorable_in(value, (*path, i))

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


def printable(text: str) -> str:
    """``text`` with NUL and lone surrogates written as escapes, so that a message can name it."""
    return text.replace("\x00", "\\u0000").encode("utf-8", "backslashreplace").decode("utf-8")


def unstorable_in(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every (path, sentence) of a text in parsed JSON (keys included) that cannot be stored."""
    if isinstance(data, str):
        reason = unstorable(data)
        if reason:
            yield path, f"This text {reason}."
    elif isinstance(data, dict):
        for key, value in data.items():
            shown = printable(key) if isinstance(key, str) else key
            if isinstance(key, str) and (reason := unstorable(key)):
                yield (*path, shown), f"This field name {reason}."
            yield from unstorable_in(value, (*path, shown))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from unstorable_in(value, (*path, i))

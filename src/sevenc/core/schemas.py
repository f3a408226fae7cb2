"""The API's input rules, in one place: strict schemas with bounded numbers, texts and lists.

Every input schema of every router derives from :class:`StrictSchema`. Its rules, which docs/api.md lists:

- unknown fields are refused (422);
- a number field without explicit bounds is bounded to a 32-bit integer (both databases store it);
  ids (:data:`Id`, and any field named ``…_id``) are 1 … 2**63-1, years (:data:`Year`) 1900 … 2999;
- a text field without an explicit ``max_length`` holds at most :data:`TEXT_MAX` characters;
- a list holds at most :data:`LIST_MAX` entries;
- types are strict (see ``sevenc.api.strict``): a boolean is never a number, a string never a number.

An explicit ``Field(ge=…, le=…, max_length=…)`` on a field wins over these defaults.
"""

from __future__ import annotations

from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types as at
from ninja import Field
from pydantic import BaseModel, ConfigDict

from sevenc.core.domain.limits import ID_MAX, INT_MAX, LIST_MAX, TEXT_MAX, YEAR_MAX, YEAR_MIN

__all__ = [
    "ID_MAX",
    "INT_MAX",
    "LIST_MAX",
    "TEXT_MAX",
    "YEAR_MAX",
    "YEAR_MIN",
    "Id",
    "Key",
    "StrictSchema",
    "Version",
    "VersionIn",
    "Year",
]

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Key = Annotated[str, Field(min_length=1, max_length=140, description="A block, area or practice key.")]
Version = Annotated[
    int, Field(ge=1, le=INT_MAX, description="The version you read; a stale one gets 409 and changes nothing.")
]


def _constrained(meta: list[Any], kinds: tuple[type, ...]) -> bool:
    return any(isinstance(m, kinds) for m in meta)


def _is_union(tp: Any) -> bool:
    return get_origin(tp) is Union or type(tp).__name__ == "UnionType"


def _bounded(tp: Any) -> Any:
    """``tp`` with the default bounds on every int, str and list inside it. An ``Annotated`` type (``Id``,
    ``Year``, a ``Field`` with its own limits) carries its own rules and is left as it is."""
    if tp is int:
        return Annotated[int, at.Ge(-INT_MAX), at.Le(INT_MAX)]
    if tp is str:
        return Annotated[str, at.MaxLen(TEXT_MAX)]
    origin, args = get_origin(tp), get_args(tp)
    if origin in (list, set, frozenset) and args:
        return Annotated[origin[_bounded(args[0])], at.MaxLen(LIST_MAX)]
    if origin is dict and args:
        return Annotated[dict[_bounded(args[0]), _bounded(args[1])], at.MaxLen(LIST_MAX)]  # type: ignore[misc]
    if _is_union(tp):
        bounded = tuple(_bounded(a) for a in args)
        return tp if bounded == args else Union[bounded]  # noqa: UP007 - built from a tuple of types
    return tp


class StrictSchema(BaseModel):
    """The base of every API input: unknown fields refused, numbers, texts and lists bounded.

    A plain pydantic model, not ninja's ``Schema``: that one wraps validation to read Django objects, which
    makes pydantic validate JSON input in Python mode and would undo the strict JSON rules. Inputs nested in
    an input derive from this class too.
    """

    model_config = ConfigDict(extra="forbid")

    def dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        """The fields as a dict (ninja's ``Schema.dict``, which handlers use)."""
        return self.model_dump(*args, **kwargs)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        changed = False
        for name, field in cls.model_fields.items():
            ann = field.annotation
            plain = [a for a in get_args(ann) if a is not type(None)] if _is_union(ann) else [ann]
            kind = plain[0] if len(plain) == 1 else None
            if kind is int:  # a field's own Field(ge=…, le=…) comes as metadata: keep it
                is_id = name.endswith("_id")  # an object's id: 1 … 2**63-1, as in the path
                if not _constrained(field.metadata, (at.Le, at.Lt)):
                    field.metadata.append(at.Le(ID_MAX if is_id else INT_MAX))
                    changed = True
                if not _constrained(field.metadata, (at.Ge, at.Gt)):
                    field.metadata.append(at.Ge(1 if is_id else -INT_MAX))
                    changed = True
            elif kind is str:
                if not _constrained(field.metadata, (at.MaxLen,)):
                    field.metadata.append(at.MaxLen(TEXT_MAX))
                    changed = True
            else:
                bounded = _bounded(ann)
                if bounded is not ann:
                    field.annotation = bounded
                    changed = True
        if changed:
            cls.model_rebuild(force=True)


class VersionIn(StrictSchema):
    """The body of an action that changes a versioned object without other input (finalise, hold)."""

    version: Version

"""Request bodies are validated strictly, as JSON: a boolean is never a number, a string never a number.

Ninja validates a JSON body in pydantic's Python mode, which turns ``true``, ``"3"`` and ``3.0`` into the
level 3. Pydantic's strict JSON mode has exactly the rules JSON callers expect (a date or a decimal may be a
string, an enum its value; a number must be a number), so every JSON body goes through it: one mechanism for
every operation, installed once by ``sevenc.api.api``. The body must also be a JSON object that names each key
once per object (``json`` would keep the last of two), and hold no text that the databases cannot store
(``sevenc.core.domain.text``).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError, ValidationError
from ninja.params.models import BodyModel, _MultiPartBodyModel

from sevenc.core.domain.text import unstorable_in


def _loc(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return ("body", *path)


class _DuplicateKey(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _parse(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body, object_pairs_hook=_pairs)
    except _DuplicateKey as exc:
        raise ValidationError(
            [
                {
                    "loc": ("body",),
                    "msg": f"The key {exc.args[0]!r} appears twice in one object; send it once.",
                    "type": "duplicate_key",
                }
            ]
        ) from None
    except ValueError:
        raise HttpError(400, "The body is not valid JSON.") from None


def _resolve_strict(cls: type[BodyModel], request: HttpRequest, api: Any, path_params: dict[str, Any]) -> Any:
    if not request.body:
        return cls()
    raw = _parse(request)
    single = getattr(cls, "__read_from_single_attr__", None)
    data = {single: raw} if single else raw
    if single is None and not isinstance(raw, dict):
        raise ValidationError([{"loc": ("body",), "msg": "The body must be a JSON object.", "type": "model_type"}])
    problems = list(unstorable_in(raw))
    if problems:
        raise ValidationError(
            [{"loc": _loc(path), "msg": sentence, "type": "string_unstorable"} for path, sentence in problems]
        )
    data = cls._map_data_paths(data)
    return cls.model_validate_json(json.dumps(data), strict=True, context={"request": request})


_original_resolve = BodyModel.resolve


def _resolve(cls: type[BodyModel], request: HttpRequest, api: Any, path_params: dict[str, Any]) -> Any:
    if issubclass(cls, _MultiPartBodyModel):  # form fields beside a file: strings by nature, validated as such
        return _original_resolve.__func__(cls, request, api, path_params)  # type: ignore[attr-defined]
    return _resolve_strict(cls, request, api, path_params)


def install() -> None:
    BodyModel.resolve = classmethod(_resolve)  # type: ignore[method-assign,assignment]

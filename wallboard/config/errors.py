"""Turn pydantic's validation errors into config.toml's one-line errors: FILE: KEY: REASON."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from annotated_types import Ge, Le
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from wallboard.config.fields import Loc, field_at
from wallboard.config.webhooks import PATH_PATTERN
from wallboard.core.model import KEY_PATTERN

# What a value must look like, for each pattern a field declares.
PATTERN_MEANINGS = {KEY_PATTERN: "lower-case letters, digits, - or _",
                    PATH_PATTERN: "a dotted path such as person_properties.Team"}
EXPECTED = {"int_type": "an integer", "float_type": "a number", "bool_type": "true or false",
            "string_type": "a string", "tuple_type": "a list", "list_type": "a list",
            "dict_type": "a table", "model_type": "a table", "finite_number": "a finite number"}


class ConfigError(ValueError):
    """A configuration problem, naming the file and the key."""

    def __init__(self, path: Path | str, key: str, reason: str) -> None:
        self.path, self.key, self.reason = str(path), key, reason
        super().__init__(f"{path}: {key}: {reason}")


def config_error(exc: ValidationError, root: type[BaseModel], path: Path,
                 renamed: Mapping[Loc, str] | None = None) -> ConfigError:
    """Return the ConfigError for the first of exc's errors; root is the model validated.

    renamed maps a key's location to the name to report instead, e.g. the environment
    variable that supplied the value.
    """
    error = exc.errors(include_url=False)[0]
    ctx = error.get("ctx") or {}
    # A dict key that fails is reported under the key itself, not pydantic's "[key]" marker.
    loc: Loc = tuple(p for p in error["loc"] if p != "[key]")
    if error["type"] == "rule":
        loc = (*loc, *ctx.get("at", ()))
    key = (renamed or {}).get(loc) or dotted(loc)
    return ConfigError(path, key, _reason(error, loc, root))


def dotted(loc: Loc) -> str:
    """Write a location as config.toml names it: teams[1].goal (list positions from 1)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text


def _reason(error: ErrorDetails, loc: Loc, root: type[BaseModel]) -> str:
    kind, value, ctx = error["type"], error["input"], error.get("ctx") or {}
    if kind == "rule":
        return ctx["reason"]
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        model, _ = field_at(root, loc[:-1])
        noun = getattr(model, "item_noun", "key")
        return f"unknown {noun}; known {noun}s: {', '.join(_keys(model))}"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(field_at(root, loc)[1])
        if any(isinstance(part, int) for part in loc):
            # A [[teams]] row: several rows share the key, so the message names the value.
            return f"{value:g} is outside {low:g}..{high:g}"
        return f"must be from {low:g} to {high:g}"
    if kind == "literal_error":
        choices = ctx["expected"].replace("'", "").replace(" or ", ", ")
        if error["loc"][-1] == "[key]":
            return f"unknown key; known keys: {choices}"
        return f"must be one of {choices}"
    if kind == "string_pattern_mismatch":
        meaning = PATTERN_MEANINGS.get(ctx["pattern"], f"match {ctx['pattern']}")
        return f"{value!r} must be {meaning}"
    if kind in EXPECTED:
        return f"expected {_expected(kind, loc)}, got {_shown(value)}"
    return error["msg"]


def _expected(kind: str, loc: Loc) -> str:
    if kind == "model_type" and all(isinstance(part, str) for part in loc):
        return f"a [{dotted(loc)}] table"
    if kind == "tuple_type" and len(loc) == 1:
        return f"[[{loc[0]}]] tables"
    return EXPECTED[kind]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _keys(model: type[BaseModel] | None) -> list[str]:
    return [f.alias or n for n, f in (model.model_fields.items() if model else ())]


def _bounds(field: FieldInfo | None) -> tuple[float, float]:
    low, high = -float("inf"), float("inf")
    for rule in field.metadata if field else ():
        if isinstance(rule, Ge):
            low = rule.ge
        elif isinstance(rule, Le):
            high = rule.le
    return low, high

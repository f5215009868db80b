"""Read the declared settings models: the keys they define, and where an error points."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Setting:
    """One key of config.toml as the README documents it: name, default, meaning."""

    name: str
    default: Any
    help: str
    required: bool = False
    env: str | None = None


def _settings(model: type[BaseModel], prefix: str) -> Iterator[Setting]:
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        inner = model_in(info.annotation)
        if inner is not None:
            yield from _settings(inner, key + ".")
        else:
            yield _setting(key, info)


def _setting(name: str, info: FieldInfo) -> Setting:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    env = extra.get("env")
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    return Setting(name, default, info.description or "", info.is_required(),
                   env if isinstance(env, str) else None)


def settings_of(root: type[BaseModel]) -> tuple[Setting, ...]:
    """Return every key below root, nested models spelled out (webhooks.generic.team)."""
    return tuple(_settings(root, ""))


def field_at(root: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """Follow loc from root: return the model it ends in (or None) and the last field passed."""
    model: type[BaseModel] | None = root
    field = None
    for part in loc:
        if model is None or isinstance(part, int):
            continue  # a list position or a dict key stays within the same item type
        name = next((n for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if name is None:
            model = None
            continue
        field = model.model_fields[name]
        model = model_in(field.annotation)
    return model, field


def model_in(annotation: Any) -> type[BaseModel] | None:
    """Return the model an annotation holds: itself, or the item of a tuple, dict or Optional."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (found := model_in(arg)) is not None:
            return found
    return None

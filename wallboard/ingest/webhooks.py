"""Map survey tools' webhook payloads onto response fields, by configured dotted paths."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wallboard.config import WEBHOOK_FIELDS, FieldMap

# Response field (as validate.py names it) <- FieldMap attribute
_TARGETS = {"id": "id", "score": "score", "comment": "comment", "team": "team",
            "employee": "employee", "customer": "customer", "answered_at": "answered_at"}
DELIGHTED_EVENTS = ("survey_response.created", "survey_response.updated")


class PayloadError(ValueError):
    """The payload as a whole is not what the preset expects."""


@dataclass(frozen=True)
class Mapped:
    """One response found in a payload: its fields, or why the payload carries none."""

    item: Any
    ignored: str | None = None
    paths: Mapping[str, str] | None = None


_MISSING = object()


def _shown(value: Any) -> str:
    """A value quoted in an answer: its repr (which escapes control characters), cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "..."


def get_path(payload: Any, path: str) -> Any:
    """Follow a dotted path into nested objects and lists; None when it leads nowhere.

    A part that is a number picks a list item; object keys match exactly, else ignoring case.
    """
    value = payload
    for part in path.split("."):
        if isinstance(value, list):
            if not part.isdigit() or int(part) >= len(value):
                return None
            value = value[int(part)]
        elif isinstance(value, Mapping):
            found = value.get(part, _MISSING)
            if found is _MISSING:
                folded = part.casefold()
                found = next((v for k, v in value.items()
                              if isinstance(k, str) and k.casefold() == folded), None)
            value = found
        else:
            return None
        if value is None:
            return None
    return value


def map_fields(payload: Mapping[str, Any], paths: FieldMap) -> dict[str, Any]:
    """Pick the response fields out of one payload object; absent ones are left out."""
    item = {}
    for name in WEBHOOK_FIELDS:
        value = get_path(payload, getattr(paths, name))
        if value is not None:
            item[_TARGETS[name]] = value
    return item


def _paths_of(paths: FieldMap, prefix: str = "") -> dict[str, str]:
    return {_TARGETS[name]: prefix + getattr(paths, name) for name in WEBHOOK_FIELDS}


def delighted(payload: Any, paths: FieldMap) -> list[Mapped]:
    """Delighted sends one event: survey_response.created, then .updated (often with the
    comment). Other events and non-NPS surveys are acknowledged and ignored."""
    if not isinstance(payload, Mapping) or "event_type" not in payload:
        raise PayloadError("not a Delighted webhook: expected an object with event_type and "
                           "event_data")
    event = payload["event_type"]
    if event not in DELIGHTED_EVENTS:
        return [Mapped(None, ignored=f"event {_shown(event)} is not a survey response")]
    data = payload.get("event_data")
    if not isinstance(data, Mapping):
        raise PayloadError("event_data must be an object holding the survey response")
    survey_type = data.get("survey_type")
    if survey_type not in (None, "nps"):
        return [Mapped(None, ignored=f"survey_type {_shown(survey_type)} is not NPS")]
    return [Mapped(map_fields(data, paths), paths=_paths_of(paths, "event_data."))]


def asknicely(payload: Any, paths: FieldMap) -> list[Mapped]:
    """AskNicely posts person and question objects; count > 1 marks an update of the same
    response, which the store recognises by its id anyway."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("question"), Mapping):
        raise PayloadError("not an AskNicely webhook: expected an object with person and "
                           "question")
    return [Mapped(map_fields(payload, paths), paths=_paths_of(paths))]


def generic(payload: Any, paths: FieldMap) -> list[Mapped]:
    """Any tool: one object or a list of them, fields found by the configured paths."""
    items = payload if isinstance(payload, list) else [payload]
    mapped = []
    for item in items:
        if not isinstance(item, Mapping):
            mapped.append(Mapped(item, paths=_paths_of(paths)))  # refused by validation
            continue
        mapped.append(Mapped(map_fields(item, paths), paths=_paths_of(paths)))
    return mapped


PRESETS = {"delighted": delighted, "asknicely": asknicely, "generic": generic}
SOURCES = {"delighted": "delighted", "asknicely": "asknicely", "generic": "webhook"}

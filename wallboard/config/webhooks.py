"""The [webhooks.<preset>] settings: where each survey tool's payload holds each field."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, Field, create_model

from wallboard.core.model import FROZEN

PATH_PATTERN = r"^[^.\s]+(\.[^.\s]+)*$"
DottedPath = Annotated[str, Field(pattern=PATH_PATTERN)]


class FieldMap(BaseModel):
    """Where a webhook preset finds each response field: dotted paths into the payload."""

    model_config = FROZEN

    id: DottedPath = Field("id", description="Path to the survey tool's response id.")
    score: DottedPath = Field("score", description="Path to the 0-10 score.")
    comment: DottedPath = Field("comment", description="Path to the customer's comment.")
    team: DottedPath = Field("team", description="Path to the team key.")
    employee: DottedPath = Field("employee", description="Path to the employee's name.")
    customer: DottedPath = Field("customer", description="Path to the customer's name.")
    answered_at: DottedPath = Field(
        "answered_at", description="Path to when the customer answered (ISO 8601 or Unix time).")


WEBHOOK_FIELDS: tuple[str, ...] = tuple(FieldMap.model_fields)


def _preset(name: str, doc: str, *defaults: str) -> type[FieldMap]:
    """Return a FieldMap whose defaults are one survey tool's paths, in WEBHOOK_FIELDS order."""
    fields = {key: (DottedPath, Field(default, description=FieldMap.model_fields[key].description))
              for key, default in zip(WEBHOOK_FIELDS, defaults, strict=True)}
    return create_model(name, __base__=FieldMap, __doc__=doc, **fields)  # type: ignore[call-overload]


DelightedPaths = _preset(
    "DelightedPaths", "Paths inside Delighted's event_data; team and employee are person "
    "properties.", "id", "score", "comment", "person_properties.Team",
    "person_properties.Employee", "person.name", "created_at")
AskNicelyPaths = _preset(
    "AskNicelyPaths", "Paths in AskNicely's payload; team and employee are contact custom fields.",
    "question.id", "question.score", "question.comment", "person.team", "person.employee",
    "person.name", "question.responded")


class WebhookPresets(BaseModel):
    """The [webhooks.<preset>] tables, one per survey tool; config.webhooks["generic"] reads one."""

    model_config = FROZEN
    item_noun: ClassVar[str] = "preset"

    delighted: DelightedPaths = Field(default_factory=DelightedPaths,  # type: ignore[valid-type]
                                      description="Paths for POST /api/webhooks/delighted.")
    asknicely: AskNicelyPaths = Field(default_factory=AskNicelyPaths,  # type: ignore[valid-type]
                                      description="Paths for POST /api/webhooks/asknicely.")
    generic: FieldMap = Field(default_factory=FieldMap,
                              description="Paths for POST /api/webhooks/generic.")

    def __getitem__(self, preset: str) -> FieldMap:
        """Return one preset's paths by name, as a mapping would."""
        if preset not in type(self).model_fields:
            raise KeyError(preset)
        return getattr(self, preset)


WEBHOOK_PRESETS: tuple[str, ...] = tuple(WebhookPresets.model_fields)

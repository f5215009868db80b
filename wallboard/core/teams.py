"""A team on the wall: its key, its name and the NPS it started from and aims for."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, model_validator

from wallboard.core.model import FROZEN, HttpUrl, Key, NotBlank, broken

POSITIONAL = ("key", "name", "baseline", "goal")  # the rest only by keyword


class Team(BaseModel):
    """A team on the wall, with its NPS baseline and goal (both optional)."""

    model_config = FROZEN

    key: Key = Field(description="Short id used in the store and in URLs (?team=support).")
    name: NotBlank = Field(description="Name shown on the wall.")
    baseline: float | None = Field(None, ge=-100, le=100,
                                   description="NPS the team started from.")
    goal: float | None = Field(None, ge=-100, le=100,
                               description="NPS the team aims for, above the baseline.")
    notify_url: HttpUrl = Field("", description="The team's own chat webhook; empty: the "
                                "[followup] notify_url.")

    def __init__(self, *args: Any, **data: Any) -> None:
        """Validate a team; key, name, baseline and goal may also be given by position."""
        # pydantic calls this for nested data too, so it passes every keyword on unchanged.
        if len(args) > len(POSITIONAL):
            raise TypeError(f"Team takes at most {len(POSITIONAL)} positional "
                            f"arguments, got {len(args)}")
        super().__init__(**dict(zip(POSITIONAL, args, strict=False)), **data)

    @model_validator(mode="before")
    @classmethod
    def _goal_alone_starts_from_zero(cls, data: Any) -> Any:
        # A goal without a baseline measures progress from 0.
        if isinstance(data, dict) and data.get("goal") is not None and \
                data.get("baseline") is None:
            return {**data, "baseline": 0.0}
        return data

    @model_validator(mode="after")
    def _goal_above_baseline(self) -> Team:
        baseline = self.baseline or 0.0
        if self.goal is not None and self.goal <= baseline:
            raise broken(f"goal {self.goal:g} must be above baseline {baseline:g}", "goal")
        return self

    @classmethod
    def unconfigured(cls, key: str) -> Team:
        """Return a team known only from the store, named by its key.

        Store keys come from survey tools and need not follow the config's key rule, so this
        does not validate.
        """
        return cls.model_construct(key=key, name=key)

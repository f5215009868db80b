"""A team on the wall: its key, its name and the NPS it started from and aims for."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, model_validator

from wallboard.core.model import FROZEN, HttpUrl, Key, NotBlank, broken

POSITIONAL = ("key", "name", "baseline", "goal")  # the rest only by keyword

# The wall's colour-blind-safe colours a team may take as its accent: IBM Design's palette
# (the wall's own colours) and Okabe & Ito's. Any other colour is refused.
ACCENT_PALETTE: tuple[str, ...] = (
    "#648fff", "#785ef0", "#dc267f", "#fe6100", "#ffb000",
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7")
EMOJI_MAX_CHARS = 8  # one emoji, possibly built of several code points (a flag, a family)


def _accent(value: str | None) -> str | None:
    if value is None:
        return None
    colour = value.strip().lower()
    if colour not in ACCENT_PALETTE:
        raise broken(f"{value!r} is not in the colour-blind-safe palette: "
                     f"{', '.join(ACCENT_PALETTE)}")
    return colour


def _emoji(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    markup = any(ch.isalnum() or ch in "<>&\"'" for ch in text)
    if not text or len(text) > EMOJI_MAX_CHARS or markup:
        raise broken("must be one emoji, such as \U0001f680")
    return text


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
    challenge_target: float | None = Field(
        None, ge=-100, le=100_000,
        description="This team's target in the weekly challenge, instead of challenge.target.")
    accent_color: Annotated[str | None, AfterValidator(_accent)] = Field(
        None, description="The team's colour in its celebrations and cards (palette only).")
    accent_emoji: Annotated[str | None, AfterValidator(_emoji)] = Field(
        None, description="One emoji shown with the team in its celebrations and cards.")

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

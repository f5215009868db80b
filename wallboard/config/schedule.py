"""[schedule]: the working hours of the screens, checked into core's Hours."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, Strict

from wallboard.core.model import FROZEN, broken
from wallboard.core.schedule import DAY_NAMES, Hours, parse_clock

_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(value: Any) -> str:
    text = value.strip().lower() if isinstance(value, str) else None
    if text in _FULL_NAMES:
        return DAY_NAMES[_FULL_NAMES.index(text)]
    if text not in DAY_NAMES:
        raise broken(f"unknown day {value!r}; use {', '.join(DAY_NAMES)}")
    return text


def _days(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise broken("must name at least one day (leave [schedule] out for screens that "
                     "never go dark)")
    return tuple(sorted(dict.fromkeys(value), key=DAY_NAMES.index))


def _clock(value: Any) -> str:
    if not isinstance(value, str):
        raise broken(f"expected a time of day as a string such as \"08:00\", got {value!r}")
    try:
        parse_clock(value)
    except ValueError as exc:
        raise broken(str(exc)) from None
    return value.strip()


def _holiday(value: Any) -> date:
    # TOML has dates of its own (2026-12-24); a quoted "2026-12-24" is accepted as well.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            if len(value.strip()) == 10:
                return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise broken(f"{value!r} is not a date such as 2026-12-24")


Day = Annotated[str, BeforeValidator(_day)]
Days = Annotated[tuple[Day, ...], Strict(False), AfterValidator(_days)]
Clock = Annotated[str, BeforeValidator(_clock)]
Holiday = Annotated[date, BeforeValidator(_holiday)]


class ScheduleSettings(BaseModel):
    """[schedule]: when screens are lit; without this table they never go dark."""

    model_config = FROZEN

    days: Days = Field(("mon", "tue", "wed", "thu", "fri"),
                       description="Weekdays the working hours start on.")
    start: Clock = Field("08:00", description="Local time (HH:MM) the working hours start.")
    end: Clock = Field("17:00", description="Local time (HH:MM) they end; before start: "
                                             "the next day.")
    holidays: Annotated[tuple[Holiday, ...], Strict(False)] = Field(
        (), description="Dates (YYYY-MM-DD) without working hours.")
    dark: Literal["black", "clock"] = Field("black",
                                            description="What a screen shows outside them.")

    def hours(self) -> Hours:
        """Return these settings as core's Hours."""
        return Hours(days=frozenset(DAY_NAMES.index(d) for d in self.days),
                     start=parse_clock(self.start), end=parse_clock(self.end),
                     holidays=frozenset(self.holidays))

"""The fleet page's forms: what the admin typed, as a profile, and back; errors in words.

The form's fields are named p_<parameter> (p_team, p_panels, ...) so that they never meet
the page's own ?lang=. An empty choice means "the wall's default" and is left out of the
profile; check_profile decides what is valid, this module only says it in the admin's
language, next to the field it concerns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from wallboard.config import LANGUAGES, PANEL_NAMES, Config
from wallboard.i18n import number, text
from wallboard.screens.fleet_view import LANGUAGE_NAMES, team_names

# Fields whose own error text says more than "not a value this field accepts".
OWN_ERRORS = {"team", "panels", "rotate", "hours", "lang"}


@dataclass
class FormValues:
    """Everything a fleet form shows in its fields, as typed (strings, panels a list)."""

    code: str = ""
    name: str = ""
    new_name: str = ""
    p_team: str = ""
    p_panels: list[str] = field(default_factory=list)
    p_lang: str = ""
    p_rotate: str = ""
    p_celebrate: str = ""
    p_sound: str = ""
    p_overdue: str = ""
    p_hours: str = ""
    p_hours_custom: str = ""
    p_dark: str = ""


def _clean(value: str | None, limit: int = 80) -> str:
    return " ".join((value or "").split())[:limit]


def read_form(form: MultiDict) -> FormValues:
    """The values a POSTed fleet form carries, trimmed and bounded (never trusted)."""
    values = FormValues(code=_clean(form.get("code"), 16).upper(), name=_clean(form.get("name")),
                        new_name=_clean(form.get("new_name")))
    values.p_panels = [p for p in (_clean(x, 20) for x in form.getlist("p_panels")) if p][:10]
    for key in ("team", "lang", "rotate", "celebrate", "sound", "overdue", "hours",
                "hours_custom", "dark"):
        setattr(values, f"p_{key}", _clean(form.get(f"p_{key}")))
    return values


def profile_of(values: FormValues) -> tuple[dict[str, str], dict[str, str]]:
    """The raw profile the form asks for, and the errors found before check_profile.

    Returns (profile, errors): errors maps a profile key to a text key.
    """
    profile: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key in ("team", "lang", "rotate", "celebrate", "sound", "overdue", "dark"):
        if chosen := getattr(values, f"p_{key}"):
            profile[key] = chosen
    if values.p_panels:
        profile["panels"] = ",".join(values.p_panels)
    if values.p_hours == "custom":
        if values.p_hours_custom:
            profile["hours"] = values.p_hours_custom.replace(" ", "")
        else:
            errors["hours"] = "fleet_err_hours"
    elif values.p_hours:
        profile["hours"] = values.p_hours
    return profile, errors


def values_of(profile: Mapping[str, str]) -> FormValues:
    """The form's values for a stored profile (the screen's page starts from them)."""
    values = FormValues()
    for key in ("team", "lang", "rotate", "celebrate", "sound", "overdue", "dark"):
        setattr(values, f"p_{key}", str(profile.get(key, "")))
    values.p_panels = [p for p in str(profile.get("panels", "")).split(",") if p]
    hours = str(profile.get("hours", ""))
    if hours in ("", "default", "always"):
        values.p_hours = "" if hours == "default" else hours
    else:
        values.p_hours, values.p_hours_custom = "custom", hours
    return values


def error_text(lang: str, field_name: str, *, rotate_range: tuple[int, int]) -> str:
    """The admin's words for a bad value of a profile field."""
    if field_name == "rotate":
        low, high = rotate_range
        return text(lang, "fleet_err_rotate", low=number(lang, low), high=number(lang, high))
    if field_name in OWN_ERRORS:
        return text(lang, f"fleet_err_{field_name}")
    return text(lang, "fleet_err_bad_value")


def choices(lang: str, config: Config) -> dict[str, object]:
    """The options of the profile's fields, in lang (the first of each: the wall's default)."""
    wall = config.wall
    default = text(lang, "fleet_default")
    return {
        "teams": [("", text(lang, "fleet_all_teams"))]
        + sorted(team_names(config).items(), key=lambda item: item[1].casefold()),
        "languages": [("", text(lang, "fleet_default_value",
                                value=LANGUAGE_NAMES[wall.language]))]
        + [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "panels": [(name, text(lang, name)) for name in PANEL_NAMES],
        "rotate_default": number(lang, wall.rotate_seconds),
        "on_off": [("", default), ("on", text(lang, "fleet_on")),
                   ("off", text(lang, "fleet_off"))],
        "show_hide": [("", default), ("on", text(lang, "fleet_show")),
                      ("off", text(lang, "fleet_hide"))],
        "hours": [("", text(lang, "fleet_hours_default")),
                  ("always", text(lang, "fleet_hours_always")),
                  ("custom", text(lang, "fleet_hours_custom"))],
        "dark": [("", default), ("black", text(lang, "fleet_dark_black")),
                 ("clock", text(lang, "fleet_dark_clock"))],
    }

"""What the fleet page's forms do: pair a TV, rename, re-profile, reload, identify, forget.

Each action checks everything the admin typed before it writes, and says every problem in the
admin's language next to its field; a problem found by the store at the last moment (a name
taken by another admin a second ago, a code paired by someone else) is said the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Response, request
from sqlalchemy import Engine

from wallboard.config import Config
from wallboard.i18n import text
from wallboard.screens.fleet_forms import (
    FormValues,
    error_text,
    profile_of,
    read_form,
    values_of,
)
from wallboard.screens.fleet_pages import FleetPages
from wallboard.screens.profile import MAX_ROTATE, MIN_ROTATE, check_profile
from wallboard.store.screens import (
    ScreenError,
    UnknownScreen,
    check_name,
    forget,
    identify,
    pair,
    rename,
    request_reload,
    screen_by_name,
    set_profile,
)

ROTATE_RANGE = (MIN_ROTATE, MAX_ROTATE)


class FleetActions:
    """The POST handlers of /fleet; pages renders the answers (a FleetPages)."""

    def __init__(self, config: Config, engine: Engine, pages: FleetPages,
                 clock: Callable[[], datetime]) -> None:
        self.config, self.engine, self.pages, self.clock = config, engine, pages, clock

    # -- checks shared by the forms -----------------------------------------------------

    def name_problem(self, lang: str, name: str, *, current: str | None = None) -> str | None:
        """Why name cannot be a screen's name (bad, or another screen's), or None."""
        try:
            name = check_name(name)
        except ScreenError:
            return text(lang, "fleet_err_name_bad")
        other = screen_by_name(self.engine, name)
        if other is not None and (current is None or other.name.casefold()
                                  != current.casefold()):
            return text(lang, "fleet_err_name_taken", name=other.name)
        return None

    def checked_profile(self, lang: str, values: FormValues,
                        errors: dict[str, str]) -> dict[str, str] | None:
        """The profile the form asks for, checked; problems go into errors by field."""
        raw, found = profile_of(values)
        for field, key in found.items():
            errors[field] = text(lang, key)
        try:
            profile = check_profile(raw, self.config)
        except ScreenError as exc:  # ProfileErrors: every bad field, each said at its own
            for field, _ in getattr(exc, "errors", [(exc.field, exc.message)]):
                errors.setdefault(field, error_text(lang, field, rotate_range=ROTATE_RANGE))
            return None
        return None if found else profile

    def store_problem(self, lang: str, exc: ScreenError, errors: dict[str, str],
                      name_field: str, name: str) -> None:
        """Say a refusal of the store's (checked again there) next to its field."""
        if exc.field == "name":
            taken = "taken" in exc.message
            errors[name_field] = (text(lang, "fleet_err_name_taken", name=name) if taken
                                  else text(lang, "fleet_err_name_bad"))
        else:
            errors[exc.field] = error_text(lang, exc.field, rotate_range=ROTATE_RANGE)

    # -- the forms ----------------------------------------------------------------------

    def pair(self) -> Response:
        lang = self.pages.language()
        values = read_form(request.form)
        errors: dict[str, str] = {}
        if not values.code:
            errors["code"] = text(lang, "fleet_err_code_missing")
        if problem := self.name_problem(lang, values.name):
            errors["name"] = problem
        profile = self.checked_profile(lang, values, errors)
        if not errors:
            try:
                row = pair(self.engine, values.code, values.name, profile, now=self.clock())
            except UnknownScreen:
                errors["code"] = text(lang, "fleet_err_code_unknown", code=values.code)
            except ScreenError as exc:
                if exc.field == "code":
                    errors["code"] = text(lang, "fleet_err_code_bad")
                else:
                    self.store_problem(lang, exc, errors, "name", values.name)
        if errors:
            return self.pages.fleet(form=values, errors=errors, status=400)
        return self.pages.done("paired", row.name)

    def rename(self, name: str) -> Response:
        lang = self.pages.language()
        values = read_form(request.form)
        row = screen_by_name(self.engine, name)
        if row is None:
            return self.pages.unknown(name)
        errors: dict[str, str] = {}
        if problem := self.name_problem(lang, values.new_name, current=row.name):
            errors["new_name"] = problem
        else:
            try:
                rename(self.engine, row.name, values.new_name)
            except UnknownScreen:
                return self.pages.unknown(name)
            except ScreenError as exc:
                self.store_problem(lang, exc, errors, "new_name", values.new_name)
        if errors:
            kept = values_of(row.profile)
            kept.new_name = values.new_name
            return self.pages.screen(row.name, form=kept, errors=errors, status=400)
        return self.pages.done("renamed", check_name(values.new_name), screen=True)

    def profile(self, name: str) -> Response:
        lang = self.pages.language()
        values = read_form(request.form)
        row = screen_by_name(self.engine, name)
        if row is None:
            return self.pages.unknown(name)
        values.new_name = row.name
        errors: dict[str, str] = {}
        profile = self.checked_profile(lang, values, errors)
        if not errors:
            try:
                set_profile(self.engine, row.name, profile)
            except UnknownScreen:
                return self.pages.unknown(name)
            except ScreenError as exc:
                self.store_problem(lang, exc, errors, "name", row.name)
        if errors:
            return self.pages.screen(row.name, form=values, profile_errors=errors, status=400)
        return self.pages.done("profile", row.name, screen=True)

    def reload(self, name: str) -> Response:
        return self._simple(name, "reload", request_reload)

    def identify(self, name: str) -> Response:
        return self._simple(name, "identify",
                            lambda engine, key: identify(engine, key, now=self.clock()))

    def forget(self, name: str) -> Response:
        if request.form.get("confirm") != "yes":
            return self.pages.forget_page(name)
        return self._simple(name, "forgotten", forget)

    def _simple(self, name: str, what: str, change: Callable[[Engine, str], object]
                ) -> Response:
        row = screen_by_name(self.engine, name)
        if row is None:
            return self.pages.unknown(name)
        try:
            change(self.engine, row.name)
        except UnknownScreen:
            return self.pages.unknown(name)
        on_screen = request.form.get("back") == "screen" and what != "forgotten"
        return self.pages.done(what, row.name, screen=on_screen)

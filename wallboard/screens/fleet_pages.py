"""The fleet page's answers for one request: the list, its self-refreshing part, a screen's
page, the forget confirmation, "no such screen", and the redirect after a change.

Rendered with Jinja from wallboard/screens/templates (every value escaped) in the page's
language (?lang=, else the wall's), as accounts' signed-in pages are: never cached, never
framed, only this site's own script.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote, urlencode

from flask import Response, redirect, request
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine

from wallboard import accounts
from wallboard.config import LANGUAGES, Config
from wallboard.i18n import TEXTS, clock, plural, text
from wallboard.screens import fleet_view
from wallboard.screens.api import dark_now
from wallboard.screens.fleet_forms import FormValues, choices, values_of
from wallboard.screens.online import is_online
from wallboard.store.screens import list_screens, screen_by_name, waiting_screens

DONE = ("paired", "renamed", "profile", "reload", "identify", "forgotten")


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("wallboard.screens", "templates"),
                       autoescape=select_autoescape(default=True), auto_reload=False)


class FleetPages:
    """Renders the fleet's pages for one request's language; the routes call it."""

    def __init__(self, config: Config, engine: Engine, build: str,
                 clock_: Callable[[], datetime]) -> None:
        self.config, self.engine, self.build, self.clock = config, engine, build, clock_

    def language(self) -> str:
        lang = request.values.get("lang")
        return lang if lang in LANGUAGES else self.config.wall.language

    def common(self, lang: str) -> dict:
        here = request.path
        languages = [(code, fleet_view.LANGUAGE_NAMES[code], f"{here}?lang={code}")
                     for code in LANGUAGES]
        return {"lang": lang, "t": TEXTS[lang], "user": accounts.current_user() or "?",
                "languages": languages, "token": accounts.form_token(),
                "choices": choices(lang, self.config)}

    def live(self, lang: str) -> dict:
        """The self-refreshing part's values: cards of the named screens, the TVs waiting."""
        now = self.clock()
        rows = list_screens(self.engine)
        cards = [fleet_view.card(lang, row, now=now, config=self.config, build=self.build,
                                 online=is_online(row, now),
                                 dark=dark_now(row.profile, self.config, now))
                 for row in rows]
        waiting = [fleet_view.waiting(lang, row, now=now, config=self.config)
                   for row in waiting_screens(self.engine)]
        return {"cards": cards, "waiting": waiting,
                "count": plural(lang, "fleet_count", len(cards)),
                "updated": text(lang, "fleet_updated",
                                time=clock(now, self.config.wall.timezone)),
                "pairing": self.config.screens.pairing}

    def fleet(self, *, form: FormValues | None = None, errors: dict | None = None,
              error: str | None = None, notice: str | None = None,
              status: int = 200) -> Response:
        lang = self.language()
        body = _environment().get_template("fleet.html").render(
            **self.common(lang), **self.live(lang), form=form or FormValues(),
            errors=errors or {}, error=error, notice=notice)
        return accounts.html_page(body, status, script=True)

    def live_part(self) -> Response:
        lang = self.language()
        body = _environment().get_template("fleet_live.html").render(
            **self.common(lang), **self.live(lang))
        return accounts.html_page(body, script=True)

    def screen(self, name: str, *, form: FormValues | None = None,
               errors: dict | None = None, profile_errors: dict | None = None,
               error: str | None = None, notice: str | None = None,
               status: int = 200) -> Response:
        lang = self.language()
        row = screen_by_name(self.engine, name)
        if row is None:
            return self.unknown(name)
        now = self.clock()
        card = fleet_view.card(lang, row, now=now, config=self.config, build=self.build,
                               online=is_online(row, now),
                               dark=dark_now(row.profile, self.config, now))
        if form is None:
            form = values_of(row.profile)
            form.new_name = row.name
        body = _environment().get_template("fleet_screen.html").render(
            **self.common(lang), c=card, form=form, errors=errors or {},
            profile_errors=profile_errors or {}, error=error, notice=notice)
        return accounts.html_page(body, status, script=True)

    def forget_page(self, name: str) -> Response:
        lang = self.language()
        row = screen_by_name(self.engine, name)
        if row is None:
            return self.unknown(name)
        body = _environment().get_template("fleet_forget.html").render(
            **self.common(lang), name=row.name, error=None, notice=None)
        return accounts.html_page(body, script=True)

    def unknown(self, name: str) -> Response:
        lang = self.language()
        return self.fleet(error=text(lang, "fleet_err_unknown_screen", name=name[:60]),
                          status=404)

    def done(self, what: str, name: str, *, screen: bool = False) -> Response:
        """Redirect after a change to the list (or the screen's page) saying what was done."""
        query = urlencode({"lang": self.language(), "done": what, "screen": name})
        path = f"/fleet/screen/{quote(name, safe='')}" if screen else "/fleet"
        return redirect(f"{path}?{query}", 303)

    def notice(self) -> str | None:
        what = request.args.get("done", "")
        if what not in DONE:
            return None
        return text(self.language(), f"fleet_done_{what}",
                    name=request.args.get("screen", "")[:60])

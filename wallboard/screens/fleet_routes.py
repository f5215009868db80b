"""/fleet: the signed-in admins' page of every screen, its forms and its self-refreshing list.

Server-rendered (Flask + Jinja, like the sign-in page): every value escaped, every form
works without script. accounts' guard has already let only signed-in admins through; each
POST is also refused unless it carries the form token of the admin's sign-in and names this
site as its origin. An error re-renders the form with what was typed and the error next to
its field (400); a change redirects (303) to a page that says what was done.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import Flask, Response, redirect, request, send_file
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard import accounts
from wallboard.config import LANGUAGES, Config
from wallboard.core.clock import utcnow
from wallboard.i18n import TEXTS, clock, plural, text
from wallboard.screens import fleet_actions, fleet_view
from wallboard.screens.api import dark_now
from wallboard.screens.fleet_forms import FormValues, choices, values_of
from wallboard.screens.online import is_online
from wallboard.store.screens import list_screens, screen_by_name, waiting_screens

SCRIPT = Path(__file__).resolve().parent / "static" / "fleet.js"
DONE = ("paired", "renamed", "profile", "reload", "identify", "forgotten")
log = logging.getLogger(__name__)


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


def register_fleet(server: Flask, config: Config, engine: Engine, build: str, *,
                   clock_: Callable[[], datetime] = utcnow) -> None:
    """Add /fleet and its forms to the server (accounts' guard admits admins only)."""
    pages = FleetPages(config, engine, build, clock_)

    def guarded(action: Callable[..., Response]) -> Callable[..., Response]:
        """Refuse a forged form; answer store trouble with the page, not a trace."""

        @functools.wraps(action)
        def run(**view_args: str) -> Response:
            lang = pages.language()
            if request.method == "POST" and accounts.forged_form():
                log.warning("a fleet form without its token or from another site was refused")
                return pages.fleet(error=text(lang, "fleet_err_forged"), status=403)
            try:
                return action(**view_args)
            except SQLAlchemyError as exc:
                log.error("the fleet page cannot use the store: %s", exc)
                return accounts.html_page(
                    f"<!doctype html><title>503</title><p>{text(lang, 'fleet_err_store')}</p>",
                    503)
        return run

    act = fleet_actions.FleetActions(config, engine, pages, clock_)
    routes = [
        ("/fleet", "fleet", lambda: pages.fleet(form=FormValues(
            code=request.args.get("code", "")[:16]), notice=pages.notice()), ["GET"]),
        ("/fleet/live", "fleet_live", pages.live_part, ["GET"]),
        ("/fleet/fleet.js", "fleet_script", lambda: send_file(
            SCRIPT, mimetype="text/javascript", max_age=0), ["GET"]),
        ("/fleet/pair", "fleet_pair", act.pair, ["POST"]),
        ("/fleet/screen/<name>", "fleet_screen",
         lambda name: pages.screen(name, notice=pages.notice()), ["GET"]),
        ("/fleet/screen/<name>/forget", "fleet_forget_page", pages.forget_page, ["GET"]),
        ("/fleet/screen/<name>/forget", "fleet_forget", act.forget, ["POST"]),
        ("/fleet/screen/<name>/rename", "fleet_rename", act.rename, ["POST"]),
        ("/fleet/screen/<name>/profile", "fleet_profile", act.profile, ["POST"]),
        ("/fleet/screen/<name>/reload", "fleet_reload", act.reload, ["POST"]),
        ("/fleet/screen/<name>/identify", "fleet_identify", act.identify, ["POST"]),
    ]
    for rule, endpoint, view, methods in routes:
        server.add_url_rule(rule, f"wallboard_{endpoint}", guarded(view), methods=methods)

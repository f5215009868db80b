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

from flask import Flask, Response, request, send_file
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard import accounts
from wallboard.config import Config
from wallboard.core.clock import utcnow
from wallboard.i18n import text
from wallboard.screens.fleet_actions import FleetActions
from wallboard.screens.fleet_forms import FormValues
from wallboard.screens.fleet_pages import FleetPages

SCRIPT = Path(__file__).resolve().parent / "static" / "fleet.js"
log = logging.getLogger(__name__)


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

    act = FleetActions(config, engine, pages, clock_)
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

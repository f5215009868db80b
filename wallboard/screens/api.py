"""/api/screens: monitoring and scripts read the fleet and reload or re-profile a screen.

Every route needs the API token, as /api/responses does (accounts' one check: 401 without or
with a wrong token, 403 while no token is configured). Screen names in the URL are
URL-decoded and matched case-insensitively; a change answers 202 and reaches the screen
within a few seconds (each process reads the screen table about once a second).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from flask import Flask, Response, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard import store
from wallboard.accounts import refuse_without_token
from wallboard.config import Config
from wallboard.core.cleaning import NotJson, clean_text, read_json
from wallboard.core.clock import utcnow
from wallboard.core.schedule import hours_for, is_working
from wallboard.screens.online import is_online
from wallboard.screens.profile import check_profile
from wallboard.store.screens import (
    ScreenError,
    ScreenRow,
    UnknownScreen,
    list_screens,
    request_reload,
    screen_by_name,
    set_profile,
)
from wallboard.web import iso, json_answer, json_error, store_unavailable

WHAT = "the screens API"
log = logging.getLogger(__name__)


def dark_now(profile: dict[str, str], config: Config, now: datetime) -> bool:
    """Tell whether a screen with this profile is outside its working hours at now."""
    try:
        hours = hours_for(config.schedule_hours(), profile.get("hours"))
    except ValueError:  # a profile stored by an older version: the schedule holds
        hours = config.schedule_hours()
    return not is_working(hours, now, config.zone())


def screen_json(row: ScreenRow, config: Config, now: datetime, build: str) -> dict:
    """One named screen as GET /api/screens promises it."""
    online = is_online(row, now)
    return {"name": row.name, "online": online, "last_seen": iso(row.last_seen),
            "online_since": iso(row.online_since) if online else None,
            "profile": dict(row.profile), "build": row.build,
            "current_build": row.build == build if row.build else None,
            "dark": dark_now(row.profile, config, now), "stale": bool(row.stale),
            "width": row.width, "height": row.height, "memory_mb": row.memory_mb,
            "loaded_at": iso(row.loaded_at), "paired_at": iso(row.paired_at)}


def field_error(field: str, message: str,
                more: list[tuple[str, str]] | None = None) -> Response:
    """400 naming the field: {"error": ..., "field": ..., "errors": [{field, message}]};
    errors lists every bad field (more, when given: all of them, the first included)."""
    every = more or [(field, message)]
    return json_answer({"error": "; ".join(f"{f}: {m}" for f, m in every), "field": field,
                        "errors": [{"field": f, "message": m} for f, m in every]}, 400)


def _profile_body() -> tuple[dict[str, str] | None, list[tuple[str, str]], Response | None]:
    """(the body's parameters as text, the fields that are no text, number or true/false,
    or a 400 for a body that is no JSON object)."""
    example = 'a JSON object of the wall\'s parameters such as {"team": "support", "lang": "da"}'
    try:
        payload = read_json(request.get_data(cache=False))
    except NotJson as exc:
        return None, [], field_error("body", f"{exc}; the body must be {example}")
    if not isinstance(payload, dict):
        return None, [], field_error("body", f"the body must be {example}")
    raw, bad = {}, []
    for key, value in payload.items():
        if isinstance(value, bool):
            value = "on" if value else "off"
        elif isinstance(value, int | float):
            value = str(value)
        elif not isinstance(value, str):
            bad.append((clean_text(str(key))[:40], "must be a string, a number or true/false"))
            continue
        raw[clean_text(str(key))[:40]] = clean_text(value)
    return raw, bad, None


def _unknown(name: str) -> Response:
    shown = clean_text(name)[:40]
    return json_error(404, f"no screen is named {shown!r} (GET /api/screens lists them)")


def register_api(server: Flask, config: Config, engine: Engine, build: str, *,
                 clock: Callable[[], datetime] = utcnow) -> None:
    """Add GET /api/screens and POST /api/screens/<name>/reload and .../profile."""

    @server.get("/api/screens")
    def screens_list() -> Response:
        if refused := refuse_without_token(config, what=WHAT):
            return refused
        now = clock()
        try:
            rows = list_screens(engine)
        except SQLAlchemyError as error:
            return store_unavailable(log, "listing screens", error,
                                     trouble=store.classify(error).text)
        return json_answer([screen_json(row, config, now, build) for row in rows])

    @server.route("/api/screens/<path:name>/reload", methods=["GET", "PUT", "PATCH", "DELETE"])
    @server.route("/api/screens/<path:name>/profile", methods=["GET", "PUT", "PATCH", "DELETE"])
    def screen_wrong_method(name: str) -> Response:
        # Without this, the wall's page would answer a GET here with 200 (as /api/responses).
        response = json_error(405, "use POST; see README 'Screens' (the token API)")
        response.headers["Allow"] = "POST"
        return response

    @server.post("/api/screens/<path:name>/reload")
    def screen_reload(name: str) -> Response:
        if refused := refuse_without_token(config, what=WHAT):
            return refused
        try:
            row = screen_by_name(engine, name)
            if row is None:
                return _unknown(name)
            request_reload(engine, row.name)
        except UnknownScreen:  # forgotten meanwhile
            return _unknown(name)
        except SQLAlchemyError as error:
            return store_unavailable(log, "reloading a screen", error,
                                     trouble=store.classify(error).text)
        log.info("screen %r asked to reload through the API", row.name)
        return json_answer({"name": row.name, "reload": "requested"}, 202)

    @server.post("/api/screens/<path:name>/profile")
    def screen_profile(name: str) -> Response:
        if refused := refuse_without_token(config, what=WHAT):
            return refused
        raw, bad, refused = _profile_body()
        if refused:
            return refused
        try:
            row = screen_by_name(engine, name)
            if row is None:
                return _unknown(name)
            try:
                profile = check_profile(raw, config)
            except ScreenError as error:  # ProfileErrors: every bad field
                bad += getattr(error, "errors", [(error.field, error.message)])
            if bad:
                return field_error(*bad[0], bad)
            set_profile(engine, row.name, profile, now=clock())
        except ScreenError as error:
            return field_error(error.field, error.message)
        except UnknownScreen:
            return _unknown(name)
        except SQLAlchemyError as error:
            return store_unavailable(log, "changing a screen's profile", error,
                                     trouble=store.classify(error).text)
        log.info("screen %r shows a new profile set through the API", row.name)
        return json_answer({"name": row.name, "profile": profile}, 202)

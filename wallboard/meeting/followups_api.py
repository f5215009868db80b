"""/api/followups/<id>: other tools read and change a detractor's follow-up with the token."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard import store
from wallboard.accounts import refuse_without_token
from wallboard.config import Config
from wallboard.core.cleaning import NotJson, clean_text, read_json
from wallboard.core.clock import utcnow
from wallboard.meeting.followups import (
    UNSET,
    FollowUpConflict,
    FollowUpError,
    UnknownResponseError,
    followup_history,
    get_followup,
    update_followup,
)
from wallboard.web import json_answer, json_error, store_unavailable

FIELDS = ("owner", "status", "note", "by", "version")
# Response ids are 64-bit integers in the store: written with the digits 0-9, below 2**63.
_ID = re.compile(r"[0-9]{1,19}", re.ASCII)
log = logging.getLogger(__name__)


def _errors(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"field": field, "message": message} for field, message in pairs]


def _response_id(text: str) -> int | None:
    """The response id in the URL, or None when it cannot be one."""
    if not _ID.fullmatch(text) or int(text) >= 2**63:
        return None
    return int(text)


def _unknown_id(text: str) -> Response:
    shown = clean_text(text)[:40] + ("..." if len(text) > 40 else "")
    return json_error(404, f"no response has id {shown!r}: ids are whole numbers")


def _body() -> tuple[dict[str, Any] | None, Response | None]:
    example = 'a JSON object such as {"status": "contacted", "owner": "Mette"}'
    try:
        payload = read_json(request.get_data(cache=False))
    except NotJson as exc:
        return None, json_error(400, f"{exc}; the body must be {example}")
    if not isinstance(payload, dict):
        return None, json_error(400, f"the body must be {example}")
    unknown = [clean_text(key)[:60] for key in payload if key not in FIELDS]
    if unknown:
        return None, json_answer({"errors": _errors(*(
            (key, f"unknown field; known fields: {', '.join(FIELDS)}") for key in unknown))}, 422)
    # The text cleaning rule of every input (README "Getting responses in").
    return {key: clean_text(value) if isinstance(value, str) else value
            for key, value in payload.items()}, None


def register(server: Flask, config: Config, engine: Engine) -> None:
    """Add GET and POST /api/followups/<response_id>; both refuse without the API token."""
    sla_hours = config.followup.sla_hours

    @server.get("/api/followups/<sent_id>")
    def get_followup_route(sent_id: str) -> Response:
        refused = refuse_without_token(config, what="the follow-up API")
        if refused:
            return refused
        if (response_id := _response_id(sent_id)) is None:
            return _unknown_id(sent_id)
        try:
            with engine.connect() as conn:
                item = get_followup(conn, response_id, now=utcnow(), sla_hours=sla_hours)
                history = followup_history(conn, response_id)
        except UnknownResponseError as error:
            return json_error(404, str(error))
        except FollowUpError as error:
            return json_answer({"errors": _errors((error.field, str(error)))}, 422)
        except SQLAlchemyError as error:
            return store_unavailable(log, f"reading follow-up {response_id}", error,
                                     trouble=store.classify(error).text)
        lines = [{"changed_at": at.isoformat(), "changed_by": by, "change": change}
                 for at, by, change in history]
        return json_answer({**item.as_json(), "history": lines})

    @server.post("/api/followups/<sent_id>")
    def post_followup_route(sent_id: str) -> Response:
        refused = refuse_without_token(config, what="the follow-up API")
        if refused:
            return refused
        if (response_id := _response_id(sent_id)) is None:
            return _unknown_id(sent_id)
        body, bad = _body()
        if bad:
            return bad
        try:
            item = update_followup(
                engine, response_id, by=body.get("by", "api"), now=utcnow(),
                owner=body.get("owner", UNSET), status=body.get("status", UNSET),
                note=body.get("note", UNSET), sla_hours=sla_hours,
                version=body.get("version"))
        except UnknownResponseError as error:
            return json_error(404, str(error))
        except FollowUpConflict as conflict:
            # Someone saved it since the version sent: nothing written; here is theirs.
            return json_answer({"error": str(conflict), "field": "version",
                                "current": conflict.current.as_json()}, 409)
        except FollowUpError as error:
            return json_answer({"errors": _errors((error.field, str(error)))}, 422)
        except SQLAlchemyError as error:
            return store_unavailable(log, f"changing follow-up {response_id}", error,
                                     trouble=store.classify(error).text)
        log.info("follow-up of response %d changed through the API", response_id)
        return json_answer(item.as_json())

"""/api/followups/<id>: other tools read and change a detractor's follow-up with the token."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, request
from sqlalchemy import Engine

from wallboard.accounts import refuse_without_token
from wallboard.config import Config
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
from wallboard.web import json_answer, json_error

FIELDS = ("owner", "status", "note", "by", "version")
log = logging.getLogger(__name__)


def _errors(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"field": field, "message": message} for field, message in pairs]


def _body() -> tuple[dict[str, Any] | None, Response | None]:
    payload = request.get_json(silent=True, force=True)
    if payload is None:
        return None, json_error(400, "the body must be a JSON object such as "
                                     '{"status": "contacted", "owner": "Mette"}')
    if not isinstance(payload, dict):
        return None, json_error(400, "the body must be a JSON object")
    unknown = [key for key in payload if key not in FIELDS]
    if unknown:
        return None, json_answer({"errors": _errors(*(
            (key, f"unknown field; known fields: {', '.join(FIELDS)}") for key in unknown))}, 422)
    return payload, None


def register(server: Flask, config: Config, engine: Engine) -> None:
    """Add GET and POST /api/followups/<response_id>; both refuse without the API token."""
    sla_hours = config.followup.sla_hours

    @server.get("/api/followups/<int:response_id>")
    def get_followup_route(response_id: int) -> Response:
        refused = refuse_without_token(config, what="the follow-up API")
        if refused:
            return refused
        try:
            with engine.connect() as conn:
                item = get_followup(conn, response_id, now=utcnow(), sla_hours=sla_hours)
                history = followup_history(conn, response_id)
        except UnknownResponseError as error:
            return json_error(404, str(error))
        except FollowUpError as error:
            return json_answer({"errors": _errors((error.field, str(error)))}, 422)
        lines = [{"changed_at": at.isoformat(), "changed_by": by, "change": change}
                 for at, by, change in history]
        return json_answer({**item.as_json(), "history": lines})

    @server.post("/api/followups/<int:response_id>")
    def post_followup_route(response_id: int) -> Response:
        refused = refuse_without_token(config, what="the follow-up API")
        if refused:
            return refused
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
        log.info("follow-up of response %d changed through the API", response_id)
        return json_answer(item.as_json())

"""POST /api/responses: survey tools post responses with the token."""

from __future__ import annotations

import hmac
import logging

from flask import Flask, Response, jsonify, request
from sqlalchemy import Engine

from wallboard.config import Config
from wallboard.ingest.save import save_rows
from wallboard.ingest.validate import validate_rows

MAX_ROWS = 5000
MAX_BODY_BYTES = 5 * 1024 * 1024
log = logging.getLogger(__name__)


def _token() -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("X-Wallboard-Token", "").strip()


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status


def register(server: Flask, config: Config, engine: Engine) -> None:
    """Add the posting route; it refuses everything while no token is configured."""
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    teams = {t.key for t in config.teams} or None

    @server.post("/api/responses")
    def post_responses() -> tuple[Response, int]:
        expected = config.api.token
        if not expected:
            return _error(403, "posting is disabled: set [api] token or WALLBOARD_API_TOKEN")
        if not hmac.compare_digest(_token().encode(), expected.encode()):
            return _error(401, "missing or wrong token: send 'Authorization: Bearer TOKEN'")
        payload = request.get_json(silent=True)
        if payload is None:
            return _error(400, "the body must be JSON: one response object or a list of them")
        rows = payload if isinstance(payload, list) else [payload]
        if len(rows) > MAX_ROWS:
            return _error(413, f"at most {MAX_ROWS} responses per request")
        good, errors = validate_rows(rows, teams=teams, default_source="api")
        saved = save_rows(engine, good) if good else None
        body = {"received": len(rows), "stored": saved.inserted if saved else 0,
                "updated": saved.updated if saved else 0,
                "unchanged": saved.unchanged if saved else 0,
                "errors": [e.as_json() for e in errors]}
        if errors:
            log.warning("refused %d of %d posted responses, first: row %d %s: %s",
                        len(errors), len(rows), errors[0].row, errors[0].field, errors[0].error)
        return jsonify(body), 200 if good or not errors else 422

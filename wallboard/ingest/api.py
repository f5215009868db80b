"""POST /api/responses and /api/webhooks/<preset>: survey tools post responses with the token.

Every item gets an outcome: accepted, duplicate, updated or rejected (with every error named).
Good items are stored even when others in the same batch are rejected.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from flask import Flask, Response, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard import store
from wallboard.accounts import refuse_without_token
from wallboard.config import Config
from wallboard.core.cleaning import MAX_DEPTH, NotJson, clean_text, depth, read_json
from wallboard.ingest.save import REFUSED_BY_STORE, save_rows_or_each
from wallboard.ingest.validate import RAW, FieldError, TeamIndex, raw_json, validate_item
from wallboard.ingest.webhooks import PRESETS, SOURCES, Mapped, PayloadError
from wallboard.web import json_answer, json_error, store_unavailable

MAX_ITEMS = 10_000
MAX_BODY_BYTES = 5 * 1024 * 1024
REJECTED, IGNORED = "rejected", "ignored"
SOURCE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
log = logging.getLogger(__name__)


def _body() -> object:
    """Parse the body as JSON whatever its content type; raise NotJson with the place."""
    return read_json(request.get_data(cache=False))


def _sent_id(item: object) -> str | None:
    """The id an item was sent with, to name a rejected item in the answer."""
    if not isinstance(item, dict):
        return None
    value = item.get("id", item.get("external_id"))
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return clean_text(str(value))[:128]


def store_items(engine: Engine, config: Config, found: Sequence[Mapped], *, source: str,
                raws: Sequence[object],
                on_stored: Callable[[], object] | None = None) -> Response:
    """Validate and store mapped items; answer with one result per item.

    on_stored is called once when anything new or changed was stored (the wall's poller
    wakes up at once instead of waiting for its next look at the store).
    """
    now = datetime.now(UTC)
    teams = TeamIndex.of((t.key, t.name) for t in config.teams)
    results: list[dict] = []
    errors: list[FieldError] = []
    good: list[tuple[int, dict]] = []
    for index, (mapped, raw) in enumerate(zip(found, raws, strict=True)):
        if mapped.ignored:
            results.append({"index": index, "status": IGNORED, "reason": mapped.ignored})
            continue
        row, problems = validate_item(mapped.item, teams=teams, default_source=source,
                                      now=now)
        if row is not None and depth(raw) > MAX_DEPTH:  # a webhook's payload around it
            row, problems = None, [("item", f"the payload is nested more than {MAX_DEPTH} "
                                            "levels deep")]
        if row is None:
            paths = mapped.paths or {}
            named = [FieldError(index, field, message + (
                f" (looked for {paths[field]!r} in the payload)"
                if field in paths and message.startswith("is required") else ""))
                for field, message in problems]
            errors += named
            result = {"index": index, "status": REJECTED,
                      "errors": [{"field": e.field, "message": e.message} for e in named]}
            if (sent_id := _sent_id(mapped.item)) is not None:
                result["id"] = sent_id
            results.append(result)
            continue
        row[RAW] = raw_json(raw)
        good.append((index, row))
        results.append({"index": index, "status": None, "id": row["external_id"]})
    try:
        outcomes = save_rows_or_each(engine, [row for _, row in good]) if good else []
    except SQLAlchemyError as exc:
        return store_unavailable(log, f"storing {len(good)} posted responses", exc,
                                     trouble=store.classify(exc).text)
    by_index = {r["index"]: r for r in results}
    for (index, _), outcome in zip(good, outcomes, strict=True):
        by_index[index]["status"] = outcome or REJECTED
        if outcome is None:
            by_index[index]["errors"] = [{"field": "item", "message": REFUSED_BY_STORE}]
            errors.append(FieldError(index, "item", REFUSED_BY_STORE))
    good = [(i, row) for (i, row), outcome in zip(good, outcomes, strict=True) if outcome]
    errors.sort(key=lambda e: e.index)
    counts = {status: sum(r["status"] == status for r in results)
              for status in ("accepted", "duplicate", "updated", REJECTED, IGNORED)}
    if on_stored is not None and (counts["accepted"] or counts["updated"]):
        try:
            on_stored()
        except Exception:  # noqa: BLE001 - stored is stored: the poller still finds it later
            log.exception("waking the wall after storing failed")
    body = {"received": len(results), **counts, "results": results,
            "errors": [e.as_json() for e in errors]}
    if errors:
        first = errors[0]
        log.warning("refused %d of %d posted responses; first: item %d %s: %s",
                    counts[REJECTED], len(results), first.index, first.field, first.message)
    if not counts[REJECTED]:
        return json_answer(body)
    return json_answer(body, 207 if len(good) else 422)


def register(server: Flask, config: Config, engine: Engine,
             on_stored: Callable[[], object] | None = None) -> None:
    """Add the posting routes; they refuse everything while no token is configured.

    on_stored: called after a request stored something new or changed (see store_items).
    """
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @server.errorhandler(413)
    def too_large(_error_: Exception) -> Response:
        return json_error(413, f"the body is larger than {MAX_BODY_BYTES // (1024 * 1024)} "
                               f"MB: send at most {MAX_ITEMS:,} responses per request")

    @server.get("/api/responses")
    @server.get("/api/webhooks/<preset>")
    def wrong_method(preset: str | None = None) -> Response:
        # Without this, the wall's page would answer a GET here with 200.
        response = json_error(405, "use POST with a JSON body; see README "
                                   "'Getting responses in'")
        response.headers["Allow"] = "POST"
        return response

    @server.post("/api/responses")
    def post_responses() -> Response:
        if refused := refuse_without_token(config, what="posting"):
            return refused
        try:
            payload = _body()
        except NotJson as exc:
            return json_error(400, str(exc))
        items = payload if isinstance(payload, list) else [payload]
        if not items:
            return json_error(400, "the list is empty: send at least one response")
        if len(items) > MAX_ITEMS:
            return json_error(413, f"{len(items):,} responses in one request; at most "
                               f"{MAX_ITEMS:,} are accepted")
        return store_items(engine, config, [Mapped(item) for item in items],
                           source="api", raws=items, on_stored=on_stored)

    @server.post("/api/webhooks/<preset>")
    def post_webhook(preset: str) -> Response:
        if preset not in PRESETS:
            return json_error(404, f"unknown preset {preset[:40]!r}; known: {', '.join(PRESETS)}")
        if refused := refuse_without_token(config, what="posting", query_allowed=True):
            return refused
        try:
            payload = _body()
            found = PRESETS[preset](payload, config.webhooks[preset])
        except (NotJson, PayloadError) as exc:
            return json_error(400, str(exc))
        if not found:
            return json_error(400, "the list is empty: send at least one response")
        if len(found) > MAX_ITEMS:
            return json_error(413, f"at most {MAX_ITEMS:,} responses per request")
        source = request.args.get("source") or SOURCES[preset]
        if not SOURCE_RE.match(source):
            return json_error(400, f"?source={source[:80]!r}: use 1 to 64 letters, digits, ., _ "
                               "or -")
        raws = [payload] * len(found) if not isinstance(payload, list) else payload
        return store_items(engine, config, found, source=source, raws=raws,
                           on_stored=on_stored)

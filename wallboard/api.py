"""Read-only JSON routes: the screens' poll, the numbers, and health."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, Response, jsonify, request

from wallboard.config import Config
from wallboard.snapshot import SnapshotHolder


def _iso(when: datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when else None


def register(server: Flask, config: Config, holder: SnapshotHolder, build_id: str) -> None:
    """Add the read routes to the Flask server."""

    @server.get("/api/screen")
    def screen_poll() -> Response:
        # The hot path: every screen asks every second. Unchanged costs a dict and a dump.
        snapshot, health = holder.snapshot, holder.health
        version = snapshot.version if snapshot else 0
        body = {"v": version, "build": build_id, "stale": health.stale,
                "as_of": _iso(health.last_ok)}
        if snapshot is not None and request.args.get("v") != str(version):
            body["seq"] = snapshot.last_seq
            body["events"] = [e.as_json() for e in snapshot.events]
        response = jsonify(body)
        response.headers["Cache-Control"] = "no-store"
        return response

    @server.get("/api/health")
    def health() -> tuple[Response, int]:
        snapshot, health = holder.snapshot, holder.health
        status = "starting" if snapshot is None else ("stale" if health.stale else "ok")
        body = {"status": status, "store_readable": health.failures == 0 and
                health.last_ok is not None, "last_poll": _iso(health.last_ok),
                "failures": health.failures, "last_error": health.last_error,
                "version": snapshot.version if snapshot else 0,
                "responses_in_window": snapshot.total_responses if snapshot else 0,
                "build": build_id}
        return jsonify(body), 200 if status == "ok" else 503

    @server.get("/api/numbers")
    def numbers() -> tuple[Response, int]:
        snapshot = holder.snapshot
        if snapshot is None:
            return jsonify({"error": "no numbers yet: the store has not been read"}), 503
        teams = []
        for team in snapshot.teams:
            unresolved, overdue = snapshot.followups.get(team.key, (0, 0))
            teams.append({**{k: getattr(team, k) for k in team.__dataclass_fields__},
                          "followups_unresolved": unresolved,
                          "followups_overdue": overdue})
        return jsonify({"as_of": _iso(snapshot.built_at), "version": snapshot.version,
                        "window_days": config.wall.window_days,
                        "min_responses": config.wall.min_responses,
                        "order": snapshot.order,
                        "followup_sla_hours": config.followup.sla_hours, "teams": teams}), 200

"""Read-only JSON routes: the screens' poll, the numbers, and health."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from flask import Flask, Response, jsonify, request
from sqlalchemy import Engine

from wallboard.config import Config
from wallboard.core.privacy import redact
from wallboard.store import reads as store
from wallboard.wall.snapshot import Snapshot, SnapshotHolder, TeamFigures

LATEST_PROMOTERS = 20


def _iso(when: datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when else None


def _fresh(body: dict) -> Response:
    """JSON that no browser or proxy may cache: it changes with every poll."""
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def health_now() -> datetime:
    return datetime.now(UTC)


def _round(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


def team_json(team: TeamFigures) -> dict:
    """One team as GET /api/snapshot promises it, rounded as the wall shows it."""
    return {"key": team.key, "name": team.name,
            "nps": _round(team.nps, 1) if team.enough else None,
            "responses": team.responses, "promoters": team.promoters,
            "passives": team.passives, "detractors": team.detractors,
            "margin": _round(team.moe, 0) if team.enough else None,
            "baseline": team.baseline, "goal": team.goal,
            "progress": _round(team.progress, 3) if team.enough else None,
            "rank": team.rank}


class _PromoterCache:
    """The latest promoters, read from the store once per snapshot version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = -1
        self._rows: list[dict] = []

    def get(self, engine: Engine, snapshot: Snapshot, window_days: int) -> list[dict]:
        with self._lock:
            if self._version != snapshot.version:
                since = snapshot.window_end - timedelta(days=window_days)
                with engine.connect() as conn:
                    rows = store.latest_promoters(conn, since=since, limit=LATEST_PROMOTERS)
                self._rows = [{"id": r["external_id"], "source": r["source"],
                               "score": r["score"], "team": r["team_key"],
                               "employee": r["employee"], "comment": redact(r["comment"]),
                               "answered_at": _iso(r["answered_at"])} for r in rows]
                self._version = snapshot.version
            return self._rows


def register(server: Flask, config: Config, holder: SnapshotHolder, build_id: str,
             engine: Engine | None = None) -> None:
    """Add the read routes to the Flask server (with an engine: /api/snapshot's promoters)."""
    promoters = _PromoterCache()

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
        return _fresh(body)

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

    @server.get("/healthz")
    def healthz() -> tuple[Response, int]:
        # For monitoring the TVs' server: 200 while the store is read, 503 otherwise.
        snapshot, health = holder.snapshot, holder.health
        readable = health.last_ok is not None and health.failures == 0
        status = "starting" if snapshot is None else ("ok" if readable else "failing")
        body = {"status": status, "store_readable": readable,
                "last_poll_ok": _iso(health.last_ok), "failed_polls": health.failures,
                "last_error": health.last_error,
                "version": snapshot.version if snapshot else 0, "build": build_id}
        if engine is not None and config.followup.notify_url:
            from wallboard.alerts import outbox as notify

            try:
                with engine.connect() as conn:
                    body["notifications"] = notify.delivery_status(conn, health_now())
            except Exception as exc:  # noqa: BLE001 - health must answer, whatever broke
                body["notifications"] = {"error": str(exc).splitlines()[0]}
        return _fresh(body), 200 if status == "ok" else 503

    @server.get("/api/snapshot")
    def snapshot_json() -> tuple[Response, int]:
        snapshot = holder.snapshot
        if snapshot is None:
            return jsonify({"error": "no numbers yet: the store has not been read"}), 503
        latest = []
        if engine is not None:
            try:
                latest = promoters.get(engine, snapshot, config.wall.window_days)
            except Exception as exc:  # noqa: BLE001 - the numbers are still good
                return jsonify({"error": f"the store cannot be read: {exc}"}), 503
        body = {"version": snapshot.version, "as_of": _iso(snapshot.built_at),
                "window_days": config.wall.window_days,
                "min_responses": config.wall.min_responses,
                "teams": [team_json(t) for t in snapshot.teams],
                "latest_promoters": latest}
        return _fresh(body), 200

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

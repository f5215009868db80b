"""GET /api/snapshot and /api/numbers: the numbers on the wall as JSON for other tools."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from flask import Flask, Response
from sqlalchemy import Engine

from wallboard.config import Config
from wallboard.core.privacy import redact
from wallboard.store import wall_reads
from wallboard.wall.challenge import board_json
from wallboard.wall.health import not_ready
from wallboard.wall.recognition import shown_employee
from wallboard.wall.snapshot import Snapshot, SnapshotHolder, TeamFigures
from wallboard.web import iso, json_answer, json_error

LATEST_PROMOTERS = 20
log = logging.getLogger(__name__)


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


class PromoterCache:
    """The latest promoters, read from the store once per snapshot version; thread-safe."""

    def __init__(self, engine: Engine, window_days: int, config: Config | None = None) -> None:
        self.engine, self.window_days, self.config = engine, window_days, config
        self._lock = threading.Lock()
        self._version = -1
        self._rows: list[dict] = []

    def get(self, snapshot: Snapshot) -> list[dict]:
        """Return the newest promoters in the snapshot's window, as JSON-ready dicts."""
        with self._lock:
            if self._version != snapshot.version:
                since = snapshot.window_end - timedelta(days=self.window_days)
                with self.engine.connect() as conn:
                    rows = wall_reads.latest_promoters(conn, since=since,
                                                       limit=LATEST_PROMOTERS)
                self._rows = [{"id": r["external_id"], "source": r["source"],
                               "score": r["score"], "team": r["team_key"],
                               "employee": (shown_employee(self.config, r["employee"])
                                            if self.config else r["employee"]),
                               "comment": redact(r["comment"]),
                               "answered_at": iso(r["answered_at"])} for r in rows]
                self._version = snapshot.version
            return self._rows


def register(server: Flask, config: Config, holder: SnapshotHolder,
             engine: Engine | None = None) -> None:
    """Add the read routes (with an engine, /api/snapshot lists the latest promoters)."""
    promoters = (PromoterCache(engine, config.wall.window_days, config) if engine is not None
                 else None)

    @server.get("/api/snapshot")
    def snapshot_json() -> Response:
        snapshot = holder.snapshot
        if snapshot is None:
            return not_ready()
        latest = []
        if promoters is not None:
            try:
                latest = promoters.get(snapshot)
            except Exception:  # noqa: BLE001 - the full error goes to the log, not the visitor
                log.exception("latest promoters cannot be read")
                return json_error(503, "the store cannot be read just now", retry_after=5)
        return json_answer({"version": snapshot.version, "as_of": iso(snapshot.built_at),
                            "window_days": config.wall.window_days,
                            "min_responses": config.wall.min_responses,
                            "teams": [team_json(t) for t in snapshot.teams],
                            "latest_promoters": latest,
                            "challenge": board_json(snapshot.challenge)})

    @server.get("/api/numbers")
    def numbers() -> Response:
        snapshot = holder.snapshot
        if snapshot is None:
            return not_ready()
        teams = []
        for team in snapshot.teams:
            unresolved, overdue = snapshot.followups.get(team.key, (0, 0))
            teams.append({**{k: getattr(team, k) for k in team.__dataclass_fields__},
                          "followups_unresolved": unresolved,
                          "followups_overdue": overdue})
        return json_answer({"as_of": iso(snapshot.built_at), "version": snapshot.version,
                            "window_days": config.wall.window_days,
                            "min_responses": config.wall.min_responses,
                            "order": snapshot.order,
                            "followup_sla_hours": config.followup.sla_hours, "teams": teams})

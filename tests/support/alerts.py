"""Detractor notifications under test: a real local webhook receiver, a hand-moved clock,
a poller with the watcher, and the outbox as rows.
"""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import Engine, select, text

from tests.support.data import insert_rows, response_row
from wallboard.alerts import watchers_for
from wallboard.alerts.status import delivery_status
from wallboard.config import Config, parse_config
from wallboard.store import Notification
from wallboard.wall.poller import Poller
from wallboard.wall.snapshot import SnapshotHolder

TEAMS = [{"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40},
         {"key": "field", "name": "Field Service North", "baseline": 10, "goal": 30}]
PUBLIC = "http://wall.example:8050"
ANSWERED = datetime(2025, 11, 23, 13, 5, tzinfo=UTC)


class Receiver:
    """A real incoming-webhook stand-in: answers each POST with the next status in line."""

    def __init__(self, statuses: list[int | tuple[int, dict]]) -> None:
        self.statuses, self.bodies, self.lock = list(statuses), [], threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver.lock:
                    receiver.bodies.append(body)
                    answer = receiver.statuses.pop(0) if receiver.statuses else 200
                status, headers = answer if isinstance(answer, tuple) else (answer, {})
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"receiver is down")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/abc"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


class Clock:
    """A clock the test moves by hand, so backoff needs no sleeping."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC) + timedelta(seconds=1)  # rows queued now are due

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_config(engine: Engine, tmp_path: Path, notify_url: str, **wall: object) -> Config:
    url = engine.url.render_as_string(hide_password=False)
    return parse_config({"store": {"url": url}, "wall": {"min_responses": 3, **wall},
                         "followup": {"notify_url": notify_url, "public_url": PUBLIC},
                         "teams": TEAMS}, tmp_path / "config.toml")


def started_poller(config: Config, engine: Engine) -> Poller:
    poller = Poller(config, engine, SnapshotHolder(), listeners=watchers_for(config, engine))
    assert poller.poll() is not None  # the first load; what follows is new
    return poller


def outbox(engine: Engine) -> list:
    with engine.connect() as conn:
        return list(conn.execute(select(Notification.__table__).order_by("id")).all())


def response_id(engine: Engine, external_id: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT id FROM response WHERE external_id = :e"),
                            {"e": external_id}).scalar_one()


def status(engine: Engine, clock: Clock) -> dict:
    with engine.connect() as conn:
        return delivery_status(conn, clock())


def summaries_of(bodies: list[dict]) -> list[dict]:
    return [body for body in bodies if "/meeting/followups?response=" not in body["text"]]


def singles_of(bodies: list[dict]) -> list[str]:
    """The response ids named by single messages, in order."""
    return [body["text"].rsplit("response=", 1)[1] for body in bodies
            if "/meeting/followups?response=" in body["text"]]


def burst(engine: Engine, support: int, field: int) -> None:
    insert_rows(engine, [response_row(i % 7, "support", comment="Nobody called back",
                                      customer="Maria Jensen") for i in range(support)] +
                [response_row(i % 7, "field", comment="Rude", customer="Ewa Nowak")
                 for i in range(field)])

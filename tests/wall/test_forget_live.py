"""A running wall drops a forgotten customer's words within a few polls (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from tests.support.privacy import NAME, PROMOTER_WORDS, WORDS
from tests.support.servers import ROOT
from wallboard import store

PATHS = ("/api/snapshot", "/api/screen", "/api/panels")


def bodies(url: str) -> str:
    """What a visitor can read from the wall's JSON routes, as text (JSON escapes undone)."""
    texts = []
    for path in PATHS:
        with urllib.request.urlopen(url + path, timeout=10) as answer:
            texts.append(json.dumps(json.loads(answer.read()), ensure_ascii=False))
    return "\n".join(texts)


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.2)


def test_forget_removes_the_words_from_a_running_wall(store_url: str, tmp_path: Path,
                                                      wall_server) -> None:
    config = write_config(tmp_path, store_url=store_url,
                          wall={"customer_names": "full", "show_detractor_comments": True,
                                "min_responses": 1})
    engine = store.open_store(store_url)
    wall = wall_server(config)
    insert_rows(engine, [
        response_row(10, comment=PROMOTER_WORDS, customer=NAME, external_id="z-live"),
        response_row(2, comment=WORDS, customer=NAME, external_id="z-live-2"),
        response_row(9, comment="Sehr gute Beratung am Telefon", customer="Jonas Weber")])
    wait_until(lambda: all(w in bodies(wall.url) for w in ("Mikrotikowym", "Kwiatuszkowy",
                                                           "Brzęczyszczykiewicz")))

    done = subprocess.run([sys.executable, str(ROOT / "run_wallboard.py"), "forget",
                           "--customer", NAME, "--config", str(config)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr

    gone = ("Mikrotikowym", "Kwiatuszkowy", "Brzęczyszczykiewicz", "Zofia")
    wait_until(lambda: not any(w in bodies(wall.url) for w in gone))
    assert "Sehr gute Beratung" in bodies(wall.url)  # someone else's words stay
    snapshot = json.loads(urllib.request.urlopen(wall.url + "/api/snapshot").read())
    support = next(t for t in snapshot["teams"] if t["key"] == "support")
    assert support["responses"] == 3  # the numbers stay
    engine.dispose()


def test_a_starting_wall_clears_personal_data_past_keep_personal_days(
        tmp_path: Path, wall_server) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    config = write_config(tmp_path, store_url=url,
                          extra="\n[privacy]\nkeep_personal_days = 30\n")
    engine = store.open_store(url)
    insert_rows(engine, [
        response_row(3, comment=WORDS, customer=NAME, external_id="old", minutes_ago=40 * 1440),
        response_row(10, comment=PROMOTER_WORDS, customer=NAME, external_id="new",
                     minutes_ago=20 * 1440)])
    wall_server(config)

    def comments() -> dict:
        with engine.connect() as conn:
            return dict(conn.exec_driver_sql(
                "SELECT external_id, comment || '|' || coalesce(customer_name, '') "
                "FROM response").all())

    wait_until(lambda: comments()["old"] == "|")  # the job runs once at start
    assert comments()["new"] == f"{PROMOTER_WORDS}|{NAME}"
    with engine.connect() as conn:
        assert conn.exec_driver_sql(
            "SELECT command, responses FROM privacy_audit").all() == [("retention", 1)]
    engine.dispose()

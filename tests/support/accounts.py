"""Sign-in under test: the real app with a user, its forms, and the command line."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine, text

from tests.support.configs import write_config
from wallboard.accounts.sessions import COOKIE_NAME, current_user
from wallboard.accounts.users import add_user, list_users
from wallboard.app import create_app
from wallboard.cli import main
from wallboard.config import load_config
from wallboard.store import open_store
from wallboard.wall.snapshot import SnapshotHolder

PASSWORD = "correct horse battery"
PAGE = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def clean_store(url: str) -> Engine:
    """Open a store without users or settings (PostgreSQL keeps them between tests)."""
    engine = open_store(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM app_session"))
        conn.execute(text("DELETE FROM signin_attempt"))
        conn.execute(text("DELETE FROM app_user"))
        conn.execute(text("DELETE FROM app_setting"))
    return engine


def make_app(folder: Path, *, language: str = "en", extra: str = "") -> tuple[Flask, Engine]:
    """The real app on a SQLite store, with user anna and a route that names the user."""
    config = load_config(write_config(folder, store_url=f"sqlite:///{folder / 'store.db'}",
                                      wall={"language": language}, extra=extra), {})
    engine = open_store(config.store.url)
    if not any(u.username == "anna" for u in list_users(engine)):
        add_user(engine, "anna", PASSWORD)
    server = create_app(config, SnapshotHolder(), "test", engine=engine).server

    @server.get("/meeting/whoami")
    def whoami() -> str:
        return current_user() or "-"

    return server, engine


def sign_in(client, username: str = "anna", password: str = PASSWORD, *,
            headers: dict[str, str] | None = None, **form: str):
    return client.post("/login", data={"username": username, "password": password, **form},
                       headers=headers or {})


def cookie_set(response) -> bool:
    return any(h.startswith(f"{COOKIE_NAME}=") and not h.startswith(f"{COOKIE_NAME}=;")
               for h in response.headers.getlist("Set-Cookie"))


def run_cli(monkeypatch, capsys, config: Path, *args: str, stdin: str = "") -> tuple[int, str,
                                                                                   str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main([*args, "--config", str(config)])
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True

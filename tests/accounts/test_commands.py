"""The user commands as a user runs them: add-user, users, remove-user, and their errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.support.accounts import PASSWORD, Terminal, clean_store, run_cli
from tests.support.configs import write_config
from wallboard.accounts.users import check_login, list_users
from wallboard.cli import main
from wallboard.store import open_store


def test_cli_adds_lists_replaces_and_removes_users(tmp_path: Path, store_url: str,
                                                   monkeypatch, capsys) -> None:
    clean_store(store_url).dispose()
    config = write_config(tmp_path, store_url=store_url)
    code, out, err = run_cli(monkeypatch, capsys, config, "users")
    assert (code, out) == (0, "no users yet: add one with run_wallboard.py add-user NAME")

    code, out, err = run_cli(monkeypatch, capsys, config, "add-user", "anna",
                             "--password-stdin", stdin=PASSWORD + "\n")
    assert (code, err) == (0, "")
    assert out == "user 'anna' added as lead: they can sign in to the meeting view"
    engine = open_store(store_url)
    assert check_login(engine, "anna", PASSWORD)

    code, out, err = run_cli(monkeypatch, capsys, config, "add-user", "anna",
                             "--password-stdin", stdin="another password\n")
    assert code == 1
    assert err == "add-user error: user 'anna' already exists (--replace changes the password)"

    code, out, err = run_cli(monkeypatch, capsys, config, "add-user", "anna",
                             "--password-stdin", "--replace", stdin="another password\r\n")
    assert code == 0 and "saved" in out
    assert check_login(engine, "anna", "another password")

    code, out, err = run_cli(monkeypatch, capsys, config, "users")
    assert code == 0 and out.startswith("anna  lead  (added ")

    code, out, err = run_cli(monkeypatch, capsys, config, "remove-user", "anna")
    assert code == 0 and out == "user 'anna' removed: their sign-ins have ended"
    code, out, err = run_cli(monkeypatch, capsys, config, "remove-user", "anna")
    assert (code, err) == (1, "remove-user error: no user named 'anna'")
    engine.dispose()


@pytest.mark.parametrize(("args", "stdin", "code", "error"), [
    (["add-user"], "", 2, "add-user error: name the user: run_wallboard.py add-user NAME"),
    (["add-user", "anna", "--password-stdin"], "short\n", 1,
     "add-user error: the password must have at least 10 characters"),
    (["add-user", "anna", "--password-stdin"], "", 1,
     "add-user error: the password must have at least 10 characters"),
    (["add-user", "an na", "--password-stdin"], PASSWORD, 1,
     "add-user error: user name 'an na' must be 1 to 64 letters, digits, '.', '_', '-' or '@'"),
    (["add-user", "anna"], PASSWORD, 1,
     "add-user error: no terminal to ask for the password: pipe it in with --password-stdin"),
    (["remove-user"], "", 2,
     "remove-user error: name the user: run_wallboard.py remove-user NAME"),
])
def test_cli_errors_are_one_clear_line(tmp_path: Path, monkeypatch, capsys, args: list[str],
                                       stdin: str, code: int, error: str) -> None:
    config = write_config(tmp_path, store_url=f"sqlite:///{tmp_path / 'store.db'}")
    assert run_cli(monkeypatch, capsys, config, *args, stdin=stdin) == (code, "", error)
    assert not (tmp_path / "store.db").exists()  # refused before any store is created
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    assert list_users(engine) == []
    engine.dispose()


@pytest.mark.parametrize(("typed", "code"), [([PASSWORD, PASSWORD], 0),
                                             ([PASSWORD, PASSWORD + "x"], 1)])
def test_cli_asks_twice_on_a_terminal(tmp_path: Path, monkeypatch, capsys, typed: list[str],
                                      code: int) -> None:
    config = write_config(tmp_path, store_url=f"sqlite:///{tmp_path / 'store.db'}")
    answers = iter(typed)
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["add-user", "anna", "--config", str(config)]) == code
    err = capsys.readouterr().err.strip()
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    if code == 0:  # the first user of a new install creates the store, and says so
        assert err == (f"add-user: no store file at {tmp_path / 'store.db'} yet: "
                       "creating a new, empty store")
        assert check_login(engine, "anna", PASSWORD)
    else:
        assert err == "add-user error: the two passwords differ; nothing was changed"
        assert list_users(engine) == []
    engine.dispose()


def test_cli_lists_and_ends_a_users_sessions(tmp_path: Path, store_url: str, monkeypatch,
                                             capsys) -> None:
    from wallboard.accounts.session_store import list_sessions, start_session

    engine = clean_store(store_url)
    config = write_config(tmp_path, store_url=store_url)
    code, out, err = run_cli(monkeypatch, capsys, config, "sessions", "anna")
    assert (code, out) == (0, "no sessions of 'anna'")
    agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
    start_session(engine, "anna", lifetime=3600, address="10.0.0.7", user_agent=agent)
    start_session(engine, "anna", lifetime=3600, address="10.0.0.8", user_agent="curl/8.5")
    start_session(engine, "anna", lifetime=-5, address="10.0.0.9", user_agent="old")
    start_session(engine, "bo", lifetime=3600, address="10.0.0.7", user_agent=agent)
    code, out, err = run_cli(monkeypatch, capsys, config, "sessions", "anna")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2  # the expired one is pruned, bo's is not listed
    assert any("from 10.0.0.7  Chrome on Linux" in line for line in lines)
    assert any("from 10.0.0.8  curl" in line for line in lines)
    assert all(line.startswith("signed in ") and "last seen" in line for line in lines)
    code, out, err = run_cli(monkeypatch, capsys, config, "sessions", "anna", "--end")
    assert (code, out) == (0, "ended 2 sessions of 'anna'")
    assert list_sessions(engine, "anna") == [] and len(list_sessions(engine, "bo")) == 1
    code, out, err = run_cli(monkeypatch, capsys, config, "sessions")
    assert code == 2 and "name the user" in err
    engine.dispose()

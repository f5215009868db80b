"""Users of the meeting view: salted hashes, adding, replacing, removing, refusing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.support.accounts import PASSWORD
from wallboard.accounts.users import (
    UserError,
    add_user,
    check_login,
    hash_password,
    list_users,
    remove_user,
    verify_password,
)
from wallboard.store import AppUser, open_store


def test_hashes_are_salted_and_verify() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second
    assert PASSWORD not in first
    assert first.startswith("scrypt$")
    assert verify_password(first, PASSWORD) and verify_password(second, PASSWORD)
    assert not verify_password(first, PASSWORD + "!")
    assert not verify_password(first, "")
    for broken in ("", "plain text", "scrypt$1$2$3$!!$!!", "md5$x$y$z$a$b", PASSWORD):
        assert not verify_password(broken, PASSWORD)


def test_store_keeps_only_salted_hashes(users_store: Engine) -> None:
    add_user(users_store, "anna", PASSWORD)
    add_user(users_store, "bo.nielsen@example.com", PASSWORD)
    with users_store.connect() as conn:
        hashes = conn.execute(select(AppUser.__table__.c.password_hash)).scalars().all()
    assert len(hashes) == 2 and hashes[0] != hashes[1]
    assert all(PASSWORD not in h for h in hashes)
    assert check_login(users_store, "anna", PASSWORD)
    assert not check_login(users_store, "anna", "wrong password")
    assert not check_login(users_store, "Anna", PASSWORD)  # names are exact
    assert not check_login(users_store, "nobody", PASSWORD)
    assert not check_login(users_store, "bad name!", PASSWORD)
    assert [u.username for u in list_users(users_store)] == ["anna", "bo.nielsen@example.com"]


def test_add_replace_and_remove(users_store: Engine) -> None:
    add_user(users_store, "anna", PASSWORD)
    with pytest.raises(UserError, match="'anna' already exists"):
        add_user(users_store, "anna", "another password")
    assert check_login(users_store, "anna", PASSWORD)
    add_user(users_store, "anna", "another password", replace=True)
    assert check_login(users_store, "anna", "another password")
    assert not check_login(users_store, "anna", PASSWORD)
    add_user(users_store, "new", PASSWORD, replace=True)  # replace also adds
    remove_user(users_store, "anna")
    assert not check_login(users_store, "anna", "another password")
    with pytest.raises(UserError, match="no user named 'anna'"):
        remove_user(users_store, "anna")


@pytest.mark.parametrize(("username", "password", "message"), [
    ("", PASSWORD, "must be 1 to 64 letters"),
    ("a" * 65, PASSWORD, "must be 1 to 64 letters"),
    ("anna smith", PASSWORD, "must be 1 to 64 letters"),
    ("<script>", PASSWORD, "must be 1 to 64 letters"),
    ("anna", "short", "at least 10 characters"),
    ("anna", "x" * 1025, "at most 1024 characters"),
])
def test_bad_users_are_refused(tmp_path: Path, username: str, password: str,
                               message: str) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with pytest.raises(UserError, match=message):
        add_user(engine, username, password)
    assert list_users(engine) == []
    engine.dispose()

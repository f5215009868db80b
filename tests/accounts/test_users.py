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
    assert first.startswith("$argon2id$v=19$")
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


def scrypt_hash_of_0_2(password: str) -> str:
    """A hash as 0.1 and 0.2 stored it: scrypt N=2^15, r=8, p=1."""
    import base64
    import hashlib
    import secrets

    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**15, r=8, p=1,
                            maxmem=64 * 1024 * 1024, dklen=32)
    return (f"scrypt$32768$8$1${base64.b64encode(salt).decode()}$"
            f"{base64.b64encode(digest).decode()}")


def test_an_old_scrypt_hash_still_verifies_and_is_upgraded_on_sign_in(
        users_store: Engine) -> None:
    from wallboard.accounts.passwords import needs_upgrade

    add_user(users_store, "anna", "a temporary password")
    old = scrypt_hash_of_0_2(PASSWORD)
    assert verify_password(old, PASSWORD) and not verify_password(old, PASSWORD + "!")
    assert needs_upgrade(old) and not needs_upgrade(hash_password(PASSWORD))
    with users_store.begin() as conn:
        conn.execute(AppUser.__table__.update().values(password_hash=old))
    assert not check_login(users_store, "anna", "wrong password")

    def stored() -> str:
        with users_store.connect() as conn:
            return conn.execute(select(AppUser.__table__.c.password_hash)).scalar_one()

    assert stored() == old  # a wrong password changes nothing
    assert check_login(users_store, "anna", PASSWORD)
    upgraded = stored()
    assert upgraded.startswith("$argon2id$") and not needs_upgrade(upgraded)
    assert check_login(users_store, "anna", PASSWORD)
    assert stored() == upgraded  # upgraded once


def test_a_weaker_argon2_hash_is_upgraded_and_absurd_scrypt_costs_are_refused() -> None:
    from argon2 import PasswordHasher

    from wallboard.accounts.passwords import needs_upgrade

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert verify_password(weak, PASSWORD) and needs_upgrade(weak)
    # A forged row cannot make the server spend gigabytes on one check.
    assert not verify_password("scrypt$1073741824$8$1$AAAA$AAAA", PASSWORD)

"""Password guessing slowed down in the store: per name and address, per address, shared."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from tests.support.accounts import cookie_set, sign_in
from wallboard.accounts.sessions import EXTENSION
from wallboard.accounts.throttle import Throttle, Ticket
from wallboard.core.clock import utcnow
from wallboard.store import SIGNIN_ATTEMPT


def from_address(app: Flask, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_five_failures_lock_the_name_at_that_address_only(app: Flask) -> None:
    now = [utcnow()]
    app.extensions[EXTENSION].throttle.clock = lambda: now[0]
    client = from_address(app, "10.0.0.7")
    for i in range(5):
        assert sign_in(client, "ANNA" if i % 2 else "anna", "wrong password").status_code == 401
    response = sign_in(client)  # the right password, but too late
    assert response.status_code == 429
    assert 1 < int(response.headers["Retry-After"]) <= 301
    assert "Too many failed sign-ins. Wait a few minutes" in response.get_data(as_text=True)
    assert not cookie_set(response)
    # Whoever guessed at anna's name from 10.0.0.7 does not lock anna out elsewhere.
    response = sign_in(from_address(app, "10.0.0.8"))
    assert response.status_code == 303 and cookie_set(response)
    now[0] += timedelta(seconds=301)  # the failures left the window
    response = sign_in(client)
    assert response.status_code == 303 and cookie_set(response)


def test_one_address_trying_many_names_is_stopped(app: Flask) -> None:
    client = from_address(app, "10.0.0.9")
    for i in range(20):
        assert sign_in(client, f"guess{i}", "wrong password").status_code == 401
    assert sign_in(client, "bo", "wrong password").status_code == 429
    assert sign_in(client).status_code == 429  # even anna's right password, from there
    assert sign_in(from_address(app, "10.0.0.10")).status_code == 303


def test_a_success_forgets_the_pair_and_refused_tries_leave_no_rows(app: Flask) -> None:
    throttle: Throttle = app.extensions[EXTENSION].throttle
    client = from_address(app, "10.0.0.11")
    for _ in range(4):
        sign_in(client, "anna", "wrong password")
    assert sign_in(client).status_code == 303
    for _ in range(4):  # the four earlier failures no longer count
        assert sign_in(client, "anna", "wrong password").status_code == 401
    assert sign_in(client, "anna", "wrong password").status_code == 401
    with throttle.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(SIGNIN_ATTEMPT)).scalar_one()
    assert rows == 9 + 5  # the address: 9 failures; the pair: the 5 since the success
    assert sign_in(client, "anna", "wrong password").status_code == 429
    with throttle.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SIGNIN_ATTEMPT)
                            ).scalar_one() == rows


def test_claims_are_counted_in_the_store_and_old_rows_are_pruned(app: Flask) -> None:
    engine = app.extensions[EXTENSION].engine
    now = [utcnow()]
    one = Throttle(engine, clock=lambda: now[0])
    two = Throttle(engine, clock=lambda: now[0])  # another process on the same store
    tickets = [t.claim("anna", "10.1.1.1") for t in (one, two, one, two, one)]
    assert all(isinstance(t, Ticket) for t in tickets)
    assert two.claim("Anna", "10.1.1.1") == 300.0
    now[0] += timedelta(seconds=301)
    assert isinstance(one.claim("anna", "10.1.1.1"), Ticket)
    with engine.connect() as conn:  # the rows out of the window went with that claim
        assert conn.execute(select(func.count()).select_from(SIGNIN_ATTEMPT)).scalar_one() == 2

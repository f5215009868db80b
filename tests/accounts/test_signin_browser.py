"""Signing in and out of the meeting view in a real Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.accounts import PASSWORD, run_cli
from tests.support.browser import artifact
from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from wallboard.store import open_store


@pytest.mark.browser
def test_auth001_meeting_view_refuses_an_anonymous_visitor(tmp_path: Path, wall_server,
                                                           open_page, monkeypatch,
                                                           capsys) -> None:
    db = tmp_path / "store.db"
    engine = open_store(f"sqlite:///{db}")
    insert_rows(engine, [response_row(2, comment="The hold music was awful",
                                      customer="Ewa Nowak", minutes_ago=30)])
    engine.dispose()
    config = write_config(tmp_path, store_url=f"sqlite:///{db}")
    code, _, err = run_cli(monkeypatch, capsys, config, "add-user", "anna", "--password-stdin",
                           stdin=PASSWORD + "\n")
    assert code == 0, err
    server = wall_server(config)

    page = open_page(f"{server.url}/meeting/")
    page.wait_for_selector("h1")
    assert page.url == f"{server.url}/login?next=%2Fmeeting%2F"
    assert page.inner_text("h1") == "Sign in to the meeting view"
    content = page.content()
    assert "Ewa Nowak" not in content and "hold music" not in content
    assert page.request.post(f"{server.url}/meeting/_dash-update-component",
                             data="{}").status == 401
    page.screenshot(path=str(artifact("auth001_signin_en.png")))

    page.fill("#username", "anna")
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    page.wait_for_selector(".message.error")
    assert "Wrong user name or password." in page.inner_text(".message.error .text")
    assert page.input_value("#username") == "anna"
    page.screenshot(path=str(artifact("auth001_signin_failed_en.png")))

    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/meeting/$"))
    assert "/login" not in page.url
    assert page.request.get(f"{server.url}/meeting/_dash-layout").status != 401

    page.goto(f"{server.url}/logout")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/login\?.*m=out"))
    assert page.inner_text(".message.notice .text") == "You are signed out."
    page.goto(f"{server.url}/meeting/")
    assert page.url.startswith(f"{server.url}/login?next=")
    assert page.request.post(f"{server.url}/meeting/_dash-update-component",
                             data="{}").status == 401

    danish = open_page(f"{server.url}/login?lang=da&next=/meeting/")
    assert danish.inner_text("h1") == "Log ind på mødevisningen"
    danish.screenshot(path=str(artifact("auth001_signin_da.png")))
    assert page.request.get(f"{server.url}/").status == 200  # the wall stays open

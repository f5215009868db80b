"""The sign-in page: what it echoes is escaped, and it speaks the wall's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from tests.support.accounts import make_app, sign_in


def test_the_page_escapes_what_it_echoes(app: Flask) -> None:
    client = app.test_client()
    response = sign_in(client, '"><script>alert(1)</script>', "wrong password",
                       next='/meeting/"><script>alert(2)</script>')
    page = response.get_data(as_text=True)
    assert "<script>" not in page
    assert "&#34;&gt;&lt;script&gt;alert(1)" in page
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("config_language", "query", "title"), [
    ("en", "", "Sign in to the meeting view"),
    ("en", "?lang=da", "Log ind på mødevisningen"),
    ("pl", "", "Zaloguj się do widoku spotkania"),
    ("da", "?lang=xx", "Log ind på mødevisningen"),
])
def test_the_page_speaks_the_wall_language(tmp_path: Path, config_language: str, query: str,
                                           title: str) -> None:
    server, engine = make_app(tmp_path, language=config_language)
    page = server.test_client().get("/login" + query).get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page
    lang = re.search(r'<html lang="(\w+)">', page).group(1)
    assert lang == (query[6:] if query == "?lang=da" else config_language)
    response = sign_in(server.test_client(), "anna", "wrong password", lang="pl")
    assert "Nieprawidłowa nazwa użytkownika lub hasło." in response.get_data(as_text=True)
    engine.dispose()

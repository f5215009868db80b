"""The fleet page in a real Chromium: every state of a screen, three languages, 1080p and 4K."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import artifact
from tests.support.configs import write_config
from tests.support.fleet import BUILD, FLEET_CONFIG, ensure_user, seed_fleet, sign_in_page
from wallboard.store import open_store

# What each language must say on the page (no English left in Danish or Polish).
SAYS = {"en": ("Screens", "Online", "Offline", "Not seen yet", "old version", "Pair a TV"),
        "da": ("Skærme", "Online", "Offline", "Ikke set endnu", "gammel version", "Par et tv"),
        "pl": ("Ekrany", "Online", "Offline", "Jeszcze niewidziany", "stara wersja",
               "Sparuj telewizor")}


def fleet_server(tmp_path: Path, wall_server, *, extra: str = ""):
    db = tmp_path / "store.db"
    config = write_config(tmp_path, store_url=f"sqlite:///{db}", extra=FLEET_CONFIG + extra)
    engine = open_store(f"sqlite:///{db}")
    ensure_user(engine, "ada", "admin")
    ensure_user(engine, "lars", "lead")
    server = wall_server(config, env={"WALLBOARD_BUILD_ID": BUILD})
    return server, engine


@pytest.mark.browser
def test_fleet001_every_state_in_three_languages_at_1080p_and_4k(tmp_path: Path, wall_server,
                                                                   open_page) -> None:
    server, engine = fleet_server(tmp_path, wall_server)
    for width, height in ((1920, 1080), (3840, 2160)):
        page = open_page(f"{server.url}/login", width, height)
        sign_in_page(page, server.url, "ada")
        for lang in ("en", "da", "pl"):
            seed_fleet(engine)  # online means seen within 30 s: fresh for each picture
            page.goto(f"{server.url}/fleet?lang={lang}")
            page.wait_for_selector('[data-screen="Canteen"][data-state="online"]')
            body = page.inner_text("body")
            for words in SAYS[lang]:
                assert words in body, (lang, words)
            states = {name: page.get_attribute(f'li[data-screen="{name}"]', "data-state")
                      for name in ("Canteen", "Reception", "Support floor 2", "Warehouse")}
            assert states == {"Canteen": "online", "Reception": "offline",
                              "Support floor 2": "online", "Warehouse": "never"}
            assert page.locator('li[data-screen="Support floor 2"] [data-old-build]').count()
            assert page.locator('li[data-screen="Support floor 2"] [data-stale]').count()
            assert not page.locator('li[data-screen="Canteen"] [data-old-build]').count()
            assert page.locator("li.tv").count() == 2
            page.screenshot(path=str(artifact(f"fleet001_{lang}_{width}x{height}.png")),
                            full_page=True)
            page.click('li[data-screen="Support floor 2"] [data-action="edit"]')
            page.wait_for_selector("#profile-button")
            assert page.input_value("#new_name") == "Support floor 2"
            assert page.input_value("#team") == "sales"
            page.screenshot(path=str(artifact(f"fleet002_screen_{lang}_{width}x{height}.png")),
                            full_page=True)
            page.click('[data-action="forget"]')
            page.wait_for_selector("#forget-confirm")
            page.screenshot(path=str(artifact(f"fleet003_forget_{lang}_{width}x{height}.png")))
        page.context.close()
    engine.dispose()


@pytest.mark.browser
def test_fleet004_team_leads_get_a_403_page_and_no_link_admins_get_the_link(
        tmp_path: Path, wall_server, open_page) -> None:
    server, engine = fleet_server(tmp_path, wall_server)
    admin = open_page(f"{server.url}/login")
    sign_in_page(admin, server.url, "ada", next_path="/meeting/")
    admin.wait_for_selector("#m-fleet-link")
    admin.click("#m-fleet-link")
    admin.wait_for_selector("#pair-button")
    for width, height in ((1920, 1080), (3840, 2160)):
        lead = open_page(f"{server.url}/login", width, height)
        sign_in_page(lead, server.url, "lars", next_path="/meeting/")
        lead.wait_for_selector("#m-sign-out")
        assert lead.locator("#m-fleet-link").count() == 0
        for lang in ("en", "da", "pl"):
            answer = lead.goto(f"{server.url}/fleet?lang={lang}")
            assert answer.status == 403
            assert "set-role lars --role admin" in lead.inner_text("main")
            lead.screenshot(path=str(artifact(f"fleet004_lead_403_{lang}_{width}x{height}.png")))
        lead.context.close()
    engine.dispose()

"""The fleet page driving real TVs: an admin's Chromium pairs, renames, re-profiles, reloads,
identifies and forgets a TV that is a Chromium context of its own, against a real server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.browser import artifact
from tests.support.configs import write_config
from tests.support.fleet import ensure_user, sign_in_page
from wallboard.store import open_store
from wallboard.store import screens as fleet

pytestmark = pytest.mark.browser
WITHIN_MS = 5_000   # the contract: a change reaches an open screen within 5 s
RELOADED_MS = WITHIN_MS + 5_000  # ... and a page reload then takes its own few seconds
# The wall's root, once it exists (not while a reload is on its way).
NAMED = ("() => { const wall = document.getElementById('wall');"
         " return wall ? wall.getAttribute('data-screen') : null; }")


def start(tmp_path: Path, wall_server):  # noqa: ANN201
    config = write_config(tmp_path, extra='\n[screens]\npairing = true\n'
                                          'wall_name = "Support wall"\n')
    engine = open_store(f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}")  # as migrate does
    ensure_user(engine, "ada", "admin")
    return wall_server(config), engine


def open_tv(chromium, url: str):  # noqa: ANN001, ANN201
    """A TV of its own: a fresh context (own localStorage), the wall's address, nothing else."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion",
                           timeout=20_000)
    return context, page


def code_on(tv) -> str:  # noqa: ANN001
    tv.wait_for_selector("#screen-pairing:not([hidden]) .pairing-code", timeout=WITHIN_MS)
    return tv.inner_text("#screen-pairing .pairing-code")


def named(tv, name: str, timeout: int = WITHIN_MS) -> None:  # noqa: ANN001
    tv.wait_for_function(f"() => ({NAMED})() === {name!r}", timeout=timeout)


def mark(tv) -> None:  # noqa: ANN001
    """Leave a mark in the TV's page: gone once the page has reloaded."""
    tv.evaluate("() => { window.__before = true; }")


def test_fleet010_pair_rename_profile_reload_identify_forget_from_the_page(
        tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall, engine = start(tmp_path, wall_server)
    tv_context, tv = open_tv(chromium, wall.url)
    admin_context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    admin = admin_context.new_page()
    try:
        code = code_on(tv)
        sign_in_page(admin, wall.url, "ada")
        # The waiting TV turns up in the list by itself; its button fills the code in.
        admin.wait_for_selector(f'li.tv[data-code="{code}"]', timeout=10_000)
        admin.click(f'[data-use-code="{code}"]')
        assert admin.input_value("#code") == code
        admin.fill("#name", "Canteen")
        admin.select_option("#team", "sales")
        admin.select_option("#lang", "da")
        admin.click("#pair-button")
        admin.wait_for_selector("#fleet-notice")
        assert "Canteen is paired" in admin.inner_text("#fleet-notice")
        named(tv, "Canteen")
        tv.wait_for_function("() => window.wallboard.screenData()?.team === 'sales'",
                             timeout=WITHIN_MS)
        assert tv.evaluate("() => document.documentElement.lang") == "da"
        # Online on the page without reloading it, once the server has seen the TV.
        admin.wait_for_selector('li[data-screen="Canteen"][data-state="online"]',
                                timeout=30_000)
        admin.screenshot(path=str(artifact("fleet010_paired_en_1920x1080.png")))

        admin.click('li[data-screen="Canteen"] [data-action="edit"]')
        admin.wait_for_selector("#new_name")
        admin.fill("#new_name", "Canteen 2")
        admin.click("#rename-button")
        admin.wait_for_url(re.compile(r".*/fleet/screen/Canteen%202\?.*done=renamed.*"))
        named(tv, "Canteen 2")

        mark(tv)
        admin.select_option("#lang", "pl")
        admin.check('input[name="p_panels"][value="trend"]')
        admin.click("#profile-button")
        admin.wait_for_selector("#fleet-notice")
        tv.wait_for_function("() => window.__before === undefined && window.wallboard"
                             " && window.wallboard.screenData()?.language === 'pl'",
                             timeout=RELOADED_MS)
        assert tv.evaluate("() => window.wallboard.screenData().panels") == ["trend"]
        named(tv, "Canteen 2")

        tv.wait_for_function("() => window.wallboard.state().knownVersion", timeout=20_000)
        mark(tv)
        admin.click('[data-action="reload"]')
        admin.wait_for_selector("#fleet-notice")
        assert "reloads within a few seconds" in admin.inner_text("#fleet-notice")
        tv.wait_for_function("() => window.__before === undefined && window.wallboard",
                             timeout=RELOADED_MS)
        named(tv, "Canteen 2")

        tv.wait_for_function("() => window.wallboard.state().knownVersion", timeout=20_000)
        admin.click('[data-action="identify"]')
        tv.wait_for_selector("#screen-identify:not([hidden])", timeout=WITHIN_MS)
        assert tv.inner_text("#screen-identify .identify-name") == "Canteen 2"

        admin.click('[data-action="forget"]')
        admin.click("#forget-confirm")
        admin.wait_for_selector("#fleet-notice")
        assert "Canteen 2 is forgotten." in admin.inner_text("#fleet-notice")
        assert fleet.screen_by_name(engine, "Canteen 2") is None
        # A stranger again: with pairing on, the TV shows a (new) code.
        tv.wait_for_selector("#screen-pairing:not([hidden]) .pairing-code",
                             timeout=RELOADED_MS)
        assert admin.locator('li[data-screen="Canteen 2"]').count() == 0
    finally:
        tv_context.close()
        admin_context.close()
        engine.dispose()


def test_fleet011_bad_input_is_named_next_to_its_field_in_the_browser(
        tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall, engine = start(tmp_path, wall_server)
    tv_context, tv = open_tv(chromium, wall.url)
    admin_context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    admin = admin_context.new_page()
    try:
        code = code_on(tv)
        fleet.pair(engine, fleet.waiting_screens(engine)[0].pairing_code, "Reception", {},
                   now=fleet.waiting_screens(engine)[0].created_at)
        named(tv, "Reception")
        tv_context.close()
        tv_context, tv = open_tv(chromium, wall.url)
        code = code_on(tv)
        sign_in_page(admin, wall.url, "ada", next_path="/fleet?lang=pl")
        admin.fill("#code", "ZZ-ZZZ")
        admin.fill("#name", "Kuchnia")
        admin.select_option("#hours", "custom")
        admin.fill("#hours_custom", "07:00-15:00")
        admin.click("#pair-button")
        admin.wait_for_selector("#code-error")
        assert admin.inner_text("#code-error") == (
            "Żaden telewizor nie czeka z kodem ZZ-ZZZ. Sprawdź kod na telewizorze.")
        assert admin.input_value("#name") == "Kuchnia"
        assert admin.input_value("#hours_custom") == "07:00-15:00"
        admin.screenshot(path=str(artifact("fleet011_unknown_code_pl_1920x1080.png")))

        admin.fill("#code", code)
        admin.fill("#name", "RECEPTION")
        admin.click("#pair-button")
        admin.wait_for_selector("#name-error")
        assert "Inny ekran nazywa się już Reception." in admin.inner_text("#name-error")
        assert admin.input_value("#code") == code

        admin.fill("#name", "Kuchnia")
        admin.fill("#hours_custom", "7-15")
        admin.fill("#rotate", "1")  # two bad fields: both are marked at once
        admin.click("#pair-button")
        admin.wait_for_selector("#hours-error")
        assert "GG:MM-GG:MM" in admin.inner_text("#hours-error")
        assert admin.inner_text("#rotate-error").startswith("Sekundy na panel: liczba od 3 do")
        assert admin.input_value("#rotate") == "1"
        assert admin.locator("#code-error, #name-error").count() == 0
        admin.screenshot(path=str(artifact("fleet011_bad_hours_pl_1920x1080.png")))
        assert fleet.screen_by_name(engine, "Kuchnia") is None
        assert [w.pairing_code for w in fleet.waiting_screens(engine)] == [code]
    finally:
        tv_context.close()
        admin_context.close()
        engine.dispose()

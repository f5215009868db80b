"""Two people save the same follow-up card in two real Chromium contexts: the second is told,
in their language, who saved first and what the card holds now; nothing typed is lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.support.meeting import USER, Meeting, local_monday
from wallboard.accounts.users import add_user
from wallboard.meeting.followups import followup_queue
from wallboard.store import FollowUp

pytestmark = pytest.mark.browser
OTHER, OTHER_PASSWORD = "jonas", "jonas-password-77"
F = FollowUp.__table__.c


def sign_in_as(chromium, meeting: Meeting, path: str,  # noqa: ANN001, ANN201
               user: str, password: str):
    context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(meeting.url + path)
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector(".m-view", timeout=30_000)
    return page


def stored(meeting: Meeting, rid: int) -> tuple:
    with meeting.engine.connect() as conn:
        found = conn.execute(select(F.owner, F.status, F.note, F.version)
                             .where(F.response_id == rid)).first()
    return tuple(found) if found else (None, "open", "", 0)


def wait_stored(page, meeting: Meeting, rid: int, note: str) -> tuple:  # noqa: ANN001
    deadline = datetime.now(UTC) + timedelta(seconds=15)
    while (now := stored(meeting, rid))[2] != note:
        assert datetime.now(UTC) < deadline, now
        page.wait_for_timeout(100)
    return now


def test_meet010_a_stale_save_is_told_and_nothing_is_lost(lead, chromium,
                                                          meeting: Meeting) -> None:
    add_user(meeting.engine, OTHER, OTHER_PASSWORD)
    start, end = local_monday(meeting.now, 1), local_monday(meeting.now, 0)
    with meeting.engine.connect() as conn:
        queue = followup_queue(conn, teams=("sales",), since=start, until=end,
                               now=meeting.now, sla_hours=48)
    rid = next(i.response_id for i in queue if i.status == "open" and i.note == ""
               and start <= i.answered_at < end)
    link = f"/meeting/followups?team=sales&period=last_week&response={rid}"
    mette = lead(link)
    jonas = sign_in_as(chromium, meeting, link + "&lang=da", OTHER, OTHER_PASSWORD)
    card_m = mette.locator(f".m-fu[data-response='{rid}']")
    card_j = jonas.locator(f".m-fu[data-response='{rid}']")
    card_j.wait_for()
    # Both have the card open. The lead saves first.
    card_m.locator("input[type=text]").nth(1).fill("Called, sending a new one")
    card_m.locator("button", has_text="Save").click()
    card_m.locator(".m-fu-message:has-text('Saved')").wait_for()
    assert wait_stored(mette, meeting, rid, "Called, sending a new one")[3] == 1
    # Jonas, on the card as he opened it, types his own and saves: refused, told in Danish.
    card_j.locator("input[type=text]").first.fill("Jonas")
    card_j.locator("input[type=text]").nth(1).fill("Kunden vil have pengene retur")
    card_j.locator("button", has_text="Gem").click()
    told = card_j.locator(".m-fu-message:has-text('Ikke gemt')")
    told.wait_for()
    message = told.inner_text()
    assert f"ændret af {USER}" in message
    assert "Called, sending a new one" in message and "ingen endnu" in message
    assert "Gem igen" in message
    assert stored(meeting, rid) == (None, "open", "Called, sending a new one", 1)
    # Nothing he typed is lost: still in his fields; the card says who changed it.
    assert card_j.locator("input[type=text]").first.input_value() == "Jonas"
    assert (card_j.locator("input[type=text]").nth(1).input_value()
            == "Kunden vil have pengene retur")
    assert USER in card_j.locator(".m-fu-updated").inner_text()
    # Saving again, knowingly, replaces the lead's note.
    card_j.locator("button", has_text="Gem").click()
    card_j.locator(".m-fu-message:has-text('Gemt')").wait_for()
    assert wait_stored(jonas, meeting, rid, "Kunden vil have pengene retur") == (
        "Jonas", "open", "Kunden vil have pengene retur", 2)
    # The lead's card is now the stale one: a status click is refused and shows Jonas's note.
    card_m.locator("input[type=radio][value=contacted]").click()
    told = card_m.locator(".m-fu-message:has-text('Not saved')")
    told.wait_for()
    assert "changed by jonas" in told.inner_text()
    assert "Kunden vil have pengene retur" in told.inner_text()
    assert stored(meeting, rid)[1:] == ("open", "Kunden vil have pengene retur", 2)
    assert card_m.get_attribute("data-status") == "open"
    jonas.context.close()

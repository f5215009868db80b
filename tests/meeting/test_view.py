"""A team lead's meeting played through in a real Chromium with a clicker's keys.

One server for the module, on a SQLite store seeded with six weeks of realistic responses for
two teams (a seeded Random): sign in, switch team and period, compare the headline with an
independent SQL count, page through the comments with PageDown / ArrowLeft, filter and
search, find every detractor in the follow-up queue with the overdue one marked, assign an
owner and resolve one (still resolved after a reload and in the CSV), add and tick off an
action, and refuse an anonymous visitor.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, case, func, insert, select

from tests.support.configs import write_config
from tests.support.meeting import (
    EMPLOYEES,
    PASSWORD,
    TZ,
    UNIQUE,
    USER,
    WORDS,
    Meeting,
    R,
    local_monday,
    sign_in,
)
from tests.support.servers import WallServer
from wallboard import i18n
from wallboard.accounts.users import add_user
from wallboard.meeting.followups import followup_queue
from wallboard.meeting.views.comments import SEARCH_MAX
from wallboard.store import ActionItem, FollowUp, Response, open_store

pytestmark = pytest.mark.browser


def counts(engine: Engine, team: str, start: datetime, end: datetime) -> tuple[int, int, int]:
    """Count responses, promoters and detractors of team in [start, end), in SQL."""
    query = select(func.count(), func.sum(case((R.score >= 9, 1), else_=0)),
                   func.sum(case((R.score <= 6, 1), else_=0))).where(
        R.team_key == team, R.answered_at >= start, R.answered_at < end)
    with engine.connect() as conn:
        n, p, d = conn.execute(query).one()
    return n, p or 0, d or 0


def check_headline(page, engine: Engine, team: str, start: datetime, end: datetime) -> None:
    n, p, d = counts(engine, team, start, end)
    assert n >= 10, "the seed gives every team enough responses"
    page.wait_for_selector(f".m-view[data-team='{team}'] #m-nps")
    assert page.get_attribute("#m-responses", "data-n") == str(n)
    assert page.get_attribute("#m-promoters", "data-n") == str(p)
    assert page.get_attribute("#m-detractors", "data-n") == str(d)
    assert page.inner_text("#m-nps") == i18n.nps_value("en", 100 * (p - d) / n)


def test_meet001_anonymous_visitor_refused(chromium, meeting: Meeting) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(meeting.url + "/meeting/followups?team=support")
    assert "/login" in page.url
    assert page.locator("input[name=password]").count() == 1
    answer = page.request.post(meeting.url + "/meeting/_dash-update-component", data={})
    assert answer.status == 401
    csv_answer = page.request.get(meeting.url + "/meeting/export/followups.csv?team=all")
    assert csv_answer.status in (302, 401) or "/login" in csv_answer.url
    context.close()


def test_meet002_headline_matches_sql_when_switching_team_and_period(lead,
                                                                     meeting: Meeting) -> None:
    page = lead("/meeting/?team=support&period=last_week")
    start, end = local_monday(meeting.now, 1), local_monday(meeting.now, 0)
    check_headline(page, meeting.engine, "support", start, end)
    # switch the team with the dropdown: the URL follows, the numbers are sales'
    page.click("#m-team")
    page.get_by_role("option", name="Sales").click()
    page.wait_for_url(re.compile(r"team=sales"))
    check_headline(page, meeting.engine, "sales", start, end)
    # switch the period: last 4 weeks runs from Monday three weeks ago to now
    page.click("#m-period-last_4_weeks")
    page.wait_for_url(re.compile(r"period=last_4_weeks"))
    page.wait_for_selector(".m-view[data-period='last_4_weeks']")
    check_headline(page, meeting.engine, "sales", local_monday(meeting.now, 3),
                   datetime.now(UTC))
    # a reload keeps team, period and view
    page.reload()
    page.wait_for_selector(".m-view[data-period='last_4_weeks'][data-team='sales']")
    assert page.locator(".m-pill.active").inner_text() == "Last 4 weeks"


CURRENT = "#m-reader-list .m-read-card[data-current]"


def position(page) -> str:  # noqa: ANN001
    return page.inner_text("#m-reader-pos")


def wait_position(page, text: str) -> None:  # noqa: ANN001
    page.wait_for_function(
        f"document.getElementById('m-reader-pos').textContent === {text!r}")


def shown_response(page) -> int:  # noqa: ANN001
    return int(page.get_attribute(CURRENT, "data-response"))


def test_meet003_read_aloud_with_clicker_keys(lead, meeting: Meeting) -> None:
    start, end = local_monday(meeting.now, 1), local_monday(meeting.now, 0)
    with meeting.engine.connect() as conn:
        ordered = conn.execute(select(R.id, R.score).where(
            R.team_key == "support", R.answered_at >= start, R.answered_at < end,
            R.comment != "").order_by(R.answered_at, R.id)).all()
    total = len(ordered)
    page = lead("/meeting/?team=support&period=last_week")
    page.keyboard.press("2")  # the clicker's number keys reach the views too
    page.wait_for_url(re.compile(r"/meeting/comments"))
    page.wait_for_selector(CURRENT)
    wait_position(page, f"1 / {total}")
    assert shown_response(page) == ordered[0].id
    assert page.locator(".m-read-card").count() == 1, "one card on the page at a time"
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowRight")
    assert position(page) == f"3 / {total}"
    assert shown_response(page) == ordered[2].id
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert shown_response(page) == ordered[4].id
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("PageUp")
    assert shown_response(page) == ordered[1].id
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")  # at the first comment, stays there
    assert position(page) == f"1 / {total}"
    page.keyboard.press("End")
    assert position(page) == f"{total} / {total}"
    assert shown_response(page) == ordered[-1].id
    page.keyboard.press("ArrowRight")  # at the last, stays there
    assert shown_response(page) == ordered[-1].id
    page.keyboard.press("Home")
    assert shown_response(page) == ordered[0].id
    # the on-screen arrows page too
    page.click(".m-step.next")
    assert shown_response(page) == ordered[1].id
    # detractors only, with their count on the pill; the clicker still pages afterwards
    detractors = [row.id for row in ordered if row.score <= 6]
    pill = page.locator("#m-filter label", has_text="Detractors")
    assert f"({len(detractors)})" in pill.inner_text()
    page.click("#m-filter input[value=detractor]")
    wait_position(page, f"1 / {len(detractors)}")
    seen = [shown_response(page)]
    for _ in detractors[1:]:
        page.keyboard.press("ArrowRight")
        seen.append(shown_response(page))
    assert seen == detractors
    assert page.get_attribute(CURRENT, "data-kind") == "detractor"
    # search within the period's comments: typing is not paging
    page.click("#m-filter input[value=all]")
    wait_position(page, f"1 / {total}")
    page.fill("#m-search", UNIQUE.upper())
    wait_position(page, "1 / 1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    assert position(page) == "1 / 1"
    assert shown_response(page) == meeting.ids["unique"]
    assert UNIQUE in page.inner_text(CURRENT)
    # an employee's name finds their comments
    with meeting.engine.connect() as conn:
        by_jonas = conn.execute(select(func.count()).where(
            R.team_key == "support", R.answered_at >= start, R.answered_at < end,
            R.comment != "", R.employee == "Jonas Holm")).scalar_one()
    page.fill("#m-search", "jonas holm")
    wait_position(page, f"1 / {by_jonas}")
    page.fill("#m-search", "no comment says this")
    page.wait_for_selector("#m-reader-list .m-empty:has-text('No comments match')")
    assert position(page) == ""


def test_meet003b_comment_is_text_not_markup(lead, meeting: Meeting) -> None:
    page = lead("/meeting/comments?team=sales&period=this_week")
    page.wait_for_selector("#m-reader-list[data-token]")
    # a comment holding markup is shown as the characters typed
    with meeting.engine.begin() as conn:
        conn.execute(insert(Response.__table__), [dict(
            source="test", external_id="markup", score=9, team_key="sales",
            comment="<img src=x onerror=\"window.hacked=1\"><b>bold</b>", employee="Emma Clarke",
            answered_at=meeting.now - timedelta(minutes=1))])
    page.reload()
    page.wait_for_selector(CURRENT)
    page.keyboard.press("End")
    assert "<b>bold</b>" in page.inner_text(CURRENT + " .m-read-text")
    assert page.locator(CURRENT + " img, " + CURRENT + " b").count() == 0
    assert page.evaluate("window.hacked === undefined")


def test_meet009_search_reads_whole_comments_and_cuts_only_the_query(lead,
                                                                    meeting: Meeting) -> None:
    """A word at character 400 of a comment, and the employee and customer after it, are
    found; only what is typed is cut to the box's limit, which the server declares."""
    filler = ("The parcel came late and the box was wet through. " * 10)[:400]
    with meeting.engine.begin() as conn:
        conn.execute(insert(Response.__table__), [dict(
            source="test", external_id="long", score=5, team_key="sales",
            comment=filler + "Xylophone music on hold for an hour.",
            employee="Birgitte Vestergaard", customer_name="Rasmus Kolding",
            answered_at=meeting.now - timedelta(minutes=2))])
        long_id = conn.execute(select(R.id).where(R.external_id == "long")).scalar_one()
    page = lead("/meeting/comments?team=sales&period=last_4_weeks")
    page.wait_for_selector(CURRENT)
    assert page.get_attribute("#m-search", "maxlength") == str(SEARCH_MAX)
    for words in ("XYLOPHONE music", "birgitte vestergaard", "Rasmus Kolding"):
        page.fill("#m-search", "")
        page.wait_for_function("document.getElementById('m-reader-pos').textContent !== '1 / 1'")
        page.fill("#m-search", words)
        wait_position(page, "1 / 1")
        assert shown_response(page) == long_id, words
    # a query longer than the limit is searched by its first SEARCH_MAX characters
    page.fill("#m-search", "")
    page.wait_for_function("document.getElementById('m-reader-pos').textContent !== '1 / 1'")
    page.evaluate("""([text]) => {
        const box = document.getElementById('m-search');
        box.value = text;
        box.dispatchEvent(new Event('input', {bubbles: true}));
    }""", [filler[:SEARCH_MAX] + " but nothing like this was ever written"])
    wait_position(page, "1 / 1")
    assert shown_response(page) == long_id


def card_of(page, rid: int):  # noqa: ANN001
    return page.locator(f".m-fu[data-response='{rid}']")


def queue_pages(page) -> list[list[int]]:  # noqa: ANN001
    """Walk the follow-up queue with the Next page link; return the ids of every page."""
    seen = []
    while True:
        seen.append([int(x) for x in page.eval_on_selector_all(
            ".m-fu", "els => els.map(e => e.dataset.response)")])
        link = page.locator("#m-page-next-top")
        if not link.count():
            return seen
        before = page.get_attribute(".m-pager-top", "data-page")
        link.click()
        page.wait_for_selector(f".m-pager-top:not([data-page='{before}'])")


def test_meet004_followups_resolved_and_exported(lead, meeting: Meeting) -> None:
    start, end = local_monday(meeting.now, 1), local_monday(meeting.now, 0)
    with meeting.engine.connect() as conn:
        wanted = set(conn.execute(select(R.id).where(
            R.team_key == "support", R.score <= 6, R.answered_at >= start,
            R.answered_at < end)).scalars())
    page = lead("/meeting/followups?team=support&period=last_week")
    pages = queue_pages(page)
    assert len(pages) > 1, "the seed fills more than one page"
    assert all(len(ids) == 25 for ids in pages[:-1]) and 0 < len(pages[-1]) <= 25
    shown = [rid for ids in pages for rid in ids]
    assert len(shown) == len(set(shown)), "no item on two pages"
    assert wanted <= set(shown), "every detractor of the period is in the queue"
    assert page.inner_text(".m-pager-top .m-pager-where").startswith(
        f"Page {len(pages)} of {len(pages)}")
    # the counts are the whole queue's, not the page's
    with meeting.engine.connect() as conn:
        queue = followup_queue(conn, teams=("support",), since=start, until=end,
                               now=datetime.now(UTC), sla_hours=48)
    assert shown == [i.response_id for i in queue], "the queue's order: overdue first"
    overdue = [i.overdue for i in queue]
    assert overdue == sorted(overdue, reverse=True) and any(overdue)
    opened = sum(i.status == "open" for i in queue)
    assert page.inner_text(".m-tally-open strong") == str(opened) and opened > 25
    rid = meeting.ids["overdue"]
    on = next(n for n, ids in enumerate(pages, start=1) if rid in ids)
    page.goto(meeting.url + f"/meeting/followups?team=support&period=last_week&page={on}")
    row = card_of(page, rid)
    assert row.get_attribute("data-overdue") == "true"
    assert "Overdue" in row.inner_text()
    assert "waiting" in row.locator(".m-fu-age").inner_text()
    assert page.locator("#m-sla-share").count() == 1
    # assign an owner, then resolve with one click on the status
    row.locator("input[type=text]").first.fill("Jonas Holm")
    row.locator("input[type=radio][value=resolved]").click()  # the "Resolved" pill
    page.wait_for_selector(f".m-fu[data-response='{rid}'][data-status='resolved']")
    assert row.get_attribute("data-overdue") == "false"
    assert row.locator(".m-fu-age").inner_text().startswith("resolved after ")
    # resolved items sort last: its own link finds the page it moved to
    page.goto(meeting.url + f"/meeting/followups?team=support&period=last_week&response={rid}")
    row = card_of(page, rid)
    row.wait_for()
    assert row.get_attribute("data-status") == "resolved"
    assert row.locator("input[type=text]").first.input_value() == "Jonas Holm"
    assert row.get_attribute("data-overdue") == "false"
    assert f"changed by {USER}" in row.inner_text()
    assert row.locator(".m-fu-age").inner_text().startswith("resolved after ")
    # the export link of the page gives the same, as CSV
    href = page.get_attribute("#m-export-followups", "href")
    answer = page.request.get(meeting.url + href)
    assert answer.ok
    rows = list(csv.DictReader(io.StringIO(answer.text().lstrip("\ufeff"))))
    mine = [r for r in rows if r["response_id"] == str(rid)]
    assert mine and mine[0]["status"] == "resolved" and mine[0]["owner"] == "Jonas Holm"


def test_meet005_notification_link_highlights_followup(lead, meeting: Meeting) -> None:
    rid = meeting.ids["overdue"]
    page = lead(f"/meeting/followups?response={rid}&team=support&period=last_week")
    row = page.locator(f".m-fu.highlight[data-response='{rid}']")
    row.wait_for()
    page.wait_for_function(
        f"(() => {{ const r = document.querySelector(\".m-fu[data-response='{rid}']\")"
        ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()")


def test_meet005b_highlighted_item_on_a_later_page(lead, meeting: Meeting) -> None:
    """A notification's link opens the page that holds the item, wherever it sorts."""
    start = local_monday(meeting.now, 3)
    with meeting.engine.connect() as conn:
        queue = followup_queue(conn, teams=None, since=start, until=meeting.now,
                               now=meeting.now, sla_hours=48)
    assert len(queue) > 60, "the seed gives three pages at least"
    index = len(queue) - 3
    rid, wanted_page = queue[index].response_id, index // 25 + 1
    page = lead(f"/meeting/followups?team=all&period=last_4_weeks&response={rid}")
    row = page.locator(f".m-fu.highlight[data-response='{rid}']")
    row.wait_for()
    assert page.get_attribute(".m-pager-top", "data-page") == str(wanted_page)
    page.wait_for_function(
        f"(() => {{ const r = document.querySelector(\".m-fu[data-response='{rid}']\")"
        ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()")
    # paging on from there leaves the highlighted page, and the URL says which page
    page.click("#m-page-prev-top")
    page.wait_for_url(re.compile(rf"page={wanted_page - 1}"))
    page.wait_for_selector(f".m-pager-top[data-page='{wanted_page - 1}']")
    assert page.locator(".m-fu.highlight").count() == 0
    # another period starts again at the first page
    page.click("#m-period-last_week")
    page.wait_for_selector(".m-view[data-period='last_week']")
    assert "page=" not in page.url
    assert page.get_attribute(".m-pager-top", "data-page") in (None, "1")


def test_meet007_note_kept_with_a_status_click(lead, meeting: Meeting) -> None:
    """Note typed before a status click is saved with it; typed right after, Enter saves it."""
    start, end = local_monday(meeting.now, 1), local_monday(meeting.now, 0)
    with meeting.engine.connect() as conn:
        queue = followup_queue(conn, teams=("sales",), since=start, until=end,
                               now=meeting.now, sla_hours=48)
    first, second = [i.response_id for i in queue
                     if i.status == "open" and start <= i.answered_at < end][:2]
    link = "/meeting/followups?team=sales&period=last_week&response="
    page = lead(link + str(first))
    row = card_of(page, first)
    row.locator("input[type=text]").nth(1).fill("Called, will send a voucher")
    row.locator("input[type=radio][value=contacted]").click()
    page.wait_for_selector(f".m-fu[data-response='{first}'][data-status='contacted']")
    # typed straight after the click, before the answer came back: kept, Enter saves it
    page.goto(meeting.url + link + str(second))
    row = card_of(page, second)
    row.locator("input[type=radio][value=resolved]").click()
    note = row.locator("input[type=text]").nth(1)
    note.fill("Refund sent")
    page.wait_for_selector(f".m-fu[data-response='{second}'][data-status='resolved']")
    assert note.input_value() == "Refund sent"
    note.press("Enter")
    row.locator(".m-fu-message:has-text('Saved')").wait_for()
    owner = row.locator("input[type=text]").first
    owner.fill("Louise Dam")
    owner.press("Enter")
    F = FollowUp.__table__.c

    def stored() -> dict:
        with meeting.engine.connect() as conn:
            return {r.response_id: r for r in conn.execute(select(F.response_id, F.status,
                                                                  F.note, F.owner).where(
                F.response_id.in_([first, second])))}

    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while stored().get(second) is None or stored()[second].owner != "Louise Dam":
        assert datetime.now(UTC) < deadline, stored()
        page.wait_for_timeout(100)
    rows = stored()
    assert (rows[first].status, rows[first].note) == ("contacted", "Called, will send a voucher")
    assert (rows[second].status, rows[second].note) == ("resolved", "Refund sent")
    # Save with nothing new says so; after a reload the card shows what was stored
    row.locator("button", has_text="Save").click()
    row.locator(".m-fu-message:has-text('Nothing to save')").wait_for()
    page.goto(meeting.url + link + str(second))
    row = card_of(page, second)
    row.wait_for()
    assert row.locator("input[type=text]").nth(1).input_value() == "Refund sent"
    assert row.locator("input[type=text]").first.input_value() == "Louise Dam"


def test_meet006_action_added_and_ticked_off(lead, meeting: Meeting) -> None:
    page = lead("/meeting/actions?team=support&period=last_week")
    text = "Call back every detractor within 24 hours"
    page.fill("#m-action-text", text)
    page.fill("#m-action-owner", "Mette Kjær")
    due = date.today() + timedelta(days=7)
    # the date field speaks the page's language (the picker's D MMM YYYY in English, with its
    # own month names: "Sep", where CLDR's British English says "Sept"); the store gets a date
    page.fill("#m-action-due", f"{due.day} {due:%b} {due.year}")
    page.keyboard.press("Tab")
    page.click("#m-action-add")
    item = page.locator(".m-act", has_text=text)
    item.wait_for()
    assert item.get_attribute("data-done") == "false"
    item.locator("input[type=checkbox]").check()
    page.wait_for_selector(f".m-act[data-done='true']:has-text('{text}')")
    page.reload()
    page.wait_for_selector(f".m-act[data-done='true']:has-text('{text}')")
    assert f"done by {USER}" in page.locator(".m-act", has_text=text).inner_text()
    # kept in the store, so next week's meeting shows it
    a = ActionItem.__table__.c
    with meeting.engine.connect() as conn:
        done = conn.execute(select(func.count()).where(
            a.text == text, a.done.is_(True), a.team_key == "support")).scalar_one()
    assert done == 1
    with meeting.engine.connect() as conn:
        stored = conn.execute(select(a.due).where(a.text == text)).scalar_one()
    assert stored == due


def test_meet020_custom_dates_in_the_language_and_bad_ranges_explained(
        lead, meeting: Meeting) -> None:
    page = lead("/meeting/?team=support&period=last_week&lang=da")
    first, last = (local_monday(meeting.now, 1).astimezone(ZoneInfo(TZ)).date(),
                   local_monday(meeting.now, 0).astimezone(ZoneInfo(TZ)).date()
                   - timedelta(days=1))
    # Danish dates read DD.MM.YYYY, not the browser's mm/dd/yyyy
    assert page.input_value("#m-dates") == f"{first:%d.%m.%Y}"
    assert page.input_value("#m-dates-end-date") == f"{last:%d.%m.%Y}"
    before = page.url

    def choose(start: date, end: date) -> None:
        page.fill("#m-dates", f"{start:%d.%m.%Y}")
        page.keyboard.press("Tab")
        page.fill("#m-dates-end-date", f"{end:%d.%m.%Y}")
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        page.click("#m-apply")

    # an end before the start: said in Danish, the page keeps last week
    choose(last, first)
    message = page.locator("#m-date-message")
    message.wait_for(state="visible")
    assert message.inner_text() == i18n.text("da", "m_dates_reversed")
    assert page.url == before
    assert page.get_attribute(".m-view", "data-period") == "last_week"
    # more than two years: said, not silently replaced by last week
    choose(last - timedelta(days=800), last)
    page.wait_for_function(
        "t => document.getElementById('m-date-message').textContent === t",
        arg=i18n.text("da", "m_dates_too_long", days=731))
    assert page.url == before
    # a good range goes into the URL as YYYY-MM-DD and clears the message
    start = first - timedelta(days=7)
    choose(start, last)
    page.wait_for_url(re.compile(rf"period=custom&start={start.isoformat()}"
                                 rf"&end={last.isoformat()}"))
    page.wait_for_selector(".m-view[data-period='custom']")
    assert page.locator("#m-date-message").inner_text() == ""
    # a typed URL with a reversed range says so too (and shows the default period)
    page.goto(f"{meeting.url}/meeting/?team=support&period=custom&start={last.isoformat()}"
              f"&end={first.isoformat()}&lang=pl")
    page.wait_for_selector(".m-view[data-period='last_week']")
    assert page.inner_text("#m-date-message") == i18n.text("pl", "m_dates_reversed")


def test_meet021_no_arrows_without_a_previous_period(lead, meeting: Meeting) -> None:
    # the seed starts 42 days ago: the week before its first week has no responses
    first = (meeting.now - timedelta(days=42)).astimezone(ZoneInfo(TZ)).date()
    page = lead(f"/meeting/?team=support&period=custom&start={first.isoformat()}"
                f"&end={(first + timedelta(days=6)).isoformat()}")
    page.wait_for_selector(".m-view[data-period='custom'] #m-nps")
    assert page.inner_text(".m-versus .m-change") == i18n.text("en", "m_change_none")
    for key in ("promoters", "passives", "detractors"):
        row = page.locator(f"#m-{key}")
        assert int(row.get_attribute("data-n")) > 0
        assert row.locator(".m-change-arrow").count() == 0, f"{key}: an arrow against nothing"
        assert not any(c in row.inner_text() for c in "▲▼=")


def test_meet022_sign_out_in_one_click(lead, meeting: Meeting) -> None:
    page = lead("/meeting/followups?team=support&lang=da")
    page.click("#m-sign-out")  # a POST form: no confirmation page in between
    page.wait_for_url(re.compile(r"/login\?"))
    assert page.locator("input[name=password]").count() == 1
    assert i18n.text("da", "signin_signed_out") in page.inner_text("main")
    page.goto(meeting.url + "/meeting/")
    assert "/login" in page.url, "signed out for real"
    # someone typing /logout still gets the confirmation page (after signing in again)
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".m-view")
    page.goto(meeting.url + "/logout?lang=en")
    assert page.locator("form[action^='/logout'] button").count() == 1
    assert "/logout" in page.url


@pytest.fixture(scope="module")
def crowd(tmp_path_factory) -> Iterator[Meeting]:  # noqa: ANN001
    """A busy store: 6,000 responses of the last four weeks, every one with a comment."""
    folder = tmp_path_factory.mktemp("crowd")
    url = f"sqlite:///{folder / 'store.db'}"
    now = datetime.now(UTC)
    rng = random.Random(5)
    rows = []
    for n in range(6000):
        team = ("support", "sales")[n % 2]
        score = rng.choices(range(11), weights=(2, 1, 1, 2, 2, 3, 4, 9, 12, 20, 24))[0]
        kind = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        rows.append(dict(source="test", external_id=f"c{n}", score=score, team_key=team,
                         comment=f"{rng.choice(WORDS[kind])} (visit {n})",
                         employee=rng.choice(EMPLOYEES[team]),
                         answered_at=now - timedelta(minutes=rng.randint(10, 27 * 24 * 60))))
    engine = open_store(url)
    with engine.begin() as conn:
        conn.execute(insert(Response.__table__), rows)
    add_user(engine, USER, PASSWORD)
    config = write_config(folder, store_url=url, wall={"timezone": TZ})
    server = WallServer(config).start()
    yield Meeting(server, engine, now, {})
    server.stop()
    engine.dispose()


def test_meet008_read_aloud_of_thousands_of_comments(chromium, crowd: Meeting) -> None:
    """Every comment of four busy weeks: the page opens and pages with the clicker at once
    (the comments are data for meeting.js, not thousands of Dash components)."""
    start = local_monday(crowd.now, 3)
    with crowd.engine.connect() as conn:
        ordered = conn.execute(select(R.id, R.score).where(
            R.answered_at >= start, R.answered_at < crowd.now + timedelta(minutes=1))
            .order_by(R.answered_at, R.id)).all()
    total = len(ordered)
    assert total > 3000
    page = sign_in(chromium, crowd, "/meeting/comments?team=all&period=last_4_weeks")
    try:
        wait_position(page, f"1 / {total}")
        assert page.locator(".m-read-card").count() == 1
        page.keyboard.press("ArrowRight")
        assert position(page) == f"2 / {total}"
        assert shown_response(page) == ordered[1].id
        page.keyboard.press("End")
        assert shown_response(page) == ordered[-1].id
        page.click("#m-filter input[value=detractor]")
        detractors = [row.id for row in ordered if row.score <= 6]
        wait_position(page, f"1 / {len(detractors)}")
        page.keyboard.press("PageDown")
        assert shown_response(page) == detractors[1]
        page.fill("#m-search", "(visit 4321)")
        page.click("#m-filter input[value=all]")
        wait_position(page, "1 / 1")
        assert "(visit 4321)" in page.inner_text(CURRENT)
    finally:
        page.context.close()

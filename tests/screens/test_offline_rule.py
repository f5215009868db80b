"""The offline rule as a pure function: unseen working time, online, hours, episodes; texts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from wallboard.core.schedule import Hours
from wallboard.screens.offline import alert_due, job_seconds, unseen_working_time
from wallboard.screens.offline_message import screen_message
from wallboard.store.screens import ScreenRow

CPH = ZoneInfo("Europe/Copenhagen")
WEEKDAYS = Hours()  # mon-fri 08:00-17:00
TEN = timedelta(minutes=10)
# Wednesday 2 Dec 2026, 10:00 in Copenhagen.
WED_10 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def screen(last_seen: datetime | None, *, name: str | None = "Canteen",
           alerted: datetime | None = None) -> ScreenRow:
    return ScreenRow(id=1, name=name, name_key=name.casefold() if name else None,
                     device_hash=None, pairing_code=None, profile={},
                     created_at=WED_10 - timedelta(days=30), paired_at=None,
                     last_seen=last_seen, online_since=None, build=None, width=None,
                     height=None, memory_mb=None, loaded_at=None, stale=False, reload_seq=0,
                     identify_until=None, offline_alerted_at=alerted, changed_seq=0)


def at(minutes: float) -> datetime:
    return WED_10 + timedelta(minutes=minutes)


@pytest.mark.parametrize(("row", "now", "due"), [
    (screen(WED_10), at(0.4), None),                  # seen 24 s ago: online
    (screen(WED_10), at(9.9), None),                  # not yet ten minutes
    (screen(WED_10), at(10), "offline"),
    (screen(WED_10), at(300), "offline"),             # 15:00: still unalerted, still due
    (screen(WED_10, name=None), at(60), None),        # a TV waiting for its code
    (screen(None), at(60), None),                     # never seen: never online
    (screen(WED_10, alerted=at(10)), at(20), None),   # alerted, still away
    (screen(at(29), alerted=at(10)), at(29.5), "back"),
    (screen(at(29), alerted=at(10)), at(31), None),   # seen briefly, gone again
])
def test_alert_due(row: ScreenRow, now: datetime, due: str | None) -> None:
    assert alert_due(row, now, WEEKDAYS, CPH, TEN) == due


def test_only_working_time_counts_as_unseen() -> None:
    # Last seen Wednesday 16:55 local: 5 minutes before closing, 5 more from 08:00 Thursday.
    seen = datetime(2026, 12, 2, 15, 55, tzinfo=UTC)
    row = screen(seen)
    assert alert_due(row, datetime(2026, 12, 2, 16, 5, tzinfo=UTC), WEEKDAYS, CPH, TEN) is None
    assert alert_due(row, datetime(2026, 12, 3, 2, 0, tzinfo=UTC), WEEKDAYS, CPH, TEN) is None
    assert alert_due(row, datetime(2026, 12, 3, 7, 4, tzinfo=UTC), WEEKDAYS, CPH, TEN) is None
    assert alert_due(row, datetime(2026, 12, 3, 7, 5, tzinfo=UTC), WEEKDAYS, CPH, TEN) == \
        "offline"
    assert unseen_working_time(WEEKDAYS, seen, datetime(2026, 12, 3, 7, 5, tzinfo=UTC),
                               CPH) == TEN


def test_no_alert_outside_hours_and_back_waits_for_them() -> None:
    saturday = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)
    assert alert_due(screen(saturday - timedelta(hours=5)), saturday, WEEKDAYS, CPH,
                     TEN) is None
    # Back on Friday evening: told at 08:00 on Monday if it is still online then.
    back = screen(datetime(2026, 12, 4, 18, 0, tzinfo=UTC), alerted=at(10))
    assert alert_due(back, datetime(2026, 12, 4, 18, 0, 10, tzinfo=UTC), WEEKDAYS, CPH,
                     TEN) is None
    monday = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert alert_due(replace(back, last_seen=monday), monday, WEEKDAYS, CPH, TEN) == "back"
    # Always-on hours: night counts.
    night = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    assert alert_due(screen(night - TEN), night, Hours.always_on(), CPH, TEN) == "offline"


def test_a_short_offline_time_still_waits_until_the_screen_is_not_online() -> None:
    quarter = timedelta(minutes=0.25)
    assert alert_due(screen(WED_10), at(0.4), WEEKDAYS, CPH, quarter) is None
    assert alert_due(screen(WED_10), at(0.51), WEEKDAYS, CPH, quarter) == "offline"


def test_the_job_looks_often_enough_for_short_offline_times() -> None:
    assert job_seconds(10) == 15
    assert job_seconds(0.25) == 5
    assert job_seconds(0.05) == 2


@pytest.mark.parametrize(("lang", "offline", "back"), [
    ("en", "Screen Canteen is offline: not seen since 10:00.",
     "Screen Canteen is back (offline since 10:00)."),
    ("da", "Skærmen Canteen er offline: ikke set siden 10:00.",
     "Skærmen Canteen er tilbage (offline siden 10:00)."),
    ("pl", "Ekran Canteen jest offline: niewidziany od 10:00.",
     "Ekran Canteen znów działa (offline od 10:00)."),
])
def test_messages_in_the_wall_language(lang: str, offline: str, back: str) -> None:
    body = screen_message("offline", "Canteen", WED_10, lang=lang, tz="Europe/Copenhagen",
                          public_url="http://wall:8050/", now=at(12))
    assert body["text"].splitlines()[0] == offline
    assert body["text"].endswith("http://wall:8050/fleet")
    assert body["potentialAction"][0]["targets"][0]["uri"] == "http://wall:8050/fleet"
    again = screen_message("back", "Canteen", WED_10, lang=lang, tz="Europe/Copenhagen",
                           public_url="http://wall:8050", now=at(60))
    assert again["summary"] == back


def test_message_names_the_day_when_not_today_and_escapes_markup() -> None:
    body = screen_message("offline", "A<b>&", datetime(2026, 12, 1, 15, 55, tzinfo=UTC),
                          lang="en", tz="Europe/Copenhagen", public_url="http://w",
                          now=WED_10)
    assert body["text"].startswith("Screen A&lt;b&gt;&amp; is offline: not seen since "
                                   "1 Dec 16:55.")
    assert body["summary"].startswith("Screen A<b>& is offline")


def test_hours_override_of_the_profile_is_used() -> None:
    from wallboard.core.schedule import hours_for
    late = hours_for(WEEKDAYS, "18:00-23:00")
    evening = datetime(2026, 12, 2, 20, 0, tzinfo=UTC)  # 21:00 local
    assert late.start == time(18)
    assert alert_due(screen(evening - TEN), evening, late, CPH, TEN) == "offline"
    assert alert_due(screen(evening - TEN), evening, WEEKDAYS, CPH, TEN) is None

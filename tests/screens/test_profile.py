"""A screen's profile is checked strictly (the fleet page and the API name the bad field);
online means seen within ONLINE_SECONDS."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wallboard.config import ConfigError, parse_config
from wallboard.screens import ONLINE_SECONDS, ScreenError, ScreenRow, check_profile, is_online

TEAMS = [{"key": "support", "name": "Support"}, {"key": "sales", "name": "Sales"}]
CONFIG = parse_config({"teams": TEAMS}, Path("config.toml"))


def test_a_good_profile_is_written_one_way() -> None:
    raw = {"team": "Support", "panels": "goals, trend,goals", "rotate": 30, "celebrate": False,
           "lang": "DA", "overdue": "yes", "sound": "on", "hours": "07:30-16:00",
           "dark": "Clock"}
    assert check_profile(raw, CONFIG) == {
        "team": "support", "panels": "goals,trend", "rotate": "30", "celebrate": "off",
        "lang": "da", "overdue": "on", "sound": "on", "hours": "07:30-16:00", "dark": "clock"}
    assert check_profile({}, CONFIG) == {}
    assert check_profile({"team": "", "hours": "always"}, CONFIG) == {"hours": "always"}
    assert check_profile({"rotate": "4.5"}, CONFIG) == {"rotate": "4.5"}


@pytest.mark.parametrize(("raw", "field"), [
    ({"team": "nobody"}, "team"), ({"panels": "goals,clock"}, "panels"),
    ({"panels": ","}, "panels"), ({"rotate": 2}, "rotate"), ({"rotate": "fast"}, "rotate"),
    ({"rotate": "nan"}, "rotate"), ({"celebrate": "maybe"}, "celebrate"),
    ({"lang": "de"}, "lang"), ({"sound": 2}, "sound"), ({"hours": "9-17"}, "hours"),
    ({"hours": "08:00"}, "hours"), ({"hours": "24:00-08:00"}, "hours"),
    ({"dark": "grey"}, "dark"), ({"colour": "red"}, "colour"), ({"team": ["a"]}, "team"),
])
def test_a_bad_value_names_its_field(raw: dict, field: str) -> None:
    with pytest.raises(ScreenError) as caught:
        check_profile(raw, CONFIG)
    assert caught.value.field == field and caught.value.message


def test_every_bad_field_is_named_not_only_the_first() -> None:
    with pytest.raises(ScreenError) as caught:
        check_profile({"rotate": 2, "lang": "da", "team": "nobody", "colour": "red",
                       "dark": "grey"}, CONFIG)
    fields = [field for field, _ in caught.value.errors]
    assert fields == ["rotate", "team", "colour", "dark"]  # in the order given
    assert all(message for _, message in caught.value.errors)
    assert (caught.value.field, caught.value.message) == caught.value.errors[0]


def test_a_profile_must_be_an_object() -> None:
    with pytest.raises(ScreenError) as caught:
        check_profile(["team"], CONFIG)
    assert caught.value.field == "profile"


def test_without_configured_teams_any_team_key_goes() -> None:
    bare = parse_config({}, Path("config.toml"))
    assert check_profile({"team": "Canteen-2"}, bare) == {"team": "canteen-2"}
    with pytest.raises(ScreenError):
        check_profile({"team": "two words"}, bare)


def test_screens_settings_have_their_defaults_and_limits() -> None:
    screens = parse_config({}, Path("config.toml")).screens
    assert (screens.pairing, screens.offline_after_minutes, screens.nightly_reload,
            screens.memory_limit_mb, screens.wall_name) == (
        False, 10, "03:00", 600, "Promoter Wallboard")
    assert parse_config({"screens": {"offline_after_minutes": 0.25}},
                        Path("c.toml")).screens.offline_after_minutes == 0.25
    for bad in ({"offline_after_minutes": 0.1}, {"nightly_reload": "3:00"},
                {"wall_name": " "}, {"pairing": "yes"}, {"memory_limit_mb": 10}):
        with pytest.raises(ConfigError, match=f"screens.{next(iter(bad))}"):
            parse_config({"screens": bad}, Path("c.toml"))


def test_online_means_seen_within_thirty_seconds() -> None:
    now = datetime(2026, 12, 2, 9, tzinfo=UTC)
    row = ScreenRow(id=1, name="a", name_key="a", device_hash=None, pairing_code=None,
                    profile={}, created_at=now, paired_at=now, last_seen=None,
                    online_since=None, build=None, width=None, height=None, memory_mb=None,
                    loaded_at=None, stale=False, reload_seq=0, identify_until=None,
                    offline_alerted_at=None, changed_seq=0)
    assert not is_online(row, now)
    assert is_online(replace(row, last_seen=now - timedelta(seconds=ONLINE_SECONDS)), now)
    assert not is_online(replace(row, last_seen=now - timedelta(seconds=ONLINE_SECONDS + 1)),
                         now)


def test_dark_follows_the_profile_hours_over_the_schedule() -> None:
    from wallboard.screens import is_dark

    config = parse_config({"wall": {"timezone": "Europe/Copenhagen"}, "schedule": {
        "days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "17:00"}},
        Path("config.toml"))
    evening = datetime(2026, 12, 2, 19, tzinfo=UTC)   # a Wednesday, 20:00 in Copenhagen
    morning = datetime(2026, 12, 2, 9, tzinfo=UTC)
    row = ScreenRow(id=1, name="a", name_key="a", device_hash=None, pairing_code=None,
                    profile={}, created_at=evening, paired_at=evening, last_seen=None,
                    online_since=None, build=None, width=None, height=None, memory_mb=None,
                    loaded_at=None, stale=False, reload_seq=0, identify_until=None,
                    offline_alerted_at=None, changed_seq=0)
    assert is_dark(row, config, evening) and not is_dark(row, config, morning)
    assert not is_dark(replace(row, profile={"hours": "always"}), config, evening)
    assert not is_dark(replace(row, profile={"hours": "18:00-23:00"}), config, evening)
    assert not is_dark(row, parse_config({}, Path("c.toml")), evening)  # no schedule

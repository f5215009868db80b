"""[schedule]: defaults, TOML dates, and one clear line for each bad day, time or date."""

from __future__ import annotations

import tomllib
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from wallboard.config import ConfigError, parse_config
from wallboard.core.schedule import Hours

ROOT = Path(__file__).resolve().parent.parent


def test_no_schedule_table_means_always_working(tmp_path: Path) -> None:
    config = parse_config({}, tmp_path / "c.toml")
    assert config.schedule is None
    assert config.schedule_hours() == Hours.always_on()


def test_an_empty_schedule_table_is_weekdays_eight_to_five(tmp_path: Path) -> None:
    config = parse_config({"schedule": {}, "wall": {"timezone": "Europe/Copenhagen"}},
                          tmp_path / "c.toml")
    assert config.schedule_hours() == Hours(days=frozenset(range(5)), start=time(8),
                                            end=time(17))
    assert config.schedule is not None and config.schedule.dark == "black"
    assert config.zone() == ZoneInfo("Europe/Copenhagen")


def test_toml_dates_quoted_dates_and_day_names(tmp_path: Path) -> None:
    data = tomllib.loads("""
[schedule]
days = ["sat", "Monday", "mon", "fri"]
start = "22:00"
end = "06:00"
holidays = [2026-12-24, "2026-12-31"]
dark = "clock"
""")
    config = parse_config(data, tmp_path / "c.toml")
    assert config.schedule is not None
    assert config.schedule.days == ("mon", "fri", "sat")
    assert config.schedule_hours() == Hours(
        days=frozenset({0, 4, 5}), start=time(22), end=time(6),
        holidays=frozenset({date(2026, 12, 24), date(2026, 12, 31)}))


def test_the_shipped_example_is_a_valid_schedule(tmp_path: Path) -> None:
    # config.toml carries [schedule] commented out; uncommented it must load.
    lines = (ROOT / "config.toml").read_text(encoding="utf-8").splitlines()
    start = lines.index("# [schedule]")
    block = []
    for line in lines[start:]:
        if not line.startswith("#"):
            break
        block.append(line[2:])
    config = parse_config(tomllib.loads("\n".join(block)), tmp_path / "c.toml")
    assert config.schedule is not None and config.schedule.holidays


@pytest.mark.parametrize(("schedule", "key", "reason"), [
    ({"days": ["mon", "funday"]}, "schedule.days[2]",
     "unknown day 'funday'; use mon, tue, wed, thu, fri, sat, sun"),
    ({"days": [1]}, "schedule.days[1]", "unknown day 1"),
    ({"days": []}, "schedule.days", "must name at least one day"),
    ({"days": "mon"}, "schedule.days", "expected a list"),
    ({"start": "8:00"}, "schedule.start", "'8:00' is not a time of day HH:MM"),
    ({"end": "24:00"}, "schedule.end", "'24:00' is not a time of day HH:MM (00:00 to 23:59)"),
    ({"start": 8}, "schedule.start", "expected a time of day as a string"),
    ({"holidays": ["2026-02-30"]}, "schedule.holidays[1]",
     "'2026-02-30' is not a date such as 2026-12-24"),
    ({"holidays": ["24/12/2026"]}, "schedule.holidays[1]", "not a date"),
    ({"holidays": [20261224]}, "schedule.holidays[1]", "not a date"),
    ({"holidays": "2026-12-24"}, "schedule.holidays", "expected a list"),
    ({"dark": "off"}, "schedule.dark", "must be one of black, clock"),
    ({"weekend": True}, "schedule.weekend", "unknown key; known keys: days, start, end"),
])
def test_bad_schedule_names_the_key(tmp_path: Path, schedule: dict, key: str,
                                    reason: str) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as caught:
        parse_config({"schedule": schedule}, path)
    assert (caught.value.key, reason in caught.value.reason) == (key, True), caught.value.reason
    assert "\n" not in str(caught.value)

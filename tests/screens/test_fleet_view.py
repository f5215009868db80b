"""The fleet page's words, pure: durations, moments and a profile said in en, da and pl."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.configs import write_config
from wallboard.config import load_config
from wallboard.screens.fleet_forms import FormValues, profile_of, values_of
from wallboard.screens.fleet_view import duration, moment, profile_words

NOW = datetime(2026, 12, 2, 17, 30, tzinfo=UTC)  # 18:30 in Copenhagen
CPH = "Europe/Copenhagen"


@pytest.fixture
def config(tmp_path: Path):
    return load_config(write_config(tmp_path), {})


@pytest.mark.parametrize(("lang", "seconds", "said"), [
    ("en", 30, "under a minute"), ("en", 59 * 60, "59 min"), ("en", 2 * 3600 + 300, "2 h 5 min"),
    ("en", 86400 + 4 * 3600, "1 day 4 h"), ("en", 3 * 86400, "3 days"), ("en", 7200, "2 h"),
    ("da", 2 * 3600, "2 t."), ("da", 2 * 86400, "2 dage"), ("da", 3700, "1 t. 1 min."),
    ("pl", 86400, "1 dzień"), ("pl", 3 * 86400, "3 dni"), ("pl", 3600, "1 godz."),
    ("pl", 5 * 86400 + 3600, "5 dni 1 godz."), ("pl", -5, "niecałą minutę"),
])
def test_view001_durations(lang, seconds, said) -> None:
    assert duration(lang, seconds) == said


def test_view002_moments_are_local_and_dated_before_today() -> None:
    assert moment("en", NOW - timedelta(minutes=10), NOW, CPH) == "18:20"
    assert moment("da", NOW - timedelta(days=1), NOW, CPH) == "1. dec. 18:30"
    assert moment("pl", NOW - timedelta(days=1), NOW, CPH) == "1 gru 18:30"
    assert moment("en", None, NOW, CPH) == ""


def test_view003_a_profile_in_words(config) -> None:
    profile = {"team": "support", "panels": "goals,trend", "lang": "da", "rotate": "30",
               "celebrate": "off", "sound": "on", "hours": "07:00-16:00", "dark": "clock"}
    assert profile_words("en", profile, config) == (
        "team Customer Support · Team goals, Weekly NPS · Dansk · 30 s per panel · "
        "no celebrations · sound on · hours 07:00-16:00 · dim clock when closed")
    assert profile_words("pl", {"hours": "always", "overdue": "off"}, config) == (
        "bez znacznika zaległych · zawsze włączony")
    assert profile_words("da", {}, config) == "tavlens standard"
    assert profile_words("en", {"hours": "default"}, config) == "the wall's defaults"


def test_view004_a_form_and_a_profile_go_both_ways() -> None:
    profile = {"team": "sales", "panels": "trend,goals", "hours": "22:00-06:00", "sound": "off"}
    values = values_of(profile)
    assert (values.p_hours, values.p_hours_custom, values.p_panels) == (
        "custom", "22:00-06:00", ["trend", "goals"])
    assert profile_of(values) == (profile, {})
    assert profile_of(FormValues(p_hours="custom")) == ({}, {"hours": "fleet_err_hours"})
    assert profile_of(FormValues(p_hours="always"))[0] == {"hours": "always"}
    assert values_of({"hours": "default"}).p_hours == ""

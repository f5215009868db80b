"""A screen's control object: who it is and what its page must do, computed by the server.

The page decides "dark" itself from spans and its own clock, so a screen goes dark on time
even when its connection is down; the server only says when its working hours are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlencode

from wallboard.config import Config
from wallboard.core.schedule import hours_for, nightly_reload_after, parse_clock, working_spans
from wallboard.screens.profile import PROFILE_KEYS, check_profile
from wallboard.store.screens import ScreenError, ScreenRow
from wallboard.web import iso

SPANS_BEFORE = timedelta(days=1)
SPANS_AFTER = timedelta(days=8)


def identity_key(name: str | None, profile: Mapping[str, str]) -> str:
    """What a page compares to tell that its screen was named, renamed or re-profiled."""
    return json.dumps([name, dict(sorted(profile.items()))], separators=(",", ":"))


def build_control(row: ScreenRow | None, config: Config, now: datetime) -> dict:
    """The control object of a screen (row None: an anonymous screen)."""
    named = row is not None and row.name is not None
    profile = row.profile if named else {}
    hours = hours_for(config.schedule_hours(), profile.get("hours"))
    zone = config.zone()
    spans = None if hours.always else [
        [iso(start), iso(end)]
        for start, end in working_spans(hours, now - SPANS_BEFORE, now + SPANS_AFTER, zone)]
    nightly = nightly_reload_after(hours, now, zone, parse_clock(config.screens.nightly_reload))
    schedule = getattr(config, "schedule", None)
    return {
        "name": row.name if named else None,
        "code": row.pairing_code if row is not None and not named else None,
        "wall_name": config.screens.wall_name,
        "profile": profile,
        "reload": row.reload_seq if row is not None else 0,
        "identify_until": iso(row.identify_until) if named else None,
        "spans": spans,
        "dark_style": profile.get("dark") or (schedule.dark if schedule else "black"),
        "nightly": iso(nightly),
        "memory_limit_mb": config.screens.memory_limit_mb,
        "identity": identity_key(row.name if named else None, profile),
    }


def profile_search(profile: Mapping[str, str]) -> str:
    """The URL query a profile amounts to, for the wall's own parameter reader."""
    return "?" + urlencode(sorted(profile.items()))


def profile_from_search(search: str | None, config: Config) -> dict[str, str]:
    """The good wall parameters of a URL (a screen named by its URL starts with them)."""
    profile: dict[str, str] = {}
    for key, values in parse_qs((search or "").lstrip("?")).items():
        if key in PROFILE_KEYS and values:
            try:
                profile.update(check_profile({key: values[0]}, config))
            except ScreenError:
                continue  # the wall falls back on a bad URL value; so does the profile
    return profile

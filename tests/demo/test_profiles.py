"""The demo's teams: goals, languages and staff."""

from __future__ import annotations

import re
from collections import Counter

from wallboard.demo import profiles


def test_demo_teams_have_goals_languages_and_staff() -> None:
    keys = [team.key for team in profiles.DEMO_TEAMS]
    assert 6 <= len(keys) <= 7 and len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", key) for key in keys)
    assert sum(team.goal is None for team in profiles.DEMO_TEAMS) == 1
    for team in profiles.DEMO_TEAMS:
        if team.goal is not None:
            assert team.baseline is not None and team.goal > team.baseline
        profile = profiles.DEMO_PROFILES[team.key]
        assert 4 <= len(profile.employees) <= 8
        assert all(len(name.split()) == 2 for name in profile.employees)
    languages = Counter(profiles.DEMO_PROFILES[key].language for key in keys)
    assert set(languages) == {"da", "pl", "en"}

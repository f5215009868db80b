"""Team, the domain object: validated once, whether it comes from config.toml or from code."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wallboard.core.teams import Team


def test_team_by_position_and_by_keyword() -> None:
    assert Team("support", "Support", 20, 40) == Team(key="support", name="Support",
                                                       baseline=20, goal=40)
    assert Team("a", "A").baseline is None and Team("a", "A").goal is None
    assert Team("a", "A", goal=30).baseline == 0  # a goal alone measures from 0


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("Customer Support", "Support"), {}, "String should match pattern"),
    (("a", "  "), {}, "must not be empty"),
    (("a", "A", 20, 20), {}, "goal 20 must be above baseline 20"),
    (("a", "A"), {"goal": 101}, "less than or equal to 100"),
    (("a", "A"), {"baseline": True}, "valid number"),
    (("a", "A"), {"colour": "red"}, "Extra inputs are not permitted"),
])
def test_team_refuses_what_config_refuses(args: tuple, kwargs: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Team(*args, **kwargs)


def test_too_many_positions_and_a_frozen_team() -> None:
    with pytest.raises(TypeError):
        Team("a", "A", 1, 2, 3)
    with pytest.raises(ValidationError):
        Team("a", "A").name = "B"


def test_a_team_known_only_from_the_store_keeps_its_key() -> None:
    # Survey tools may send any team key when no teams are configured.
    team = Team.unconfigured("Customer Support")
    assert (team.key, team.name, team.baseline, team.goal) == ("Customer Support",
                                                               "Customer Support", None, None)
    assert Team.unconfigured("a") == Team("a", "a")

"""Config loading: defaults, overrides, and one clear error per kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from wallboard.config import ConfigError, config_path, load_config, parse_config

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_config_loads() -> None:
    config = load_config(ROOT / "config.toml", {})
    assert config.wall.panels == ("goals", "leaderboard", "trend", "shoutouts")
    assert config.teams[0].key == "support" and config.teams[0].goal == 40
    assert config.store.url == f"sqlite:///{(ROOT / 'data' / 'wallboard.db').resolve()}"


def test_relative_sqlite_path_is_relative_to_the_config_file(tmp_path: Path) -> None:
    config = parse_config({"store": {"url": "sqlite:///sub/w.db"}}, tmp_path / "c.toml")
    assert config.store.url == f"sqlite:///{tmp_path.resolve() / 'sub' / 'w.db'}"
    absolute = parse_config({"store": {"url": "sqlite:////srv/w.db"}}, tmp_path / "c.toml")
    assert absolute.store.url == "sqlite:////srv/w.db"


def test_environment_overrides_url_and_token(tmp_path: Path) -> None:
    env = {"WALLBOARD_DATABASE_URL": "postgresql+psycopg://u@h/db",
           "WALLBOARD_API_TOKEN": "s3cret"}
    config = parse_config({"api": {"token": "file"}}, tmp_path / "c.toml", env)
    assert config.store.url == "postgresql+psycopg://u@h/db"
    assert config.api.token == "s3cret"


def test_config_path_order(tmp_path: Path) -> None:
    assert config_path("a.toml", {"WALLBOARD_CONFIG": "b.toml"}).name == "a.toml"
    assert config_path(None, {"WALLBOARD_CONFIG": "b.toml"}).name == "b.toml"
    assert config_path(None, {}).name == "config.toml"


TEAM = {"key": "support", "name": "Support", "baseline": 20, "goal": 40}


@pytest.mark.parametrize(("data", "key", "reason"), [
    ({"wall": {"colour": "red"}}, "wall.colour", "unknown key"),
    ({"walls": {}}, "walls", "unknown section"),
    ({"wall": {"rotate_seconds": "fast"}}, "wall.rotate_seconds", "expected a number"),
    ({"wall": {"window_days": 9.5}}, "wall.window_days", "expected an integer"),
    ({"wall": {"min_responses": True}}, "wall.min_responses", "expected an integer"),
    ({"wall": {"show_detractor_comments": "no"}}, "wall.show_detractor_comments",
     "expected true or false"),
    ({"wall": {"language": "de"}}, "wall.language", "must be one of en, da, pl"),
    ({"wall": {"panels": ["goals", "weather"]}}, "wall.panels", "unknown panel 'weather'"),
    ({"wall": {"panels": []}}, "wall.panels", "at least one panel"),
    ({"wall": {"leaderboard_order": "random"}}, "wall.leaderboard_order", "must be one of"),
    ({"wall": {"customer_names": "initials"}}, "wall.customer_names", "must be one of"),
    ({"wall": {"timezone": "Mars/Olympus"}}, "wall.timezone", "unknown time zone"),
    ({"store": {"poll_seconds": 0}}, "store.poll_seconds", "must be from 0.2 to 3600"),
    ({"store": {"poll_seconds": float("inf")}}, "store.poll_seconds", "finite"),
    ({"wall": {"rotate_seconds": float("nan")}}, "wall.rotate_seconds", "finite"),
    ({"wall": {"window_days": 100_000_000}}, "wall.window_days", "must be from 1 to 3650"),
    ({"store": {"url": "nonsense"}}, "store.url", "not a database URL"),
    ({"store": {"url": "mysql://u@h/db"}}, "store.url", "'mysql' is not supported"),
    ({"teams": [{**TEAM, "name": "  "}]}, "teams[1].name", "must not be empty"),
    ({"teams": [{**TEAM, "goal": 140}]}, "teams[1].goal", "outside -100..100"),
    ({"teams": [{**TEAM, "baseline": -101}]}, "teams[1].baseline", "outside -100..100"),
    ({"teams": [{**TEAM, "goal": 10}]}, "teams[1].goal", "must be above baseline"),
    ({"teams": [TEAM, {**TEAM, "name": "Again"}]}, "teams[2].key", "duplicate team key"),
    ({"teams": [{**TEAM, "colour": "red"}]}, "teams[1].colour", "unknown key"),
    ({"teams": [{"name": "No key"}]}, "teams[1].key", "missing"),
    ({"teams": [{**TEAM, "key": "Customer Support"}]}, "teams[1].key", "lower-case"),
    ({"teams": [{**TEAM, "goal": "40"}]}, "teams[1].goal", "expected a number"),
])
def test_bad_config_names_file_and_key(tmp_path: Path, data: dict, key: str,
                                       reason: str) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as caught:
        parse_config(data, path)
    assert caught.value.key == key
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: {key}: ")


def test_team_without_goal_and_goal_without_baseline(tmp_path: Path) -> None:
    config = parse_config({"teams": [{"key": "a", "name": "A"},
                                     {"key": "b", "name": "B", "goal": 30}]}, tmp_path / "c")
    assert config.teams[0].goal is None and config.teams[0].baseline is None
    assert config.teams[1].baseline == 0 and config.teams[1].goal == 30


def test_toml_syntax_error_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[wall\nlanguage = 'en'\n")
    with pytest.raises(ConfigError, match="syntax"):
        load_config(path, {})
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml", {})


THEME = {"key": "parking", "name": {"en": "Parking"}, "keywords": {"en": ["parking"]}}


@pytest.mark.parametrize(("data", "key", "reason"), [
    ({"walls": {}}, "walls",
     "known sections: store, wall, api, followup, meeting, privacy, webhooks"),
    ({"wall": 5}, "wall", "expected a [wall] table, got 5"),
    ({"wall": {"overdue_badge": 1}}, "wall.overdue_badge", "expected true or false, got 1"),
    ({"wall": {"leaderboard_top": 101}}, "wall.leaderboard_top", "must be from 1 to 100"),
    ({"wall": {"panels": ["goals", 3]}}, "wall.panels[2]", "expected a string, got 3"),
    ({"store": {"poll_seconds": True}}, "store.poll_seconds", "expected a number, got True"),
    ({"api": {"token": 42}}, "api.token", "expected a string, got 42"),
    ({"followup": {"notify_url": "ftp://x"}}, "followup.notify_url", "http:// or https://"),
    ({"meeting": {"session_hours": 721}}, "meeting.session_hours", "must be from 0.1 to 720"),
    ({"privacy": {"keep_personal_days": 0}}, "privacy.keep_personal_days",
     "must be from 1 to 36500"),
    ({"teams": {"key": "a"}}, "teams", "expected [[teams]] tables"),
    ({"teams": [5]}, "teams[1]", "expected a table, got 5"),
    ({"teams": [{**TEAM, "baseline": float("nan")}]}, "teams[1].baseline", "finite"),
    ({"webhooks": {"typeform": {}}}, "webhooks.typeform", "unknown preset; known presets: "
     "delighted, asknicely, generic"),
    ({"webhooks": {"generic": {"team": "a..b"}}}, "webhooks.generic.team", "dotted path"),
    ({"webhooks": {"generic": {"colour": "x"}}}, "webhooks.generic.colour", "unknown key"),
    ({"themes": [{**THEME, "key": "Parking"}]}, "themes[1].key", "lower-case"),
    ({"themes": [{**THEME, "name": {"en": "Parking", "de": "Parken"}}]}, "themes[1].name.de",
     "unknown key; known keys: en, da, pl"),
    ({"themes": [{**THEME, "name": {"en": " "}}]}, "themes[1].name.en", "must not be empty"),
    ({"themes": [{**THEME, "keywords": {"en": ["car", " "]}}]}, "themes[1].keywords.en[2]",
     "empty keyword"),
    ({"themes": [{**THEME, "keywords": {"en": []}}]}, "themes[1].keywords", "at least one"),
    ({"themes": [{**THEME, "names": {"en": "P"}}]}, "themes[1].names",
     "unknown key; known keys: key, name, keywords"),
    ({"themes": [{"key": "p", "keywords": {"en": ["p"]}}]}, "themes[1].name", "missing"),
    ({"themes": [THEME, THEME]}, "themes[2].key", "duplicate theme key 'parking'"),
])
def test_more_bad_configs_name_file_and_key(tmp_path: Path, data: dict, key: str,
                                            reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(data, tmp_path / "config.toml")
    assert (caught.value.key, reason in caught.value.reason) == (key, True), caught.value.reason


def test_a_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({}, tmp_path / "c.toml", {"WALLBOARD_DATABASE_URL": "mysql://u@h/db"})
    assert caught.value.key == "WALLBOARD_DATABASE_URL"
    assert "'mysql' is not supported" in caught.value.reason
    empty = parse_config({"api": {"token": "file"}}, tmp_path / "c.toml",
                         {"WALLBOARD_API_TOKEN": ""})
    assert empty.api.token == "file"  # an empty variable overrides nothing


def test_values_are_normalised(tmp_path: Path) -> None:
    config = parse_config({"wall": {"panels": ["trend", "goals", "trend"]},
                           "themes": [{**THEME, "keywords": {"en": [" Car Park ", "=Fee"]}}],
                           "webhooks": {"delighted": {"team": "person_properties.Unit"}}},
                          tmp_path / "c.toml")
    assert config.wall.panels == ("trend", "goals")
    assert config.themes[0].names == {"en": "Parking"}
    assert config.themes[0].keywords == {"en": ("car park", "=fee")}
    assert config.webhooks["delighted"].team == "person_properties.Unit"
    assert config.webhooks["delighted"].employee == "person_properties.Employee"  # preset's own
    assert config.webhooks["generic"].answered_at == "answered_at"


def test_team_name_falls_back_to_the_key(tmp_path: Path) -> None:
    config = parse_config({"teams": [TEAM]}, tmp_path / "c.toml")
    assert config.team_name("support") == "Support"
    assert config.team_name("unknown") == "unknown" and config.team("unknown") is None

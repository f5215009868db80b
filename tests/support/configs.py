"""Write the config.toml a test runs a wall with."""

from __future__ import annotations

from pathlib import Path


def write_config(folder: Path, *, store_url: str | None = None, wall: dict | None = None,
                 teams: list[dict] | None = None, extra: str = "") -> Path:
    """Write a config.toml for a test and return its path."""
    wall = {"language": "en", "timezone": "Europe/Copenhagen", "rotate_seconds": 20,
            "celebrate_seconds": 3, "min_responses": 10, **(wall or {})}
    lines = ["[store]", f'url = "{store_url or "sqlite:///data/wallboard.db"}"',
             "poll_seconds = 0.5", "", "[wall]"]
    for key, value in wall.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(repr(v).replace(chr(39), chr(34)) for v in value)}]")
        else:
            lines.append(f"{key} = {value}")
    for team in teams if teams is not None else [
            {"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40},
            {"key": "sales", "name": "Sales", "baseline": 10, "goal": 30}]:
        lines += ["", "[[teams]]"]
        for key, value in team.items():
            lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path

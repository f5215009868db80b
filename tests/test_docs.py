"""The README documents every config key and names the test command CI runs."""

from __future__ import annotations

from pathlib import Path

from wallboard.cli import build_parser
from wallboard.config import SETTINGS, TEAM_KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_config_key_is_documented() -> None:
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in README]
    missing += [f"teams.{k}" for k in TEAM_KEYS if f"`teams.{k}`" not in README]
    assert not missing, f"README.md does not document: {', '.join(missing)}"


def test_every_shipped_config_key_is_a_setting() -> None:
    import tomllib

    data = tomllib.loads((ROOT / "config.toml").read_text(encoding="utf-8"))
    names = {s.name for s in SETTINGS}
    for section, table in data.items():
        if section != "teams":
            assert {f"{section}.{k}" for k in table} <= names


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    command = ci[-1].strip()
    assert "pytest" in command
    assert f"\n{command}\n" in README


def test_every_cli_option_is_in_the_readme() -> None:
    options = [a.option_strings[0] for a in build_parser()._actions if a.option_strings]
    missing = [o for o in options if o not in ("-h",) and o not in README]
    assert not missing

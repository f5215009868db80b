"""The README documents every config key and names the test command CI runs."""

from __future__ import annotations

from pathlib import Path

from wallboard.cli import build_parser
from wallboard.config import SETTINGS, WEBHOOK_FIELDS, WEBHOOK_PRESETS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _documented(name: str) -> bool:
    if f"`{name}`" in README:
        return True
    # The webhook presets share one list of keys: one row per preset names their range, and
    # the sentence above the table names every key.
    parts = name.split(".")
    if parts[0] == "webhooks" and len(parts) == 3:
        first, last = WEBHOOK_FIELDS[0], WEBHOOK_FIELDS[-1]
        row = f"`webhooks.{parts[1]}.{first}` ... `webhooks.{parts[1]}.{last}`"
        keys = "the keys " + ", ".join(f"`{f}`" for f in WEBHOOK_FIELDS[:-1])
        return row in README and f"{keys} and `{last}`" in " ".join(README.split())
    return False


def test_every_config_key_is_documented() -> None:
    # SETTINGS holds every key, the [[teams]] and [[themes]] ones included.
    missing = [s.name for s in SETTINGS if not _documented(s.name)]
    assert not missing, f"README.md does not document: {', '.join(missing)}"


def test_every_webhook_preset_is_documented() -> None:
    for preset in WEBHOOK_PRESETS:
        assert f"`[webhooks.{preset}]`" in README
        assert f"/api/webhooks/{preset}" in README


def test_every_shipped_config_key_is_a_setting() -> None:
    import tomllib

    data = tomllib.loads((ROOT / "config.toml").read_text(encoding="utf-8"))
    names = {s.name for s in SETTINGS}
    for section, table in data.items():
        if section == "webhooks":
            for preset, keys in table.items():
                assert {f"webhooks.{preset}.{k}" for k in keys} <= names
        elif section not in ("teams", "themes"):
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

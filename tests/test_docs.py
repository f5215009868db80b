"""The README documents every config key with its default and names the test command CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from wallboard.cli import build_parser
from wallboard.config import SETTINGS, WEBHOOK_FIELDS, WEBHOOK_PRESETS, Setting

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


def _shown(setting: Setting) -> str:
    """Write a declared default as the README's tables do."""
    value = setting.default
    if setting.required:
        return "required"
    if value is None or value == ():
        return "none"
    if value == "":
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


def _readme_tables() -> dict[str, str]:
    """Return key -> default cell of every row of the README's | key | default | meaning | tables.

    A webhook preset's compact row (`webhooks.P.id` ... `webhooks.P.answered_at`) lists the
    defaults of all its keys in order; it is spread over those keys.
    """
    rows: dict[str, str] = {}
    in_table = False
    for line in README.splitlines():
        if line.strip() == "| key | default | meaning |":
            in_table = True
            continue
        if not line.startswith("|"):
            in_table = False
        if not in_table or line.startswith("|---"):
            continue
        key, default, _ = (cell.strip() for cell in line.strip("|").split("|", 2))
        names = re.findall(r"`([^`]+)`", key)
        if " ... " in key:
            preset = names[0].split(".")[1]
            names = [f"webhooks.{preset}.{f}" for f in WEBHOOK_FIELDS]
            defaults = default.split(", ")
            assert len(defaults) == len(names), f"{key}: one default per key"
            rows.update(zip(names, defaults, strict=True))
        else:
            assert len(names) == 1, f"not a key: {key}"
            rows[names[0]] = default
    return rows


def test_readme_tables_state_each_declared_default() -> None:
    documented = _readme_tables()
    wrong = [f"{s.name}: README {documented[s.name]!r}, declared {_shown(s)!r}"
             for s in SETTINGS if s.name in documented and documented[s.name] != _shown(s)]
    missing = [s.name for s in SETTINGS if s.name not in documented]
    assert not wrong, "README states another default: " + "; ".join(wrong)
    assert not missing, f"README's configuration tables lack: {', '.join(missing)}"


def test_readme_tables_name_only_declared_keys() -> None:
    declared = {s.name for s in SETTINGS}
    unknown = [name for name in _readme_tables() if name not in declared]
    assert not unknown, f"README documents keys that are not declared: {', '.join(unknown)}"


def test_environment_overrides_are_documented() -> None:
    overrides = [s for s in SETTINGS if s.env]
    assert {s.env for s in overrides} >= {"WALLBOARD_DATABASE_URL", "WALLBOARD_API_TOKEN"}
    for setting in overrides:
        assert f"`{setting.env}` (overrides `{setting.name}`)" in README


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

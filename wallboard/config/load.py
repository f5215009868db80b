"""Read config.toml and the environment into a validated Config; a pure function of both."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wallboard.config.errors import ConfigError, Loc, config_error
from wallboard.config.settings import SETTINGS, Config, ConfigFile

ENV_CONFIG = "WALLBOARD_CONFIG"
DEFAULT_CONFIG = "config.toml"


def resolve_store_url(url: str, base_dir: Path) -> str:
    """Make a relative SQLite path relative to base_dir; other URLs pass unchanged."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return url
    rest = url[len(prefix):]
    if rest in ("", ":memory:") or rest.startswith("/"):
        return url
    return prefix + str((base_dir / rest).resolve())


def _overridden(data: Mapping[str, Any], environ: Mapping[str, str]
                ) -> tuple[dict[str, Any], dict[Loc, str]]:
    """Put the environment's overrides into data; return it and who supplied which key."""
    data, renamed = dict(data), {}
    for setting in SETTINGS:
        if setting.env and environ.get(setting.env):
            section, key = setting.name.split(".")  # overrides are declared on [section] keys
            table = data.get(section, {})
            if isinstance(table, Mapping):
                data[section] = {**table, key: environ[setting.env]}
                renamed[(section, key)] = setting.env
    return data, renamed


def parse_config(data: Mapping[str, Any], path: Path,
                 environ: Mapping[str, str] | None = None) -> Config:
    """Validate parsed TOML plus environment overrides into a Config; raise ConfigError."""
    data, renamed = _overridden(data, environ or {})
    try:
        settings = ConfigFile.model_validate(data)
    except ValidationError as exc:
        raise config_error(exc, ConfigFile, path, renamed) from None
    url = resolve_store_url(settings.store.url, path.parent)
    store = settings.store.model_copy(update={"url": url})
    return Config(path=Path(path), **{**dict(settings), "store": store})


def config_path(cli_path: str | None, environ: Mapping[str, str]) -> Path:
    """Pick the config file: --config, then WALLBOARD_CONFIG, then ./config.toml."""
    return Path(cli_path or environ.get(ENV_CONFIG) or DEFAULT_CONFIG).resolve()


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    """Read and validate a config file; raise ConfigError naming the file and the key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "file", "not found") from None
    except OSError as exc:
        raise ConfigError(path, "file", f"cannot be read: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "syntax", str(exc)) from None
    return parse_config(data, path, environ)

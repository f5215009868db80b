"""Settings of config.toml: declared once (settings.py), loaded and checked (load.py).

Team and Theme are the core's domain objects, re-exported here for the settings' users.
"""

from wallboard.config.errors import ConfigError
from wallboard.config.fields import Setting
from wallboard.config.load import (
    ENV_CONFIG,
    config_path,
    load_config,
    parse_config,
    resolve_store_url,
)
from wallboard.config.settings import (
    ENV_API_TOKEN,
    ENV_DATABASE_URL,
    PANEL_NAMES,
    SETTINGS,
    Config,
    ConfigFile,
)
from wallboard.config.webhooks import WEBHOOK_FIELDS, WEBHOOK_PRESETS, FieldMap
from wallboard.core.model import KEY_RE as TEAM_KEY_RE
from wallboard.core.model import LANGUAGES
from wallboard.core.teams import Team
from wallboard.core.themes import Theme

__all__ = ["ENV_API_TOKEN", "ENV_CONFIG", "ENV_DATABASE_URL", "LANGUAGES", "PANEL_NAMES",
           "SETTINGS", "TEAM_KEY_RE", "WEBHOOK_FIELDS", "WEBHOOK_PRESETS", "Config", "ConfigError",
           "ConfigFile", "FieldMap", "Setting", "Team", "Theme", "config_path", "load_config",
           "parse_config", "resolve_store_url"]

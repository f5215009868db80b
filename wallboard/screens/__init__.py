"""The fleet of TVs: each screen's identity, profile and control, and whether it is online.

A screen's browser keeps a random device key; a wall process knows the screens connected to
it (registry), reads the screen table cheaply about once a second and writes what they
report once a tick. The public wall reaches this part only through the small protocol that
app.py and serve.py hand it (wall.screen_link.ScreenLink, filled by ScreenRegistry).
"""

from wallboard.screens.control import build_control, identity_key
from wallboard.screens.online import ONLINE_SECONDS, SEEN_TICK_SECONDS, is_online
from wallboard.screens.profile import PROFILE_KEYS, check_profile
from wallboard.screens.registry import ScreenRegistry, device_hash
from wallboard.store.screens import ScreenError, ScreenRow, UnknownScreen

__all__ = ["ONLINE_SECONDS", "PROFILE_KEYS", "SEEN_TICK_SECONDS", "ScreenError", "ScreenRegistry",
           "ScreenRow", "UnknownScreen", "build_control", "check_profile", "device_hash",
           "identity_key", "is_online"]

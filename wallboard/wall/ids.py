"""Every Dash component id, once. Tests and kiosk scripts rely on these."""

URL = "url"
WALL = "wall"
PANELS = "panels"
SCREEN = "screen"
CELEBRATION = "celebration"
FRESHNESS = "freshness"
CLIENT_SINK = "client-sink"

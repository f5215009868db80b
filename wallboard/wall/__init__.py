"""The public wall: poller -> snapshot -> panels, screen parameters and its routes."""

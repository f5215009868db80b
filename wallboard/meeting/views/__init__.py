"""The meeting view's four views and their shared parts (layout only)."""

"""Deterministic demo history and a live simulator of new responses."""

from wallboard.demo.history import DEMO_TEAMS, DemoSimulator, seed_demo_store

__all__ = ["DEMO_TEAMS", "DemoSimulator", "seed_demo_store"]

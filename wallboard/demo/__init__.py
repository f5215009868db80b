"""Deterministic demo history and a live simulator of new responses."""

from wallboard.demo.history import seed_demo_store
from wallboard.demo.profiles import DEMO_TEAMS
from wallboard.demo.simulator import DemoSimulator

__all__ = ["DEMO_TEAMS", "DemoSimulator", "seed_demo_store"]

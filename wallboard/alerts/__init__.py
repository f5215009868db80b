"""Chat notifications: the outbox in the store, the delivery job, message texts."""

from wallboard.alerts.delivery import Notifier, public_base
from wallboard.alerts.watch import DetractorWatcher, becomes_detractor, watchers_for

__all__ = ["DetractorWatcher", "Notifier", "becomes_detractor", "public_base",
           "watchers_for"]

"""Chat notifications: the outbox in the store, the delivery job, message texts."""

from wallboard.alerts.delivery import Notifier, prune_outbox, public_base
from wallboard.alerts.watch import DetractorWatcher, becomes_detractor, watchers_for

__all__ = ["DetractorWatcher", "Notifier", "becomes_detractor", "prune_outbox",
           "public_base", "watchers_for"]

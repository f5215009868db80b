"""Chat notifications: the outbox in the store, the delivery job, message texts."""

from wallboard.alerts.channels import Channel, channel_for, channels_of
from wallboard.alerts.delivery import Notifier, prune_outbox, public_base
from wallboard.alerts.digest import DigestJob
from wallboard.alerts.watch import DetractorWatcher, becomes_detractor, watchers_for

__all__ = ["Channel", "DetractorWatcher", "DigestJob", "Notifier", "becomes_detractor",
           "channel_for", "channels_of", "prune_outbox", "public_base", "watchers_for"]

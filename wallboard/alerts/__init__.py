"""Chat notifications: the outbox in the store, the delivery job, message texts."""

from wallboard.alerts.channels import Channel, channel_for, channels_of
from wallboard.alerts.delivery import (
    GIVE_UP_AFTER,
    RETRY_AFTER_MAX_SECONDS,
    TIMEOUT_SECONDS,
    Notifier,
    prune_outbox,
    public_base,
    retry_delay,
)
from wallboard.alerts.digest import DigestJob
from wallboard.alerts.digest_claims import claim as claim_attempt
from wallboard.alerts.digest_claims import finish as finish_attempt
from wallboard.alerts.messages import slack_escape
from wallboard.alerts.send import Outcome, post_json
from wallboard.alerts.watch import DetractorWatcher, becomes_detractor, watchers_for

__all__ = ["GIVE_UP_AFTER", "RETRY_AFTER_MAX_SECONDS", "TIMEOUT_SECONDS", "Channel",
           "DetractorWatcher", "DigestJob", "Notifier", "Outcome", "becomes_detractor",
           "channel_for", "channels_of", "claim_attempt", "finish_attempt", "post_json",
           "prune_outbox", "public_base", "retry_delay", "slack_escape", "watchers_for"]

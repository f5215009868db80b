"""Whether a screen's page lives, as one wall process sees it: polls, its stream, reports.

An open stream alone is no proof (a frozen page keeps its connection): screen.js reports every
REPORT_MS (60 s) while its page lives, dark or celebrating, and a streaming screen counts as
seen while its newest report is at most 2.5 periods old.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wallboard.store import screen_devices as devices

POLL_CONTACT_SECONDS = 15.0  # a polling screen counts as here this long after its last poll
REPORT_FRESH_SECONDS = 2.5 * 60


@dataclass
class Contact:
    """One screen's contact with this process (what it reported, and when)."""

    report: devices.SeenReport
    streams: int = 0
    polled_at: float = field(default=-1e9)
    reported_at: float = field(default=-1e9)  # the page's last sign of life (open or report)
    remote_until: float = field(default=-1e9)  # a report whose stream another process holds

    def alive(self, moment: float) -> bool:
        """Seen: polled lately, or streaming with a fresh report (an open socket alone is
        no proof: a frozen page keeps its connection), or reporting here while its stream
        is held by another process (behind nginx the two may go to different ones)."""
        return (moment - self.polled_at <= POLL_CONTACT_SECONDS or moment < self.remote_until
                or (self.streams > 0 and moment - self.reported_at <= REPORT_FRESH_SECONDS))

"""The body of an offline or back message: JSON that Slack and Microsoft Teams webhooks accept."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from wallboard import i18n
from wallboard.alerts import slack_escape

OFFLINE_COLOUR = "E3A21A"  # amber: something to look at, not an emergency
BACK_COLOUR = "2E8B57"


def fleet_link(public_url: str) -> str:
    """Return the address of the fleet page, where every screen is listed."""
    return f"{public_url.rstrip('/')}/fleet"


def when(lang: str, moment: datetime, tz: str, now: datetime) -> str:
    """Write a moment as a colleague reads it: "14:32" today, "1 Dec 14:32" before."""
    zone = ZoneInfo(tz)
    local = i18n.clock(moment, tz)
    if moment.astimezone(zone).date() == now.astimezone(zone).date():
        return local
    return f"{i18n.short_date(lang, moment, tz)} {local}"


def headline(kind: str, screen: str, since: datetime, *, lang: str, tz: str,
             now: datetime) -> str:
    """Return the one-line, unescaped text: the screen, and since when it was not seen."""
    key = "screen_offline" if kind == "offline" else "screen_back"
    return i18n.text(lang, key, screen=screen, since=when(lang, since, tz, now))


def screen_message(kind: str, screen: str, since: datetime, *, lang: str, tz: str,
                   public_url: str, now: datetime) -> dict:
    """Return the JSON body of an offline or back message, with a link to the fleet page.

    Like the detractor notifications: Slack reads "text", a classic Teams incoming webhook
    renders the MessageCard with a button.
    """
    link = fleet_link(public_url)
    line = headline(kind, slack_escape(screen), since, lang=lang, tz=tz, now=now)
    return {
        "text": f"{line}\n\n{i18n.text(lang, 'screen_fleet_link', url=link)}",
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": headline(kind, screen, since, lang=lang, tz=tz, now=now),
        "themeColor": OFFLINE_COLOUR if kind == "offline" else BACK_COLOUR,
        "potentialAction": [{
            "@type": "OpenUri", "name": i18n.text(lang, "screen_open_fleet"),
            "targets": [{"os": "default", "uri": link}],
        }],
    }

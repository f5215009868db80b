"""The body of a detractor notification: JSON that Slack and Microsoft Teams webhooks accept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from wallboard import i18n

# Teams shows the card's edge in this colour; Slack ignores every key but "text".
DETRACTOR_COLOUR = "C4314B"


@dataclass(frozen=True)
class Detractor:
    """What a notification says about one detractor; never the customer's name or words."""

    response_id: int
    team_name: str
    employee: str | None
    score: int
    answered_at: datetime
    owner: str | None = None  # who follows it up, once someone is named in the meeting view


def slack_escape(value: str) -> str:
    """Escape the three characters Slack reads as markup: &, < and >."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def followup_link(public_url: str, response_id: int) -> str:
    """Return the meeting view's address of one detractor's follow-up."""
    return (f"{public_url.rstrip('/')}/meeting/followups?"
            f"{urlencode({'response': response_id})}")


def headline(detractor: Detractor, *, lang: str, tz: str) -> str:
    """Return the one-line, unescaped summary: team, score, employee, when answered."""
    when = (f"{i18n.short_date(lang, detractor.answered_at, tz)} "
            f"{i18n.clock(detractor.answered_at, tz)}")
    employee = detractor.employee or i18n.text(lang, "notify_no_employee")
    line = i18n.text(lang, "notify_detractor", team=detractor.team_name,
                     score=detractor.score, employee=employee, when=when)
    if detractor.owner:
        line += " · " + i18n.text(lang, "notify_owner", owner=detractor.owner)
    return line


def message(detractor: Detractor, *, lang: str, tz: str, public_url: str) -> dict:
    """Return the JSON body for an incoming webhook of Slack or Microsoft Teams.

    Slack reads "text" and ignores the rest; a classic Teams incoming webhook renders the
    same "text" as an Office 365 connector card (MessageCard) with a button to the link.
    """
    link = followup_link(public_url, detractor.response_id)
    escaped = Detractor(detractor.response_id, slack_escape(detractor.team_name),
                        slack_escape(detractor.employee) if detractor.employee else None,
                        detractor.score, detractor.answered_at,
                        slack_escape(detractor.owner) if detractor.owner else None)
    text = (f"{headline(escaped, lang=lang, tz=tz)}\n\n"
            f"{i18n.text(lang, 'notify_follow_up', url=link)}")
    return {
        "text": text,
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": headline(detractor, lang=lang, tz=tz),
        "themeColor": DETRACTOR_COLOUR,
        "potentialAction": [{
            "@type": "OpenUri", "name": i18n.text(lang, "notify_open"),
            "targets": [{"os": "default", "uri": link}],
        }],
    }


# A summary names at most this many teams; the rest are counted.
SUMMARY_TEAMS = 6


def followups_link(public_url: str) -> str:
    """Return the meeting view's address of the follow-up queue."""
    return f"{public_url.rstrip('/')}/meeting/followups"


def summary_headline(teams: list[tuple[str, int]], *, lang: str) -> str:
    """Return the unescaped line of a summary: how many more, and where (largest first)."""
    named = [f"{name} {i18n.number(lang, n)}" for name, n in teams[:SUMMARY_TEAMS]]
    if len(teams) > SUMMARY_TEAMS:
        named.append(i18n.plural(lang, "notify_other_teams", len(teams) - SUMMARY_TEAMS))
    more = i18n.plural(lang, "notify_more", sum(n for _, n in teams))
    return i18n.text(lang, "notify_summary", more=more, teams=", ".join(named))


def summary_message(teams: list[tuple[str, int]], *, lang: str, public_url: str) -> dict:
    """Return the JSON body of one message for many new detractors: (team name, count) each.

    Like `message`: no customer names or words, only counts, teams and the queue's link.
    """
    link = followups_link(public_url)
    escaped = [(slack_escape(name), n) for name, n in teams]
    text = (f"{summary_headline(escaped, lang=lang)}\n\n"
            f"{i18n.text(lang, 'notify_summary_follow_up', url=link)}")
    return {
        "text": text,
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": summary_headline(teams, lang=lang),
        "themeColor": DETRACTOR_COLOUR,
        "potentialAction": [{
            "@type": "OpenUri", "name": i18n.text(lang, "notify_open_queue"),
            "targets": [{"os": "default", "uri": link}],
        }],
    }

"""The body of a team's weekly digest: JSON that Slack and Microsoft Teams webhooks accept.

Pure: the numbers come in (DigestNumbers), the message goes out. No customer names or contact
data: only counts, the team's NPS and promoters' words with e-mails and phone numbers redacted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from wallboard import i18n
from wallboard.alerts.messages import slack_escape
from wallboard.core.challenge import Board
from wallboard.core.privacy import redact

DIGEST_COLOUR = "2E7D32"
COMMENT_CHARS = 200  # a longer comment is cut at a word, with an ellipsis


@dataclass(frozen=True)
class DigestNumbers:
    """What one team's digest says."""

    team_key: str
    team_name: str
    due: datetime                # when the digest is due; its local date heads the message
    nps: float | None            # over the wall's window; None: too few responses
    responses: int
    min_responses: int
    days: int                    # the window, wall.window_days
    goal: float | None
    previous_nps: float | None   # the same window ending a week earlier
    week_responses: int          # the 7 days before the digest
    week_promoters: int
    place: int | None            # by promoters in those 7 days, among teams with responses
    teams: int
    comments: tuple[str, ...]    # those 7 days' best promoter comments, as stored
    open_followups: int
    overdue_followups: int
    # This week's challenge as the wall's panel shows it (None without [challenge]): it
    # replaces the place by promoters, which is not the race the teams run.
    challenge: Board | None = None
    challenge_min_responses: int = 0
    challenge_names: tuple[tuple[str, str], ...] = ()  # team key -> name, for the race


def meeting_link(public_url: str, team_key: str, view: str = "") -> str:
    """Return the meeting view's address for one team: the overview, or view (followups)."""
    return f"{public_url.rstrip('/')}/meeting/{view}?{urlencode({'team': team_key})}"


def shown_comment(text: str) -> str:
    """Return a comment fit for a chat channel: redacted, one line, cut, never markup."""
    words = " ".join(redact(text).split())
    if len(words) > COMMENT_CHARS:
        words = words[:COMMENT_CHARS].rsplit(" ", 1)[0] + "…"
    return slack_escape(words)


def _change(lang: str, n: DigestNumbers) -> str:
    if n.nps is None or n.previous_nps is None:
        return i18n.text(lang, "digest_no_previous")
    delta = n.nps - n.previous_nps
    shown = i18n.nps_value(lang, abs(delta))
    if shown in ("0", "0,0", "0.0"):
        return i18n.text(lang, "digest_no_change")
    sign = "+" if delta > 0 else i18n.MINUS
    return i18n.text(lang, "digest_change", delta=f"{sign}{shown}")


def _nps_line(lang: str, n: DigestNumbers) -> str:
    if n.nps is None:
        return i18n.text(lang, "digest_too_few", n=i18n.number(lang, n.responses),
                         min=i18n.number(lang, n.min_responses))
    values = {"nps": i18n.nps_value(lang, n.nps), "days": i18n.number(lang, n.days),
              "change": _change(lang, n)}
    if n.goal is None:
        return i18n.text(lang, "digest_nps", **values)
    return i18n.text(lang, "digest_nps_goal", goal=i18n.nps_value(lang, n.goal), **values)


def challenge_lines(lang: str, n: DigestNumbers, tz: str) -> list[str]:
    """Say the week's challenge as the panel does: the rule, the team's value (and place if
    it made it), the teams that made it in order, the last week's winners; names escaped."""
    board, least = n.challenge, n.challenge_min_responses
    if board is None:
        return []
    names = dict(n.challenge_names)

    def name(key: str) -> str:
        return slack_escape(names.get(key, key))

    lines = [f"{i18n.text(lang, 'challenge')}: {i18n.challenge_rule(lang, board, least)}"]
    own = next((s for s in board.standings if s.team == n.team_key), None)
    if own is not None:
        value = i18n.challenge_value(lang, board, own, least)
        if own.place is not None:
            value += f" · {i18n.place_label(lang, own.place)}"
        lines.append(f"{name(n.team_key)}: {value}")
    made = [f"{i18n.place_label(lang, s.place)} {name(s.team)}"
            for s in board.standings if s.place is not None]
    lines.append(f"{i18n.text(lang, 'challenge_made_it')}: {', '.join(made)}" if made
                 else i18n.text(lang, "challenge_none_yet"))
    if board.hall_of_fame:
        week = board.hall_of_fame[0][0]
        when = i18n.text(lang, "challenge_week_of", date=i18n.short_date(lang, week, tz))
        teams = ", ".join(name(t) for w, t in board.hall_of_fame if w == week)
        lines.append(f"{i18n.text(lang, 'challenge_hall')}: {when} ★ {teams}")
    return lines


def digest_title(n: DigestNumbers, *, lang: str, tz: str) -> str:
    """Return the digest's unescaped headline: team and local date."""
    return i18n.text(lang, "digest_title", team=n.team_name,
                     date=i18n.short_date(lang, n.due, tz))


def digest_text(n: DigestNumbers, *, lang: str, tz: str, public_url: str) -> str:
    """Return the digest as text (Slack's mrkdwn escapes; no customer contact data)."""
    team = slack_escape(n.team_name)
    escaped = DigestNumbers(**{**n.__dict__, "team_name": team})
    lines = [f"*{digest_title(escaped, lang=lang, tz=tz)}*", _nps_line(lang, n),
             i18n.text(lang, "digest_week", promoters=i18n.number(lang, n.week_promoters),
                       responses=i18n.number(lang, n.week_responses))]
    if n.challenge is not None:
        lines += challenge_lines(lang, n, tz)
    elif n.place is not None:
        lines.append(i18n.text(lang, "digest_place", place=i18n.number(lang, n.place),
                               teams=i18n.number(lang, n.teams)))
    opening, closing = i18n.QUOTES[lang]
    if n.comments:
        lines.append(i18n.text(lang, "digest_comments"))
        lines += [f"> {opening}{shown_comment(c)}{closing}" for c in n.comments]
    else:
        lines.append(i18n.text(lang, "digest_no_comments"))
    lines.append(i18n.text(lang, "digest_followups",
                           open=i18n.number(lang, n.open_followups),
                           overdue=i18n.number(lang, n.overdue_followups)))
    lines.append(i18n.text(lang, "digest_meeting", url=meeting_link(public_url, n.team_key)))
    lines.append(i18n.text(lang, "digest_queue",
                           url=meeting_link(public_url, n.team_key, "followups")))
    return "\n".join(lines)


def digest_message(n: DigestNumbers, *, lang: str, tz: str, public_url: str) -> dict:
    """Return the JSON body of the digest for an incoming webhook of Slack or Teams."""
    return {
        "text": digest_text(n, lang=lang, tz=tz, public_url=public_url),
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": digest_title(n, lang=lang, tz=tz),
        "themeColor": DIGEST_COLOUR,
        "potentialAction": [{
            "@type": "OpenUri", "name": i18n.text(lang, "digest_open"),
            "targets": [{"os": "default", "uri": meeting_link(public_url, n.team_key)}],
        }],
    }

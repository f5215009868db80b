"""The shout-outs panel: the newest promoter comments with employee, team and score.

Comments arrive redacted and with the customer named as configured (the poller does both);
here they are only chosen, cut and laid out. Dash renders every string as text, never markup.
Detractor comments appear only when the config turns them on, and then say so.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dash import html

from wallboard import i18n
from wallboard.core.privacy import redact
from wallboard.wall.panels.common import View, section
from wallboard.wall.panels.text import clip, fit_class
from wallboard.wall.snapshot import Comment

SHOUTS = 4           # cards on the panel, newest first
CUT = 280            # characters of a comment kept before the ellipsis
CUT_FEATURED = 420   # for the single large card


def chosen(view: View) -> list[Comment]:
    """Return the comments this screen may show, newest first, at most SHOUTS."""
    show_detractors = view.config.wall.show_detractor_comments
    team = view.screen.team
    picked = [c for c in view.snapshot.comments
              if (c.score >= 9 or (show_detractors and c.score <= 6))
              and (team is None or c.team == team)]
    picked.sort(key=lambda c: c.answered_at, reverse=True)
    return picked[:SHOUTS]


def when(view: View, moment: datetime) -> str:
    """Say 'today', 'yesterday' or the local short date of moment."""
    tz = view.config.wall.timezone
    day = moment.astimezone(ZoneInfo(tz)).date()
    today = view.snapshot.built_at.astimezone(ZoneInfo(tz)).date()
    if day == today:
        return view.t("today")
    if day == today - timedelta(days=1):
        return view.t("yesterday")
    return i18n.short_date(view.lang, moment, tz)


def _card(view: View, comment: Comment, featured: bool) -> html.Article:
    kind = "promoter" if comment.score >= 9 else "detractor"
    icon = "★" if kind == "promoter" else "▼"
    opening, closing = i18n.QUOTES[view.lang]
    # The poller redacted already; again here, so no path onto the wall skips it.
    words = clip(redact(comment.text), CUT_FEATURED if featured else CUT)
    length = "short" if len(words) < 90 else "medium" if len(words) < 180 else "long"
    who = [html.Span(comment.employee, className="shout-employee")] if comment.employee else []
    if who:
        who.append(html.Span(" · ", **{"aria-hidden": "true"}))
    who.append(html.Span(comment.team_name,
                         className=f"shout-team {fit_class(comment.team_name, 40)}"))
    return html.Article(className=f"shout shout-{kind}" + (" featured" if featured else ""),
                        **{"data-response": str(comment.response_id), "data-kind": kind},
                        children=[
        html.Div(className="shout-head", children=[
            html.Span([html.Span(icon, className="shout-icon", **{"aria-hidden": "true"}),
                       html.Span(str(comment.score), className="shout-score")],
                      className="shout-badge"),
            html.Span(view.t(kind), className="shout-kind"),
            html.Span(when(view, comment.answered_at), className="shout-date"),
        ]),
        html.Blockquote(f"{opening}{words}{closing}", className=f"shout-text shout-{length}"),
        html.Div(className="shout-foot", children=[
            html.Div(who, className="shout-who"),
            html.Div(f"— {comment.customer}", className="shout-customer")
            if comment.customer else None,
        ]),
    ])


def render(view: View) -> list:
    """Return the shout-outs section."""
    comments = chosen(view)
    detractors = view.config.wall.show_detractor_comments
    subtitle = view.t("shoutouts_all" if detractors else "shoutouts_sub")
    if not comments:
        body = [html.Div(view.t("no_comments"), className="empty")]
    else:
        featured = len(comments) in (1, 3)  # the newest card takes the left half (or all)
        cards = [_card(view, c, featured and i == 0) for i, c in enumerate(comments)]
        body = [html.Div(cards, className=f"shout-grid shouts-{len(comments)}")]
    return [section("shoutouts", view.t("shoutouts"), subtitle, body)]

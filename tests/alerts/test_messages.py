"""Notification bodies: Slack and Teams JSON, escaping, the wall's language, summaries."""

from __future__ import annotations

import pytest

from tests.support.alerts import ANSWERED, PUBLIC
from wallboard.alerts.messages import Detractor, message, summary_message


def test_message_fits_slack_and_teams_and_escapes_names() -> None:
    body = message(Detractor(42, "R&D <Nord>", "Anna <b>", 3, ANSWERED),
                   lang="en", tz="Europe/Copenhagen", public_url=PUBLIC + "/")
    link = f"{PUBLIC}/meeting/followups?response=42"
    assert body["text"] == ("New detractor for R&amp;D &lt;Nord&gt;: 3 out of 10 · "
                            f"Anna &lt;b&gt; · answered 23 Nov 14:05\n\nFollow up: {link}")
    assert body["summary"].startswith("New detractor for R&D <Nord>: 3 out of 10")
    assert body["@type"] == "MessageCard"
    assert body["potentialAction"][0]["targets"] == [{"os": "default", "uri": link}]


@pytest.mark.parametrize(("lang", "words"), [
    ("da", ["Ny kritiker hos Customer Support: 2 ud af 10", "ingen medarbejder angivet",
            "23. nov. 14:05", "Følg op:", "Åbn opfølgningen"]),
    ("pl", ["Nowy krytyk w zespole Customer Support: 2 na 10", "bez wskazanego pracownika",
            "23 lis 14:05", "Kontakt zwrotny:", "Otwórz kontakt zwrotny"]),
])
def test_message_follows_the_wall_language(lang: str, words: list[str]) -> None:
    body = message(Detractor(7, "Customer Support", None, 2, ANSWERED), lang=lang,
                   tz="Europe/Copenhagen", public_url=PUBLIC)
    shown = body["text"] + body["potentialAction"][0]["name"]
    for word in words:
        assert word in shown


def test_summary_message_counts_teams_largest_first_in_every_language() -> None:
    teams = [("Kundeservice København", 9), ("R&D <Nord>", 5)]
    body = summary_message(teams, lang="en", public_url=PUBLIC + "/")
    assert body["text"] == ("14 more new detractors: Kundeservice København 9, "
                            "R&amp;D &lt;Nord&gt; 5\n\nSee them all in the follow-up queue: "
                            f"{PUBLIC}/meeting/followups")
    assert body["summary"].endswith("R&D <Nord> 5")
    assert body["potentialAction"][0]["targets"][0]["uri"] == f"{PUBLIC}/meeting/followups"
    many = [(f"Team {i}", 10 - i) for i in range(9)]
    assert summary_message(many, lang="en", public_url=PUBLIC)["text"].startswith(
        "54 more new detractors: Team 0 10, Team 1 9, Team 2 8, Team 3 7, Team 4 6, "
        "Team 5 5, 3 other teams\n")
    da = summary_message([("Kundeservice", 1)], lang="da", public_url=PUBLIC)
    assert da["text"].startswith("Yderligere 1 ny kritiker: Kundeservice 1\n\n"
                                 "Se dem alle i opfølgningskøen:")
    assert da["potentialAction"][0]["name"] == "Åbn opfølgningskøen"
    pl = summary_message(many[:8] + [("Serwis", 1)] * 2, lang="pl", public_url=PUBLIC)
    assert pl["text"].startswith("Jeszcze 54 nowych krytyków: Team 0 10,")
    assert "Team 5 5, 4 inne zespoły\n\nWszystkie są w kolejce kontaktów zwrotnych:" in \
        pl["text"]
    assert pl["potentialAction"][0]["name"] == "Otwórz kolejkę kontaktów zwrotnych"

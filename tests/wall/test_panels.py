"""Unit tests of the wall's panels, rendered from a fixed Snapshot: pure and fast."""

from __future__ import annotations

import re
import string
from dataclasses import replace
from pathlib import Path

import pytest
from dash import dcc, html

from tests.support.snapshot import (
    DETRACTOR_WORDS,
    EMAIL,
    LONG_COMMENT,
    LONG_NAME,
    MARKUP,
    PHONE,
    fixed_snapshot,
    fixed_teams,
    with_teams,
)
from wallboard import i18n
from wallboard.config import parse_config
from wallboard.wall.panels import goals, leaderboard, shoutouts, trend
from wallboard.wall.panels import trend_chart as chart
from wallboard.wall.panels.common import View
from wallboard.wall.panels.text import clip, fit_class
from wallboard.wall.screen import Screen
from wallboard.wall.snapshot import Comment

PANELS = {"goals": goals, "leaderboard": leaderboard, "trend": trend, "shoutouts": shoutouts}


def config(**wall: object):
    return parse_config({"wall": {"timezone": "Europe/Copenhagen", **wall}}, Path("t.toml"))


def view(count: int = 3, *, lang: str = "en", team: str | None = None, order: str = "nps",
         **wall: object) -> View:
    screen = Screen(team=team, panels=tuple(PANELS), rotate_seconds=20, celebrate=True,
                    language=lang)
    return View(snapshot=fixed_snapshot(count, order=order), screen=screen,
                config=config(leaderboard_order=order, **wall))


def walk(node):
    """Yield every component and string in a Dash tree."""
    yield node
    children = getattr(node, "children", None) if not isinstance(node, str) else None
    if children is None:
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        yield from walk(child)


def texts(nodes) -> list[str]:
    found = [n for root in nodes for n in walk(root) if isinstance(n, str | int | float)]
    return [str(t) for t in found if str(t).strip()]


def joined(nodes) -> str:
    return " ".join(texts(nodes))


def find(nodes, cls: str) -> list:
    """Return the components whose className contains the class cls."""
    return [n for root in nodes for n in walk(root)
            if cls in (getattr(n, "className", None) or "").split()]


def by_team(nodes, key: str):
    return next(n for root in nodes for n in walk(root)
                if getattr(n, "data-team", None) == key)


# ---------------------------------------------------------------- goals


def test_goals_card_shows_nps_margin_responses_and_progress():
    sections = goals.render(view(3))
    card = by_team(sections, "support")
    text = joined([card])
    assert "34" in texts([card])           # 100 * (110 - 42) / 200
    assert "± 11" in text                  # 1.96 * 100 * sqrt(0.6444 / 200) = 11.1
    assert "200 responses" in text
    assert "70% of the way" in text  # (34 - 20) / (40 - 20), as CLDR writes it in English
    assert "start 20" in text and "goal 40" in text


def test_goals_too_few_responses_shows_no_number():
    card = by_team(goals.render(view(3)), "tiny")
    text = joined([card])
    assert "Too few responses" in text
    assert "6 of 10 responses needed" in text
    assert not find([card], "team-nps") and "few" in card.className


def test_goals_team_at_goal_is_marked_in_words():
    card = by_team(goals.render(view(3)), "sales")  # 34 against a goal of 30
    assert "at-goal" in card.className
    assert "Goal reached" in joined([card])


def test_goals_pinned_team_only_and_pages_of_twelve():
    assert [getattr(c, "data-team") for c in find(goals.render(view(12, team="sales")),
                                                   "team-card")] == ["sales"]
    many = replace(fixed_snapshot(12), teams=fixed_teams(12) + tuple(
        replace(t, key=t.key + "2") for t in fixed_teams(12)))
    sections = goals.render(replace(view(12), snapshot=many))
    assert [s.id for s in sections] == ["panel-goals-1", "panel-goals-2"]


def test_goals_long_names_shrink_and_density_follows_team_count():
    dense = goals.render(view(12))
    assert find(dense, "goal-dense") and find(dense, "goal-cols-4")
    name = next(n for n in find(dense, "team-name") if n.children == LONG_NAME)
    assert "fit-xlong" in name.className
    assert find(goals.render(view(3)), "goal-wide")


# ---------------------------------------------------------------- leaderboard


def test_leaderboard_ties_share_a_rank_and_unranked_are_apart():
    sections = leaderboard.render(view(12))
    rows = find(sections, "leaderboard")[0].children[1].children
    ranks = [r.children[0].children for r in rows]
    assert ranks[:3] == ["1", "1", "3"]
    assert "tiny" not in [getattr(r, "data-team") for r in rows]
    assert "Not ranked yet" in joined(find(sections, "unranked"))
    assert "Onboarding" in joined(find(sections, "unranked"))


def test_leaderboard_movement_in_words_and_icons():
    rows = find(leaderboard.render(view(12)), "leaderboard")[0].children[1].children
    moves = {getattr(r, "data-team"): joined([r.children[-1]]) for r in rows}
    assert moves["support"] == "▲ up 1"
    assert moves["sales"] == "= same"
    assert moves["nordic"] == "▼ down 1"
    assert moves["team0"] == "★ new"


def test_leaderboard_top_n_hides_the_rest_and_says_so():
    sections = leaderboard.render(view(12, leaderboard_top=5))
    rows = find(sections, "leaderboard")[0].children[1].children
    assert len(rows) == 5
    assert "top 5 of 11" in joined(find(sections, "panel-subtitle"))


def test_leaderboard_pins_the_screens_team_and_shows_the_order_metric():
    sections = leaderboard.render(view(3, team="sales", order="progress"))
    row = by_team(sections, "sales")
    assert "pinned" in row.className
    assert "120%" in joined([row])      # (34 - 10) / (30 - 10)
    assert "ranked by progress to goal" in joined(sections)


# ---------------------------------------------------------------- trend


def test_trend_few_teams_share_one_text_free_chart():
    sections = trend.render(view(3))
    graphs = [n for n in walk(sections[0]) if isinstance(n, dcc.Graph)]
    assert len(graphs) == 1
    graph = graphs[0]
    assert graph.config["staticPlot"] and not graph.config["displayModeBar"]
    layout = graph.figure["layout"]
    assert not layout["xaxis"]["showticklabels"] and not layout["yaxis"]["showticklabels"]
    assert not layout.get("annotations") and layout["hovermode"] is False
    assert len(graph.figure["data"]) == 3 * 2      # support and sales; tiny has too few
    assert sorted(s["y0"] for s in layout["shapes"]) == [30, 40]  # both goals, dashed
    labels = {getattr(n, "data-team"): joined([n]) for n in find(sections, "trend-label")
              if getattr(n, "data-team", None)}
    assert set(labels) == {"support", "sales"}
    assert "Customer Support" in labels["support"]
    assert "Too few responses: Onboarding" in joined(find(sections, "trend-note"))


def test_trend_thin_weeks_are_hollow_and_not_on_the_solid_line():
    graph = next(n for n in walk(trend.render(view(3))[0]) if isinstance(n, dcc.Graph))
    every, hollow, solid = graph.figure["data"][:3]
    assert solid["y"][3] is None and hollow["y"][3] == every["y"][3]  # week 3: 3 responses
    assert hollow["marker"]["symbol"].endswith("-open")
    assert solid["y"][-1] == pytest.approx(10 + 5 * 12)
    assert solid["connectgaps"] is False


def test_trend_explains_hollow_markers_only_when_there_are_some():
    v = view(3)
    assert "fewer than 10 responses that week" in joined(trend.render(v))
    full = v.snapshot.trend.assign(responses=v.snapshot.trend["responses"].clip(lower=20))
    v = replace(v, snapshot=replace(v.snapshot, trend=full))
    assert "fewer than" not in joined(trend.render(v))


def test_trend_many_teams_get_small_multiples_on_one_scale():
    sections = trend.render(view(12))
    cells = find(sections, "trend-cell")
    assert len(cells) == 12
    graphs = [n for n in walk(sections[0]) if isinstance(n, dcc.Graph)]
    assert len(graphs) == 11                         # tiny: "Too few responses" instead
    assert len({tuple(g.figure["layout"]["yaxis"]["range"]) for g in graphs}) == 1
    assert "Too few responses" in joined([by_team(sections, "tiny")])


def test_trend_draws_at_most_twelve_teams_and_says_so():
    many = fixed_teams(12) + tuple(replace(t, key=t.key + "2") for t in fixed_teams(12))
    v = view(12)
    sections = trend.render(replace(v, snapshot=with_teams(v.snapshot, many)))
    assert len(sections) == 1 and len(find(sections, "trend-cell")) == 12
    assert "top 12 of 24" in joined(find(sections, "panel-subtitle"))


def test_trend_labels_are_local_dates_and_numbers():
    sections = trend.render(view(3, lang="da"))
    weeks = texts(find(sections, "trend-x"))
    assert weeks[-1] == "17. nov." and all(w.endswith(".") for w in weeks)
    ticks = texts(find(sections, "trend-y"))
    assert "0" in ticks and not any(t.startswith("-") for t in ticks)
    assert any("mål" in t for t in texts(find(sections, "trend-label-goal")))


def test_trend_geometry_spreads_labels_and_ranges_hold_goals():
    placed = chart.spread([50.0, 51.0, 52.0], [10.0, 10.0, 10.0])
    assert placed == sorted(placed)
    assert all(b - a >= 10 for a, b in zip(placed, placed[1:], strict=False))
    assert chart.spread([99.0, 99.5], [10.0, 10.0]) == [85.0, 95.0]
    series = chart.weekly_series(fixed_snapshot(3).trend, fixed_teams(3), 10)[1]
    low, high, ticks = chart.y_range(series, with_goals=True)
    assert low <= 0 and high >= 40 and ticks[0] == low and ticks[-1] == high
    assert chart.left_percent(0, 13) > 0 and chart.left_percent(12, 13) < 100


# ---------------------------------------------------------------- shout-outs


def test_shoutouts_newest_promoters_only_by_default():
    sections = shoutouts.render(view(3))
    cards = find(sections, "shout")
    assert [getattr(c, "data-response") for c in cards] == ["1", "3", "4", "5"]
    assert DETRACTOR_WORDS not in joined(sections)
    assert "Detractor" not in joined(sections)


def test_shoutouts_detractors_when_configured_and_labelled():
    sections = shoutouts.render(view(3, show_detractor_comments=True))
    cards = find(sections, "shout")
    assert [getattr(c, "data-response") for c in cards] == ["1", "2", "3", "4"]
    detractor = cards[1]
    assert "shout-detractor" in detractor.className
    assert "▼" in texts([detractor]) and "Detractor" in texts([detractor])
    assert "good and bad" in joined(find(sections, "panel-subtitle"))


def test_shoutouts_card_says_who_when_and_keeps_markup_as_text():
    cards = find(shoutouts.render(view(3)), "shout")
    first = joined([cards[0]])
    assert "10" in first and "Promoter" in first and "★" in first
    assert "Mette" in first and "Customer Support" in first and "— Anna" in first
    assert "today" in first
    markup = cards[2]
    quote = find([markup], "shout-text")[0]
    assert isinstance(quote.children, str) and MARKUP in quote.children
    assert "Mette" not in joined([markup])           # no employee: the team alone
    assert "—" not in joined([cards[1]])             # no customer name: none shown


def test_shoutouts_cut_long_comments_on_a_word_boundary():
    quote = find(shoutouts.render(view(3)), "shout-text")[1].children
    body = quote[1:-1]
    assert len(body) <= shoutouts.CUT and body.endswith("…")
    assert LONG_COMMENT.startswith(body[:-1]) and body[-2] != " "
    assert clip("one two three", 9) == "one two…"
    assert clip("short", 280) == "short"


def test_shoutouts_redact_contact_data_and_follow_the_pinned_team():
    leaky = Comment(response_id=9, team="sales", team_name="Sales", employee="Jonas",
                    score=10, text=f"Call {PHONE} or {EMAIL}", customer="Anna",
                    answered_at=fixed_snapshot().built_at)
    v = view(3, team="sales")
    v = replace(v, snapshot=replace(v.snapshot, comments=(leaky, *v.snapshot.comments)))
    sections = shoutouts.render(v)
    text = joined(sections)
    assert PHONE not in text and EMAIL not in text and "[…]" in text
    assert {c.team for c in shoutouts.chosen(v)} == {"sales"}


def test_shoutouts_empty_state():
    v = view(3)
    v = replace(v, snapshot=replace(v.snapshot, comments=()))
    assert "The next promoter's words will appear here" in joined(shoutouts.render(v))


# ---------------------------------------------------------------- languages


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_in_every_language_with_the_same_placeholders():
    keys = set(i18n.TEXTS["en"])
    for lang in ("da", "pl"):
        table = i18n.TEXTS[lang]
        # Polish has a third plural form ("few") beside the English "one" and "many".
        few = {k for k in table if k.endswith("_few") and k[:-4] + "_many" in keys}
        assert set(table) - few == keys, lang
        assert lang == "pl" or not few
        for key in few:
            assert _fields(table[key]) == _fields(i18n.TEXTS["en"][key[:-4] + "_many"])
        for key in keys:
            assert _fields(table[key]) == _fields(i18n.TEXTS["en"][key]), (lang, key)
    assert set(i18n.QUOTES) == set(i18n.LOCALES) == {"en", "da", "pl"}


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}


@pytest.mark.parametrize("lang", ["da", "pl"])
@pytest.mark.parametrize("name", list(PANELS))
def test_no_english_left_on_a_translated_wall(lang, name):
    english = set().union(*(_words(v) for v in i18n.TEXTS["en"].values()))
    local = set().union(*(_words(v) for v in i18n.TEXTS[lang].values()))
    proper = _words(" ".join(t.name for t in fixed_teams(12)))
    proper |= _words(" ".join(c.text + " " + c.team_name + " " + (c.employee or "") + " "
                              + (c.customer or "") for c in fixed_snapshot().comments))
    v = view(12, lang=lang, show_detractor_comments=True)
    shown = _words(joined(PANELS[name].render(v)))
    assert not (shown & english) - local - proper - {"nps"}


@pytest.mark.parametrize("name", list(PANELS))
def test_panels_render_for_every_language_and_order(name):
    for lang in ("en", "da", "pl"):
        for order in ("nps", "progress", "improvement", "promoters"):
            sections = PANELS[name].render(view(12, lang=lang, order=order))
            assert sections and all(isinstance(s, html.Section) for s in sections)


def test_panels_survive_an_empty_snapshot():
    v = view(3)
    empty = replace(with_teams(v.snapshot, ()), comments=())
    for module in PANELS.values():
        assert module.render(replace(v, snapshot=empty))


def test_fit_class_steps():
    assert fit_class("Sales", 20) == "fit"
    assert fit_class("x" * 30, 20) == "fit-long"
    assert fit_class("x" * 40, 20) == "fit-xlong"

"""Themes: keyword matching in en/da/pl with inflections and false friends; grouping."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from wallboard.config import Theme
from wallboard.core.themes import (
    DEFAULT_THEMES,
    ThemeGroup,
    group_by_theme,
    match_themes,
    themes_for,
    top_themes,
)


@pytest.mark.parametrize(("comment", "expected"), [
    # English
    ("I waited 40 minutes in the queue", {"waiting"}),
    ("Way too slow, and the staff were rude", {"waiting", "friendliness"}),
    ("Very knowledgeable and friendly advisor", {"competence", "friendliness"}),
    ("Overpriced for what you get", {"price"}),
    ("They solved my problem on the first call", {"quality"}),
    ("Nobody called back and I was never informed", {"communication"}),
    ("The parcel arrived two days late", {"delivery"}),
    # Danish: compounds and inflections
    ("Ventetiden var alt for lang", {"waiting"}),
    ("Jeg ventede i telefonkøen i en time", {"waiting"}),
    ("Meget venlig og hjælpsom medarbejder", {"friendliness"}),
    ("Prisen er for høj, og det var dyrt", {"price"}),
    ("Dygtig og kompetent rådgivning", {"competence"}),
    ("Problemet blev løst med det samme", {"quality"}),
    ("Fik aldrig en besked om status", {"communication"}),
    ("Pakken kom for sent", {"delivery"}),
    ("ÆRLIG TALT: UHØFLIG BETJENING", {"friendliness"}),
    # Polish: inflections and diacritics
    ("Czekałem w kolejce ponad godzinę", {"waiting"}),
    ("Bardzo miła i uprzejma pani", {"friendliness"}),
    ("Cena za wysoka, wszystko za drogo", {"price"}),
    ("Pan nie wiedział nic o produkcie, zero kompetencji", {"competence"}),
    ("Usterka naprawiona szybko, problem rozwiązany", {"quality"}),
    ("Nikt nie oddzwonił, brak informacji", {"communication"}),
    ("Przesyłka dotarła uszkodzona, kurier się spóźnił", {"delivery"}),
    ("ŁADNIE, SZYBKO, ŻYCZLIWIE", {"friendliness"}),
])
def test_default_themes_match_real_comments(comment, expected):
    assert set(match_themes(comment, DEFAULT_THEMES)) == expected


@pytest.mark.parametrize("comment", [
    "The waiter at the counter was great",  # not 'wait'
    "Priceless!",  # not 'price'
    "Bill helped me",  # a name, not a bill
    "I have been a long time customer",  # not waiting
    "Send venligst kvitteringen",  # 'venligst' is 'please', not 'venlig'
    "Det var virkelig godt",  # 'virkelig' is 'really', not 'virker'
    "Køb var nemt",  # 'køb' (purchase) is not 'kø' (queue)
    "Spełnili moje oczekiwania",  # expectations, not waiting
    "Zapomniałem długopisu",  # a pen, not 'długo'
    "Odpowiedni człowiek, bardzo odpowiedzialny",  # suitable, responsible
    "Jakoś to poszło",  # 'somehow', not quality
    "Taniec był super",  # a dance, not cheap
    "",
    "   ",
])
def test_false_friends_do_not_match(comment):
    assert match_themes(comment, DEFAULT_THEMES) == ()


def test_non_text_comment_matches_nothing():
    assert match_themes(None, DEFAULT_THEMES) == ()  # type: ignore[arg-type]
    assert match_themes(float("nan"), DEFAULT_THEMES) == ()  # type: ignore[arg-type]


def test_decomposed_unicode_matches_like_composed():
    decomposed = unicodedata.normalize("NFD", "Czekałam długo, obsługa była niemiła")
    assert "waiting" in match_themes(decomposed, DEFAULT_THEMES)
    assert "friendliness" in match_themes(decomposed, DEFAULT_THEMES)


def test_keywords_match_only_at_the_start_of_a_word():
    theme = Theme(key="queue", names={"en": "Queue"}, keywords={"da": ("kø",)})
    assert match_themes("lang kø", (theme,)) == ("queue",)
    assert match_themes("køen var lang", (theme,)) == ("queue",)
    assert match_themes("telefonkø", (theme,)) == ()  # inside a compound: not a word start
    assert match_themes("(kø)", (theme,)) == ("queue",)


def test_exact_and_multi_word_keywords():
    theme = Theme(key="t", names={"en": "T"}, keywords={"en": ("=fee", "on   hold")})
    assert match_themes("a fee!", (theme,)) == ("t",)
    assert match_themes("feedback", (theme,)) == ()
    assert match_themes("put ON\nHOLD twice", (theme,)) == ("t",)
    assert match_themes("kept on holding", (theme,)) == ("t",)  # the last word is a prefix
    assert match_themes("on holiday", (theme,)) == ()


def test_keywords_of_every_language_match_and_empty_ones_are_ignored():
    theme = Theme(key="t", names={"en": "T"}, keywords={"en": ("", "=  "), "pl": ("kolejk",)})
    assert match_themes("kolejka", (theme,)) == ("t",)
    assert match_themes("anything", (theme,)) == ()
    listed = Theme(key="l", names={"en": "L"}, keywords={"en": ["slow"]})  # config gives lists
    assert match_themes("slowly", (listed,)) == ("l",)


def test_default_themes_have_names_and_keywords_in_every_language():
    keys = [t.key for t in DEFAULT_THEMES]
    assert len(keys) == len(set(keys)) >= 7
    for theme in DEFAULT_THEMES:
        for lang in ("en", "da", "pl"):
            assert theme.names[lang].strip()
            assert theme.keywords[lang] and all(k.strip() for k in theme.keywords[lang])


def test_themes_for_prefers_configured_themes():
    own = (Theme(key="x", names={"en": "X"}, keywords={"en": ("x",)}),)
    assert themes_for(own) == own
    assert themes_for(()) == DEFAULT_THEMES


def comments(*rows: tuple[int, int, str | None, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["id", "score", "comment", "answered_at"])
    frame["answered_at"] = pd.to_datetime(frame["answered_at"], utc=True)
    return frame


def test_group_by_theme_counts_classes_and_picks_examples():
    frame = comments(
        (1, 10, "Friendly and fast", "2026-11-16T09:00Z"),
        (2, 3, "Waited an hour in the queue", "2026-11-16T10:00Z"),
        (3, 5, "Long wait, rude staff", "2026-11-17T10:00Z"),
        (4, 8, "Queue was ok", "2026-11-18T10:00Z"),
        (5, 9, "No waiting at all", "2026-11-18T11:00Z"),
        (6, 2, "Ventetiden var lang", "2026-11-15T10:00Z"),
        (7, 0, None, "2026-11-18T10:00Z"),
        (8, 1, "  ", "2026-11-18T10:00Z"),
        (9, 10, "Great", "2026-11-18T10:00Z"),
    )
    groups = group_by_theme(frame, DEFAULT_THEMES, "en")
    assert groups == [
        ThemeGroup(key="waiting", name="Waiting time", count=5, promoters=1, passives=1,
                   detractors=3, examples=(3, 2, 6)),
        ThemeGroup(key="friendliness", name="Friendliness and attitude", count=2, promoters=1,
                   passives=0, detractors=1, examples=(3, 1)),
    ]
    assert group_by_theme(frame, DEFAULT_THEMES, "da")[0].name == "Ventetid"


def test_group_by_theme_orders_ties_by_name_and_handles_empty_input():
    frame = comments((1, 9, "great price, fast delivery", "2026-11-16T09:00Z"))
    groups = group_by_theme(frame, DEFAULT_THEMES, "pl")
    assert [g.name for g in groups] == ["Cena", "Dostawa"]
    assert group_by_theme(frame.iloc[:0], DEFAULT_THEMES, "en") == []
    assert group_by_theme(frame, (), "en") == []
    blank = comments((1, 9, None, "2026-11-16T09:00Z"))
    assert group_by_theme(blank, DEFAULT_THEMES, "en") == []


def test_group_name_falls_back_to_english_then_key():
    theme = Theme(key="park", names={"en": "Parking"}, keywords={"en": ("parking",)})
    bare = Theme(key="x", names={}, keywords={"en": ("parking",)})
    frame = comments((1, 9, "Easy parking", "2026-11-16T09:00Z"))
    assert [g.name for g in group_by_theme(frame, (theme, bare), "da")] == ["Parking", "x"]


def group(key: str, count: int) -> ThemeGroup:
    return ThemeGroup(key=key, name=key, count=count, promoters=0, passives=0,
                      detractors=count, examples=())


@pytest.mark.parametrize(("counts", "expected"), [
    ({"a": 10, "b": 9, "c": 6, "d": 5}, ["a", "b", "c"]),  # at most three
    ({"a": 10, "b": 4, "c": 2}, ["a"]),  # one loud theme is not padded
    ({"a": 4, "b": 2, "c": 1}, ["a", "b"]),  # half of the top, at least two comments
    ({"a": 1, "b": 1}, []),  # single mentions do not stand out
    ({}, []),
])
def test_top_themes(counts, expected):
    groups = [group(k, c) for k, c in counts.items()]
    assert [g.key for g in top_themes(groups)] == expected


def test_top_themes_n_is_respected():
    groups = [group(k, 5) for k in "abcd"]
    assert [g.key for g in top_themes(groups, n=2)] == ["a", "b"]

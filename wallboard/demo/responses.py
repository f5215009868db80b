"""One realistic demo response: employee, score, customer and comment for a team."""

from __future__ import annotations

import math
import random
import re
import unicodedata
from datetime import UTC, datetime
from functools import cache
from typing import Any

from wallboard.demo import texts as text
from wallboard.demo.profiles import DemoProfile, person

PROMOTER, PASSIVE, DETRACTOR = "promoter", "passive", "detractor"


PROMOTER, PASSIVE, DETRACTOR = "promoter", "passive", "detractor"


PROMOTER, PASSIVE, DETRACTOR = "promoter", "passive", "detractor"


# Some employees delight customers more than others; the team's mean is kept.
_SKILL = (3.0, 9.0, -4.0, 2.0, -9.0, 6.0, -2.0, 0.0)


_DETRACTOR_WEIGHTS = (20, 6, 7, 9, 10, 20, 28)  # scores 0..6


_COMMENT_SHARE = {PROMOTER: 0.62, PASSIVE: 0.55, DETRACTOR: 0.8}


_LONG_SHARE, _CONTACT_SHARE = 0.006, 0.0025  # of commented responses


_LONG_SHARE, _CONTACT_SHARE = 0.006, 0.0025  # of commented responses


_EMPLOYEE_FORM = re.compile(r"\[([^|\]]*)\|([^\]]*)\]")


_CUSTOMER_FORM = re.compile(r"<([^|>]*)\|([^>]*)>")


def classify(score: int) -> str:
    """Return promoter, passive or detractor for a 0..10 score."""
    return PROMOTER if score >= 9 else PASSIVE if score >= 7 else DETRACTOR


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return moment.astimezone(UTC)


@cache
def _employee_weights(profile: DemoProfile) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Return how many customers each employee serves and their NPS offset (team mean 0)."""
    n = len(profile.employees)
    weights = [0.5 if i == 0 else 1.0 + 0.2 * (i * 7 % 5) for i in range(n)]
    skill = [_SKILL[i % len(_SKILL)] for i in range(n)]
    mean = sum(w * s for w, s in zip(weights, skill, strict=True)) / sum(weights)
    return tuple(weights), tuple(s - mean for s in skill)


def target_nps(profile: DemoProfile, progress: float, phase: float) -> float:
    """Return the team's NPS at progress 0..1 through the history, with a gentle wobble."""
    trend = profile.start_nps + (profile.end_nps - profile.start_nps) * progress ** profile.shape
    return trend + 3.0 * math.sin(2 * math.pi * (3 * progress + phase))


def _score(rng: random.Random, nps: float, passive_share: float, roll: float) -> int:
    net = max(-0.9, min(0.9, nps / 100))
    promoters = (1 - passive_share + net) / 2
    detractors = (1 - passive_share - net) / 2
    if roll < promoters:
        return 10 if rng.random() < 0.56 else 9
    if roll < promoters + detractors:
        return rng.choices(range(7), _DETRACTOR_WEIGHTS)[0]
    return 8 if rng.random() < 0.6 else 7


def _ascii(name: str) -> str:
    name = name.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("æ", "ae")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z.]", "", name.lower().replace(" ", "."))


def _phone(rng: random.Random, language: str) -> str:
    if language == "da":
        return " ".join(str(rng.randint(20 if i == 0 else 10, 99)) for i in range(4))
    if language == "pl":
        return f"+48 {rng.choice((5, 6, 7))}{rng.randint(10, 99)} {rng.randint(100, 999)} " \
               f"{rng.randint(100, 999)}"
    return f"07700 900{rng.randint(0, 999):03d}"  # Ofcom's range for drama: never a real line


def _comment(rng: random.Random, language: str, kind: str, employee: str | None,
             customer: str | None, customer_female: bool) -> str:
    roll = rng.random()
    if roll < _CONTACT_SHARE:
        template = rng.choice(text.CONTACT_COMMENTS[language][kind])
    elif roll < _CONTACT_SHARE + _LONG_SHARE:
        template = rng.choice(text.LONG_COMMENTS[language][kind])
    else:
        template = rng.choice(text.COMMENTS[language][kind])
    first = (employee or "").split(" ")[0]
    if "{employee}" in template and not first:
        template = rng.choice([t for t in text.COMMENTS[language][kind] if "{" not in t])
    # Polish names: female first names end in -a; the demo staff has no exceptions.
    employee_female = first.endswith("a")
    filled = _EMPLOYEE_FORM.sub(lambda m: m[2] if employee_female else m[1], template)
    filled = _CUSTOMER_FORM.sub(lambda m: m[2] if customer_female else m[1], filled)
    if "{email}" in filled:
        who = customer or person(rng, language)[0]
        domain = rng.choice(("example.com", "example.net", "example.org"))
        filled = filled.replace("{email}", f"{_ascii(who)}@{domain}")
    if "{phone}" in filled:
        filled = filled.replace("{phone}", _phone(rng, language))
    return filled.replace("{employee}", first)


def make_response(rng: random.Random, team_key: str, profile: DemoProfile, nps: float,
              answered_at: datetime, roll: float, comment_boost: float = 0.0) -> dict[str, Any]:
    """Return one response of the team (without source, external_id and received_at)."""
    weights, skill = _employee_weights(profile)
    index = rng.choices(range(len(profile.employees)), weights)[0]
    score = _score(rng, nps + skill[index], profile.passive_share, roll)
    customer, female = person(rng, profile.language)
    if rng.random() < 0.15:
        customer = None
    kind = classify(score)
    comment = ""
    if rng.random() < _COMMENT_SHARE[kind] + comment_boost:
        comment = _comment(rng, profile.language, kind, profile.employees[index], customer,
                           female)
    return {"score": score, "comment": comment, "team_key": team_key,
            "employee": profile.employees[index], "customer_name": customer,
            "answered_at": answered_at}

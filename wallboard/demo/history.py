"""Deterministic demo history (a seeded Random) and a live stream of demo responses."""

from __future__ import annotations

import math
import random
import re
import secrets
import threading
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from wallboard.config import Team
from wallboard.core.clock import utcnow
from wallboard.demo import texts as text
from wallboard.store import ActionItem, FollowUp, FollowUpStatus, Response

SOURCE = "demo"
LIVE_SOURCE = "demo-live"
PROMOTER, PASSIVE, DETRACTOR = "promoter", "passive", "detractor"


@dataclass(frozen=True)
class DemoProfile:
    """How a demo team talks and performs: language, staff (lead first) and NPS path."""

    language: str
    employees: tuple[str, ...]
    start_nps: float  # NPS the team's history starts at...
    end_nps: float  # ...and arrives at today
    daily: float  # responses on an ordinary weekday
    shape: float = 1.0  # below 1: the team climbs early, then holds
    passive_share: float = 0.27

    @property
    def lead(self) -> str:
        """Return the team lead, who owns follow-ups nobody else took."""
        return self.employees[0]


_DEMO: tuple[tuple[Team, DemoProfile], ...] = (
    (Team("kundeservice-kobenhavn", "Kundeservice København", 20, 40),
     DemoProfile("da", ("Mette Kjær", "Jonas Holm", "Sofie Lindberg", "Rasmus Mølgaard",
                        "Camilla Friis", "Line Bak", "Frederik Skov", "Nanna Thygesen"),
                 16, 50, 22, 0.6)),
    (Team("obsluga-klienta-krakow", "Obsługa Klienta Kraków", 20, 40),
     DemoProfile("pl", ("Agnieszka Nowak", "Piotr Zieliński", "Katarzyna Wójcik",
                        "Michał Lewandowski", "Magdalena Kaczmarek", "Tomasz Dąbrowski",
                        "Joanna Mazur"),
                 12, 40, 19, passive_share=0.29)),
    (Team("field-service-north", "Field Service North", 20, 40),
     DemoProfile("en", ("Gareth Hughes", "Emma Clarke", "Liam Walker", "Priya Shah",
                        "Tom Fletcher", "Rachel Booth"),
                 22, 56, 14, 0.45, 0.24)),
    (Team("salg-aarhus", "Salg Aarhus", 30, 50),
     DemoProfile("da", ("Henrik Vestergaard", "Louise Dam", "Mikkel Nørgaard", "Trine Bech",
                        "Anders Kirkegaard"),
                 42, 10, 15)),
    (Team("wsparcie-techniczne-gdansk", "Wsparcie Techniczne Gdańsk", 25, 45),
     DemoProfile("pl", ("Marek Kowalczyk", "Natalia Szymańska", "Bartosz Wiśniewski",
                        "Aleksandra Krawczyk", "Kamil Jankowski", "Zofia Pawlak"),
                 27, 27, 14, passive_share=0.31)),
    (Team("customer-care-dublin", "Customer Care Dublin", 10, 30),
     DemoProfile("en", ("Aoife Byrne", "Ciarán Murphy", "Niamh O'Connor", "Seán Walsh",
                        "Siobhán Doyle"),
                 2, 34, 12)),
    (Team("onboarding", "Onboarding"),
     DemoProfile("en", ("Charlotte Reed", "Oliver Grant", "Hannah Price", "Sam Okafor"),
                 22, 38, 0.55)),
)

DEMO_TEAMS: tuple[Team, ...] = tuple(team for team, _ in _DEMO)
DEMO_PROFILES: dict[str, DemoProfile] = {team.key: profile for team, profile in _DEMO}

# Monday first: fewer customers answer at the weekend.
_WEEKDAY = (1.1, 1.1, 1.0, 1.0, 0.85, 0.3, 0.15)
# Some employees delight customers more than others; the team's mean is kept.
_SKILL = (3.0, 9.0, -4.0, 2.0, -9.0, 6.0, -2.0, 0.0)
_DETRACTOR_WEIGHTS = (20, 6, 7, 9, 10, 20, 28)  # scores 0..6
_COMMENT_SHARE = {PROMOTER: 0.62, PASSIVE: 0.55, DETRACTOR: 0.8}
_LONG_SHARE, _CONTACT_SHARE = 0.006, 0.0025  # of commented responses
_GOLDEN, _JITTER = (math.sqrt(5) - 1) / 2, 0.05
_EMPLOYEE_FORM = re.compile(r"\[([^|\]]*)\|([^\]]*)\]")
_CUSTOMER_FORM = re.compile(r"<([^|>]*)\|([^>]*)>")


def classify(score: int) -> str:
    """Return promoter, passive or detractor for a 0..10 score."""
    return PROMOTER if score >= 9 else PASSIVE if score >= 7 else DETRACTOR


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return moment.astimezone(UTC)


def profile_for(team_key: str) -> DemoProfile:
    """Return the demo profile of a team, inventing a steady English one for unknown teams."""
    if team_key in DEMO_PROFILES:
        return DEMO_PROFILES[team_key]
    rng = random.Random(zlib.crc32(team_key.encode()))
    staff = tuple(_person(rng, "en")[0] for _ in range(5))
    return DemoProfile("en", staff, 30, 30, 10)


def _person(rng: random.Random, language: str) -> tuple[str, bool]:
    female = rng.random() < 0.5
    first = rng.choice(text.FIRST_NAMES[language][0 if female else 1])
    last = rng.choice(text.LAST_NAMES[language]).split("/")
    return f"{first} {last[-1] if female else last[0]}", female


@cache
def _employee_weights(profile: DemoProfile) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Return how many customers each employee serves and their NPS offset (team mean 0)."""
    n = len(profile.employees)
    weights = [0.5 if i == 0 else 1.0 + 0.2 * (i * 7 % 5) for i in range(n)]
    skill = [_SKILL[i % len(_SKILL)] for i in range(n)]
    mean = sum(w * s for w, s in zip(weights, skill, strict=True)) / sum(weights)
    return tuple(weights), tuple(s - mean for s in skill)


def _target_nps(profile: DemoProfile, progress: float, phase: float) -> float:
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
        who = customer or _person(rng, language)[0]
        domain = rng.choice(("example.com", "example.net", "example.org"))
        filled = filled.replace("{email}", f"{_ascii(who)}@{domain}")
    if "{phone}" in filled:
        filled = filled.replace("{phone}", _phone(rng, language))
    return filled.replace("{employee}", first)


def _response(rng: random.Random, team_key: str, profile: DemoProfile, nps: float,
              answered_at: datetime, roll: float, comment_boost: float = 0.0) -> dict[str, Any]:
    """Return one response of the team (without source, external_id and received_at)."""
    weights, skill = _employee_weights(profile)
    index = rng.choices(range(len(profile.employees)), weights)[0]
    score = _score(rng, nps + skill[index], profile.passive_share, roll)
    customer, female = _person(rng, profile.language)
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


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _time_of_day(rng: random.Random) -> timedelta:
    """Return a UTC time of day: office hours in Copenhagen, Warsaw and Dublin mostly."""
    roll = rng.random()
    if roll < 0.87:
        hours = rng.triangular(6.0, 17.0, 9.5)
    elif roll < 0.98:
        hours = rng.uniform(16.0, 21.5)
    else:
        hours = rng.uniform(0.0, 24.0)
    return timedelta(seconds=int(hours * 3600))


def _delay(rng: random.Random) -> timedelta:
    """Return how long the survey tool took to deliver a response: seconds, rarely minutes."""
    seconds = rng.uniform(2, 90) if rng.random() < 0.9 else rng.uniform(90, 900)
    return timedelta(seconds=round(seconds, 3))


def generate_history(*, now: datetime, days: int = 90, seed: int = 2026) -> list[dict[str, Any]]:
    """Return the demo responses of the days before now, oldest first; pure and deterministic."""
    now = _utc(now)
    rng = random.Random(seed)
    start = now - timedelta(days=days)
    rows: list[dict[str, Any]] = []
    # A jittered golden-ratio sequence per team instead of independent rolls: each team's
    # NPS follows its path closely, so climbing, falling and flat show for any seed.
    rolls = [rng.random() for _ in _DEMO]
    day = datetime(start.year, start.month, start.day, tzinfo=UTC)
    while day <= now:
        for index, (team, profile) in enumerate(_DEMO):
            for _ in range(_poisson(rng, profile.daily * _WEEKDAY[day.weekday()])):
                answered_at = day + _time_of_day(rng)
                if not start < answered_at < now:
                    continue
                progress = (answered_at - start) / (now - start)
                nps = _target_nps(profile, progress, index / len(_DEMO))
                rolls[index] = (rolls[index] + _GOLDEN) % 1.0
                roll = (rolls[index] + rng.uniform(-_JITTER, _JITTER)) % 1.0
                row = _response(rng, team.key, profile, nps, answered_at, roll)
                row["received_at"] = min(answered_at + _delay(rng), now)
                row["raw"] = None  # generated here, not received from a survey tool
                rows.append(row)
        day += timedelta(days=1)
    rows.sort(key=lambda r: (r["answered_at"], r["team_key"]))
    return [{"source": SOURCE, "external_id": f"demo-{n:06d}", **row}
            for n, row in enumerate(rows, start=1)]


def _followup(rng: random.Random, response: dict[str, Any], now: datetime,
              sla: timedelta) -> dict[str, Any]:
    profile = profile_for(response["team_key"])
    created = response["received_at"]
    age = now - created
    # Teams got better at closing the loop: late follow-ups were common 90 days ago.
    late_share = 0.08 + 0.3 * min(1.0, age / timedelta(days=90))
    if rng.random() < late_share:
        contact = rng.uniform(1.0, 2.5)
    else:
        contact = rng.triangular(0.02, 0.95, 0.2)
    contacted = created + sla * contact
    roll = rng.random()
    if roll < 0.03:  # forgotten
        contacted = resolved = None
    elif roll < 0.07:  # contacted, never closed
        resolved = None
    elif roll < 0.45:  # settled on the call
        resolved = contacted + timedelta(minutes=rng.uniform(3, 25))
    else:
        resolved = contacted + sla * rng.triangular(0.05, 1.2, 0.3)
    if contacted is not None and contacted > now:
        contacted = resolved = None
    if resolved is not None and resolved > now:
        resolved = None
    status = (FollowUpStatus.RESOLVED if resolved else
              FollowUpStatus.CONTACTED if contacted else FollowUpStatus.OPEN)
    owner = (response.get("employee") if rng.random() < 0.6 else None) or profile.lead
    if status is FollowUpStatus.OPEN and age < timedelta(hours=4) and rng.random() < 0.5:
        owner = None  # nobody has picked it up yet
    note = ""
    if status is not FollowUpStatus.OPEN and rng.random() < 0.7:
        note = rng.choice(text.FOLLOWUP_NOTES[profile.language][status.value])
    touched = resolved or contacted or (created if owner else None)
    return {"response_id": response["id"], "owner": owner, "status": status,
            "created_at": created, "contacted_at": contacted, "resolved_at": resolved,
            "note": note, "updated_at": touched, "updated_by": owner if touched else None}


def generate_followups(responses_with_ids: Sequence[dict[str, Any]], *, now: datetime,
                       sla_hours: float = 48, seed: int = 2026) -> list[dict[str, Any]]:
    """Return one FollowUp row per detractor (score 0..6) of responses that carry an id."""
    now = _utc(now)
    rng = random.Random(seed)
    detractors = sorted((r for r in responses_with_ids if r["score"] <= 6),
                        key=lambda r: (r["answered_at"], r["id"]))
    sla = timedelta(hours=sla_hours)
    return [_followup(rng, r, now, sla) for r in detractors]


# Actions the demo teams agreed in their meetings: (text, days until due, done days ago).
_ACTIONS: dict[str, tuple[tuple[str, int | None, int | None], ...]] = {
    "da": (("Ring alle kunder med 0-4 op inden for 24 timer", 5, None),
           ("Opdater svarskabelonerne om levering", -2, None),
           ("Gennemgå ventetiden i telefonkøen på mødet", None, 3)),
    "pl": (("Oddzwonić do każdego klienta z oceną 0-4 w ciągu 24 godzin", 6, None),
           ("Poprawić szablon odpowiedzi o zwrotach", -1, None),
           ("Omówić czas oczekiwania na infolinii", None, 4)),
    "en": (("Call back every 0-4 within 24 hours", 4, None),
           ("Rewrite the delivery-delay email", -3, None),
           ("Review hold times at the stand-up", None, 2)),
}


def generate_actions(*, now: datetime) -> list[dict[str, Any]]:
    """Return a few action items per demo team: open, overdue and recently done."""
    now = _utc(now)
    rows = []
    for team, profile in _DEMO:
        for n, (words, due_in, done_ago) in enumerate(_ACTIONS[profile.language]):
            done_at = now - timedelta(days=done_ago) if done_ago is not None else None
            due = (now + timedelta(days=due_in)).date() if due_in is not None else None
            rows.append({"team_key": team.key, "text": words,
                         "owner": profile.employees[n % len(profile.employees)], "due": due,
                         "done": done_at is not None, "created_by": profile.lead,
                         "created_at": now - timedelta(days=10 - n), "done_at": done_at})
    return rows


def _chunks(rows: list[dict[str, Any]], size: int = 1000) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _has_responses(conn: Connection) -> bool:
    return conn.execute(select(Response.__table__.c.id).limit(1)).first() is not None


def seed_demo_store(engine: Engine, *, now: datetime | None = None,
                    sla_hours: float = 48) -> int:
    """Fill an empty store with the demo history and its follow-ups; return responses added.

    Idempotent: a store with any response is left alone and 0 returned, also when two
    processes race to seed it (the loser's transaction fails and is rolled back whole).
    """
    now = _utc(now or utcnow())
    table = Response.__table__
    rows = generate_history(now=now)
    try:
        with engine.begin() as conn:
            if _has_responses(conn):
                return 0
            for chunk in _chunks(rows):
                conn.execute(insert(table), chunk)
            ids = dict(conn.execute(select(table.c.external_id, table.c.id)
                                    .where(table.c.source == SOURCE)).all())
            with_ids = [{**row, "id": ids[row["external_id"]]} for row in rows]
            for chunk in _chunks(generate_followups(with_ids, now=now, sla_hours=sla_hours)):
                conn.execute(insert(FollowUp.__table__), chunk)
            conn.execute(insert(ActionItem.__table__), generate_actions(now=now))
    except (IntegrityError, OperationalError):
        # Another process seeded first (unique ids, or SQLite's lock): not an error then.
        with engine.connect() as conn:
            if _has_responses(conn):
                return 0
        raise
    return len(rows)


class DemoSimulator:
    """Insert one live demo response per step, as a survey tool would; thread-safe."""

    def __init__(self, engine: Engine, *, seed: int | None = None,
                 teams: Sequence[Team] = DEMO_TEAMS) -> None:
        if not teams:
            raise ValueError("the simulator needs at least one team")
        self._engine = engine
        self._teams = tuple(teams)
        self._profiles = [profile_for(team.key) for team in self._teams]
        self._weights = [max(profile.daily, 1.0) for profile in self._profiles]
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._count = 0
        # External ids stay unique across restarts and processes even with a fixed seed.
        self._run = secrets.token_hex(3)

    def step(self, now: datetime | None = None) -> dict[str, Any]:
        """Insert one response answered at now (default: the clock); return it with its id."""
        now = _utc(now or utcnow())
        with self._lock:
            self._count += 1
            index = self._rng.choices(range(len(self._teams)), self._weights)[0]
            profile = self._profiles[index]
            row = _response(self._rng, self._teams[index].key, profile, profile.end_nps, now,
                            self._rng.random(), comment_boost=0.15)
            external_id = f"live-{now:%Y%m%dT%H%M%S%f}-{self._run}-{self._count}"
        row = {"source": LIVE_SOURCE, "external_id": external_id, **row, "received_at": now,
               "raw": None}
        with self._engine.begin() as conn:
            result = conn.execute(insert(Response.__table__), row)
            row["id"] = result.inserted_primary_key[0]
        return row

"""The demo teams: who works there, which language they speak, where their NPS goes."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

from wallboard.config import Team
from wallboard.demo import texts as text


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


DEMO: tuple[tuple[Team, DemoProfile], ...] = (
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


DEMO_TEAMS: tuple[Team, ...] = tuple(team for team, _ in DEMO)


DEMO_PROFILES: dict[str, DemoProfile] = {team.key: profile for team, profile in DEMO}


def profile_for(team_key: str) -> DemoProfile:
    """Return the demo profile of a team, inventing a steady English one for unknown teams."""
    if team_key in DEMO_PROFILES:
        return DEMO_PROFILES[team_key]
    rng = random.Random(zlib.crc32(team_key.encode()))
    staff = tuple(person(rng, "en")[0] for _ in range(5))
    return DemoProfile("en", staff, 30, 30, 10)


def person(rng: random.Random, language: str) -> tuple[str, bool]:
    female = rng.random() < 0.5
    first = rng.choice(text.FIRST_NAMES[language][0 if female else 1])
    last = rng.choice(text.LAST_NAMES[language]).split("/")
    return f"{first} {last[-1] if female else last[0]}", female

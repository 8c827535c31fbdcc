"""What every bulk case needs, prepared once: the calendar, the people as plain ids (officers
eligible per unit and day, with their logins), parties, addresses, the catalog's fines, the
number sequences and the next free ids. Building a case then touches no ORM object at all."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection

from zhifa.cases.actions.decision import remedy_notice
from zhifa.core.config import local_rules
from zhifa.demo.generators.bulk_disclosure import Publications
from zhifa.demo.generators.bulk_rows import Clock, Ids, Numbering, Place
from zhifa.demo.generators.case_mix import FineBook, load_items
from zhifa.demo.generators.case_plans import place_in
from zhifa.demo.generators.cases import horizon_for
from zhifa.demo.generators.cast import Cast, NoParty
from zhifa.demo.generators.workdays import WorkCalendar

Hand = tuple[int, str, int, int]  # officer id, name, unit id, user id
PLACES_PER_STREET = 400


class World:
    def __init__(self, rng: random.Random, year: int, today: date, first_ids: dict[str, int]):
        self.rng, self.year = rng, year
        self.horizon = horizon_for(year, today)
        self.cal = WorkCalendar(date(year, 1, 1), date(year + 1, 12, 31))
        self.cast = cast = Cast(rng)
        for officers in cast.by_unit.values():
            for officer in officers:
                cast.login(officer)  # every officer who may handle a case can act
        items = load_items()
        self.fines = FineBook(items)
        self.items = {code: (item.pk, item.category) for code, item in items.items()}
        self.numbers = Numbering(settings.ZHIFA_BUREAU_SHORT)
        self.ids = Ids(first_ids)
        self.clock = Clock(settings.TIME_ZONE)
        self.rules = local_rules()
        self.units = {u.pk: u for u in [*cast.streets, cast.brigade]}
        self.streets = [u.pk for u in cast.streets]
        self.brigade = cast.brigade.pk
        self.leaders = [u.pk for u in cast.leaders]
        self.reviewers = [u.pk for u in cast.reviewers]
        self.attendees = [o.name for o in cast.attendees]
        self.attendee_ids = [o.pk for o in cast.attendees]
        self.remedy_simple = remedy_notice(review_first=True)
        self.remedy_general = remedy_notice(review_first=False)
        self.court = settings.ZHIFA_COURT
        self.places = {
            u.pk: [_place(rng, u) for _ in range(PLACES_PER_STREET)] for u in cast.streets
        }
        self._hands: dict[tuple[int, date], list[Hand]] = {}
        self._parties: dict[Any, list[tuple[int, str]]] = {}
        for kind, parties in cast.parties_by_kind.items():
            self._parties[kind] = [(p.pk, p.kind) for p in parties]
        for (kind, street), parties in cast.parties_by_street.items():
            self._parties[(kind, street)] = [(p.pk, p.kind) for p in parties]
        self.memo: dict[Any, Any] = {}
        streets = {u.pk: u.name for u in cast.streets}
        postgres = connection.vendor == "postgresql"
        self.publications = Publications(today, streets, postgres=postgres)

    def rint(self, low: int, high: int) -> int:
        """``random.randint`` without its checks (it is called a hundred million times)."""
        return low + int(self.rng.random() * (high - low + 1))

    def wd(self, day: date, low: int, high: int) -> date:
        n = self.rint(low, high)
        return self.cal.on_or_after(day) if n == 0 else self.cal.add_working_days(day, n)

    def pair(self, unit: int, day: date) -> tuple[Hand, Hand] | None:
        """Two officers of ``unit`` eligible on ``day`` (行政处罚法 Art 42), else of the district
        brigade, else None."""
        for candidate in (unit, self.brigade):
            key = (candidate, day)
            hands = self._hands.get(key)
            if hands is None:
                officers = self.cast.eligible(self.units[candidate], day)
                hands = [(o.pk, o.name, o.unit_id, o.user_id or 0) for o in officers]
                self._hands[key] = hands
            if len(hands) >= 2:
                n = len(hands)
                i = int(self.rng.random() * n)
                j = (i + 1 + int(self.rng.random() * (n - 1))) % n
                return hands[i], hands[j]
        return None

    def party(self, kind: str, street: int) -> tuple[int, str]:
        local = self._parties.get((kind, street))
        pool = local if local and self.rng.random() < 0.7 else self._parties.get(kind)
        if not pool:
            raise NoParty(kind)
        return pool[int(self.rng.random() * len(pool))]

    def place(self, street: int) -> Place:
        pool = self.places[street]
        return pool[int(self.rng.random() * len(pool))]


def _place(rng: random.Random, street: Any) -> tuple[str, Decimal | None, Decimal | None]:
    p = place_in(rng, street)
    return p.text, p.latitude, p.longitude

"""The people of the demo year: who handles, approves, reviews and is penalised.

Handlers are pairs of certified officers of one unit, eligible on the day (行政处罚法 Art 42,
``may_act_as_handler``): a street brigade's own officers for the street's cases, the district
brigade's for district cases (and for a street that has fewer than two eligible officers that
day). Officers who act need a login; officers of the demo district that have none get one
without a usable password (the demo accounts stay the ones ``zhifa demo --accounts`` lists).
"""

from __future__ import annotations

import random
from datetime import date

from zhifa.cases import attendees
from zhifa.org.certificates import may_act_as_handler
from zhifa.org.choices import OrgUnitKind, Role
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.parties.models import Party


class NoParty(Exception):
    pass


class Cast:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        units = {u.code: u for u in OrgUnit.objects.all()}
        self.bureau = units["BUREAU"]
        self.brigade = units["BRG-01"]
        self.streets = sorted(
            (u for u in units.values() if u.kind == OrgUnitKind.STREET), key=lambda u: u.code
        )
        officers = list(
            Officer.objects.filter(is_auxiliary=False)
            .select_related("unit", "user")
            .prefetch_related("certificates__events")
            .order_by("employee_number")
        )
        self.by_unit: dict[int, list[Officer]] = {}
        for o in officers:
            self.by_unit.setdefault(o.unit_id, []).append(o)
        section = units.get("SEC-LAW")
        heads = self.by_unit.get(self.bureau.pk, [])
        legal = [
            o
            for o in (self.by_unit.get(section.pk, []) if section else [])
            if o.has_legal_qualification
        ]
        self.leaders = [self.login(o, Role.LEADER) for o in heads]
        self.reviewers = [self.login(o, Role.LEGAL_REVIEWER) for o in legal]
        # Hearings are chaired by a bureau official who did not investigate (Art 64(4)).
        self.hosts = list(heads)
        # 负责人集体讨论 (Art 57 ¶2): the heads and one legal reviewer, heads first
        self.attendees: list[Officer] = attendees.ordered([*heads, *legal[:1]])
        self._eligible: dict[tuple[int, date], list[Officer]] = {}
        self.parties_by_kind: dict[str, list[Party]] = {}
        self.parties_by_street: dict[tuple[str, int | None], list[Party]] = {}
        for party in Party.objects.order_by("id"):
            self.parties_by_kind.setdefault(party.kind, []).append(party)
            self.parties_by_street.setdefault((party.kind, party.street_id), []).append(party)

    def login(self, officer: Officer, role: str | None = None) -> User:
        """The officer's login, created (without a usable password) when missing."""
        if officer.user is not None:
            return officer.user
        if role is None:
            street = officer.unit.kind in (OrgUnitKind.STREET, OrgUnitKind.SQUAD)
            role = Role.STREET_OFFICER if street else Role.CASE_HANDLER
        user, created = User.objects.get_or_create(
            username=officer.employee_number.lower(),
            defaults={"role": role, "name": officer.name, "org_unit": officer.unit},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        officer.user = user
        officer.save(update_fields=["user"])
        return user

    def eligible(self, unit: OrgUnit, day: date) -> list[Officer]:
        key = (unit.pk, day)
        if key not in self._eligible:
            self._eligible[key] = [
                o for o in self.by_unit.get(unit.pk, []) if may_act_as_handler(o, day).ok
            ]
        return self._eligible[key]

    def pair(self, unit: OrgUnit, day: date) -> tuple[Officer, Officer] | None:
        """Two officers of ``unit`` who may act on ``day`` (lead first), else two of the
        district brigade, else None."""
        for candidate in (unit, self.brigade):
            pool = self.eligible(candidate, day)
            if len(pool) >= 2:
                lead, assist = self.rng.sample(pool, 2)
                return lead, assist
        return None

    def party(self, kind: str, street: OrgUnit | None) -> Party:
        """A party of ``kind``, usually one registered in the case's street."""
        local = self.parties_by_street.get((kind, street.pk if street else None), [])
        pool = local if local and self.rng.random() < 0.7 else self.parties_by_kind.get(kind, [])
        if not pool:
            raise NoParty(kind)
        return self.rng.choice(pool)

    def leader(self) -> User:
        return self.rng.choice(self.leaders)

    def reviewer(self) -> User:
        return self.rng.choice(self.reviewers)

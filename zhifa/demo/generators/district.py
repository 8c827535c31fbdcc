"""The demo district's organisation and people: the bureau, sections, a brigade, 10 streets
with squads, ~60 certified officers (a few certificates expiring, one cancelled, one
suspended), auxiliary staff, training records and one login per role."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from zhifa.calendar.periods import add_months_plain
from zhifa.demo.generators.names import STREETS, person_name
from zhifa.org import actions
from zhifa.org.choices import Gender, OrgUnitKind, Role, TrainingMode
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.security import two_factor

ISSUER = "示范市人民政府"
COURSES = [
    ("《中华人民共和国行政处罚法》专题培训", 8),
    ("《城镇燃气管理条例》解读", 6),
    ("执法全过程记录与证据规则", 6),
    ("建筑垃圾治理执法实务", 4),
    ("违法建设查处程序", 6),
    ("生活垃圾分类执法", 4),
    ("文明执法与沟通技巧", 4),
    ("行政强制法与申请法院强制执行", 6),
    ("法制审核要点", 8),
    ("案卷评查标准", 4),
    ("政治理论学习", 4),
    ("养犬管理规定与执法", 2),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    name: str
    unit: str


ACCOUNT_ROLES = [
    ("handler", Role.CASE_HANDLER),
    ("handler2", Role.CASE_HANDLER),
    ("auxiliary", Role.AUXILIARY),
    ("reviewer", Role.LEGAL_REVIEWER),
    ("leader", Role.LEADER),
    ("street", Role.STREET_OFFICER),
    ("admin", Role.ADMIN),
    ("security", Role.SECURITY_ADMIN),
    ("auditor", Role.AUDIT_ADMIN),
]
# 三员分立 (ADR 0013): three administrators, none a superuser (a superuser cannot sign in).
ADMINISTRATOR_NAMES = {
    Role.ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDIT_ADMIN: "审计管理员",
}


def _unit(kind: str, name: str, code: str, parent: OrgUnit | None, order: int) -> OrgUnit:
    unit, _ = OrgUnit.objects.get_or_create(
        code=code, defaults={"kind": kind, "name": name, "parent": parent, "sort_order": order}
    )
    return unit


def build_units() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    bureau = _unit(OrgUnitKind.BUREAU, settings.ZHIFA_BUREAU_NAME, "BUREAU", None, 0)
    units["bureau"] = bureau
    for i, (name, code) in enumerate(
        [
            ("法制科", "SEC-LAW"),
            ("综合科", "SEC-GEN"),
            ("执法监督科", "SEC-SUP"),
            ("公用事业管理科", "SEC-UTIL"),
        ],
        start=1,
    ):
        units[code] = _unit(OrgUnitKind.SECTION, name, code, bureau, i)
    units["brigade"] = _unit(OrgUnitKind.BRIGADE, "区城管执法大队", "BRG-01", bureau, 10)
    for i, (name, code) in enumerate(STREETS, start=1):
        street = _unit(OrgUnitKind.STREET, f"{name}综合执法大队", f"ST-{code}", bureau, 20 + i)
        units[f"ST-{code}"] = street
        _unit(OrgUnitKind.SQUAD, f"{name}第一中队", f"ST-{code}-1", street, 1)
    return units


class _People:
    def __init__(self, rng: random.Random, today: date, admin: User | None) -> None:
        self.rng = rng
        self.today = today
        self.admin = admin
        self.serial = 0

    def officer(
        self, unit: OrgUnit, *, auxiliary: bool = False, legal: bool = False, expiring: bool = False
    ) -> Officer:
        self.serial += 1
        number = f"SF{self.serial:04d}"
        officer, created = Officer.objects.get_or_create(
            employee_number=number,
            defaults={
                "name": person_name(self.rng),
                "gender": self.rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE]),
                "unit": unit,
                "is_auxiliary": auxiliary,
                "has_legal_qualification": legal,
                "phone": f"139{self.rng.randint(10000000, 99999999)}",
                "joined_on": date(self.rng.randint(2008, 2022), self.rng.randint(1, 12), 1),
            },
        )
        if created and not auxiliary:
            self.certify(officer, expiring=expiring)
        if created:
            self.train(officer)
        return officer

    def certify(self, officer: Officer, *, expiring: bool = False) -> None:
        """A five-year certificate with its yearly checks; ``expiring`` ones end within 30 days."""
        rng, today = self.rng, self.today
        if expiring:
            expires = today + timedelta(days=rng.randint(3, 28))
            issued = add_months_plain(expires + timedelta(days=1), -60)
        else:
            issued = today - timedelta(days=rng.randint(120, 1500))
            expires = add_months_plain(issued, 60) - timedelta(days=1)
        certificate = actions.issue_certificate(
            officer,
            number=f"示执{officer.employee_number[2:]}{issued:%y}",
            issuing_authority=ISSUER,
            issued_on=issued,
            expires_on=expires,
            actor=self.admin,
        )
        check = add_months_plain(issued, 12)
        while check <= today:
            actions.record_annual_check(certificate, on=check, passed=True, actor=self.admin)
            check = add_months_plain(check, 12)

    def train(self, officer: Officer) -> None:
        rng = self.rng
        for year in (self.today.year - 1, self.today.year):
            target = rng.choice([64, 66, 70, 72, 76, 80]) if rng.random() > 0.12 else 30
            total = 0
            while total < target:
                course, hours = rng.choice(COURSES)
                last_day = self.today if year == self.today.year else date(year, 12, 31)
                day = date(year, 1, 5) + timedelta(
                    days=rng.randint(0, (last_day - date(year, 1, 5)).days)
                )
                actions.record_training(
                    officer,
                    course=course,
                    hours=Decimal(hours),
                    taken_on=day,
                    mode=rng.choice([TrainingMode.OFFLINE, TrainingMode.ONLINE]),
                    provider="区城管委法制科",
                    actor=self.admin,
                )
                total += hours


def build_people(rng: random.Random, today: date, units: dict[str, OrgUnit]) -> dict[str, int]:
    admin = _account("admin", Role.ADMIN, "系统管理员", units["bureau"])
    people = _People(rng, today, admin)
    streets = [u for k, u in units.items() if k.startswith("ST-")]
    leaders = [people.officer(units["bureau"]) for _ in range(3)]
    reviewers = [people.officer(units["SEC-LAW"], legal=True) for _ in range(4)]
    brigade = [people.officer(units["brigade"]) for _ in range(11)]
    brigade += [people.officer(units["brigade"], expiring=True) for _ in range(3)]
    street_officers = {s.code: [people.officer(s) for _ in range(4)] for s in streets}
    auxiliaries = [people.officer(rng.choice(streets), auxiliary=True) for _ in range(12)]

    # brigade[0] and [1] are the demo handlers; [10] is the suspended one.
    _cancel_and_suspend(today, people.officer(units["brigade"]), brigade[10:11], admin)
    accounts = {
        "handler": brigade[0],
        "handler2": brigade[1],
        "auxiliary": auxiliaries[0],
        "reviewer": reviewers[0],
        "leader": leaders[0],
        "street": street_officers["ST-DC"][0],
    }
    for username, role in ACCOUNT_ROLES:
        if role in ADMINISTRATOR_NAMES:
            _account(username, role, ADMINISTRATOR_NAMES[role], units["bureau"])
            continue
        officer = accounts[username]
        if role == Role.AUXILIARY:
            officer.unit = units["ST-DC"]
            officer.save(update_fields=["unit"])
        user = _account(username, role, officer.name, officer.unit)
        if officer.user_id is None:
            officer.user = user
            officer.save(update_fields=["user"])
    certified = Officer.objects.filter(is_auxiliary=False).count()
    return {"officers": certified, "auxiliary": len(auxiliaries), "units": OrgUnit.objects.count()}


def _cancel_and_suspend(
    today: date, leaving: Officer, suspended: list[Officer], admin: User | None
) -> None:
    """One officer transferred out (certificate cancelled, 注销), one suspended: the lists and
    the two-officer rule have something to show."""
    certificate = leaving.certificates.get()
    if certificate.status == "valid":
        left = today - timedelta(days=40)
        actions.cancel_certificate(certificate, on=left, reason="调出本单位", actor=admin)
        leaving.left_on = left
        leaving.save(update_fields=["left_on"])
    for officer in suspended:
        certificate = officer.certificates.get()
        if certificate.status == "valid":
            actions.suspend_certificate(
                certificate,
                on=today - timedelta(days=10),
                reason="违反执法纪律，暂停执法资格",
                actor=admin,
            )


def _account(
    username: str, role: str, name: str, unit: OrgUnit, *, superuser: bool = False
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "name": name,
            "org_unit": unit,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(settings.ZHIFA_DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if two_factor.required_for(user) and not two_factor.has_device(user):
        two_factor.enrol_demo(user)  # the published demo key: `zhifa demo_totp` shows its code
    return user


def accounts() -> list[DemoAccount]:
    rows = []
    for username, _ in ACCOUNT_ROLES:
        user = User.objects.select_related("org_unit").filter(username=username).first()
        if user:
            rows.append(
                DemoAccount(
                    user.username,
                    user.get_role_display(),
                    user.display_name,
                    user.org_unit.name if user.org_unit else "",
                )
            )
    return rows

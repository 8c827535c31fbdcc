"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from datetime import date

import factory
from django.conf import settings

from zhifa.org.choices import OrgUnitKind, Role
from zhifa.org.models import Certificate, CertificateEvent, Officer, OrgUnit, User


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    kind = OrgUnitKind.BUREAU
    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"U{n:04d}")


def bureau() -> OrgUnit:
    return OrgUnitFactory.create(
        kind=OrgUnitKind.BUREAU, name="示范区城市管理委员会", code="BUREAU"
    )


def street(name: str = "东城街道", code: str = "S01") -> OrgUnit:
    return OrgUnitFactory.create(kind=OrgUnitKind.STREET, name=name, code=code, parent=bureau())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.CASE_HANDLER
    password = factory.django.Password(settings.ZHIFA_DEMO_PASSWORD)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    name = factory.Sequence(lambda n: f"执法员{n}")
    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    unit = factory.LazyFunction(bureau)
    joined_on = date(2015, 1, 1)


def certify(
    officer: Officer,
    *,
    issued_on: date = date(2024, 1, 1),
    expires_on: date = date(2029, 12, 31),
    number: str | None = None,
) -> Certificate:
    """A valid certificate with its 申领 event, as the action writes it."""
    certificate = Certificate.objects.create(
        officer=officer,
        number=number or f"京城管{officer.employee_number}",
        issuing_authority="示范市人民政府",
        issued_on=issued_on,
        expires_on=expires_on,
    )
    CertificateEvent.objects.create(
        certificate=certificate, kind="apply", effective_on=issued_on, new_expires_on=expires_on
    )
    return certificate

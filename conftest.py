"""Shared fixtures: personas (the people of the law), frozen time, a fresh calendar cache.

The clock: a test that needs a date freezes it (time-machine). ``ZHIFA_TEST_TODAY=2027-03-15``
moves the clock of the whole run to that day (10:00 Asia/Shanghai, ticking) to find tests that
still depend on the real date (DEVELOPERS.md, "Testing").

Personas: ``handler`` and ``handler2`` (certified officers), ``auxiliary`` (辅助人员),
``reviewer`` (法制审核员), ``leader`` (负责人), ``street_officer`` of 东城街道,
``other_street_officer`` of 西城街道, ``admin`` (a superuser, for the admin pages of other
apps); the three administrators of 三员分立 (ADR 0013), none a superuser: ``system_admin``
(系统管理员), ``security_admin`` (安全管理员), ``audit_admin`` (审计管理员), and ``unassigned`` (a
new account awaiting its role); the public is an anonymous client.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from django.test import Client

from zhifa.calendar import periods
from zhifa.org.choices import OrgUnitKind, Role
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.testing import factories as f

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright + live_server (e2e only)

_moved_clock: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    """``ZHIFA_TEST_TODAY=YYYY-MM-DD``: the whole run (collection included, so module-level
    dates too; every xdist worker) as if started at 10:00 of that day. Tests that travel
    themselves still do (time-machine nests)."""
    global _moved_clock
    day = os.environ.get("ZHIFA_TEST_TODAY", "")
    if not day:
        return
    try:
        date.fromisoformat(day)
    except ValueError:
        raise pytest.UsageError(f"ZHIFA_TEST_TODAY={day!r}: 应为 YYYY-MM-DD") from None
    _moved_clock = time_machine.travel(f"{day} 10:00 +0800", tick=True)
    _moved_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _moved_clock
    if _moved_clock is not None:
        _moved_clock.stop()
        _moved_clock = None


def pytest_report_header(config: pytest.Config) -> str | None:
    day = os.environ.get("ZHIFA_TEST_TODAY", "")
    return f"zhifa: the clock of this run is moved to {day} (ZHIFA_TEST_TODAY)" if day else None


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> None:
    periods.invalidate()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test starts with no request counted against the rate limits (security.ratelimit):
    the in-process cache outlives a test, and the test client's address is always 127.0.0.1."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    default = caches["default"]
    if isinstance(default, LocMemCache):  # never a shared Redis a test points at
        default.clear()


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings: object, tmp_path: object) -> None:
    """Each test's database has its own security-log checkpoint file (ADR 0011): a file left by
    another test's database would be reported as a deleted tail by ``audit verify``."""
    settings.ZHIFA_AUDIT_DIR = tmp_path / "audit"  # type: ignore[attr-defined, operator]


@pytest.fixture(autouse=True)
def _force_login_with_both_factors(monkeypatch: pytest.MonkeyPatch) -> None:
    """``client.force_login(user)`` signs in as a login through the pages ends: with the second
    factor done where the user's role requires one (zhifa/testing/identity.py)."""
    original = Client.force_login

    def force_login(self: Client, user: User, backend: str | None = None) -> None:
        original(self, user, backend)
        from zhifa.testing.identity import verify_session

        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def _quick_pdf(html: str) -> bytes:
    """A valid one-page A4 PDF (pypdf, pdftoppm read it) carrying the SHA-256 of the HTML it
    stands for, so two documents never share a digest. A few milliseconds instead of ~0.4 s."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595.28, 841.89)
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    writer.add_metadata({"/Title": "zhifa test document", "/Subject": digest})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def quick_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents are issued as usual (context, 文号, HTML, DOCX, digests, event) but the HTML is
    not laid out by WeasyPrint: for tests that issue documents on the way and do not read the
    PDF (delivery). Real rendering stays in zhifa/documents, tests/e2e and the demo tests."""
    from zhifa.documents import render

    monkeypatch.setattr(render, "html_to_pdf", _quick_pdf)


@dataclass
class Persona:
    user: User
    officer: Officer | None

    def client(self) -> Client:
        c = Client()
        c.force_login(self.user)
        return c


def _persona(
    username: str,
    name: str,
    role: str,
    unit: OrgUnit,
    *,
    certified: bool = True,
    auxiliary: bool = False,
    legal: bool = False,
) -> Persona:
    user = f.UserFactory(username=username, name=name, role=role, org_unit=unit)
    officer = f.OfficerFactory(
        name=name, unit=unit, user=user, is_auxiliary=auxiliary, has_legal_qualification=legal
    )
    if certified and not auxiliary:
        f.certify(officer)
    return Persona(user, officer)


@pytest.fixture
def bureau(db) -> OrgUnit:
    return f.bureau()


@pytest.fixture
def east_street(bureau) -> OrgUnit:
    return f.street("东城街道", "S01")


@pytest.fixture
def west_street(bureau) -> OrgUnit:
    return f.street("西城街道", "S02")


@pytest.fixture
def legal_section(bureau) -> OrgUnit:
    return f.OrgUnitFactory(kind=OrgUnitKind.SECTION, name="法制科", code="SEC-LAW", parent=bureau)


@pytest.fixture
def handler(bureau) -> Persona:
    return _persona("handler", "张伟", Role.CASE_HANDLER, bureau)


@pytest.fixture
def handler2(bureau) -> Persona:
    return _persona("handler2", "李娜", Role.CASE_HANDLER, bureau)


@pytest.fixture
def auxiliary(bureau) -> Persona:
    return _persona("auxiliary", "王协", Role.AUXILIARY, bureau, auxiliary=True)


@pytest.fixture
def reviewer(legal_section) -> Persona:
    return _persona("reviewer", "赵法", Role.LEGAL_REVIEWER, legal_section, legal=True)


@pytest.fixture
def leader(bureau) -> Persona:
    return _persona("leader", "刘主任", Role.LEADER, bureau)


@pytest.fixture
def street_officer(east_street) -> Persona:
    return _persona("street", "陈街", Role.STREET_OFFICER, east_street)


@pytest.fixture
def other_street_officer(west_street) -> Persona:
    return _persona("street2", "周街", Role.STREET_OFFICER, west_street)


@pytest.fixture
def admin_persona(bureau) -> Persona:
    user = f.UserFactory(
        username="admin",
        name="管理员",
        role=Role.ADMIN,
        org_unit=bureau,
        is_staff=True,
        is_superuser=True,
    )
    return Persona(user, None)


def _administrator(username: str, name: str, role: str, unit: OrgUnit) -> Persona:
    return Persona(f.UserFactory(username=username, name=name, role=role, org_unit=unit), None)


@pytest.fixture
def system_admin(bureau) -> Persona:
    return _administrator("sysadmin", "孙系统", Role.ADMIN, bureau)


@pytest.fixture
def security_admin(bureau) -> Persona:
    return _administrator("secadmin", "钱安全", Role.SECURITY_ADMIN, bureau)


@pytest.fixture
def audit_admin(bureau) -> Persona:
    return _administrator("auditadmin", "吴审计", Role.AUDIT_ADMIN, bureau)


@pytest.fixture
def unassigned(bureau) -> Persona:
    """An account the system administrator just created: no role yet (待分配角色)."""
    return _administrator("newbie", "郑新", Role.UNASSIGNED, bureau)

"""Data scope: a street officer sees only its street's records; the bureau sees the district."""

import pytest

from zhifa.org import access
from zhifa.org.access import NO_STREET
from zhifa.org.models import Officer
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db


def test_a_street_officer_is_scoped_to_its_street(street_officer, east_street):
    assert access.street_scope(street_officer.user) == east_street.pk


def test_a_squad_member_is_scoped_to_the_street_above(east_street):
    squad = f.OrgUnitFactory(kind="squad", name="东城一中队", code="SQ1", parent=east_street)
    user = f.UserFactory(role="street_officer", org_unit=squad)
    assert access.street_scope(user) == east_street.pk


@pytest.mark.parametrize("persona", ["handler", "reviewer", "leader", "auxiliary", "admin_persona"])
def test_bureau_roles_see_the_whole_district(persona, request):
    assert access.street_scope(request.getfixturevalue(persona).user) is None


def test_a_street_officer_without_a_street_sees_nothing(bureau):
    user = f.UserFactory(role="street_officer", org_unit=bureau)
    assert access.street_scope(user) == NO_STREET


def test_scope_to_street_filters_a_queryset(street_officer, other_street_officer, handler):
    qs = Officer.objects.all()
    east = access.scope_to_street(qs, street_officer.user, field="unit__street")
    assert list(east) == [street_officer.officer]
    assert access.scope_to_street(qs, handler.user, field="unit__street").count() == 3


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("leader", True),
        ("admin_persona", True),
        ("reviewer", True),
        ("handler", False),
        ("auxiliary", False),
        ("street_officer", False),
    ],
)
def test_who_sees_people_lists(persona, allowed, request):
    user = request.getfixturevalue(persona).user
    assert access.can_see_people_lists(user) is allowed

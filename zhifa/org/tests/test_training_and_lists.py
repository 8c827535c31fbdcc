"""Training hours against the configurable yearly minimum, and the lists needing attention."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from zhifa.core.errors import InvalidInput
from zhifa.org import actions, selectors
from zhifa.org.models import TrainingRecord
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db


def _train(officer, hours, on=date(2026, 3, 1), mode="offline"):
    return actions.record_training(
        officer, course="行政处罚法", hours=Decimal(hours), taken_on=on, mode=mode, actor=None
    )


def test_it_totals_the_hours_of_the_year_only(bureau):
    officer = f.OfficerFactory(unit=bureau)
    _train(officer, "30")
    _train(officer, "12.5", mode="online")
    _train(officer, "40", on=date(2025, 12, 31))
    totals = {o.pk: o.year_hours for o in selectors.officers_with_training_hours(2026)}
    assert totals[officer.pk] == Decimal("42.5")


def test_it_lists_officers_below_the_minimum_with_their_shortfall(bureau):
    done = f.OfficerFactory(unit=bureau, name="达标")
    short = f.OfficerFactory(unit=bureau, name="不足")
    f.OfficerFactory(unit=bureau, name="未参训")
    f.OfficerFactory(unit=bureau, name="已调出", left_on=date(2025, 6, 30))  # not in 2026
    _train(done, "60")
    _train(short, "59.5")
    below = {o.name: o.shortfall for o in selectors.officers_below_training_minimum(2026)}
    assert below == {"不足": Decimal("0.5"), "未参训": Decimal("60")}


def test_the_minimum_is_configurable(bureau, settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "TRAINING_MIN_HOURS": "40"}
    officer = f.OfficerFactory(unit=bureau)
    _train(officer, "45")
    assert officer not in selectors.officers_below_training_minimum(2026)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"course": "  "}, "course"),
        ({"hours": Decimal("0")}, "hours"),
        ({"hours": Decimal("-2")}, "hours"),
        ({"hours": Decimal("101")}, "hours"),
        ({"mode": "correspondence"}, "mode"),
    ],
)
def test_it_refuses_bad_training_input(bureau, kwargs, field):
    officer = f.OfficerFactory(unit=bureau)
    params = {
        "course": "燃气条例",
        "hours": Decimal("4"),
        "taken_on": date(2026, 3, 1),
        "mode": "online",
    } | kwargs
    with pytest.raises(InvalidInput) as exc:
        actions.record_training(officer, **params, actor=None)
    assert exc.value.field == field
    assert not TrainingRecord.objects.exists()


@time_machine.travel("2026-11-27 09:00 +0800", tick=False)
def test_it_lists_certificates_expiring_within_30_days(bureau):
    def cert(expires):
        return f.certify(f.OfficerFactory(unit=bureau), expires_on=expires)

    today = date(2026, 11, 27)
    in_window = [cert(date(2026, 11, 27)), cert(date(2026, 12, 27))]
    cert(date(2026, 12, 28))  # day 31: outside
    cert(date(2026, 11, 26))  # already expired: a different list
    assert list(selectors.certificates_expiring(today)) == in_window

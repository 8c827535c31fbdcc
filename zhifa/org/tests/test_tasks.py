from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from zhifa.core.models import Notification
from zhifa.org.tasks import remind_expiring_certificates
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db(transaction=True)  # notifications are sent after commit


@time_machine.travel("2026-11-27 09:00 +0800", tick=False)
def test_it_reminds_the_holder_and_the_leaders_once(leader, handler):
    certificate = handler.officer.certificates.get()
    certificate.expires_on = date(2026, 12, 10)
    certificate.save()
    remind_expiring_certificates.enqueue()
    remind_expiring_certificates.enqueue()  # a second run sends nothing new
    rows = Notification.objects.filter(kind="certificate_expiry")
    assert sorted(n.user.username for n in rows) == ["handler", "leader"]
    assert "2026-12-10" in rows[0].title


@time_machine.travel("2026-11-27 09:00 +0800", tick=False)
def test_it_does_not_remind_about_distant_expiry(leader, bureau):
    f.certify(f.OfficerFactory(unit=bureau), expires_on=date(2027, 6, 1))
    remind_expiring_certificates.enqueue()
    assert not Notification.objects.exists()


def test_the_scheduler_enqueues_every_job_once(capsys, db):
    call_command("scheduler", "--once")
    assert "remind_expiring_certificates" in capsys.readouterr().out

"""Seed the holiday table with the State Council schedules 2004–2026 shipped by chinese-calendar.

Administrators edit the table afterwards (and add new years as they are published)."""

from django.db import migrations


def seed(apps, schema_editor):
    from zhifa.calendar.seed import load

    load(apps.get_model("legal_calendar", "CalendarYear"), apps.get_model("legal_calendar", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("legal_calendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""SQLite: publication events refuse DELETE in the database too, as on PostgreSQL since 0002
(``zhifa.core.triggers``: Django's whole-database ``flush`` still passes, as TRUNCATE does
there). ``zhifa/cases/tests/test_append_only_triggers.py`` checks it."""

from django.db import migrations

from zhifa.core.triggers import AppendOnly

EVENTS = AppendOnly(  # the table of 0002, same names
    tables=["disclosure_publicationevent"],
    function="zhifa_disclosure_refuse_change",
    suffix="append_only",
    message="公示记录",
)


def forwards(apps, schema_editor):
    EVENTS.create_sqlite_delete(schema_editor)


def backwards(apps, schema_editor):
    EVENTS.drop_sqlite_delete(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0003_random_check_items")]
    operations = [migrations.RunPython(forwards, backwards)]

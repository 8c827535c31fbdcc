"""The full-process record is append-only in the database too (行政处罚法 Art 47): PostgreSQL
refuses UPDATE and DELETE on the event and evidence tables, SQLite refuses UPDATE (see
``zhifa.core.triggers``); ``test_the_database_refuses_to_change_an_event`` checks it."""

from django.db import migrations

from zhifa.core.triggers import AppendOnly

RECORD = AppendOnly(
    tables=["cases_caseevent", "cases_evidencefile"],
    function="zhifa_refuse_change",
    suffix="append_only",
    message="执法全过程记录",
)


def forwards(apps, schema_editor):
    RECORD.create(schema_editor)


def backwards(apps, schema_editor):
    RECORD.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

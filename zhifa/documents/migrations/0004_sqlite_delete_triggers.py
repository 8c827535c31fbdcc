"""SQLite: issued documents and court packages refuse DELETE in the database too, as on
PostgreSQL since 0003 (``zhifa.core.triggers``: Django's whole-database ``flush`` still passes,
as TRUNCATE does there). ``zhifa/cases/tests/test_append_only_triggers.py`` checks it."""

from django.db import migrations

from zhifa.core.triggers import AppendOnly

ISSUED = AppendOnly(  # the tables of 0003, same names
    tables=["documents_document", "documents_courtpackage"],
    function="zhifa_refuse_document_change",
    suffix="frozen",
    message="已制发的文书",
)


def forwards(apps, schema_editor):
    ISSUED.create_sqlite_delete(schema_editor)


def backwards(apps, schema_editor):
    ISSUED.drop_sqlite_delete(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_frozen_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Issued documents and court packages are evidence: the database refuses to change them, as
the case record (``zhifa.core.triggers``); ``test_the_database_refuses_to_change_an_issued_document``
checks it."""

from django.db import migrations

from zhifa.core.triggers import AppendOnly

ISSUED = AppendOnly(
    tables=["documents_document", "documents_courtpackage"],
    function="zhifa_refuse_document_change",
    suffix="frozen",
    message="已制发的文书",
)


def forwards(apps, schema_editor):
    ISSUED.create(schema_editor)


def backwards(apps, schema_editor):
    ISSUED.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_pages_court_package")]
    operations = [migrations.RunPython(forwards, backwards)]

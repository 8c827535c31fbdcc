"""Issued documents and court packages are evidence: the database refuses to change them.

As for the case record (cases 0002): PostgreSQL refuses UPDATE and DELETE with a trigger; SQLite
refuses UPDATE (a DELETE trigger would block the test runner's flush); the models refuse both.
A later migration that rebuilds these tables on SQLite drops the triggers;
``test_the_database_refuses_to_change_an_issued_document`` catches that."""

from django.db import migrations

TABLES = ["documents_document", "documents_courtpackage"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION zhifa_refuse_document_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '已制发的文书不可修改或删除 (表 %%)', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION zhifa_refuse_document_change();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, '已制发的文书不可修改'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_pages_court_package")]
    operations = [migrations.RunPython(forwards, backwards)]

"""The full-process record is append-only in the database too.

PostgreSQL (the city-scale deployment): a trigger refuses UPDATE and DELETE on the event and
evidence tables, so not even a stray SQL statement through a normal connection can edit or
remove history. SQLite (the embedded default): a trigger refuses UPDATE; DELETE is refused by
the application (model and queryset) and detected by ``zhifa audit verify`` — a DELETE trigger
would also block Django's own ``flush`` used by the test runner on SQLite.

Note: a later migration that rebuilds these tables on SQLite (Django's table remake) drops the
triggers; ``test_the_database_refuses_to_change_an_event`` catches that."""

from django.db import migrations

TABLES = ["cases_caseevent", "cases_evidencefile"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION zhifa_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '执法全过程记录不可修改或删除 (表 %%)', TG_TABLE_NAME
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
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION zhifa_refuse_change();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, '执法全过程记录不可修改'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Database-level guards and the PostgreSQL-only search indexes.

1. Publication events are append-only in the database too (as the case record, cases 0002):
   PostgreSQL refuses UPDATE and DELETE by trigger; SQLite refuses UPDATE (a DELETE trigger would
   block the test runner's flush; the model and queryset refuse DELETE).
2. PostgreSQL only: ``pg_trgm`` and a GIN trigram index on UPPER(party_name) for substring search
   of party names (Django's ``icontains`` is ``UPPER(col::text) LIKE UPPER(%s)``), and a
   ``varchar_pattern_ops`` index for the prefix search of 1–2 character queries. SQLite has no
   trigram index: there the name search is a prefix range on the ordinary B-tree index
   (``public.name_filter``)."""

from django.db import migrations

EVENTS = "disclosure_publicationevent"
PUB = "disclosure_publication"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION zhifa_disclosure_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '公示记录不可修改或删除 (表 %%)', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        schema_editor.execute(
            f"CREATE TRIGGER {EVENTS}_append_only BEFORE UPDATE OR DELETE ON {EVENTS} "
            "FOR EACH ROW EXECUTE FUNCTION zhifa_disclosure_refuse_change();"
        )
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
        schema_editor.execute(
            f"CREATE INDEX pub_party_name_trgm ON {PUB} "
            "USING gin (UPPER(party_name::text) gin_trgm_ops);"
        )
        schema_editor.execute(
            f"CREATE INDEX pub_party_name_prefix ON {PUB} (party_name varchar_pattern_ops);"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {EVENTS}_no_update BEFORE UPDATE ON {EVENTS} "
            "BEGIN SELECT RAISE(ABORT, '公示记录不可修改'); END;"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {EVENTS}_append_only ON {EVENTS};")
        schema_editor.execute("DROP INDEX IF EXISTS pub_party_name_trgm;")
        schema_editor.execute("DROP INDEX IF EXISTS pub_party_name_prefix;")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {EVENTS}_no_update;")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

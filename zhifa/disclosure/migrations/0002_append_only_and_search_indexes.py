"""Database-level guards and the PostgreSQL-only search indexes.

1. Publication events are append-only in the database too (``zhifa.core.triggers``, as the
   case record): PostgreSQL refuses UPDATE and DELETE by trigger; SQLite refuses UPDATE.
2. PostgreSQL only: ``pg_trgm`` and a GIN trigram index on UPPER(party_name) for substring search
   of party names (Django's ``icontains`` is ``UPPER(col::text) LIKE UPPER(%s)``), and a
   ``varchar_pattern_ops`` index for the prefix search of 1–2 character queries. SQLite has no
   trigram index: there the name search is a prefix range on the ordinary B-tree index
   (``public.name_filter``)."""

from django.db import migrations

from zhifa.core.triggers import AppendOnly

PUB = "disclosure_publication"
EVENTS = AppendOnly(
    tables=["disclosure_publicationevent"],
    function="zhifa_disclosure_refuse_change",
    suffix="append_only",
    message="公示记录",
)


def forwards(apps, schema_editor):
    EVENTS.create(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
        schema_editor.execute(
            f"CREATE INDEX pub_party_name_trgm ON {PUB} "
            "USING gin (UPPER(party_name::text) gin_trgm_ops);"
        )
        schema_editor.execute(
            f"CREATE INDEX pub_party_name_prefix ON {PUB} (party_name varchar_pattern_ops);"
        )


def backwards(apps, schema_editor):
    EVENTS.drop(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pub_party_name_trgm;")
        schema_editor.execute("DROP INDEX IF EXISTS pub_party_name_prefix;")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

"""The security audit log refuses UPDATE and DELETE in the database itself (GB/T 22239-2019
8.1.4.3 c: audit records protected from deletion, modification or overwriting; ADR 0011).

- ``security_securitycheckpoint``, ``security_securityarchive``: append-only as every evidence
  table (``zhifa.core.triggers.AppendOnly``; SQLite's DELETE trigger lets Django's whole-database
  ``flush`` through, as TRUNCATE does on PostgreSQL).
- ``security_securityevent``: UPDATE always refused; DELETE refused unless a recorded
  ``SecurityArchive`` covers the row's ``seq`` (the archive job writes the file and that row
  first, in the same transaction). The trigger cannot check the archive's seal (the key is not in
  the database): an archive row forged to cover live rows lets them go, and ``zhifa audit
  verify`` names the forged archive.

``zhifa/security/tests/test_immutability.py`` checks every trigger on both databases."""

from django.db import migrations

from zhifa.core.triggers import FLUSHING_FUNCTION, AppendOnly

RECORDS = AppendOnly(
    tables=["security_securitycheckpoint", "security_securityarchive"],
    function="zhifa_security_refuse_change",
    suffix="append_only",
    message="安全审计记录",
)
EVENTS = "security_securityevent"
COVERED = (
    "EXISTS (SELECT 1 FROM security_securityarchive a "
    "WHERE OLD.seq BETWEEN a.first_seq AND a.last_seq)"
)


def forwards(apps, schema_editor):
    RECORDS.create(schema_editor)
    RECORDS.create_sqlite_delete(schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION zhifa_security_event_guard() RETURNS trigger AS $$\n"
            "BEGIN\n"
            f"    IF TG_OP = 'DELETE' AND {COVERED} THEN\n"
            "        RETURN OLD;\n"
            "    END IF;\n"
            "    RAISE EXCEPTION '安全审计日志不可修改或删除 (表 %%)', TG_TABLE_NAME\n"
            "        USING ERRCODE = 'insufficient_privilege';\n"
            "END;\n"
            "$$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {EVENTS}_append_only BEFORE UPDATE OR DELETE ON {EVENTS} "
            "FOR EACH ROW EXECUTE FUNCTION zhifa_security_event_guard();"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {EVENTS}_no_update BEFORE UPDATE ON {EVENTS} "
            "BEGIN SELECT RAISE(ABORT, '安全审计日志不可修改'); END;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {EVENTS}_no_delete BEFORE DELETE ON {EVENTS} "
            f"WHEN {FLUSHING_FUNCTION}() IS NOT 1 AND NOT {COVERED} "
            "BEGIN SELECT RAISE(ABORT, '安全审计日志不可删除'); END;"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {EVENTS}_append_only ON {EVENTS};")
        schema_editor.execute("DROP FUNCTION IF EXISTS zhifa_security_event_guard();")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {EVENTS}_no_update;")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {EVENTS}_no_delete;")
    RECORDS.drop_sqlite_delete(schema_editor)
    RECORDS.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Personal data at rest (docs/adr/0012), step 2 of 3: every existing party's ID number, phone,
address and legal representative's ID number encrypted under the current ZHIFA_DATA_KEY, its
blind index and (for a person with a resident ID) its birth date computed — in batches, with
raw SQL so that no value passes through the model field twice.

Reversible while the key is configured: backwards decrypts every value and restores the plain
``identity_key``. Without the key nothing can be reversed (nor read): keep the key."""

from django.db import migrations

from zhifa.core import crypto
from zhifa.parties.identifiers import canonical_identifier
from zhifa.parties.models import derived_fields

BATCH = 1000
SECRET = ("id_number", "phone", "address", "legal_representative_id_number")


def _batches(cursor, table, columns):
    last = 0
    while True:
        cursor.execute(
            f"SELECT id, {', '.join(columns)} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",
            [last, BATCH],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def encrypt(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    table = Party._meta.db_table
    labels = [Party._meta.get_field(f).aad_label for f in SECRET]
    sets = ", ".join(f"{f} = %s" for f in (*SECRET, "identity_index", "birth_date"))
    with schema_editor.connection.cursor() as cursor:
        for rows in _batches(cursor, table, ("kind", "id_type", *SECRET)):
            updates = []
            for pk, kind, id_type, *values in rows:
                if values[0].startswith(crypto.PREFIX + ":"):
                    continue  # already encrypted (a rerun)
                tokens = [crypto.encrypt(v or "", label) for v, label in zip(values, labels, strict=True)]
                derived = derived_fields(kind, id_type, values[0])
                updates.append((*tokens, derived["identity_index"], derived["birth_date"], pk))
            if updates:
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", updates)


def decrypt(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    table = Party._meta.db_table
    labels = [Party._meta.get_field(f).aad_label for f in SECRET]
    sets = ", ".join(f"{f} = %s" for f in (*SECRET, "identity_key"))
    with schema_editor.connection.cursor() as cursor:
        for rows in _batches(cursor, table, ("id_type", *SECRET)):
            updates = []
            for pk, id_type, *tokens in rows:
                values = [crypto.decrypt(t or "", label) for t, label in zip(tokens, labels, strict=True)]
                key = canonical_identifier(id_type, values[0])
                updates.append((*values, key, pk))
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", updates)


class Migration(migrations.Migration):

    dependencies = [
        ("parties", "0002_personal_data_encrypted"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt, elidable=False)]

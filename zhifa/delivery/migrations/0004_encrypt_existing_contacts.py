"""Personal data at rest (docs/adr/0012): the phones, e-mail addresses and addresses already
recorded for service, encrypted under the current ZHIFA_DATA_KEY (batched, raw SQL). Reversible
while the key is configured."""

from django.db import migrations

from zhifa.core.crypto import convert_columns

COLUMNS = {
    "ServiceConsent": ("phone", "email", "address"),
    "Service": ("address", "contact"),
    "PartyLink": ("contact",),
}


def _run(apps, schema_editor, forwards):
    for name, fields in COLUMNS.items():
        model = apps.get_model("delivery", name)
        convert_columns(schema_editor.connection, model, fields, forwards=forwards)


def encrypt(apps, schema_editor):
    _run(apps, schema_editor, True)


def decrypt(apps, schema_editor):
    _run(apps, schema_editor, False)


class Migration(migrations.Migration):

    dependencies = [
        ("delivery", "0003_personal_data_encrypted"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt, elidable=False)]

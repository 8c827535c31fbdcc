"""Personal data at rest (docs/adr/0012), step 3 of 3: "one party per identifier" is a database
rule again, on the blind index; the plain ``identity_key`` goes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("parties", "0003_encrypt_existing_parties"),
    ]

    operations = [
        migrations.RemoveField(model_name="party", name="identity_key"),
        migrations.AddIndex(
            model_name="party",
            index=models.Index(fields=["identity_index"], name="party_identity_index"),
        ),
        migrations.AddConstraint(
            model_name="party",
            constraint=models.UniqueConstraint(
                fields=("id_type", "identity_index"),
                name="party_one_per_identifier",
                violation_error_message="该证件号码已登记为当事人。",
            ),
        ),
    ]

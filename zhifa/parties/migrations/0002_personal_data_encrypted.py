"""Personal data at rest (docs/adr/0012), step 1 of 3: the columns become text for SM4-GCM
tokens, the blind index and the birth date are added. The plain ``identity_key`` stays until
step 3, when its blind index has replaced it."""

import zhifa.core.crypto
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("parties", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="party", name="party_one_per_identifier"),
        migrations.RemoveIndex(model_name="party", name="party_identity_key"),
        # blank: so that reversing step 3 can add the column back to a table with rows
        migrations.AlterField(
            model_name="party",
            name="identity_key",
            field=models.CharField(
                blank=True, editable=False, max_length=30, verbose_name="证件标识"
            ),
        ),
        migrations.AddField(
            model_name="party",
            name="birth_date",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="出生日期"),
        ),
        migrations.AddField(
            model_name="party",
            name="identity_index",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="证件盲索引"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="party",
            name="id_number",
            field=zhifa.core.crypto.EncryptedTextField(verbose_name="证件号码"),
        ),
        migrations.AlterField(
            model_name="party",
            name="phone",
            field=zhifa.core.crypto.EncryptedTextField(blank=True, verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="party",
            name="address",
            field=zhifa.core.crypto.EncryptedTextField(blank=True, verbose_name="住所/地址"),
        ),
        migrations.AlterField(
            model_name="party",
            name="legal_representative_id_number",
            field=zhifa.core.crypto.EncryptedTextField(
                blank=True, verbose_name="法定代表人身份证号码"
            ),
        ),
    ]

"""作废错误记录 (Art 47): the void_entry event that voided a wrong transcript."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_remedy_result_received'),
    ]

    operations = [
        migrations.AddField(
            model_name='transcript',
            name='voided',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.caseevent', verbose_name='作废记录'),
        ),
    ]

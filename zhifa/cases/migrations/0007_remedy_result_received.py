"""The day the party received the result of its review or litigation (行政诉讼法 Arts 45, 85)
and, for litigation, which ruling the court gave (a first-instance 判决 or 裁定, or a final
one). Rows recorded before keep both empty: their periods are counted from ``decided_on``."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_serious_finding'),
    ]

    operations = [
        migrations.AddField(
            model_name='remedy',
            name='result_received_on',
            field=models.DateField(blank=True, null=True, verbose_name='结果文书送达当事人日期'),
        ),
        migrations.AddField(
            model_name='remedy',
            name='ruling',
            field=models.CharField(blank=True, choices=[('first_judgment', '一审判决'), ('first_ruling', '一审裁定'), ('final', '二审 (终审) 判决、裁定')], max_length=16, verbose_name='裁判类型'),
        ),
    ]

"""The prior notice's periods run from its service (行政处罚法 Arts 44, 64(1)): served_on and
statement_due are unknown until the delivery app records the service; notified_on is the day
the notice was made (for existing rows: the day then stored as served_on)."""

from django.db import migrations, models
from django.db.models import F


def made_on(apps, schema_editor):
    PriorNotice = apps.get_model("cases", "PriorNotice")
    PriorNotice.objects.filter(notified_on__isnull=True).update(notified_on=F("served_on"))
    # Existing cases keep status_on null: the order check starts with their next move.


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_chain_anchor"),
    ]

    operations = [
        migrations.AddField(
            model_name="priornotice",
            name="notified_on",
            field=models.DateField(null=True, verbose_name="告知书制作日期"),
        ),
        migrations.AlterField(
            model_name="priornotice",
            name="served_on",
            field=models.DateField(blank=True, null=True, verbose_name="告知书送达日期"),
        ),
        migrations.AlterField(
            model_name="priornotice",
            name="statement_due",
            field=models.DateField(blank=True, null=True, verbose_name="陈述申辩期限"),
        ),
        migrations.AddField(
            model_name="case",
            name="status_on",
            field=models.DateField(blank=True, null=True, verbose_name="进入当前状态日期"),
        ),
        migrations.RunPython(made_on, migrations.RunPython.noop),
    ]

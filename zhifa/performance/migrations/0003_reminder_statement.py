"""陈述、申辩 after a 催告 (行政强制法 Art 36), with its re-examination."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_notice_service_status_day'),
        ('performance', '0002_reminder_served_through_delivery'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReminderStatement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_on', models.DateField(verbose_name='收到陈述申辩日期')),
                ('content', models.TextField(verbose_name='陈述申辩内容')),
                ('adopted', models.BooleanField(verbose_name='是否采纳')),
                ('reasons', models.TextField(blank=True, verbose_name='复核意见')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reminder_statements', to='cases.case')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('reminder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='statements', to='performance.reminder')),
            ],
            options={
                'verbose_name': '催告后陈述申辩',
                'verbose_name_plural': '催告后陈述申辩',
                'ordering': ['id'],
            },
        ),
    ]

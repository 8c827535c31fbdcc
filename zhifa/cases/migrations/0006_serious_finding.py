"""A tiered fine's finding of seriousness (分档，情节严重) on the report and the decision, and
the discretion level applied on the spot."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_notice_service_status_day'),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='discretion_level',
            field=models.CharField(blank=True, max_length=10, verbose_name='裁量档次'),
        ),
        migrations.AddField(
            model_name='decision',
            name='serious_facts',
            field=models.TextField(blank=True, verbose_name='情节严重的事实和理由'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='serious_facts',
            field=models.TextField(blank=True, verbose_name='情节严重的事实和理由'),
        ),
    ]

"""API tokens expire (ZHIFA_API_TOKEN_DAYS, 90 days; tokens already issued: 90 days from this
migration) and have a name (those without one get "API 令牌 <created day>")."""

import zhifa.core.models
from django.db import migrations, models


def name_the_unnamed(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    for token in ApiToken.objects.filter(name=""):
        token.name = f"API 令牌 {token.created_at:%Y-%m-%d}"
        token.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_notification_unread_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(default=zhifa.core.models.default_token_expiry, verbose_name='到期时间'),
        ),
        migrations.AlterField(
            model_name='apitoken',
            name='name',
            field=models.CharField(max_length=100, verbose_name='用途'),
        ),
        migrations.RunPython(name_the_unnamed, migrations.RunPython.noop),
    ]

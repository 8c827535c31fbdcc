"""The closing queue reads each status's no-penalty and transferred cases from their own index range
(issue 11)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_deadline_street"),
        ("law", "0002_tiered_fines"),
        ("org", "0004_user_must_change_password"),
        ("parties", "0005_text_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["status", "outcome", "status_on", "id"], name="case_outcome_wait"
            ),
        ),
    ]

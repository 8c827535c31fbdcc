"""An officer's active cases read from an index alone (issue 11)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_closing_queue_index"),
        ("org", "0004_user_must_change_password"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="casehandler",
            index=models.Index(
                condition=models.Q(("recused_on__isnull", True)),
                fields=["officer", "case", "recused_on"],
                name="casehandler_active_cases",
            ),
        ),
    ]

"""Issue 11 (city scale): the indexes the list pages walk. The open-deadline index carries the
id, the case and the columns of its own condition, so the deadline lists, their counts and the
overdue filter read the index alone; the case list by category walks (category, id) newest
first instead of sorting every case of the category."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_review_checklist_discussion_attendees"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="casedeadline", name="casedeadline_open_due"),
        migrations.AddIndex(
            model_name="casedeadline",
            index=models.Index(
                condition=models.Q(("cancelled", False), ("met_on__isnull", True)),
                fields=["due_on", "id", "case", "cancelled", "met_on"],
                name="casedeadline_open_due",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["category", "id"], name="cases_case_categor_61a474_idx"),
        ),
    ]

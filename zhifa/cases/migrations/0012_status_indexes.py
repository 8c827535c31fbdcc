"""Issue 11 (city scale): the case list by status walks (status, id) newest first — what SQLite's
(status) index already was, since SQLite appends the id to every index; on PostgreSQL it was a
sort. The leader's queues by status, the longest waiting first (closing, archiving), pick their
first rows from (status, status_on, id) instead of sorting every closed case."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_list_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="cases_case_status_5f99d2_idx"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["status", "id"], name="cases_case_status_4c9cf4_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["status", "status_on", "id"], name="cases_case_status_907927_idx"
            ),
        ),
    ]

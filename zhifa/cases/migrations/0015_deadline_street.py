"""Each deadline carries its case's street (issue 11): a street's open clocks read from their own
index. The existing rows take their case's street (after the index: on PostgreSQL no index may
be built once the update has queued the new foreign key's deferred checks)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_scale_indexes"),
        ("org", "0004_user_must_change_password"),
    ]

    operations = [
        migrations.AddField(
            model_name="casedeadline",
            name="street",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.orgunit",
                verbose_name="所属街道",
            ),
        ),
        migrations.AddIndex(
            model_name="casedeadline",
            index=models.Index(
                condition=models.Q(("cancelled", False), ("met_on__isnull", True)),
                fields=["street", "due_on", "id", "case", "cancelled", "met_on"],
                name="casedeadline_open_street",
            ),
        ),
        migrations.RunSQL(
            "UPDATE cases_casedeadline SET street_id = (SELECT cases_case.street_id"
            " FROM cases_case WHERE cases_case.id = cases_casedeadline.case_id)",
            migrations.RunSQL.noop,
        ),
    ]

"""三员分立: the security and audit administrators, an account awaiting its role, ``is_staff``
from the role; a street may be deleted again (its ``street`` points at itself)."""

import django.db.models.deletion
from django.db import migrations, models

# Django admin is the system and the security administrators' tool (ADR 0013): ``is_staff``
# follows the role from now on (``User.save``); set it so for the accounts already there.
ADMIN_SITE_ROLES = ("admin", "security_admin")


def staff_from_role(apps, schema_editor):
    User = apps.get_model("org", "User")
    User.objects.filter(is_superuser=False).exclude(role__in=ADMIN_SITE_ROLES).update(
        is_staff=False
    )
    User.objects.filter(role__in=ADMIN_SITE_ROLES).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_notification_channels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="orgunit",
            name="street",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="org.orgunit",
                verbose_name="所属街道",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                choices=[
                    ("case_handler", "执法队员"),
                    ("auxiliary", "辅助人员"),
                    ("legal_reviewer", "法制审核员"),
                    ("leader", "负责人"),
                    ("street_officer", "街道执法队员"),
                    ("admin", "系统管理员"),
                    ("security_admin", "安全管理员"),
                    ("audit_admin", "审计管理员"),
                    ("unassigned", "待分配角色"),
                ],
                default="case_handler",
                max_length=20,
                verbose_name="角色",
            ),
        ),
        migrations.RunPython(staff_from_role, migrations.RunPython.noop, elidable=True),
    ]

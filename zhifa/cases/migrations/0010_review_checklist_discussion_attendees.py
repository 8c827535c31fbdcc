"""行政处罚法 Art 58: the legal review's checklist (执法主体、事实、证据、依据、程序、裁量、文书);
Art 57 ¶2: the collective discussion's attendees as officers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_no_penalty_art_31"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="collectivediscussion",
            name="attendee_officers",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="org.officer", verbose_name="参加人员（执法人员）"
            ),
        ),
        migrations.AddField(
            model_name="legalreview",
            name="checklist",
            field=models.JSONField(blank=True, default=list, verbose_name="审核内容"),
        ),
    ]

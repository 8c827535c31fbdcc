"""The record cannot lose its tail (行政处罚法 Art 47; ADR 0007).

1. ``Case.head_mac``: HMAC-SM3 of (id, event count, chain heads) with ``ZHIFA_CHAIN_KEY``;
   existing cases are sealed here as they stand (run ``zhifa audit verify`` before migrating:
   the seal attests the state at migration time).
2. ``ChainAnchor`` / ``AnchorEntry``: the daily anchor of every case's head, append-only in the
   model, the queryset and the database (PostgreSQL: UPDATE/DELETE; SQLite: both, see
   ``zhifa.core.triggers``).
3. SQLite only: DELETE triggers on the event and evidence tables, which migration 0002 left to
   the application (``test_append_only_triggers.py`` checks every append-only table).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from zhifa.cases.chain import head_mac
from zhifa.core.triggers import AppendOnly

RECORD = AppendOnly(  # the tables of migration 0002, same names
    tables=["cases_caseevent", "cases_evidencefile"],
    function="zhifa_refuse_change",
    suffix="append_only",
    message="执法全过程记录",
)
ANCHORS = AppendOnly(
    tables=["cases_chainanchor", "cases_anchorentry"],
    function="zhifa_refuse_anchor_change",
    suffix="append_only",
    message="记录锚点",
)


def seal_existing(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    key = str(settings.ZHIFA_CHAIN_KEY).encode()
    batch = []
    for case in Case.objects.only(
        "id", "event_count", "chain_head_sm3", "chain_head_sha256"
    ).iterator(chunk_size=2000):
        case.head_mac = head_mac(
            key, case.pk, case.event_count, case.chain_head_sm3, case.chain_head_sha256
        )
        batch.append(case)
        if len(batch) == 2000:
            Case.objects.bulk_update(batch, ["head_mac"])
            batch = []
    Case.objects.bulk_update(batch, ["head_mac"])


def triggers(apps, schema_editor):
    ANCHORS.create(schema_editor)
    ANCHORS.create_sqlite_delete(schema_editor)
    RECORD.create_sqlite_delete(schema_editor)


def drop_triggers(apps, schema_editor):
    RECORD.drop_sqlite_delete(schema_editor)
    ANCHORS.drop_sqlite_delete(schema_editor)
    ANCHORS.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_correction_deadline"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="head_mac",
            field=models.CharField(blank=True, max_length=64, verbose_name="链头签章"),
        ),
        migrations.CreateModel(
            name="ChainAnchor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(unique=True, verbose_name="锚定日")),
                ("created_at", models.DateTimeField(verbose_name="锚定时间")),
                ("cases", models.PositiveIntegerField(verbose_name="案件数")),
                ("events", models.PositiveBigIntegerField(verbose_name="记录总条数")),
                ("changed", models.PositiveIntegerField(verbose_name="本次锚定的案件数")),
                ("state_sm3", models.CharField(max_length=64, verbose_name="全部链头摘要 (SM3)")),
                ("entries_sm3", models.CharField(max_length=64, verbose_name="本次条目摘要 (SM3)")),
                ("prev_sm3", models.CharField(max_length=64, verbose_name="上一锚点摘要")),
                (
                    "digest_sm3",
                    models.CharField(max_length=64, unique=True, verbose_name="锚点摘要 (SM3)"),
                ),
                ("mac", models.CharField(max_length=64, verbose_name="签章 (HMAC-SM3)")),
                ("key_id", models.CharField(max_length=16, verbose_name="密钥标识")),
                (
                    "flagged",
                    models.JSONField(
                        blank=True, default=list, verbose_name="未予锚定的案件 (校验不通过)"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作人",
                    ),
                ),
            ],
            options={
                "verbose_name": "记录锚点",
                "verbose_name_plural": "记录锚点",
                "ordering": ["-day"],
            },
        ),
        migrations.CreateModel(
            name="AnchorEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=60, verbose_name="案件编号")),
                ("event_count", models.PositiveIntegerField(verbose_name="记录条数")),
                ("head_sm3", models.CharField(max_length=64, verbose_name="链头 SM3")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                (
                    "anchor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="entries",
                        to="cases.chainanchor",
                    ),
                ),
            ],
            options={
                "verbose_name": "锚定条目",
                "verbose_name_plural": "锚定条目",
                "ordering": ["anchor", "case"],
                "indexes": [
                    models.Index(fields=["case", "anchor"], name="cases_ancho_case_id_2e2184_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("anchor", "case"), name="anchorentry_once_per_anchor"
                    )
                ],
            },
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RunPython(triggers, drop_triggers),
    ]

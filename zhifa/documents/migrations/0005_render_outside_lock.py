"""Documents are rendered outside the numbering lock (ADR 0010).

A document is now reserved in its step's transaction (number, context and its SHA-256, the
event) and rendered after commit; each attempt is a ``DocumentRender`` row (the files and
digests, or the error). So the document row never changes — its render outcome is added next
to it — and the files move from the document row to its first render row:

1. the frozen-row triggers of 0003/0004 are dropped for the move (the document rows get their
   ``context_sha256`` once, here);
2. every existing document's PDF/DOCX become its ``a4`` render (``rendered``);
3. the columns leave ``documents_document``;
4. the triggers are created again — for ``documents_document`` and ``documents_courtpackage``
   with the names of 0003/0004, and for the new ``documents_documentrender`` (append-only too:
   a failed attempt stays in the history, a retry is a new row).

Depends on 0004_sqlite_delete_triggers (the SQLite DELETE triggers, added in parallel)."""

import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models

from zhifa.core.triggers import AppendOnly

ISSUED = AppendOnly(  # the tables and names of 0003 and 0004: part of the deployed schema
    tables=["documents_document", "documents_courtpackage"],
    function="zhifa_refuse_document_change",
    suffix="frozen",
    message="已制发的文书",
)
RENDERS = AppendOnly(
    tables=["documents_documentrender"],
    function="zhifa_refuse_render_change",
    suffix="frozen",
    message="已生成的文书文件",
)


def _digest(context):
    text = json.dumps(context, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def drop_triggers(apps, schema_editor):
    ISSUED.drop(schema_editor)
    ISSUED.drop_sqlite_delete(schema_editor)


def create_triggers(apps, schema_editor):
    # IF EXISTS first: on SQLite a table remake has dropped some already, elsewhere none.
    drop_triggers(apps, schema_editor)
    ISSUED.create(schema_editor)
    ISSUED.create_sqlite_delete(schema_editor)
    RENDERS.create(schema_editor)
    RENDERS.create_sqlite_delete(schema_editor)


def drop_all_triggers(apps, schema_editor):
    RENDERS.drop(schema_editor)
    RENDERS.drop_sqlite_delete(schema_editor)
    drop_triggers(apps, schema_editor)


def recreate_old_triggers(apps, schema_editor):
    ISSUED.create(schema_editor)
    ISSUED.create_sqlite_delete(schema_editor)


def move_files(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    DocumentRender = apps.get_model("documents", "DocumentRender")
    for doc in Document.objects.all().iterator():
        DocumentRender.objects.create(
            document=doc,
            layout="a4",
            status="rendered",
            pdf=doc.pdf.name,
            pdf_sm3=doc.pdf_sm3,
            pdf_sha256=doc.pdf_sha256,
            pdf_size=doc.pdf_size,
            pages=doc.pages,
            docx=doc.docx.name if doc.docx else "",
            docx_sha256=doc.docx_sha256,
            template_digest=doc.template_digest,
            event_id=doc.event_id,  # the issue_document event: its evidence is this PDF
        )
        Document.objects.filter(pk=doc.pk).update(context_sha256=_digest(doc.context))


def refuse_backwards(apps, schema_editor):
    if apps.get_model("documents", "DocumentRender").objects.exists():
        raise RuntimeError("文书已按新方式生成，不能回退此迁移 (先导出案卷)")


KINDS = [
    ("filing_approval", "立案审批表"),
    ("site_inspection", "现场检查(勘验)笔录"),
    ("interview", "询问笔录"),
    ("preservation_notice", "证据先行登记保存通知书"),
    ("preservation_decision", "证据先行登记保存处理决定书"),
    ("correction_order", "责令(限期)改正通知书"),
    ("investigation_report", "案件调查终结报告"),
    ("prior_notice", "行政处罚事先告知书"),
    ("statement_record", "陈述申辩笔录"),
    ("statement_review", "陈述申辩复核意见书"),
    ("hearing_rights", "听证告知书"),
    ("hearing_notice", "听证通知书"),
    ("hearing_record", "听证笔录"),
    ("hearing_report", "听证报告"),
    ("legal_review", "法制审核意见书"),
    ("discussion_record", "集体讨论记录"),
    ("penalty_decision", "行政处罚决定书"),
    ("no_penalty_decision", "不予行政处罚决定书"),
    ("on_the_spot_decision", "当场行政处罚决定书"),
    ("service_address", "送达地址确认书"),
    ("service_receipt", "送达回证"),
    ("enforcement_reminder", "催告书"),
    ("enforcement_application", "强制执行申请书"),
    ("closing_approval", "结案审批表"),
    ("file_index", "卷内目录"),
    ("file_note", "备考表"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_sqlite_delete_triggers"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, recreate_old_triggers),
        migrations.CreateModel(
            name="DocumentRender",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "layout",
                    models.CharField(
                        choices=[("a4", "A4"), ("roll80", "80毫米热敏纸")],
                        default="a4",
                        max_length=10,
                        verbose_name="版式",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("rendered", "已生成"), ("failed", "生成失败")],
                        max_length=10,
                        verbose_name="结果",
                    ),
                ),
                ("attempted_at", models.DateTimeField(auto_now_add=True, verbose_name="生成时间")),
                ("error", models.TextField(blank=True, verbose_name="错误")),
                (
                    "pdf",
                    models.FileField(
                        blank=True, max_length=300, upload_to="documents/%Y/", verbose_name="PDF"
                    ),
                ),
                ("pdf_sm3", models.CharField(blank=True, max_length=64, verbose_name="PDF SM3")),
                (
                    "pdf_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="PDF SHA-256"),
                ),
                ("pdf_size", models.PositiveBigIntegerField(default=0, verbose_name="PDF 大小")),
                ("pages", models.PositiveSmallIntegerField(default=0, verbose_name="页数")),
                (
                    "docx",
                    models.FileField(
                        blank=True, max_length=300, upload_to="documents/%Y/", verbose_name="DOCX"
                    ),
                ),
                (
                    "docx_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="DOCX SHA-256"),
                ),
                (
                    "template_digest",
                    models.CharField(blank=True, max_length=64, verbose_name="模板摘要"),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="renders",
                        to="documents.document",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.caseevent",
                    ),
                ),
            ],
            options={
                "verbose_name": "文书文件",
                "verbose_name_plural": "文书文件",
                "ordering": ["document", "id"],
                "indexes": [
                    models.Index(
                        fields=["document", "layout", "status"],
                        name="documents_d_documen_87e55b_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "rendered")),
                        fields=("document", "layout"),
                        name="document_render_once_per_layout",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="document",
            name="context_sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="文书数据 SHA-256"),
        ),
        migrations.RunPython(move_files, refuse_backwards),
        migrations.RemoveField(model_name="document", name="docx"),
        migrations.RemoveField(model_name="document", name="docx_sha256"),
        migrations.RemoveField(model_name="document", name="pages"),
        migrations.RemoveField(model_name="document", name="pdf"),
        migrations.RemoveField(model_name="document", name="pdf_sha256"),
        migrations.RemoveField(model_name="document", name="pdf_size"),
        migrations.RemoveField(model_name="document", name="pdf_sm3"),
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=40, verbose_name="文书种类"),
        ),
        migrations.AlterField(
            model_name="documenttemplate",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=40, verbose_name="文书种类"),
        ),
        migrations.AlterField(
            model_name="signature",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=40, verbose_name="用于文书"),
        ),
        migrations.RunPython(create_triggers, drop_all_triggers),
    ]

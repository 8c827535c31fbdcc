"""The enforcement documents (执法文书) of the flow, each with the word of its 文号."""

from django.db import models


class DocumentKind(models.TextChoices):
    FILING_APPROVAL = "filing_approval", "立案审批表"
    SITE_INSPECTION = "site_inspection", "现场检查(勘验)笔录"
    INTERVIEW = "interview", "询问笔录"
    PRESERVATION_NOTICE = "preservation_notice", "证据先行登记保存通知书"
    PRESERVATION_DECISION = "preservation_decision", "证据先行登记保存处理决定书"
    CORRECTION_ORDER = "correction_order", "责令(限期)改正通知书"
    INVESTIGATION_REPORT = "investigation_report", "案件调查终结报告"
    PRIOR_NOTICE = "prior_notice", "行政处罚事先告知书"
    STATEMENT_RECORD = "statement_record", "陈述申辩笔录"
    STATEMENT_REVIEW = "statement_review", "陈述申辩复核意见书"
    HEARING_RIGHTS = "hearing_rights", "听证告知书"
    HEARING_NOTICE = "hearing_notice", "听证通知书"
    HEARING_RECORD = "hearing_record", "听证笔录"
    HEARING_REPORT = "hearing_report", "听证报告"
    LEGAL_REVIEW = "legal_review", "法制审核意见书"
    DISCUSSION_RECORD = "discussion_record", "集体讨论记录"
    PENALTY_DECISION = "penalty_decision", "行政处罚决定书"
    NO_PENALTY_DECISION = "no_penalty_decision", "不予行政处罚决定书"
    ON_THE_SPOT_DECISION = "on_the_spot_decision", "当场行政处罚决定书"
    SERVICE_ADDRESS = "service_address", "送达地址确认书"
    SERVICE_RECEIPT = "service_receipt", "送达回证"
    ENFORCEMENT_REMINDER = "enforcement_reminder", "催告书"
    ENFORCEMENT_APPLICATION = "enforcement_application", "强制执行申请书"
    CLOSING_APPROVAL = "closing_approval", "结案审批表"
    FILE_INDEX = "file_index", "卷内目录"
    FILE_NOTE = "file_note", "备考表"


# The word in the document number, e.g. 示范城管罚决字〔2026〕第12号. The three decision kinds use
# the decision's own sequence (cases.numbers), so the decision row and its document share one
# number.
NUMBER_WORDS: dict[str, str] = {
    DocumentKind.FILING_APPROVAL: "立审字",
    DocumentKind.SITE_INSPECTION: "勘字",
    DocumentKind.INTERVIEW: "询字",
    DocumentKind.PRESERVATION_NOTICE: "先保字",
    DocumentKind.PRESERVATION_DECISION: "先处字",
    DocumentKind.CORRECTION_ORDER: "责改字",
    DocumentKind.INVESTIGATION_REPORT: "调终字",
    DocumentKind.PRIOR_NOTICE: "罚告字",
    DocumentKind.STATEMENT_RECORD: "陈录字",
    DocumentKind.STATEMENT_REVIEW: "复核字",
    DocumentKind.HEARING_RIGHTS: "听告字",
    DocumentKind.HEARING_NOTICE: "听通字",
    DocumentKind.HEARING_RECORD: "听录字",
    DocumentKind.HEARING_REPORT: "听报字",
    DocumentKind.LEGAL_REVIEW: "法审字",
    DocumentKind.DISCUSSION_RECORD: "集讨字",
    DocumentKind.PENALTY_DECISION: "罚决字",
    DocumentKind.NO_PENALTY_DECISION: "不罚字",
    DocumentKind.ON_THE_SPOT_DECISION: "当罚字",
    DocumentKind.SERVICE_ADDRESS: "送确字",
    DocumentKind.SERVICE_RECEIPT: "送回字",
    DocumentKind.ENFORCEMENT_REMINDER: "催字",
    DocumentKind.ENFORCEMENT_APPLICATION: "强申字",
    DocumentKind.CLOSING_APPROVAL: "结审字",
    DocumentKind.FILE_INDEX: "卷目字",
    DocumentKind.FILE_NOTE: "备考字",
}

# Documents addressed to the party (served; shown on the party's page).
SERVED_KINDS = frozenset(
    {
        DocumentKind.PRESERVATION_NOTICE,
        DocumentKind.PRESERVATION_DECISION,
        DocumentKind.CORRECTION_ORDER,
        DocumentKind.PRIOR_NOTICE,
        DocumentKind.HEARING_RIGHTS,
        DocumentKind.HEARING_NOTICE,
        DocumentKind.PENALTY_DECISION,
        DocumentKind.NO_PENALTY_DECISION,
        DocumentKind.ON_THE_SPOT_DECISION,
        DocumentKind.ENFORCEMENT_REMINDER,
    }
)


# Kinds printed on an 80 mm roll beside A4: the on-the-spot decision is handed over where the
# act happened (行政处罚法 Art 52), from a portable printer.
ROLL_KINDS = frozenset({DocumentKind.ON_THE_SPOT_DECISION})


class Layout(models.TextChoices):
    A4 = "a4", "A4"
    ROLL80 = "roll80", "80毫米热敏纸"


class RenderStatus(models.TextChoices):
    """One render attempt (``DocumentRender``)."""

    RENDERED = "rendered", "已生成"
    FAILED = "failed", "生成失败"


class RenderState(models.TextChoices):
    """A document as a whole: reserved (numbered) → rendered, or failed and retried."""

    PENDING = "pending", "生成中"
    RENDERED = "rendered", "已生成"
    FAILED = "render_failed", "生成失败"


class SignerRole(models.TextChoices):
    PARTY = "party", "当事人"
    OFFICER = "officer", "执法人员"
    WITNESS = "witness", "见证人"
    RECIPIENT = "recipient", "受送达人/代收人"

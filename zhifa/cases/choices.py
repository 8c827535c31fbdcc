from django.db import models


class Procedure(models.TextChoices):
    SIMPLE = "simple", "简易程序"
    GENERAL = "general", "普通程序"


class CaseStatus(models.TextChoices):
    CLUE = "clue", "线索"
    FILING_PENDING = "filing_pending", "立案待批"
    NOT_FILED = "not_filed", "不予立案"
    INVESTIGATING = "investigating", "调查取证"
    INVESTIGATED = "investigated", "调查终结"
    NOTIFIED = "notified", "已事先告知"
    LEGAL_REVIEW = "legal_review", "法制审核中"
    REVIEWED = "reviewed", "法制审核通过"
    DISCUSSED = "discussed", "已集体讨论"
    DECIDED = "decided", "已决定待送达"
    SERVED = "served", "已送达待履行"
    REMINDED = "reminded", "已催告"
    COURT = "court", "申请法院强制执行"
    PERFORMED = "performed", "已履行"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"
    WITHDRAWN = "withdrawn", "已撤销立案"


OPEN_STATUSES = frozenset(CaseStatus.values) - {
    CaseStatus.NOT_FILED,
    CaseStatus.CLOSED,
    CaseStatus.ARCHIVED,
    CaseStatus.WITHDRAWN,
}
BEFORE_DECISION = frozenset(
    {
        CaseStatus.CLUE,
        CaseStatus.FILING_PENDING,
        CaseStatus.INVESTIGATING,
        CaseStatus.INVESTIGATED,
        CaseStatus.NOTIFIED,
        CaseStatus.LEGAL_REVIEW,
        CaseStatus.REVIEWED,
        CaseStatus.DISCUSSED,
    }
)


class Source(models.TextChoices):
    PATROL = "patrol", "巡查发现"
    COMPLAINT = "complaint", "群众投诉举报"
    TRANSFER = "transfer", "其他部门移送"
    INSPECTION = "inspection", "检查发现"
    SUPERVISION_ORDER = "supervision_order", "上级交办/督办"


class Outcome(models.TextChoices):
    """行政处罚法 Art 57 ¶1: what the head may decide after the investigation."""

    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFER = "transfer", "移送"


class NoPenaltyReason(models.TextChoices):
    MINOR = "minor", "违法行为轻微并及时改正，没有造成危害后果 (第33条第1款)"
    FIRST_MINOR = "first_minor", "初次违法且危害后果轻微并及时改正 (首违不罚，第33条第1款)"
    NO_FAULT = "no_fault", "当事人有证据足以证明没有主观过错 (第33条第2款)"
    FACTS_NOT_ESTABLISHED = "facts_not_established", "违法事实不能成立 (第57条第1款第3项)"
    UNDER_AGE = "under_age", "不满十四周岁 (第30条)"


class EvidenceKind(models.TextChoices):
    """行政处罚法 Art 46: the eight kinds of evidence."""

    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIO_VISUAL = "audio_visual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    PARTY_STATEMENT = "party_statement", "当事人的陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    INSPECTION_RECORD = "inspection_record", "勘验笔录、现场笔录"


class TranscriptKind(models.TextChoices):
    INTERVIEW = "interview", "询问笔录"
    SITE_INSPECTION = "site_inspection", "现场检查(勘验)笔录"


class HandlerRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", "同意"
    RETURNED = "returned", "退回补充调查"


class RemedyKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class RemedyResult(models.TextChoices):
    UPHELD = "upheld", "维持/驳回"
    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    WITHDRAWN = "withdrawn", "申请人撤回"


class DeadlineKind(models.TextChoices):
    DECISION = "decision", "作出决定 (立案之日起90日，第60条)"
    EVIDENCE_PRESERVATION = "evidence_preservation", "先行登记保存处理决定 (7个工作日，第56条)"
    STATEMENT = "statement", "陈述申辩期限"
    HEARING_REQUEST = "hearing_request", "听证申请期限 (5个工作日，第64条)"
    SERVICE = "service", "送达决定书 (7个工作日，第61条)"
    PAYMENT = "payment", "缴纳罚款 (15日，第67条)"
    CASH_HANDOVER = "cash_handover", "当场收缴罚款交至机关 (2个工作日，第71条)"
    SIMPLE_FILING = "simple_filing", "当场处罚决定备案 (第52条)"
    REVIEW_ANSWER = "review_answer", "行政复议答复 (10个工作日，行政复议法第48条)"
    LITIGATION_ANSWER = "litigation_answer", "行政诉讼答辩 (15日，行政诉讼法第67条)"
    REMINDER_WAIT = "reminder_wait", "催告后等待期 (10个工作日，行政强制法第54条)"
    COURT_APPLICATION = "court_application", "申请法院强制执行 (3个月，行政强制法第53条)"
